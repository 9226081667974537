#include "output/summary_json.h"

#include "decoder/names.h"
#include "output/json_names.h"
#include "output/json_writer.h"

namespace ct::output {
namespace {

using namespace decoder;

std::int64_t n(std::uint64_t value) { return static_cast<std::int64_t>(value); }

JsonObject call_object(const CallStats& c) {
    JsonObject errors;
    for (const auto& [err, count] : c.errors) errors.number(errno_name(err), n(count));
    JsonObject o;
    o.string("syscall", c.syscall).number("calls", n(c.calls)).number("failures", n(c.failures));
    o.object("errors", errors).number("restarts", n(c.restarts)).number("unfinished", n(c.unfinished));
    o.number("total_ns", c.total_ns).number("max_ns", c.max_ns);
    return o;
}

JsonObject kind_object(const KindStats& k) {
    JsonObject o;
    o.string("kind", child_kind_name(k.kind)).number("tasks", n(k.tasks)).number("ended", n(k.ended));
    if (k.ended == 0) return o.null("lifetime_ns");
    JsonObject lifetime;
    lifetime.number("min", k.min_ns).number("median", k.median_ns).number("p99", k.p99_ns).number("max", k.max_ns);
    return o.object("lifetime_ns", lifetime);
}

JsonObject peak_object(const Peak& p) {
    JsonObject o;
    return o.number("count", n(p.count)).number("at_ns", p.at_ns);
}

}  // namespace

std::string format_summary_json(const Summary& s, const Event& end) {
    JsonObject o;
    o.number("schema", kJsonSchemaVersion).number("ts_ns", end.wall_ns).number("mono_ns", end.mono_ns);
    o.string("event", kSummaryEventName);
    std::vector<JsonObject> calls;
    for (const CallStats& c : s.calls) calls.push_back(call_object(c));
    std::vector<JsonObject> kinds;
    for (const KindStats& k : s.kinds) kinds.push_back(kind_object(k));
    o.objects("calls", calls).objects("kinds", kinds);
    o.object("peak_tasks", peak_object(s.tasks)).object("peak_processes", peak_object(s.processes));
    o.number("left_running", n(s.left_running)).number("detached", n(s.detached)).number("duration_ns", s.duration_ns);
    return o.str();
}

}  // namespace ct::output
