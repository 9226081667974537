// clone3 arguments of any size and content, decoded and printed both ways.
#include <cstdint>
#include <cstring>

#include "arch/abi.h"
#include "decoder/creation.h"
#include "output/json_sink.h"
#include "output/text_call.h"
#include "tests/fuzz/fuzz_memory.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 16) return 0;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::memcpy(&offset, data, 8);
    std::memcpy(&length, data + 8, 8);
    ct::fuzz::FuzzMemory memory(data + 16, size - 16);

    ct::arch::RawSyscall raw;
    raw.abi = &ct::arch::native_abi();
    raw.nr = *ct::arch::syscall_number(*raw.abi, ct::arch::SyscallKind::clone3);
    raw.args = {ct::fuzz::kBase + (offset % 256), length, 0, 0, 0, 0};
    auto call = ct::decoder::decode_creation(raw, memory);
    if (!call) __builtin_trap();

    ct::decoder::Event event;
    ct::decoder::Creation creation;
    creation.call = *call;
    creation.outcome = static_cast<ct::decoder::CallOutcome>(length % 4);
    creation.error = static_cast<std::int64_t>(offset % 600);
    event.payload = creation;
    (void)ct::output::format_creation_text(creation);
    (void)ct::output::format_event_json(event);
    return 0;
}
