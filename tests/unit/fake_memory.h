// A tracee's memory for tests: a few mapped ranges; a read stops at the
// first byte no range covers and returns how many bytes it copied.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <map>
#include <span>
#include <vector>

#include "decoder/memory_reader.h"

namespace ct::test {

class FakeMemory final : public decoder::MemoryReader {
public:
    void map(std::uint64_t address, std::vector<std::uint8_t> bytes) { ranges_[address] = std::move(bytes); }

    template <typename T>
    void map_object(std::uint64_t address, const T& object, std::size_t size = sizeof(T)) {
        std::vector<std::uint8_t> bytes(size);
        std::memcpy(bytes.data(), &object, std::min(size, sizeof(T)));
        map(address, std::move(bytes));
    }

    template <typename T>
    void map_array(std::uint64_t address, const std::vector<T>& values) {
        std::vector<std::uint8_t> bytes(values.size() * sizeof(T));
        std::memcpy(bytes.data(), values.data(), bytes.size());
        map(address, std::move(bytes));
    }

    std::size_t read(std::uint64_t address, std::span<std::byte> out) override {
        ++reads_;
        std::size_t done = 0;
        while (done < out.size()) {
            const std::uint8_t* byte = find(address + done);
            if (byte == nullptr) break;
            out[done] = static_cast<std::byte>(*byte);
            ++done;
        }
        return done;
    }

    int reads() const { return reads_; }

private:
    const std::uint8_t* find(std::uint64_t address) const {
        auto it = ranges_.upper_bound(address);
        if (it == ranges_.begin()) return nullptr;
        --it;
        const std::uint64_t offset = address - it->first;
        if (offset >= it->second.size()) return nullptr;
        return &it->second[offset];
    }

    std::map<std::uint64_t, std::vector<std::uint8_t>> ranges_;
    int reads_ = 0;
};

}  // namespace ct::test
