// A clone flags explanation as text for people and as one JSON object.
#pragma once

#include <string>

#include "decoder/clone_explain.h"

namespace ct::output {

std::string explain_text(const decoder::CloneExplanation& e);
std::string explain_json(const decoder::CloneExplanation& e);

}  // namespace ct::output
