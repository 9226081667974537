#include "tracer/stack_unwinder.h"

#include <array>
#include <cstring>
#include <libunwind-ptrace.h>
#include <optional>
#include <set>
#include <span>
#include <tuple>

#include "decoder/elf_symbols.h"
#include "decoder/proc_maps.h"
#include "tracer/procfs.h"
#include "tracer/ptrace_memory.h"

namespace ct::tracer {
namespace {

using decoder::Mapping;
using decoder::StackFrame;

constexpr std::size_t kBlock = 512;
constexpr std::size_t kMaxBlocks = 64;  // what one unwind may keep of a (possibly garbage) stack

// One unwind of one stopped thread. libunwind hands its accessors the
// argument of _UPT_create, which its own table search needs as it is, so
// what the unwind adds (registers to start from, memory read in blocks)
// reaches the accessors through `t_walk` instead.
struct Walk {
    explicit Walk(pid_t tid) : memory(tid) {}
    struct Block {
        std::size_t valid = 0;
        std::array<std::byte, kBlock> bytes;
    };
    PtraceMemory memory;
    std::optional<unw_word_t> ip;  // start from a caller: these instead of the thread's
    std::optional<unw_word_t> sp;
    std::unordered_map<unw_word_t, Block> blocks;

    // A stack's frames sit close together: one read serves many of them.
    bool read_word(unw_word_t address, unw_word_t& out) {
        const unw_word_t base = address & ~static_cast<unw_word_t>(kBlock - 1);
        const std::size_t at = address - base;
        auto it = blocks.find(base);
        if (it == blocks.end() && blocks.size() < kMaxBlocks && at + sizeof out <= kBlock) {
            it = blocks.try_emplace(base).first;
            it->second.valid = memory.read(base, it->second.bytes);
        }
        if (it != blocks.end() && at + sizeof out <= it->second.valid) {
            std::memcpy(&out, it->second.bytes.data() + at, sizeof out);
            return true;
        }
        return memory.read(address, std::as_writable_bytes(std::span(&out, 1))) == sizeof out;
    }
};

thread_local Walk* t_walk = nullptr;

int access_mem(unw_addr_space_t, unw_word_t address, unw_word_t* value, int write, void*) {
    if (write != 0 || t_walk == nullptr) return -UNW_EINVAL;  // an unwind only reads
    return t_walk->read_word(address, *value) ? 0 : -UNW_EINVAL;
}

int access_reg(unw_addr_space_t as, unw_regnum_t reg, unw_word_t* value, int write, void* upt) {
    if (write == 0 && t_walk != nullptr) {
        if (reg == UNW_REG_IP && t_walk->ip) return *value = *t_walk->ip, 0;
        if (reg == UNW_REG_SP && t_walk->sp) return *value = *t_walk->sp, 0;
    }
    return _UPT_access_reg(as, reg, value, write, upt);
}

unw_accessors_t make_accessors() {
    unw_accessors_t a = _UPT_accessors;
    a.access_mem = access_mem;
    a.access_reg = access_reg;
    return a;
}

unw_accessors_t g_accessors = make_accessors();

// A leaf function's caller, on the host's ABI. At a creation stop glibc's
// clone and clone3 wrappers have no unwind information for the instruction
// after `syscall` (their FDE ends before it, so the child's unwind stops
// there), yet they are leaves: the caller resumes at the return address the
// call pushed, and its stack pointer is just above it.
#if defined(__x86_64__)
constexpr bool kLeafReturnAtSp = true;
#else
constexpr bool kLeafReturnAtSp = false;
#endif

class UptHandle {
public:
    explicit UptHandle(pid_t tid) : upt_(_UPT_create(tid)) {}
    ~UptHandle() {
        if (upt_ != nullptr) _UPT_destroy(upt_);
    }
    UptHandle(const UptHandle&) = delete;
    UptHandle& operator=(const UptHandle&) = delete;
    void* get() const { return upt_; }

private:
    void* upt_;
};

struct WalkScope {
    explicit WalkScope(Walk& w) { t_walk = &w; }
    ~WalkScope() { t_walk = nullptr; }
    WalkScope(const WalkScope&) = delete;
    WalkScope& operator=(const WalkScope&) = delete;
};

using CodeMapping = std::tuple<std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t>;

CodeMapping code_key(const Mapping& m) { return {m.start, m.end, m.file_offset, m.device, m.inode}; }

}  // namespace

struct StackUnwinder::Space {
    unw_addr_space_t as = nullptr;
    std::vector<Mapping> maps;
    std::unordered_map<std::uint64_t, bool> covered;  // has this ip unwind information?

    Space() {
        as = unw_create_addr_space(&g_accessors, 0);
        if (as != nullptr) unw_set_caching_policy(as, UNW_CACHE_GLOBAL);
    }
    ~Space() {
        if (as != nullptr) unw_destroy_addr_space(as);
    }
    Space(const Space&) = delete;
    Space& operator=(const Space&) = delete;

    // Reads the maps again; when code was unmapped or replaced, what the
    // unwinder learnt of it is dropped. Done at every unwind: a library
    // unloaded and another loaded at its address leaves no other trace.
    void reload_maps(pid_t tgid) {
        const auto text = read_maps(tgid);
        if (!text) return;
        std::vector<Mapping> fresh = decoder::parse_proc_maps(*text);
        std::set<CodeMapping> now;
        for (const Mapping& m : fresh)
            if (m.executable) now.insert(code_key(m));
        for (const Mapping& m : maps) {
            if (!m.executable || now.count(code_key(m)) != 0) continue;
            unw_flush_cache(as, 0, 0);
            covered.clear();
            break;
        }
        maps = std::move(fresh);
    }

    const Mapping* code_at(std::uint64_t address) const {
        const Mapping* m = decoder::find_mapping(maps, address);
        return m != nullptr && m->executable ? m : nullptr;
    }
};

StackUnwinder::StackUnwinder(unsigned max_depth) : max_depth_(max_depth) {}
StackUnwinder::~StackUnwinder() = default;

StackUnwinder::Space& StackUnwinder::space(pid_t tgid) {
    auto& slot = spaces_[tgid];
    if (!slot) slot = std::make_unique<Space>();
    return *slot;
}

void StackUnwinder::forget(pid_t tgid) { spaces_.erase(tgid); }

StackFrame StackUnwinder::frame(const Space& s, std::uint64_t ip, bool after_call) {
    StackFrame f;
    f.ip = ip;
    const Mapping* m = s.code_at(ip);
    if (m == nullptr) return f;
    f.module = m->path;
    if (!m->is_file()) {
        f.module_offset = ip - m->start;
        return f;
    }
    const ModuleAddress where = symbols_.resolve(*m, ip, after_call);
    f.module_offset = where.linked;
    if (where.symbol) {
        f.function = decoder::demangle(where.symbol->name);
        f.offset = where.symbol->offset;
    }
    return f;
}

std::vector<StackFrame> StackUnwinder::unwind(pid_t tid, pid_t tgid) {
    std::vector<StackFrame> out;
    if (max_depth_ == 0) return out;
    Space& s = space(tgid);
    s.reload_maps(tgid);
    const UptHandle upt(tid);
    if (s.as == nullptr || upt.get() == nullptr) return out;
    Walk walk(tid);
    const WalkScope scope(walk);
    unw_cursor_t cursor;
    if (unw_init_remote(&cursor, s.as, upt.get()) != 0) return out;
    unw_word_t ip = 0;
    unw_word_t sp = 0;
    if (unw_get_reg(&cursor, UNW_REG_IP, &ip) != 0 || unw_get_reg(&cursor, UNW_REG_SP, &sp) != 0) return out;
    // Registers that do not point at code: the stack is left empty, not made up.
    if (s.code_at(ip) == nullptr) return out;

    auto [known, inserted] = s.covered.try_emplace(ip, false);
    if (inserted) {
        // Asked directly: unw_get_proc_info invents a one-byte procedure
        // where there is no information.
        unw_proc_info_t info;
        known->second = _UPT_find_proc_info(s.as, ip, &info, 0, upt.get()) == 0;
    }
    if (!known->second && kLeafReturnAtSp) {
        unw_word_t caller = 0;
        if (walk.read_word(sp, caller) && s.code_at(caller) != nullptr) {
            out.push_back(frame(s, ip, false));
            walk.ip = caller;
            walk.sp = sp + sizeof caller;
            if (unw_init_remote(&cursor, s.as, upt.get()) != 0) return out;
            ip = caller;
        }
    }
    std::set<std::pair<unw_word_t, unw_word_t>> seen{{ip, sp}};
    bool after_call = !out.empty();
    for (;;) {
        out.push_back(frame(s, ip, after_call));
        if (out.size() >= max_depth_) break;
        // The frame a signal interrupted resumes at its ip, not after a call.
        after_call = unw_is_signal_frame(&cursor) <= 0;
        if (unw_step(&cursor) <= 0) break;
        if (unw_get_reg(&cursor, UNW_REG_IP, &ip) != 0 || unw_get_reg(&cursor, UNW_REG_SP, &sp) != 0 || ip == 0) break;
        // Garbage: a return address outside any code, or a stack that loops.
        if (s.code_at(ip) == nullptr || !seen.insert({ip, sp}).second) break;
    }
    return out;
}

}  // namespace ct::tracer
