// Classic BPF as the kernel runs it for seccomp: the checks a program must
// pass before seccomp() accepts it, and the program run on a struct
// seccomp_data. clonetrace runs a program's own filters in user space to
// give each creation call the verdict the kernel would have given it.
#pragma once

#include <cstdint>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <span>

namespace ct::arch {

// The kernel's limits: BPF_MAXINSNS per program, and MAX_INSNS_PER_PATH over
// a task's whole stack of filters, each counting 4 more than its length.
inline constexpr std::size_t kMaxProgramInsns = BPF_MAXINSNS;
inline constexpr std::size_t kMaxStackInsns = (1u << 18) / sizeof(sock_filter);
inline constexpr std::size_t kStackInsnsPerFilter = 4;

// Whether seccomp(SECCOMP_SET_MODE_FILTER) accepts `program`: the checks of
// bpf_check_classic() and seccomp_check_filter() (length, opcodes seccomp
// allows, jump targets, loads inside struct seccomp_data, no division by a
// zero constant, scratch memory written before it is read, a return last).
bool seccomp_program_valid(std::span<const sock_filter> program);

// What a valid program returns for `data` (the kernel's SECCOMP_RET_* value).
std::uint32_t run_seccomp_program(std::span<const sock_filter> program, const seccomp_data& data);

}  // namespace ct::arch
