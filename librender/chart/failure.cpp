#include "chart/failure.hpp"

#include <utility>

namespace render::chart {

Error failure(const char* code, std::string message, std::string hint, Location location) {
  Diagnostic d;
  d.code = code;
  d.message = std::move(message);
  d.hint = std::move(hint);
  d.location = std::move(location);
  return Error(std::move(d));
}

void fail(const char* code, std::string message, std::string hint, Location location) {
  throw failure(code, std::move(message), std::move(hint), std::move(location));
}

std::string helm_error_text(const Diagnostic& diagnostic) {
  std::string out = "Error: " + diagnostic.message + "\n";
  if (!diagnostic.hint.empty()) out += "\n" + diagnostic.hint + "\n";
  return out;
}

}  // namespace render::chart
