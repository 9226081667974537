// The numbers of <asm-generic/unistd.h>; see kernel_numbers.h.
// arm64's <asm/unistd.h> asks for clone3 this way before including the generic table.
#define __ARCH_WANT_SYS_CLONE3
#include <asm-generic/unistd.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_generic() {
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
