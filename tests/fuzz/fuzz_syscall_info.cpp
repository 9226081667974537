// Any bytes as struct ptrace_syscall_info; every ABI's clone decoded and printed.
#include <cstdint>
#include <span>

#include "arch/raw_syscall.h"
#include "decoder/creation.h"
#include "output/json_sink.h"
#include "output/text_call.h"
#include "tests/fuzz/fuzz_memory.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto stop = ct::arch::parse_syscall_info(std::as_bytes(std::span(data, size)));
    if (!stop || stop->op == ct::arch::StopOp::exit || stop->op == ct::arch::StopOp::none) return 0;
    ct::fuzz::FuzzMemory memory(data, size);
    const auto call = ct::decoder::decode_creation(stop->call, memory);
    if (!call) return 0;
    ct::decoder::Creation creation;
    creation.call = *call;
    ct::decoder::Event event;
    event.payload = creation;
    (void)ct::output::format_creation_text(creation);
    (void)ct::output::format_event_json(event);
    return 0;
}
