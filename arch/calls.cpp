#include "arch/calls.h"

#include <sys/prctl.h>

#include "arch/syscall_names.h"

namespace ct::arch {
namespace {

using K = SyscallKind;
using F = CallFamily;

// Each call's numbers come from the generated table of every call's name
// (arch/syscall_names_table.h), which a test checks against the kernel's
// headers. The generic table has no fork or vfork.
constexpr std::array<std::int32_t, kNumberTableCount> numbers(std::string_view name) {
    return {number_in(NumberTable::x86_64, name), number_in(NumberTable::i386, name),
            number_in(NumberTable::generic, name)};
}

constexpr std::array<CallRow, kSyscallKindCount> kCalls{{
    //  kind        name       family             watched  arg0
    {K::clone,   "clone",   F::clone,          true, std::nullopt,   numbers("clone")},
    {K::clone3,  "clone3",  F::clone3,         true, std::nullopt,   numbers("clone3")},
    {K::fork,    "fork",    F::fork,           true, std::nullopt,   numbers("fork")},
    {K::vfork,   "vfork",   F::vfork,          true, std::nullopt,   numbers("vfork")},
    {K::seccomp, "seccomp", F::filter_install, true, std::nullopt,   numbers("seccomp")},
    {K::prctl,   "prctl",   F::filter_install, true, PR_SET_SECCOMP, numbers("prctl")},
    {K::unshare, "unshare", F::unshare,        true, std::nullopt,   numbers("unshare")},
    {K::setns,   "setns",   F::setns,          true, std::nullopt,   numbers("setns")},
    {K::exit_group, "exit_group", F::group_exit, false, std::nullopt, numbers("exit_group")},
}};

// The table's own numbers, as clone(2) and DESIGN.md give them.
static_assert(kCalls[0].nr == std::array<std::int32_t, kNumberTableCount>{56, 120, 220});
static_assert(kCalls[2].nr[2] == kNotInTable);

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
