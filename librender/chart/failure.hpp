// Errors of the chart stage: Helm's message text in a render::Error.
#pragma once

#include <string>

#include "render/diagnostic.hpp"

namespace render::chart {

// What Helm prints after an error raised while rendering templates or sorting manifests.
inline constexpr const char* kDebugHint = "Use --debug flag to render out invalid YAML";

// Throws render::Error with one diagnostic. `message` is the text Helm prints after "Error: ";
// `hint` is printed after a blank line (kDebugHint where Helm adds it).
[[noreturn]] void fail(const char* code, std::string message, std::string hint = {},
                       Location location = {});
// The error fail() throws, made without throwing it.
Error failure(const char* code, std::string message, std::string hint = {}, Location location = {});

// Helm's stderr for a failure: "Error: <message>\n" plus "\n<hint>\n" when there is a hint.
std::string helm_error_text(const Diagnostic& diagnostic);

}  // namespace render::chart
