// gitops-render validate FILE...: deployed_apps payloads and app-config files, all problems at
// once.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/model.hpp"
#include "render/schema.hpp"

namespace cli {
namespace {

// JSON files (by extension or first character) are payloads unless they are an app-config
// (a `services` list and no `deployed_apps`); YAML files are app-configs.
std::vector<render::Diagnostic> validate_file(const std::string& path) {
  std::string text = read_file(path);
  std::size_t first = text.find_first_not_of(" \t\r\n");
  bool json = path.ends_with(".json") ||
              (first != std::string::npos && (text[first] == '{' || text[first] == '['));
  if (!json) {
    render::schema::ParseResult parsed = render::schema::parse_yaml(text, path);
    if (!parsed.document) return parsed.diagnostics;
    return render::schema::validate(*parsed.document, "app-config");
  }
  render::schema::ParseResult parsed = render::schema::parse_json(text, path);
  if (parsed.document && parsed.document->value.is_object() &&
      parsed.document->value.contains("services") &&
      !parsed.document->value.contains("deployed_apps")) {
    return render::schema::validate(*parsed.document, "app-config");
  }
  try {
    return render::model::compile_payload(text, path).warnings;
  } catch (const render::Error& e) {
    return e.diagnostics();
  }
}

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string format;
  std::vector<std::string> files;
  add_format_option(options, &format);
  options.add_options()("file", po::value(&files)->required(), "files to validate");
  po::positional_options_description positional;
  positional.add("file", -1);
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "validate",
          "FILE... [--format text|json|github]\n\n"
          "Validates deployed_apps payloads (JSON) and app-config files (YAML), told apart\n"
          "by content, and reports every problem with file:line:col.",
          options, &positional, args, vm, &code)) {
    return code;
  }
  render::DiagnosticFormat fmt = render::parse_diagnostic_format(format);
  std::vector<render::Diagnostic> all;
  for (const auto& file : files) {
    try {
      auto ds = validate_file(file);
      all.insert(all.end(), ds.begin(), ds.end());
    } catch (const render::Error& e) {
      all.insert(all.end(), e.diagnostics().begin(), e.diagnostics().end());
    }
  }
  print_diagnostics(all, fmt);
  auto exit = render::exit_code_for(all);
  if (exit == render::ExitCode::kOk && fmt == render::DiagnosticFormat::kText) {
    std::cerr << files.size() << (files.size() == 1 ? " file" : " files") << " valid\n";
  }
  return static_cast<int>(exit);
}

const CommandRegistration kRegistration({"validate",
                                         "check deployed_apps payloads and app-config files", run});

}  // namespace
}  // namespace cli
