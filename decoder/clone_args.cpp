#include "decoder/clone_args.h"

#include <algorithm>
#include <cstring>

namespace ct::decoder {
namespace {

void read_tail(MemoryReader& memory, CloneArgs& args) {
    const std::uint64_t known = kCloneArgsFields.size() * sizeof(std::uint64_t);
    if (args.size <= known) return;
    const std::uint64_t length = std::min(args.size, kCloneArgsMaxSize) - known;
    std::vector<std::uint8_t> bytes(length);
    const std::size_t got = memory.read(args.address + known, std::as_writable_bytes(std::span(bytes)));
    if (got < length) {
        args.tail_unreadable = true;
        return;
    }
    if (std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; })) return;
    args.tail_offset = known;
    args.tail = std::move(bytes);
}

void read_set_tid(MemoryReader& memory, CloneArgs& args) {
    const std::uint64_t count = args.get(ca_set_tid_size);
    const std::uint64_t pointer = args.get(ca_set_tid);
    if (count == 0 && pointer == 0) return;
    if (count > kMaxSetTid) {
        args.set_tid_status = SetTidStatus::too_many;
        return;
    }
    args.set_tid.resize(count);
    const std::size_t want = count * sizeof(std::int32_t);
    if (want != 0 && memory.read(pointer, std::as_writable_bytes(std::span(args.set_tid))) < want) {
        args.set_tid.clear();
        args.set_tid_status = SetTidStatus::unreadable;
        return;
    }
    args.set_tid_status = SetTidStatus::ok;
}

}  // namespace

CloneArgs read_clone_args(MemoryReader& memory, std::uint64_t address, std::uint64_t size) {
    CloneArgs args;
    args.address = address;
    args.size = size;
    if (size < kCloneArgsSizeVer0) {
        args.status = CloneArgsStatus::too_small;
        return args;
    }
    const std::size_t wanted = std::min<std::uint64_t>(size, sizeof args.field);
    std::array<std::byte, sizeof args.field> raw{};
    if (address == 0 || memory.read(address, std::span(raw).first(wanted)) < wanted) {
        args.status = CloneArgsStatus::unreadable;
        return args;
    }
    std::memcpy(args.field.data(), raw.data(), wanted);
    args.field_count = wanted / sizeof(std::uint64_t);
    args.status = CloneArgsStatus::ok;
    read_tail(memory, args);
    read_set_tid(memory, args);
    return args;
}

}  // namespace ct::decoder
