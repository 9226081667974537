// The numbers of <asm/unistd_64.h>; see kernel_numbers.h.
#include <asm/unistd_64.h>

#include "kernel_numbers.h"

ct::test::KernelNumbers ct::test::kernel_numbers_x86_64() {
#include "kernel_numbers_rows.inc"
}
