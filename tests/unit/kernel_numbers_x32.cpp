// The numbers of <asm/unistd_x32.h>; see kernel_numbers.h.
// <asm/unistd.h> defines this (and would pull in the 64-bit numbers too).
#define __X32_SYSCALL_BIT 0x40000000
#include <asm/unistd_x32.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_x32() {
    KernelNumbers out;
#ifdef __NR_clone
    out["clone"] = __NR_clone;
#endif
#ifdef __NR_clone3
    out["clone3"] = __NR_clone3;
#endif
#ifdef __NR_fork
    out["fork"] = __NR_fork;
#endif
#ifdef __NR_vfork
    out["vfork"] = __NR_vfork;
#endif
#ifdef __NR_seccomp
    out["seccomp"] = __NR_seccomp;
#endif
#ifdef __NR_prctl
    out["prctl"] = __NR_prctl;
#endif
    return out;
}
