#include "tracer/own_filters.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <linux/seccomp.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <fmt/format.h>

#include "arch/seccomp_bpf.h"
#include "arch/seccomp_filter.h"
#include "arch/seccomp_verdict.h"
#include "tracer/procfs.h"
#include "tracer/ptrace_memory.h"
#include "tracer/registers.h"

namespace ct::tracer {
namespace {

using arch::SyscallKind;

constexpr std::size_t kProgramArg = 2;  // seccomp(op, flags, prog) and prctl(PR_SET_SECCOMP, mode, prog)
constexpr std::uint64_t kRedZone = 128;  // below the stack pointer, x86_64's leaf functions' own
constexpr std::uint64_t kSigsysBit = std::uint64_t{1} << (SIGSYS - 1);
constexpr int kSysSeccomp = 1;  // SYS_SECCOMP, si_code of a seccomp SIGSYS (asm-generic/siginfo.h)

std::size_t watch_filter_insns() {
    static const std::size_t n = arch::build_watch_filter(arch::default_watched()).size();
    return n;
}

std::optional<SyscallKind> kind_of(const arch::RawSyscall& call) {
    return call.abi != nullptr ? arch::syscall_kind(*call.abi, call.nr) : std::nullopt;
}

// Whether the watch filter stops this call (so its kill addresses apply to it).
bool watch_filter_traps(const arch::RawSyscall& call) {
    const auto kind = kind_of(call);
    if (!kind) return call.abi == nullptr;  // an unknown arch traps on every call
    const arch::CallRow& row = arch::call_row(*kind);
    return row.watched && (!row.arg0 || static_cast<std::uint32_t>(call.args[0]) == *row.arg0);
}

seccomp_data data_of(const arch::RawSyscall& call) {
    seccomp_data d{};
    d.nr = static_cast<int>(call.nr);
    d.arch = call.audit_arch;
    d.instruction_pointer = call.instruction_pointer;
    for (std::size_t i = 0; i < 6; ++i) d.args[i] = call.args[i];
    return d;
}

// struct sock_fprog in the task's ABI: a 16-bit length, then a pointer.
struct FprogLayout {
    std::size_t size;
    std::size_t pointer_offset;
    std::size_t pointer_size;
};
FprogLayout fprog_layout(const arch::Abi& abi) {
    return abi.word_bits == 64 ? FprogLayout{16, 8, 8} : FprogLayout{8, 4, 4};
}

std::optional<std::vector<sock_filter>> read_program(PtraceMemory& memory, const arch::Abi& abi, std::uint64_t at) {
    const FprogLayout layout = fprog_layout(abi);
    std::vector<std::byte> fprog(layout.size);
    if (memory.read(at, fprog) != fprog.size()) return std::nullopt;
    std::uint16_t len = 0;
    std::uint64_t filter = 0;
    std::memcpy(&len, fprog.data(), sizeof len);
    std::memcpy(&filter, fprog.data() + layout.pointer_offset, layout.pointer_size);
    if (len == 0 || len > arch::kMaxProgramInsns) return std::vector<sock_filter>{};  // the kernel refuses it
    std::vector<sock_filter> program(len);
    if (memory.read(filter, std::as_writable_bytes(std::span(program))) != program.size() * sizeof(sock_filter))
        return std::nullopt;
    return program;
}

std::size_t stack_insns(const OwnFilterStack& stack) {
    std::size_t total = watch_filter_insns() + arch::kStackInsnsPerFilter;
    for (const OwnFilter* f = stack.get(); f != nullptr; f = f->older.get())
        total += f->kernel_insns + arch::kStackInsnsPerFilter;
    return total;
}

bool install_succeeded(const FilterInstall& install, const arch::SyscallStop& stop) {
    if (stop.is_error) return false;
    // A listener's fd; else 0 (with TSYNC a positive value is the thread that could not follow).
    return (install.flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0 ? stop.rval >= 0 : stop.rval == 0;
}

std::string call_text(SyscallKind kind) {
    return kind == SyscallKind::prctl ? "prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER)" : "seccomp(SECCOMP_SET_MODE_FILTER)";
}

}  // namespace

OwnFilters::Applied OwnFilters::apply_verdict(Task& task, const arch::RawSyscall& call) {
    const Applied applied = verdict(task, call);
    // A filter install its entry stop began that the filters refuse installs nothing.
    if (applied.outcome != Outcome::runs && task.install) {
        release_preempted(*task.install);
        task.install.reset();
    }
    return applied;
}

OwnFilters::Applied OwnFilters::verdict(Task& task, const arch::RawSyscall& call) {
    std::vector<std::uint32_t> returns;
    std::vector<const OwnFilter*> filters;
    const seccomp_data data = data_of(call);
    for (const OwnFilter* f = task.own_filters.get(); f != nullptr; f = f->older.get()) {
        // A program we could not read was the kernel's to apply: it let the call reach us.
        returns.push_back(f->program.empty() ? SECCOMP_RET_ALLOW : arch::run_seccomp_program(f->program, data));
        filters.push_back(f);
    }
    const arch::Verdict verdict = arch::pick_verdict(returns);
    std::optional<int> error;
    switch (verdict.action()) {
        case arch::SeccompAction::allow:
        case arch::SeccompAction::log:
            return {};
        case arch::SeccompAction::errno_value:
            error = arch::errno_of(verdict.data());
            break;
        case arch::SeccompAction::trace:  // the program has no tracer of its own
            error = ENOSYS;
            break;
        case arch::SeccompAction::user_notif:
            // A filter with a listener is never wrapped, so the kernel has
            // notified it already if it won; one without a listener fails the call.
            if (filters[verdict.filter]->listener) return {};
            error = ENOSYS;
            break;
        case arch::SeccompAction::trap:
            return {trap(task, call, verdict.data())};
        case arch::SeccompAction::kill_thread:
            return {kill(task, call, false)};
        case arch::SeccompAction::kill_process:
            return {kill(task, call, true)};
    }
    auto regs = call.abi != nullptr ? SyscallRegisters::read(task.tid, *call.abi) : std::nullopt;
    if (!regs) return {};
    regs->skip_call(-*error);
    if (!regs->write()) return {};
    return {Outcome::skipped, static_cast<int>(*error)};
}

OwnFilters::Outcome OwnFilters::kill(Task& task, const arch::RawSyscall& call, bool process) {
    auto regs = call.abi != nullptr ? SyscallRegisters::read(task.tid, *call.abi) : std::nullopt;
    if (regs && watch_filter_traps(call)) {
        regs->set_instruction_pointer(process ? arch::kKillProcessIp : arch::kKillThreadIp);
        if (regs->write()) return Outcome::killed;
    }
    // Without the kernel's own kill the task still ends, by SIGKILL.
    if (process) ::kill(task.tgid, SIGKILL);
    else ::syscall(SYS_tgkill, task.tgid, task.tid, SIGKILL);
    return Outcome::killed;
}

OwnFilters::Outcome OwnFilters::trap(Task& task, const arch::RawSyscall& call, std::uint16_t data) {
    // The kernel forces SIGSYS: blocked, ignored or not caught, it kills the process.
    const auto status = read_status(task.tid);
    const bool handled = status && (status->sig_caught & kSigsysBit) != 0 &&
                         ((status->sig_blocked | status->sig_ignored) & kSigsysBit) == 0;
    if (!handled) return kill(task, call, true);
    auto regs = call.abi != nullptr ? SyscallRegisters::read(task.tid, *call.abi) : std::nullopt;
    if (!regs) return Outcome::runs;
    regs->skip_call(static_cast<std::int64_t>(call.nr));  // as the kernel's rollback: the call's number
    if (!regs->write() || ::syscall(SYS_tgkill, task.tgid, task.tid, SIGSYS) != 0) return Outcome::runs;
    task.sigsys = PendingSigsys{call.instruction_pointer, static_cast<int>(call.nr), call.audit_arch, data};
    return Outcome::trapped;
}

bool OwnFilters::deliver_sigsys(Task& task, int sig) {
    if (sig != SIGSYS || !task.sigsys) return false;
    siginfo_t info{};
    if (::ptrace(PTRACE_GETSIGINFO, task.tid, nullptr, &info) != 0 || info.si_code != SI_TKILL || info.si_pid != ::getpid())
        return false;
    const PendingSigsys s = *task.sigsys;
    task.sigsys.reset();
    siginfo_t trap{};
    trap.si_signo = SIGSYS;
    trap.si_code = kSysSeccomp;
    trap.si_errno = s.reason;
    trap.si_call_addr = reinterpret_cast<void*>(s.call_addr);
    trap.si_syscall = s.syscall;
    trap.si_arch = s.arch;
    ::ptrace(PTRACE_SETSIGINFO, task.tid, nullptr, &trap);
    return true;
}

void OwnFilters::begin_install(Task& task, const arch::RawSyscall& call, bool seccomp_stop) {
    const auto kind = kind_of(call);
    if (!wrapping_ || !kind || task.install) return;
    FilterInstall install;
    install.call = *kind;
    install.abi = call.abi;
    if (*kind == SyscallKind::seccomp) {
        if (call.args[0] != SECCOMP_SET_MODE_FILTER) return;
        install.flags = call.args[1];
    } else if (call.args[0] != PR_SET_SECCOMP || call.args[1] != SECCOMP_MODE_FILTER) {
        return;
    }
    PtraceMemory memory(task.tid);
    if (auto program = read_program(memory, *call.abi, call.args[kProgramArg])) install.filter.program = std::move(*program);
    install.filter.listener = (install.flags & SECCOMP_FILTER_FLAG_NEW_LISTENER) != 0;
    install.filter.kernel_insns = install.filter.program.size();
    if (!seccomp_stop || task.syscall_stops) install.not_wrapped = "the task stops at every system call already";
    else if (install.filter.listener) install.not_wrapped = "it has a listener, SECCOMP_FILTER_FLAG_NEW_LISTENER";
    else if (!arch::seccomp_program_valid(install.filter.program)) install.not_wrapped = "its program could not be read or checked";
    else if (!wrap(task, call, install)) install.not_wrapped = "no wrapped copy fits";
    if (!install.not_wrapped.empty() && (install.flags & SECCOMP_FILTER_FLAG_TSYNC) != 0) {
        // Every thread gets the filter at once: they stop at every call before it is there.
        for (auto& [tid, other] : tasks_) {
            if (other.tgid != task.tgid || other.syscall_stops || tid == task.tid) continue;
            other.syscall_stops = true;
            install.preempted.push_back(tid);
            ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
        }
    }
    task.install = std::move(install);
}

bool OwnFilters::wrap(Task& task, const arch::RawSyscall& call, FilterInstall& install) {
    auto wrapped = arch::wrap_program(install.filter.program, arch::default_watched());
    if (!wrapped) return false;
    // The kernel's limit over the whole stack, which the prefix must not be what breaks.
    if (stack_insns(task.own_filters) + wrapped->size() > arch::kMaxStackInsns) return false;
    auto regs = SyscallRegisters::read(task.tid, *call.abi);
    if (!regs) return false;

    // The wrapped program and its sock_fprog, below the stack pointer and its
    // red zone, inside the stack's own writable mapping; the task is inside
    // the call, so nothing of its own lives there until the exit stop.
    const FprogLayout layout = fprog_layout(*call.abi);
    const std::size_t size = layout.size + wrapped->size() * sizeof(sock_filter);
    if (call.stack_pointer < kRedZone + size + 16) return false;
    const std::uint64_t at = (call.stack_pointer - kRedZone - size) & ~std::uint64_t{15};
    const auto mapping = mapping_at(task.tid, call.stack_pointer - 1);
    if (!mapping || !mapping->writable || mapping->shared || at < mapping->start) return false;

    std::vector<std::byte> bytes(size);
    const std::uint16_t len = static_cast<std::uint16_t>(wrapped->size());
    const std::uint64_t program_at = at + layout.size;
    std::memcpy(bytes.data(), &len, sizeof len);
    std::memcpy(bytes.data() + layout.pointer_offset, &program_at, layout.pointer_size);
    std::memcpy(bytes.data() + layout.size, wrapped->data(), wrapped->size() * sizeof(sock_filter));

    PtraceMemory memory(task.tid);
    std::vector<std::byte> saved(size);
    if (memory.read(at, saved) != size || !memory.write(at, bytes)) return false;
    install.program_arg = regs->arg(kProgramArg);
    regs->set_arg(kProgramArg, at);
    if (!regs->write()) {
        memory.write(at, saved);
        install.program_arg.reset();
        return false;
    }
    install.scratch = at;
    install.saved = std::move(saved);
    install.filter.wrapped = true;
    install.filter.kernel_insns = wrapped->size();
    return true;
}

void OwnFilters::end_install(Task& task, const arch::SyscallStop& stop) {
    if (!task.install) return;
    FilterInstall install = std::move(*task.install);
    task.install.reset();
    if (install.program_arg) {
        PtraceMemory(task.tid).write(install.scratch, install.saved);
        if (auto regs = SyscallRegisters::read(task.tid, *install.abi)) {
            regs->set_arg(kProgramArg, *install.program_arg);
            regs->write();
        }
    }
    if (!install_succeeded(install, stop)) return release_preempted(install);
    const bool tsync = (install.flags & SECCOMP_FILTER_FLAG_TSYNC) != 0;
    auto filter = std::make_shared<OwnFilter>(install.filter);
    filter->older = task.own_filters;
    const OwnFilterStack stack = filter;
    for (auto& [tid, other] : tasks_) {
        if (tid != task.tid && !(tsync && other.tgid == task.tgid)) continue;
        other.own_filters = stack;
        if (filter->wrapped || other.syscall_stops) continue;
        other.syscall_stops = true;
        if (tid != task.tid) ::ptrace(PTRACE_INTERRUPT, tid, nullptr, nullptr);
    }
    announce(task, install, tsync);
}

void OwnFilters::release_preempted(const FilterInstall& install) {
    for (const int tid : install.preempted)
        if (Task* other = tasks_.find(tid)) other->syscall_stops = false;
}

void OwnFilters::announce(const Task& task, const FilterInstall& install, bool tsync) {
    const bool wrapped = install.filter.wrapped;
    std::string text = fmt::format("[pid {}] {} installed a seccomp filter of its own{}: ", task.tid,
                                   call_text(install.call),
                                   tsync ? fmt::format(" for every thread of process {}", task.tgid) : "");
    text += wrapped ? "wrapped, creation calls stop at clonetrace first and get the filter's own verdict"
                    : fmt::format("not wrapped ({}), syscall stops from now on", install.not_wrapped);
    decoder::FilterSwitch sw{std::string(arch::kind_name(install.call)),
                             wrapped ? decoder::FilterMode::wrapped : decoder::FilterMode::syscall_stops};
    emitter_.emit(task, decoder::Message{decoder::MessageLevel::notice, std::move(text), std::move(sw)});
}

}  // namespace ct::tracer
