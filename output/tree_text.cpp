#include "output/tree_text.h"

#include <algorithm>
#include <map>

#include <fmt/format.h>

#include "decoder/names.h"
#include "output/escape.h"

namespace ct::output {
namespace {

using namespace decoder;

struct Glyphs {
    std::string_view branch, last, through, blank, times, dash, micro, ellipsis;
};
constexpr Glyphs kUtf8{"├─ ", "└─ ", "│  ", "   ", "×", "–", "µs", "…"};
constexpr Glyphs kAscii{"|- ", "`- ", "|  ", "   ", "x", "-", "us", "..."};

// Bytes from the program, printable: strace's escapes without the quotes.
std::string shown(std::string_view bytes) {
    const std::string quoted = quote_c(bytes);
    return quoted.substr(1, quoted.size() - 2);
}

std::size_t columns(std::string_view text) {
    // Code points: every glyph used here is one column wide.
    return static_cast<std::size_t>(std::count_if(text.begin(), text.end(), [](char c) { return (c & 0xc0) != 0x80; }));
}

std::string duration(std::int64_t ns, const Glyphs& g) {
    if (ns < 1'000'000) return fmt::format("{} {}", ns / 1000, g.micro);
    if (ns < 1'000'000'000) return fmt::format("{:.1f} ms", static_cast<double>(ns) / 1e6);
    return fmt::format("{:.1f} s", static_cast<double>(ns) / 1e9);
}

// One line's parts: the program is the part shortened to fit.
struct Entry {
    std::string head;     // "101 worker (thread"
    std::string program;  // shown bytes, may be empty
    std::string tail;     // ") 2.1 ms, exited 0"
};

class Renderer {
public:
    Renderer(const std::vector<TaskLife>& lives, const TaskTree& tree, std::int64_t now_ns, TreeStyle style)
        : lives_(lives), tree_(tree), now_ns_(now_ns), style_(style), g_(style.utf8 ? kUtf8 : kAscii) {}

    std::string render() {
        for (std::size_t i = 0; i < tree_.roots.size(); ++i) walk(tree_.roots[i]);
        return out_;
    }

private:
    // What hangs under a process: one thread, a fold of threads, a process, or a fold of processes.
    struct Item {
        std::int64_t born_ns = 0;
        std::vector<std::size_t> lives;  // one, or the folded ones
        std::optional<std::size_t> process;  // a process with what hangs under it
    };

    std::int64_t lifetime(const TaskLife& life) const { return (life.end_ns ? *life.end_ns : now_ns_) - life.born_ns; }

    Entry single(const TaskLife& life) const {
        Entry e{fmt::format("{} {} ({}", life.tid, shown(life.comm), life_kind(life)), shown(life.program), ""};
        if (!e.program.empty()) e.head += ", ran ";
        e.tail = fmt::format(") {}, {}", duration(lifetime(life), g_), life_ending(life));
        return e;
    }

    Entry folded(const std::vector<std::size_t>& group) const {
        const TaskLife& first = lives_[group.front()];
        std::int64_t shortest = INT64_MAX, longest = 0;
        std::vector<std::pair<std::string, std::size_t>> endings;  // in order of first appearance
        for (std::size_t i : group) {
            shortest = std::min(shortest, lifetime(lives_[i]));
            longest = std::max(longest, lifetime(lives_[i]));
            const std::string how = life_ending(lives_[i]);
            auto it = std::find_if(endings.begin(), endings.end(), [&](const auto& e) { return e.first == how; });
            if (it == endings.end()) endings.emplace_back(how, 1);
            else ++it->second;
        }
        std::string how = endings.front().first;
        if (endings.size() > 1) {
            how.clear();
            for (const auto& [text, n] : endings) how += fmt::format("{}{} {}", how.empty() ? "" : ", ", n, text);
        }
        Entry e{fmt::format("{} {} {} ({}", group.size(), g_.times, shown(first.comm), life_kind(first)),
                shown(first.program), ""};
        if (!e.program.empty()) e.head += ", ran ";
        e.tail = fmt::format(") {}{}{}, {}", duration(shortest, g_), g_.dash, duration(longest, g_), how);
        return e;
    }

    void line(const std::string& prefix, Entry e) {
        const std::size_t fixed = columns(prefix) + columns(e.head) + columns(e.tail);
        const std::size_t room = style_.width > fixed ? style_.width - fixed : 0;
        if (columns(e.program) > room) {
            // Keep the end of the path, where the program's name is.
            const std::size_t keep = room > columns(g_.ellipsis) ? room - columns(g_.ellipsis) : 0;
            const std::size_t slash = e.program.rfind('/');
            const std::size_t name = slash == std::string::npos ? e.program.size() : e.program.size() - slash;
            e.program = std::string(g_.ellipsis) + e.program.substr(e.program.size() - std::max(keep, name));
        }
        out_ += prefix + e.head + e.program + e.tail + "\n";
    }

    // Threads alike in stack, or without stacks in name, fold together.
    static std::string thread_key(const TaskLife& life) {
        if (life.creation_stack.empty()) return "comm:" + life.comm;
        std::string key = "stack:";
        for (const StackFrame& f : life.creation_stack) key += fmt::format("{}+{:x}@{};", f.function, f.offset, f.ip);
        return key;
    }

    static std::string process_key(const TaskLife& life) {
        return fmt::format("{}\n{}\n{}", life.comm, life.program, life_kind(life));
    }

    std::vector<Item> items(const ProcessNode& node) const {
        std::vector<Item> out;
        std::map<std::string, std::size_t> fold_of;  // key -> item
        for (std::size_t t : node.threads) {
            const auto [it, fresh] = fold_of.emplace(thread_key(lives_[t]), out.size());
            if (fresh) out.push_back(Item{lives_[t].born_ns, {}, std::nullopt});
            out[it->second].lives.push_back(t);
        }
        fold_of.clear();
        for (std::size_t p : node.children) {
            const ProcessNode& child = tree_.processes[p];
            const TaskLife& leader = lives_[*child.leader];
            if (!child.threads.empty() || !child.children.empty()) {
                out.push_back(Item{leader.born_ns, {*child.leader}, p});
                continue;
            }
            const auto [it, fresh] = fold_of.emplace(process_key(leader), out.size());
            if (fresh) out.push_back(Item{leader.born_ns, {}, p});
            out[it->second].lives.push_back(*child.leader);
        }
        std::stable_sort(out.begin(), out.end(), [](const Item& a, const Item& b) { return a.born_ns < b.born_ns; });
        return out;
    }

    // Depth-first with a stack of its own: a chain of processes may be deep.
    void walk(std::size_t root) {
        struct Frame {
            std::vector<Item> items;
            std::size_t next = 0;
            std::string prefix;
        };
        emit_process(root, "");
        std::vector<Frame> stack;
        stack.push_back(Frame{items(tree_.processes[root]), 0, ""});
        while (!stack.empty()) {
            Frame& top = stack.back();
            if (top.next == top.items.size()) {
                stack.pop_back();
                continue;
            }
            const Item item = top.items[top.next++];
            const bool last = top.next == top.items.size();
            const std::string prefix = top.prefix + std::string(last ? g_.last : g_.branch);
            const std::string below = top.prefix + std::string(last ? g_.blank : g_.through);
            if (item.lives.size() > 1) {
                line(prefix, folded(item.lives));
            } else if (item.process) {
                emit_process(*item.process, prefix);
                stack.push_back(Frame{items(tree_.processes[*item.process]), 0, below});
            } else {
                line(prefix, single(lives_[item.lives.front()]));
            }
        }
    }

    void emit_process(std::size_t node, const std::string& prefix) {
        const ProcessNode& p = tree_.processes[node];
        if (p.leader) line(prefix, single(lives_[*p.leader]));
    }

    const std::vector<TaskLife>& lives_;
    const TaskTree& tree_;
    std::int64_t now_ns_;
    TreeStyle style_;
    Glyphs g_;
    std::string out_;
};

}  // namespace

std::string format_tree_text(const std::vector<TaskLife>& lives, const TaskTree& tree, std::int64_t now_ns,
                             TreeStyle style) {
    return Renderer(lives, tree, now_ns, style).render();
}

}  // namespace ct::output
