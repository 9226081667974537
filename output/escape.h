// Untrusted bytes from a tracee made safe for each output.
#pragma once

#include <string>
#include <string_view>

namespace ct::output {

// strace's quoting: "..." with \" \\ \n \t and three-digit octal for
// other bytes that are not printable ASCII.
std::string quote_c(std::string_view bytes);
// Printable ASCII as it is; anything else quoted as quote_c does.
std::string quote_if_needed(std::string_view bytes);
// quote_c's escapes without the quotes: untrusted bytes kept on one line.
std::string escape_c(std::string_view bytes);

// The body of a JSON string (no quotes). Valid UTF-8 passes through, control
// characters are \u00XX; each byte that is not part of valid UTF-8 becomes
// \uDCXX (U+DC00 plus the byte: the "surrogateescape" convention), so every
// result parses and the original bytes can be recovered exactly.
std::string json_escape(std::string_view bytes);
// The same, appended to `out`.
void append_json_escaped(std::string& out, std::string_view bytes);

}  // namespace ct::output
