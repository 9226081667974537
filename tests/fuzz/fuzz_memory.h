// A tracee's memory made of fuzzer bytes: one mapping at a fixed address.
#pragma once

#include <algorithm>
#include <cstring>

#include "decoder/memory_reader.h"

namespace ct::fuzz {

inline constexpr std::uint64_t kBase = 0x10000;

class FuzzMemory final : public decoder::MemoryReader {
public:
    FuzzMemory(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    std::size_t read(std::uint64_t address, std::span<std::byte> out) override {
        if (address < kBase || address - kBase >= size_) return 0;
        const std::size_t at = address - kBase;
        const std::size_t n = std::min(out.size(), size_ - at);
        std::memcpy(out.data(), data_ + at, n);
        return n;
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
};

}  // namespace ct::fuzz
