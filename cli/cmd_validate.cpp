// gitops-render validate FILE...: deployed_apps payloads and app-config files, all problems at once.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/model.hpp"
#include "render/schema.hpp"

namespace cli {
namespace {

// A deployed_apps payload is JSON with deployed_apps or schema_version; anything else is taken
// for an app-config (YAML, or JSON with services).
bool is_payload(const std::string& text) {
  std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos || text[first] != '{') return false;
  return text.find("\"deployed_apps\"") != std::string::npos ||
         text.find("\"schema_version\"") != std::string::npos;
}

std::vector<render::Diagnostic> validate_file(const std::string& path) {
  std::string text = read_file(path);
  if (is_payload(text)) {
    try {
      return render::model::compile_payload(text, path).warnings;
    } catch (const render::Error& e) {
      return e.diagnostics();
    }
  }
  render::schema::ParseResult parsed = render::schema::parse_yaml(text, path);
  if (!parsed.document) return parsed.diagnostics;
  return render::schema::validate(*parsed.document, "app-config");
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
  if (!parse_options("validate", "FILE... [--format text|json|github]\n\n"
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

const CommandRegistration kRegistration({"validate", "check deployed_apps payloads and app-config files", run});

}  // namespace
}  // namespace cli
