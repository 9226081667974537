#include "arch/seccomp_filter.h"

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
    void stmt(std::uint16_t code, std::uint32_t k) { code_.push_back({BPF_STMT(code, k), -1, -1}); }
    void jump(std::uint16_t code, std::uint32_t k, int jt, int jf) { code_.push_back({BPF_JUMP(code, k, 0, 0), jt, jf}); }

    std::vector<sock_filter> finish() const {
        std::vector<sock_filter> out;
        for (std::size_t i = 0; i < code_.size(); ++i) {
            sock_filter f = code_[i].f;
            if (code_[i].jt >= 0) f.jt = offset(i, code_[i].jt);
            if (code_[i].jf >= 0) f.jf = offset(i, code_[i].jf);
            out.push_back(f);
        }
        return out;
    }

private:
    struct Insn {
        sock_filter f;
        int jt, jf;  // labels, or -1 for "next instruction"
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

std::vector<sock_filter> build_watch_filter(std::span<const SyscallKind> watched) {
    Program p;
    const int trace = p.new_label();
    const int allow = p.new_label();
    // Calls traced only for one value of their first argument: a check each.
    std::map<SyscallKind, int> arg0_checks;
    for (const SyscallKind kind : watched)
        if (call_row(kind).arg0) arg0_checks[kind] = p.new_label();

    // ABIs that share an audit arch are told apart by their nr_flag bit;
    // those with a flag are tested first.
    std::vector<const Abi*> order;
    for (const Abi& abi : all_abis()) order.push_back(&abi);
    std::stable_sort(order.begin(), order.end(),
                     [](const Abi* a, const Abi* b) { return a->nr_flag > b->nr_flag; });

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
            p.jump(BPF_JMP | BPF_JEQ | BPF_K, *nr, check != arg0_checks.end() ? check->second : trace, -1);
        }
        p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
        p.place(next_abi);
    }
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE);  // an arch we do not know

    for (const auto& [kind, label] : arg0_checks) {
        p.place(label);
        p.stmt(BPF_LD | BPF_W | BPF_ABS, kArg0LowOffset);
        p.jump(BPF_JMP | BPF_JEQ | BPF_K, *call_row(kind).arg0, trace, allow);
    }
    p.place(trace);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_TRACE);
    p.place(allow);
    p.stmt(BPF_RET | BPF_K, SECCOMP_RET_ALLOW);
    return p.finish();
}

}  // namespace ct::arch
