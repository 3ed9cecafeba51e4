// Fuzz target: the payload loader (strict JSON with positions and limits) and schema validation.
// Any input must end in a document or diagnostics, never a crash, hang or unbounded memory.
#include <cstdint>
#include <string_view>

#include "render/schema.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  render::schema::ParseResult result = render::schema::parse_json(text, "fuzz.json");
  if (result.document) {
    (void)render::schema::validate(*result.document, "deployed-apps");
  }
  (void)render::format_diagnostics(result.diagnostics, render::DiagnosticFormat::kJson);
  return 0;
}
