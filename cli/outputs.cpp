#include "cli/outputs.h"

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "output/json_sink.h"
#include "output/text_sink.h"

namespace ct::cli {

Outputs::Outputs(Outputs&& other) noexcept : files_(std::move(other.files_)), sink_(std::move(other.sink_)) {
    other.files_.clear();
}

Outputs::~Outputs() {
    for (const File& f : files_)
        if (f.owned) std::fclose(f.stream);
}

std::optional<Outputs> Outputs::open(const Config& config, std::string& error) {
    Outputs out;
    const auto open_file = [&](const std::string& path) -> std::FILE* {
        std::FILE* f = std::fopen(path.c_str(), "we");
        if (f == nullptr) error = fmt::format("cannot write '{}': {}", path, std::strerror(errno));
        else out.files_.push_back({f, "'" + path + "'", true});
        return f;
    };
    std::FILE* trace = stderr;
    if (!config.output_file.empty()) {
        trace = open_file(config.output_file);
        if (trace == nullptr) return std::nullopt;
    } else {
        out.files_.push_back({stderr, "standard error", false});
    }
    if (config.json) out.sink_->add(std::make_unique<output::JsonSink>(trace));
    else out.sink_->add(std::make_unique<output::TextSink>(trace, stderr, config.text));
    if (!config.json_file.empty()) {
        std::FILE* json = open_file(config.json_file);
        if (json == nullptr) return std::nullopt;
        out.sink_->add(std::make_unique<output::JsonSink>(json));
    }
    return out;
}

std::optional<std::string> Outputs::close() {
    std::optional<std::string> failure;
    for (File& f : files_) {
        // The trace is buffered: a full disk shows only now, and must not pass unseen.
        const bool written = std::fflush(f.stream) == 0 && std::ferror(f.stream) == 0;
        const int err = errno;
        if (f.owned && std::fclose(f.stream) != 0 && written && !failure)
            failure = fmt::format("cannot write the trace to {}: {}", f.name, std::strerror(errno));
        f.owned = false;
        if (!written && !failure) failure = fmt::format("cannot write the trace to {}: {}", f.name, std::strerror(err));
    }
    files_.clear();
    return failure;
}

}  // namespace ct::cli
