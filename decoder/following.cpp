#include "decoder/following.h"

#include <array>

namespace ct::decoder {
namespace {

constexpr std::array<Unseen, 2> kEventsUnseen{Unseen::failed_calls, Unseen::restarts};

// By Following.
constexpr std::array<std::span<const Unseen>, 3> kUnseen{{{}, kEventsUnseen, {}}};

}  // namespace

std::span<const Unseen> unseen_by(Following following) {
    return kUnseen[static_cast<std::size_t>(following)];
}

}  // namespace ct::decoder
