// The numbers of <asm-generic/unistd.h>; see kernel_numbers.h.
// arm64's <asm/unistd.h> asks for clone3 this way before including the generic table.
#define __ARCH_WANT_SYS_CLONE3
#include <asm-generic/unistd.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_generic() {
#include "kernel_numbers_rows.inc"
}
