// How the decoder sees a tracee's memory: a read that may fail or stop short.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace ct::decoder {

class MemoryReader {
public:
    virtual ~MemoryReader() = default;
    // Copies from `address` into `out`; returns how many leading bytes were read.
    virtual std::size_t read(std::uint64_t address, std::span<std::byte> out) = 0;
};

}  // namespace ct::decoder
