// Whether the user's locale writes UTF-8, from the environment as setlocale
// would read it (LC_ALL, then LC_CTYPE, then LANG), without changing ours.
#pragma once

namespace ct::cli {

bool locale_is_utf8();

}  // namespace ct::cli
