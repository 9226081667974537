#include "arch/seccomp_bpf.h"

#include <array>
#include <cstring>
#include <vector>

namespace ct::arch {
namespace {

constexpr std::uint32_t kMemWords = BPF_MEMWORDS;

enum class Op : std::uint8_t { invalid, ret_k, ret_a, alu_k, alu_x, neg, ld_abs, ld_len, ldx_len, ld_imm, ldx_imm,
                               ld_mem, ldx_mem, st, stx, tax, txa, ja, jcond_k, jcond_x };

// The classic opcodes seccomp_check_filter() lets through (a subset of what
// bpf_check_classic() knows), and what each does.
constexpr std::array<Op, 256> make_ops() {
    std::array<Op, 256> ops{};
    constexpr std::uint16_t alu[] = {BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD, BPF_AND,
                                     BPF_OR,  BPF_XOR, BPF_LSH, BPF_RSH};
    for (const std::uint16_t a : alu) {
        ops[BPF_ALU | a | BPF_K] = Op::alu_k;
        ops[BPF_ALU | a | BPF_X] = Op::alu_x;
    }
    ops[BPF_ALU | BPF_NEG] = Op::neg;
    ops[BPF_RET | BPF_K] = Op::ret_k;
    ops[BPF_RET | BPF_A] = Op::ret_a;
    ops[BPF_LD | BPF_W | BPF_ABS] = Op::ld_abs;
    ops[BPF_LD | BPF_W | BPF_LEN] = Op::ld_len;
    ops[BPF_LDX | BPF_W | BPF_LEN] = Op::ldx_len;
    ops[BPF_LD | BPF_IMM] = Op::ld_imm;
    ops[BPF_LDX | BPF_IMM] = Op::ldx_imm;
    ops[BPF_LD | BPF_MEM] = Op::ld_mem;
    ops[BPF_LDX | BPF_MEM] = Op::ldx_mem;
    ops[BPF_ST] = Op::st;
    ops[BPF_STX] = Op::stx;
    ops[BPF_MISC | BPF_TAX] = Op::tax;
    ops[BPF_MISC | BPF_TXA] = Op::txa;
    ops[BPF_JMP | BPF_JA] = Op::ja;
    constexpr std::uint16_t jumps[] = {BPF_JEQ, BPF_JGT, BPF_JGE, BPF_JSET};
    for (const std::uint16_t j : jumps) {
        ops[BPF_JMP | j | BPF_K] = Op::jcond_k;
        ops[BPF_JMP | j | BPF_X] = Op::jcond_x;
    }
    return ops;
}
constexpr std::array<Op, 256> kOps = make_ops();

Op op_of(const sock_filter& f) { return f.code < kOps.size() ? kOps[f.code] : Op::invalid; }

bool is_jcond(Op op) { return op == Op::jcond_k || op == Op::jcond_x; }

bool instruction_valid(const sock_filter& f, std::size_t pc, std::size_t len) {
    const std::uint16_t alu_op = BPF_OP(f.code);
    switch (op_of(f)) {
        case Op::invalid:
            return false;
        case Op::alu_k:
            if ((alu_op == BPF_DIV || alu_op == BPF_MOD) && f.k == 0) return false;
            return !((alu_op == BPF_LSH || alu_op == BPF_RSH) && f.k >= 32);
        case Op::ld_mem:
        case Op::ldx_mem:
        case Op::st:
        case Op::stx:
            return f.k < kMemWords;
        case Op::ja:
            return f.k < len - pc - 1;
        case Op::jcond_k:
        case Op::jcond_x:
            return pc + f.jt + 1 < len && pc + f.jf + 1 < len;
        case Op::ld_abs:
            return f.k < sizeof(seccomp_data) && f.k % 4 == 0;
        default:
            return true;
    }
}

// check_load_and_stores(): along every path, a scratch word is stored
// before it is loaded. The kernel's own conservative walk, step for step.
bool loads_follow_stores(std::span<const sock_filter> program) {
    std::vector<std::uint16_t> masks(program.size(), 0xffff);
    std::uint16_t valid = 0;
    for (std::size_t pc = 0; pc < program.size(); ++pc) {
        const sock_filter& f = program[pc];
        valid &= masks[pc];
        const Op op = op_of(f);
        if (op == Op::st || op == Op::stx) {
            valid |= static_cast<std::uint16_t>(1u << f.k);
        } else if (op == Op::ld_mem || op == Op::ldx_mem) {
            if ((valid & (1u << f.k)) == 0) return false;
        } else if (op == Op::ja) {
            masks[pc + 1 + f.k] &= valid;
            valid = 0xffff;
        } else if (is_jcond(op)) {
            masks[pc + 1 + f.jt] &= valid;
            masks[pc + 1 + f.jf] &= valid;
            valid = 0xffff;
        }
    }
    return true;
}

std::uint32_t alu(std::uint16_t op, std::uint32_t a, std::uint32_t b) {
    switch (op) {
        case BPF_ADD: return a + b;
        case BPF_SUB: return a - b;
        case BPF_MUL: return a * b;
        case BPF_DIV: return a / b;
        case BPF_MOD: return a % b;
        case BPF_AND: return a & b;
        case BPF_OR: return a | b;
        case BPF_XOR: return a ^ b;
        case BPF_LSH: return a << (b & 31);  // eBPF masks a register shift to the width
        default: return a >> (b & 31);       // BPF_RSH
    }
}

bool condition(std::uint16_t op, std::uint32_t a, std::uint32_t b) {
    switch (op) {
        case BPF_JEQ: return a == b;
        case BPF_JGT: return a > b;
        case BPF_JGE: return a >= b;
        default: return (a & b) != 0;  // BPF_JSET
    }
}

}  // namespace

bool seccomp_program_valid(std::span<const sock_filter> program) {
    if (program.empty() || program.size() > kMaxProgramInsns) return false;
    for (std::size_t pc = 0; pc < program.size(); ++pc)
        if (!instruction_valid(program[pc], pc, program.size())) return false;
    const Op last = op_of(program.back());
    return (last == Op::ret_k || last == Op::ret_a) && loads_follow_stores(program);
}

std::uint32_t run_seccomp_program(std::span<const sock_filter> program, const seccomp_data& data) {
    std::array<unsigned char, sizeof(seccomp_data)> bytes{};
    std::memcpy(bytes.data(), &data, sizeof data);
    std::array<std::uint32_t, kMemWords> mem{};
    std::uint32_t a = 0;
    std::uint32_t x = 0;
    std::size_t pc = 0;
    // A valid program only jumps forward and ends with a return; the guards
    // below only keep an invalid one from reading out of bounds.
    while (pc < program.size()) {
        const sock_filter& f = program[pc++];
        switch (op_of(f)) {
            case Op::ret_k: return f.k;
            case Op::ret_a: return a;
            case Op::alu_k:
                if ((BPF_OP(f.code) == BPF_DIV || BPF_OP(f.code) == BPF_MOD) && f.k == 0) return 0;
                a = alu(BPF_OP(f.code), a, f.k);
                break;
            case Op::alu_x:
                // The kernel's conversion of classic BPF returns 0 on a division by zero.
                if ((BPF_OP(f.code) == BPF_DIV || BPF_OP(f.code) == BPF_MOD) && x == 0) return 0;
                a = alu(BPF_OP(f.code), a, x);
                break;
            case Op::neg: a = 0u - a; break;
            case Op::ld_abs:
                if (f.k > sizeof(seccomp_data) - sizeof a) return SECCOMP_RET_KILL_PROCESS;
                std::memcpy(&a, bytes.data() + f.k, sizeof a);
                break;
            case Op::ld_len: a = sizeof(seccomp_data); break;
            case Op::ldx_len: x = sizeof(seccomp_data); break;
            case Op::ld_imm: a = f.k; break;
            case Op::ldx_imm: x = f.k; break;
            case Op::ld_mem: a = mem[f.k % kMemWords]; break;
            case Op::ldx_mem: x = mem[f.k % kMemWords]; break;
            case Op::st: mem[f.k % kMemWords] = a; break;
            case Op::stx: mem[f.k % kMemWords] = x; break;
            case Op::tax: x = a; break;
            case Op::txa: a = x; break;
            case Op::ja: pc += f.k; break;
            case Op::jcond_k: pc += condition(BPF_OP(f.code), a, f.k) ? f.jt : f.jf; break;
            case Op::jcond_x: pc += condition(BPF_OP(f.code), a, x) ? f.jt : f.jf; break;
            case Op::invalid: return SECCOMP_RET_KILL_PROCESS;
        }
    }
    return SECCOMP_RET_KILL_PROCESS;
}

}  // namespace ct::arch
