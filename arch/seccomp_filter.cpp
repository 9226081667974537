#include "arch/seccomp_filter.h"

#include "arch/seccomp_bpf.h"

#include <algorithm>
#include <cstddef>
#include <linux/seccomp.h>
#include <map>

namespace ct::arch {
namespace {

constexpr std::uint32_t kNrOffset = offsetof(seccomp_data, nr);
constexpr std::uint32_t kArchOffset = offsetof(seccomp_data, arch);
constexpr std::uint32_t kArg0LowOffset = offsetof(seccomp_data, args);  // little-endian low word

// A tiny assembler: jumps name labels, resolved to BPF's relative offsets.
class Program {
public:
    int new_label() { return next_label_++; }
    void place(int label) { labels_[label] = code_.size(); }
    void stmt(std::uint16_t code, std::uint32_t k) { code_.push_back({BPF_STMT(code, k), -1, -1, -1}); }
    void jump(std::uint16_t code, std::uint32_t k, int jt, int jf) { code_.push_back({BPF_JUMP(code, k, 0, 0), jt, jf, -1}); }
    // The last instruction, a BPF_JA, goes to `label`.
    void jump_to_last(int label) { code_.back().ja = label; }

    std::vector<sock_filter> finish() const {
        std::vector<sock_filter> out;
        for (std::size_t i = 0; i < code_.size(); ++i) {
            sock_filter f = code_[i].f;
            if (code_[i].jt >= 0) f.jt = offset(i, code_[i].jt);
            if (code_[i].jf >= 0) f.jf = offset(i, code_[i].jf);
            if (code_[i].ja >= 0) f.k = static_cast<std::uint32_t>(labels_.at(code_[i].ja) - i - 1);
            out.push_back(f);
        }
        return out;
    }

private:
    struct Insn {
        sock_filter f;
        int jt, jf;  // labels, or -1 for "next instruction"
        int ja;      // a BPF_JA's label, or -1
    };
    std::uint8_t offset(std::size_t from, int label) const {
        return static_cast<std::uint8_t>(labels_.at(label) - from - 1);
    }
    std::vector<Insn> code_;
    std::map<int, std::size_t> labels_;
    int next_label_ = 0;
};

}  // namespace

std::vector<SyscallKind> default_watched() {
    std::vector<SyscallKind> out;
    for (const CallRow& row : call_table())
        if (row.watched) out.push_back(row.kind);
    return out;
}

namespace {

constexpr std::uint32_t kIpLowOffset = offsetof(seccomp_data, instruction_pointer);
constexpr std::uint32_t kIpHighOffset = kIpLowOffset + 4;

// Labels the rules jump to: a watched call, and any other call of a known ABI.
struct RuleTargets {
    int trace;
    int other;
    bool other_inline_allow;  // "other" is a plain ALLOW, returned in place
};

// One rule per ABI in all_abis(): a call of a kind in `watched` goes to
// `trace` (only for its row's arg0 when the row names one), any other call
// to `other`. Falls through, after the last ABI, for an arch it does not know.
void emit_rules(Program& p, std::span<const SyscallKind> watched, const RuleTargets& to) {
    // Calls traced only for one value of their first argument: a check each.
    std::map<SyscallKind, int> arg0_checks;
    for (const SyscallKind kind : watched)
        if (call_row(kind).arg0) arg0_checks[kind] = p.new_label();
    const auto other = [&] {
        if (to.other_inline_allow) p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
        else p.stmt(BPF_JMP | BPF_JA, 0), p.jump_to_last(to.other);
    };

    // ABIs that share an audit arch are told apart by their nr_flag bit;
    // those with a flag are tested first.
    std::vector<const Abi*> order;
    for (const Abi& abi : all_abis()) order.push_back(&abi);
    std::stable_sort(order.begin(), order.end(),
                     [](const Abi* a, const Abi* b) { return a->nr_flag > b->nr_flag; });

    const int unknown_arch = p.new_label();
    for (const Abi* abi : order) {
        const int next_abi = p.new_label();
        p.stmt(BPF_LD | BPF_W | BPF_ABS, kArchOffset);
        p.jump(BPF_JMP | BPF_JEQ | BPF_K, abi->audit_arch, -1, next_abi);
        p.stmt(BPF_LD | BPF_W | BPF_ABS, kNrOffset);
        if (abi->nr_flag != 0) {
            p.jump(BPF_JMP | BPF_JSET | BPF_K, abi->nr_flag, -1, next_abi);
            p.stmt(BPF_ALU | BPF_AND | BPF_K, ~abi->nr_flag);
        }
        for (const SyscallKind kind : watched) {
            const auto nr = syscall_number(*abi, kind);
            if (!nr) continue;
            const auto check = arg0_checks.find(kind);
            p.jump(BPF_JMP | BPF_JEQ | BPF_K, *nr, check != arg0_checks.end() ? check->second : to.trace, -1);
        }
        other();
        p.place(next_abi);
    }
    p.stmt(BPF_JMP | BPF_JA, 0);
    p.jump_to_last(unknown_arch);

    for (const auto& [kind, label] : arg0_checks) {
        p.place(label);
        p.stmt(BPF_LD | BPF_W | BPF_ABS, kArg0LowOffset);
        p.jump(BPF_JMP | BPF_JEQ | BPF_K, *call_row(kind).arg0, to.trace, -1);
        other();
    }
    p.place(unknown_arch);
}

}  // namespace

std::vector<sock_filter> build_watch_filter(std::span<const SyscallKind> watched) {
    Program p;
    const int trace = p.new_label();
    emit_rules(p, watched, {trace, -1, true});
    // An arch the filter does not know traps on every call, so nothing passes unseen.
    p.place(trace);
    // The tracer ends a task as the program's own filter would (see
    // kKillThreadIp): the address is checked only where a call traps, so
    // every other call keeps the kernel's per-syscall allow cache.
    const int ret_trace = p.new_label();
    const int kill_thread = p.new_label();
    const int kill_process = p.new_label();
    p.stmt(BPF_LD | BPF_W | BPF_ABS, kIpHighOffset);
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(kKillThreadIp >> 32), -1, ret_trace);
    p.stmt(BPF_LD | BPF_W | BPF_ABS, kIpLowOffset);
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(kKillThreadIp), kill_thread, -1);
    p.jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<std::uint32_t>(kKillProcessIp), kill_process, -1);
    p.place(ret_trace);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    p.place(kill_thread);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_THREAD);
    p.place(kill_process);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
    return p.finish();
}

std::optional<std::vector<sock_filter>> wrap_program(std::span<const sock_filter> program,
                                                     std::span<const SyscallKind> watched) {
    Program p;
    const int trace = p.new_label();
    const int own = p.new_label();
    emit_rules(p, watched, {trace, own, false});
    p.stmt(BPF_JMP | BPF_JA, 0);
    p.jump_to_last(own);
    p.place(trace);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    // The program starts as the kernel starts it: A (and X, untouched) zero.
    // A &= 0 rather than A = 0: the kernel's per-syscall allow cache can
    // follow an AND, not a load of a constant, and a filter it cannot follow
    // runs on every call.
    p.place(own);
    p.stmt(BPF_ALU | BPF_AND | BPF_K, 0);
    std::vector<sock_filter> out = p.finish();
    if (out.size() + program.size() > kMaxProgramInsns) return std::nullopt;
    out.insert(out.end(), program.begin(), program.end());
    return out;
}

}  // namespace ct::arch
