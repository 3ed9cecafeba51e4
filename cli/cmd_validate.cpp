// gitops-render validate FILE...: deployed_apps payloads and app-config files, all problems at
// once.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/model.hpp"

namespace cli {
namespace {

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
      auto ds = render::model::validate_document(read_file(file), file);
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
