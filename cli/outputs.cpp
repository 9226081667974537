#include "cli/outputs.h"

#include <cstdio>
#include <utility>

#include <fmt/format.h>

#include "cli/charset.h"
#include "output/diagnostics/report_sink.h"
#include "output/event_selection.h"
#include "output/json_sink.h"
#include "output/summary_sink.h"
#include "output/timeline_sink.h"
#include "output/tree_sink.h"
#include "output/text_sink.h"

namespace ct::cli {
namespace {

// Opens PREFIX.TID for -ff. A file that cannot be opened is said once for
// the run, not once for each of a storm of tasks.
output::FilePerTask::Open task_file_opener(const std::string& prefix, bool append) {
    return [prefix, append, said = false](std::int32_t tid, bool again) mutable -> std::unique_ptr<output::RoutedFile> {
        std::string error;
        std::unique_ptr<OutputFile> file = OutputFile::create(fmt::format("{}.{}", prefix, tid), append || again, error);
        if (file == nullptr && !std::exchange(said, true))
            std::fprintf(stderr, "clonetrace: %s; the lines of tasks whose file cannot be written are dropped\n",
                         error.c_str());
        return file;
    };
}

}  // namespace

std::optional<Outputs> Outputs::open(const Config& config, std::string& error) {
    Outputs out;
    std::unique_ptr<OutputFile> chatter = OutputFile::standard_error();
    if (chatter == nullptr) {
        error = "cannot write to standard error";
        return std::nullopt;
    }
    std::FILE* const chatter_stream = chatter->stream();
    out.files_.push_back(std::move(chatter));
    std::FILE* trace = chatter_stream;
    if (config.output_separately) {
        out.task_files_ = std::make_unique<output::FilePerTask>(task_file_opener(config.output_file, config.append),
                                                                chatter_stream);
    } else if (!config.output_file.empty()) {
        const char first = config.output_file.front();
        std::unique_ptr<OutputFile> file = first == '|' || first == '!'
                                               ? OutputFile::pipe_to(config.output_file.substr(1), error)
                                               : OutputFile::create(config.output_file, config.append, error);
        if (file == nullptr) return std::nullopt;
        trace = file->stream();
        out.files_.push_back(std::move(file));
    }
    // The traces show what -e chose; the views see every event.
    const auto chosen = [&config](std::unique_ptr<decoder::EventSink> sink) -> std::unique_ptr<decoder::EventSink> {
        if (config.selection.everything()) return sink;
        return std::make_unique<output::SelectedEvents>(config.selection, std::move(sink));
    };
    if (out.task_files_) out.sink_->add(chosen(std::make_unique<output::TextSink>(*out.task_files_, chatter_stream, config.text)));
    else if (!config.json) out.sink_->add(chosen(std::make_unique<output::TextSink>(trace, chatter_stream, config.text)));
    else if (config.text.lines) out.sink_->add(chosen(std::make_unique<output::JsonSink>(trace, config.text.ns_alert)));
    if (!config.json_file.empty()) {
        std::unique_ptr<OutputFile> file = OutputFile::create(config.json_file, false, error);
        if (file == nullptr) return std::nullopt;
        out.sink_->add(chosen(std::make_unique<output::JsonSink>(file->stream(), config.text.ns_alert)));
        out.files_.push_back(std::move(file));
    }
    // The views write at the trace's end, in this order, after the trace.
    if (config.summary)
        out.sink_->add(std::make_unique<output::SummarySink>(trace, output::SummaryOptions{config.summary_sort, config.json}));
    if (config.tree)
        out.sink_->add(std::make_unique<output::TreeSink>(trace, output::TreeStyle{locale_is_utf8()},
                                                          config.text.lines || config.summary));
    if (!config.timeline_file.empty()) {
        std::unique_ptr<OutputFile> file = OutputFile::create(config.timeline_file, false, error);
        if (file == nullptr) return std::nullopt;
        out.sink_->add(std::make_unique<output::TimelineSink>(file->stream()));
        out.files_.push_back(std::move(file));
    }
    if (!config.diagnose.empty()) {
        // Last, so the section follows whatever else a text trace sums up at its end.
        if (!config.json) out.sink_->add(std::make_unique<output::diagnostics::ReportSink>(trace, config.diagnose));
        out.engine_ = std::make_unique<output::diagnostics::Engine>(config.diagnose, *out.sink_);
    }
    return out;
}

bool Outputs::close() {
    bool written = !task_files_ || task_files_->close_all();
    // The trace files first, standard error (which says what failed) last.
    for (auto it = files_.rbegin(); it != files_.rend(); ++it) written = (*it)->close() && written;
    files_.clear();
    return written;
}

}  // namespace ct::cli
