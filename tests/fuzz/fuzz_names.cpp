// Untrusted names (comm, exec paths) through both escapers: the JSON form
// must always be valid UTF-8 with no raw control characters.
#include <cstdint>
#include <string_view>

#include "output/escape.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view bytes(reinterpret_cast<const char*>(data), size);
    const std::string json = ct::output::json_escape(bytes);
    for (const char c : json)
        if (static_cast<unsigned char>(c) < 0x20) __builtin_trap();
    const std::string quoted = ct::output::quote_c(bytes);
    for (const char c : quoted)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) __builtin_trap();
    return 0;
}
