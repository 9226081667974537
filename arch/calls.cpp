#include "arch/calls.h"

#include <sys/prctl.h>

namespace ct::arch {
namespace {

using K = SyscallKind;
using F = CallFamily;
constexpr std::int32_t kNone = kNotInTable;

// Numbers from arch/x86/entry/syscalls/syscall_{64,32}.tbl and
// include/uapi/asm-generic/unistd.h; a unit test checks them against the
// headers Debian ships. The generic table has no fork or vfork.
constexpr std::array<CallRow, kSyscallKindCount> kCalls{{
    //  kind        name       family             watched  arg0            x86_64  i386  generic
    {K::clone,   "clone",   F::clone,          true, std::nullopt,   {56,    120,  220}},
    {K::clone3,  "clone3",  F::clone3,         true, std::nullopt,   {435,   435,  435}},
    {K::fork,    "fork",    F::fork,           true, std::nullopt,   {57,    2,    kNone}},
    {K::vfork,   "vfork",   F::vfork,          true, std::nullopt,   {58,    190,  kNone}},
    {K::seccomp, "seccomp", F::filter_install, true, std::nullopt,   {317,   354,  277}},
    {K::prctl,   "prctl",   F::filter_install, true, PR_SET_SECCOMP, {157,   172,  167}},
    {K::unshare, "unshare", F::unshare,        true, std::nullopt,   {272,   310,  97}},
    {K::setns,   "setns",   F::setns,          true, std::nullopt,   {308,   346,  268}},
    {K::exit_group, "exit_group", F::group_exit, false, std::nullopt, {231,   252,  94}},
}};

constexpr bool rows_in_enum_order() {
    for (std::size_t i = 0; i < kCalls.size(); ++i)
        if (static_cast<std::size_t>(kCalls[i].kind) != i) return false;
    return true;
}
static_assert(rows_in_enum_order(), "call_row() indexes the table by SyscallKind");

}  // namespace

std::span<const CallRow> call_table() { return kCalls; }

const CallRow& call_row(SyscallKind kind) { return kCalls[static_cast<std::size_t>(kind)]; }

std::string_view kind_name(SyscallKind kind) { return call_row(kind).name; }

std::optional<SyscallKind> kind_by_name(std::string_view name) {
    for (const CallRow& row : kCalls)
        if (row.name == name) return row.kind;
    return std::nullopt;
}

bool is_creation(SyscallKind kind) {
    const CallFamily family = call_row(kind).family;
    return family != CallFamily::filter_install && family != CallFamily::group_exit;
}

}  // namespace ct::arch
