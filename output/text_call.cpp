#include "output/text_call.h"

#include <algorithm>

#include <fmt/format.h>

#include "decoder/clone_flags.h"
#include "decoder/names.h"

namespace ct::output {
namespace {

using decoder::CloneArgs;
using decoder::Creation;
using decoder::CreationCall;

constexpr std::size_t kTailBytesShown = 32;

// Flags with names only for the bits in `named`; every other bit is shown in hex.
std::string flags_text(std::uint64_t flags, std::uint64_t named, std::uint64_t exit_signal_byte) {
    const decoder::SplitFlags split = decoder::split_clone_flags(flags & named);
    std::vector<std::string> parts(split.names.begin(), split.names.end());
    // No name at all: strace says so beside the number.
    if (const std::uint64_t unknown = split.unknown | (flags & ~named); unknown != 0)
        parts.push_back(parts.empty() ? fmt::format("{:#x} /* CLONE_??? */", unknown) : fmt::format("{:#x}", unknown));
    if (exit_signal_byte != 0) parts.push_back(decoder::signal_name(exit_signal_byte));
    if (parts.empty()) return "0";
    return fmt::format("{}", fmt::join(parts, "|"));
}

// C's "%#08x", as strace prints a user_desc's 32-bit fields: zero-padded to
// eight characters, the "0x" counted in them, and no "0x" for zero.
std::string c_hex08(std::uint32_t v) { return v == 0 ? "00000000" : fmt::format("{:#08x}", v); }

// i386's tls: the struct user_desc it points to, or its address when unreadable.
std::string tls_text(const CreationCall& call, std::uint64_t address) {
    if (!call.tls_desc) return format_address(address);
    const decoder::UserDesc& d = *call.tls_desc;
    return fmt::format("{{entry_number={}, base_addr={}, limit={}, seg_32bit={}, contents={}, read_exec_only={}, "
                       "limit_in_pages={}, seg_not_present={}, useable={}}}",
                       d.entry_number, c_hex08(d.base_addr), c_hex08(d.limit), d.seg_32bit, d.contents,
                       d.read_exec_only, d.limit_in_pages, d.seg_not_present, d.useable);
}

std::string written_int(const decoder::WrittenInt& written) {
    return written.value ? fmt::format("[{}]", *written.value) : format_address(written.address);
}

std::string clone_args_text(const CreationCall& call) {
    const CloneArgs& a = *call.args;
    if (a.status != decoder::CloneArgsStatus::ok) return format_address(a.address);

    const std::uint64_t flags = a.get(decoder::ca_flags);
    // A pointer field is shown when a flag makes the kernel use it, as
    // strace does (glibc fills some it never asks for).
    const auto shown = [&](decoder::CloneArgsField f, std::uint64_t flag_bits) {
        return a.has(f) && (flags & flag_bits) != 0;
    };
    std::vector<std::string> parts;
    parts.push_back("flags=" + format_clone_flags(flags, 0));
    if (shown(decoder::ca_pidfd, decoder::kClonePidfd))
        parts.push_back("pidfd=" + format_address(a.get(decoder::ca_pidfd)));
    if (shown(decoder::ca_child_tid, decoder::kCloneChildSetTid | decoder::kCloneChildClearTid))
        parts.push_back("child_tid=" + format_address(a.get(decoder::ca_child_tid)));
    if (shown(decoder::ca_parent_tid, decoder::kCloneParentSetTid))
        parts.push_back("parent_tid=" + format_address(a.get(decoder::ca_parent_tid)));
    parts.push_back("exit_signal=" + decoder::signal_name(a.get(decoder::ca_exit_signal)));
    parts.push_back("stack=" + format_address(a.get(decoder::ca_stack)));
    // strace prints it with C's %#x, which writes zero as "0", not "0x0".
    const std::uint64_t stack_size = a.get(decoder::ca_stack_size);
    parts.push_back(stack_size == 0 ? "stack_size=0" : fmt::format("stack_size={:#x}", stack_size));
    if (shown(decoder::ca_tls, decoder::kCloneSetTls)) parts.push_back("tls=" + tls_text(call, a.get(decoder::ca_tls)));
    if (a.has(decoder::ca_set_tid) && a.set_tid_status != decoder::SetTidStatus::absent) {
        // No entries to show (set_tid_size 0, which the kernel refuses): the pointer, as strace does.
        parts.push_back(a.set_tid_status == decoder::SetTidStatus::ok && !a.set_tid.empty()
                            ? fmt::format("set_tid=[{}]", fmt::join(a.set_tid, ", "))
                            : "set_tid=" + format_address(a.get(decoder::ca_set_tid)));
    }
    if (a.has(decoder::ca_set_tid_size) && (a.get(decoder::ca_set_tid_size) != 0 || a.get(decoder::ca_set_tid) != 0))
        parts.push_back(fmt::format("set_tid_size={}", a.get(decoder::ca_set_tid_size)));
    if (a.has(decoder::ca_cgroup) && (a.get(decoder::ca_cgroup) != 0 || (flags & decoder::kCloneIntoCgroup) != 0))
        parts.push_back(fmt::format("cgroup={}", a.get(decoder::ca_cgroup)));
    if (!a.tail.empty()) {
        const std::size_t n = std::min(a.tail.size(), kTailBytesShown);
        std::string bytes;
        for (std::size_t i = 0; i < n; ++i) bytes += fmt::format("\\x{:02x}", a.tail[i]);
        parts.push_back(fmt::format("/* bytes {}..{} */ \"{}\"{}", a.tail_offset, a.tail_offset + a.tail.size() - 1,
                                    bytes, n < a.tail.size() ? "..." : ""));
    }
    if (a.tail_unreadable) parts.push_back("???");
    return fmt::format("{{{}}}", fmt::join(parts, ", "));
}

std::string writeback_text(const Creation& c) {
    std::vector<std::string> parts;
    // What the kernel wrote, after a success; a NULL pointer it was asked to write through, as strace shows it.
    const auto shown = [&](const std::optional<decoder::WrittenInt>& w) {
        return w && c.outcome == decoder::CallOutcome::created && (w->value || w->address == 0);
    };
    if (shown(c.call.pidfd)) parts.push_back("pidfd=" + written_int(*c.call.pidfd));
    if (shown(c.call.parent_tid_write)) parts.push_back("parent_tid=" + written_int(*c.call.parent_tid_write));
    if (parts.empty()) return {};
    return fmt::format(" => {{{}}}", fmt::join(parts, ", "));
}

std::string clone_text(const Creation& c) {
    const CreationCall& call = c.call;
    std::vector<std::string> parts;
    parts.push_back("child_stack=" + format_address(call.stack));
    // The kernel takes only the low 32 bits of clone(2)'s flags (lower_32_bits()
    // in kernel/fork.c): the names above bit 31 are clone3's, so, as strace does,
    // higher bits are shown as a number.
    parts.push_back("flags=" + flags_text(call.flags, 0xffff'ffff, call.exit_signal));
    // clone(2) writes either the pidfd or the new tid through parent_tid.
    const bool pidfd_first = call.pidfd && (call.pidfd->value || !call.parent_tid_write);
    if (const auto& written = pidfd_first ? call.pidfd : call.parent_tid_write)
        parts.push_back("parent_tid=" + written_int(*written));
    if ((call.flags & decoder::kCloneSetTls) != 0) parts.push_back("tls=" + tls_text(call, call.tls));
    if ((call.flags & (decoder::kCloneChildSetTid | decoder::kCloneChildClearTid)) != 0)
        parts.push_back("child_tidptr=" + format_address(call.child_tid));
    return fmt::format("{}({})", arch::kind_name(c.call.syscall), fmt::join(parts, ", "));
}

std::string call_text(const Creation& c) {
    switch (arch::call_row(c.call.syscall).family) {
        case arch::CallFamily::clone:
            return clone_text(c);
        case arch::CallFamily::unshare:
            return fmt::format("unshare({})", flags_text(c.call.flags, ~std::uint64_t{0}, 0));
        case arch::CallFamily::setns:
            // The fd decorated with what it refers to, as strace -yy shows it.
            return fmt::format("setns({}{}, {})", c.call.ns_fd,
                               c.call.ns_target.empty() ? "" : "<" + c.call.ns_target + ">",
                               flags_text(c.call.flags, ~std::uint64_t{0}, 0));
        case arch::CallFamily::clone3:
            return fmt::format("{}({}{}, {})", arch::kind_name(c.call.syscall), clone_args_text(c.call), writeback_text(c),
                               c.call.args->size);
        default:
            return fmt::format("{}()", arch::kind_name(c.call.syscall));
    }
}

std::string result_text(const Creation& c) {
    switch (c.outcome) {
        case decoder::CallOutcome::created:
            return fmt::format("{}", c.result);
        case decoder::CallOutcome::failed:
            return fmt::format("-1 {} ({}){}", decoder::errno_name(c.error), decoder::errno_message(c.error),
                               c.injected ? " (INJECTED)" : "");
        case decoder::CallOutcome::restarted:
            return fmt::format("? {} ({})", decoder::errno_name(c.error), decoder::errno_message(c.error));
        case decoder::CallOutcome::unfinished:
            break;
    }
    return "?";
}

}  // namespace

std::string format_address(std::uint64_t address) { return address == 0 ? "NULL" : fmt::format("{:#x}", address); }

std::string format_clone_flags(std::uint64_t flags, std::uint64_t exit_signal_byte) {
    return flags_text(flags, ~std::uint64_t{0}, exit_signal_byte);
}

std::string format_creation_text(const Creation& creation) {
    return fmt::format("{} = {}", call_text(creation), result_text(creation));
}

}  // namespace ct::output
