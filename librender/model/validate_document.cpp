// validate's view of a file: which contract it follows, and every problem it has.
#include "render/model.hpp"

namespace render::model {

// JSON files (by extension or first character) are payloads unless they are an app-config
// (a `services` list and no `deployed_apps`); YAML files are app-configs.
std::vector<Diagnostic> validate_document(std::string_view text, const std::string& path) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  bool json = path.ends_with(".json") ||
              (first != std::string::npos && (text[first] == '{' || text[first] == '['));
  if (!json) {
    schema::ParseResult parsed = schema::parse_yaml(text, path);
    if (!parsed.document) return parsed.diagnostics;
    return schema::validate(*parsed.document, "app-config");
  }
  schema::ParseResult parsed = schema::parse_json(text, path);
  if (parsed.document && parsed.document->value.is_object() &&
      parsed.document->value.contains("services") &&
      !parsed.document->value.contains("deployed_apps")) {
    return schema::validate(*parsed.document, "app-config");
  }
  try {
    return compile_payload(text, path).warnings;
  } catch (const Error& e) {
    return e.diagnostics();
  }
}

}  // namespace render::model
