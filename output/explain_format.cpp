#include "output/explain_format.h"

#include <fmt/format.h>

#include "decoder/names.h"
#include "output/json_writer.h"

namespace ct::output {
namespace {

using decoder::CallForm;
using decoder::CloneRule;

std::string_view form_name(CallForm form) { return form == CallForm::clone ? "clone" : "clone3"; }

std::string rule_versions(const CloneRule& rule) {
    if (rule.until.empty()) return "";
    return fmt::format(" (Linux {} to {})", decoder::rule_since(rule), rule.until);
}

JsonObject rule_json(const CloneRule& rule) {
    JsonObject o;
    o.string("rule", rule.id).string("error", decoder::errno_name(rule.error)).string("reason", rule.reason);
    if (!rule.until.empty()) o.string("until", rule.until);
    return o;
}

}  // namespace

std::string explain_text(const decoder::CloneExplanation& e) {
    std::string out = fmt::format("{}: {} flags {:#x}", e.input, form_name(e.form), e.flags);
    if (e.form == CallForm::clone || e.exit_signal != 0)
        out += fmt::format(", exit signal {}", decoder::signal_name(e.exit_signal));
    out += fmt::format(" (creates: {})\n", decoder::child_kind_name(e.kind));
    if (!e.known_as.empty()) out += fmt::format("  the flags {} passes\n", e.known_as);
    for (const decoder::FlagName* f : e.named)
        out += fmt::format("  {:<22} {:#12x}  {} (Linux {})\n", f->name, f->bit, f->meaning, f->since);
    if (e.unknown != 0)
        out += fmt::format("  {:<22} {:#12x}  bits no flag names: clone3 refuses them, clone ignores them\n", "?",
                           e.unknown);
    if (e.form == CallForm::clone || e.exit_signal != 0)
        out += fmt::format("  exit signal {}: {}\n", decoder::signal_name(e.exit_signal),
                           e.exit_signal == 0 ? "the parent is not told when the child ends"
                                              : "sent to the parent when the child ends");
    for (const CloneRule* r : e.refused)
        out += fmt::format("refused: {}: {}\n", decoder::errno_name(r->error), r->reason);
    for (const CloneRule* r : e.then) out += fmt::format("  and then: {}\n", r->reason);
    for (const decoder::FlagName* f : e.too_new)
        out += fmt::format("refused by Linux {}: {} needs Linux {}\n", e.release, f->name, f->since);
    for (const CloneRule* r : e.refused_before)
        out += fmt::format("refused by older kernels: {}{}: {}\n", decoder::errno_name(r->error), rule_versions(*r),
                           r->reason);
    for (const CloneRule* r : e.needs)
        out += fmt::format("needs: {} (else {})\n", r->reason, decoder::errno_name(r->error));
    if (accepted(e))
        out += fmt::format("no problem: the kernel accepts these flags in {}\n", form_name(e.form));
    return out;
}

std::string explain_json(const decoder::CloneExplanation& e) {
    std::vector<JsonObject> flags;
    for (const decoder::FlagName* f : e.named) {
        JsonObject o;
        o.string("name", f->name).hex("bit", f->bit).string("meaning", f->meaning).string("since", f->since);
        flags.push_back(std::move(o));
    }
    const auto rules = [](const std::vector<const CloneRule*>& list) {
        std::vector<JsonObject> out;
        for (const CloneRule* r : list) out.push_back(rule_json(*r));
        return out;
    };
    std::vector<std::string> too_new;
    for (const decoder::FlagName* f : e.too_new) too_new.emplace_back(f->name);
    JsonObject o;
    o.string("explain", e.input).string("call", form_name(e.form)).hex("flags_raw", e.flags);
    o.objects("flags", flags).hex("unknown_flags", e.unknown);
    o.string("exit_signal", decoder::signal_name(e.exit_signal));
    o.string("kind", decoder::child_kind_name(e.kind));
    if (!e.known_as.empty()) o.string("known_as", e.known_as);
    if (!e.release.empty()) o.string("kernel", e.release);
    o.boolean("accepted", accepted(e)).objects("refused", rules(e.refused)).objects("then", rules(e.then));
    o.strings("too_new", too_new).objects("refused_by_older_kernels", rules(e.refused_before));
    o.objects("needs", rules(e.needs));
    return o.str() + "\n";
}

}  // namespace ct::output
