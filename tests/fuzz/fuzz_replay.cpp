// Untrusted lines through the replay reader: whatever it accepts must render
// as text and as JSON without a crash, and the JSON it writes must read back.
#include <cstdint>
#include <string_view>

#include "output/json_event_reader.h"
#include "output/json_sink.h"
#include "output/text_call.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view line(reinterpret_cast<const char*>(data), size);
    const ct::output::EventRead read = ct::output::read_event_json(line);
    if (!read.event) return 0;
    if (const auto* c = std::get_if<ct::decoder::Creation>(&read.event->payload)) ct::output::format_creation_text(*c);
    const std::string written = ct::output::format_event_json(*read.event);
    if (!ct::output::read_event_json(written).event) __builtin_trap();
    return 0;
}
