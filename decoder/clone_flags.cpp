#include "decoder/clone_flags.h"

namespace ct::decoder {

std::span<const FlagName> clone_flag_table() { return kCloneFlagTable; }

SplitFlags split_clone_flags(std::uint64_t value) {
    SplitFlags out;
    std::uint64_t left = value;
    for (const FlagName& f : clone_flag_table()) {
        if ((left & f.bit) == 0 || f.role == FlagRole::ignored) continue;
        out.names.push_back(f.name);
        left &= ~f.bit;
    }
    out.unknown = left;
    return out;
}

}  // namespace ct::decoder
