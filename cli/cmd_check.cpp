// gitops-render check: the pre-commit hook's question, "is this repository consistent?".
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/repo.hpp"

namespace cli {
namespace {

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string format, repo;
  add_format_option(options, &format);
  options.add_options()("repo", po::value(&repo)->default_value("."),
                        "the generated repository's root")(
      "fix",
      "rewrite stale generated files from config/app-config.yaml (never files edited by "
      "hand, unless --force)")("force",
                               "with --fix: also overwrite generated files edited by hand");
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "check",
          "[--repo DIR] [--fix] [--format text|json|github]\n\n"
          "Validates config/app-config.yaml, renders charts/app for every environment (as\n"
          "helm template would) and checks the objects, and checks that every generated file\n"
          "is what generation from the config gives. Exit 0: consistent; 1: stale files;\n"
          "2: invalid config, a template error or an object that breaks the render checks.",
          options, nullptr, args, vm, &code)) {
    return code;
  }
  render::DiagnosticFormat fmt = render::parse_diagnostic_format(format);
  return run_reporting(fmt, [&]() -> int {
    render::repo::CheckReport report = render::repo::check_repository(repo);
    if (!report.problems.empty()) {
      print_diagnostics(report.problems, fmt);
      return static_cast<int>(render::exit_code_for(report.problems));
    }
    // The chart on disk is rendered once the generated files are what the config gives (or
    // were just rewritten): problems of a stale chart are the staleness, reported below.
    auto report_rendered = [&](const std::vector<render::Diagnostic>& rendered) {
      if (rendered.empty()) return 0;
      print_diagnostics(rendered, fmt);
      return static_cast<int>(render::exit_code_for(rendered));
    };
    if (report.stale.empty()) {
      if (int rc = report_rendered(report.rendered); rc != 0) return rc;
      std::cout << "generated files are up to date; the chart renders and passes the checks\n";
      return 0;
    }
    if (vm.count("fix")) {
      render::repo::WriteOptions wo;
      wo.force = vm.count("force") > 0;
      auto plan = render::repo::write_tree(repo, report.expected, wo);
      std::cout << "regenerated: " << plan.added.size() + plan.changed.size() << " written, "
                << plan.removed.size() << " removed\n";
      return report_rendered(render::repo::check_repository(repo).rendered);
    }
    std::vector<render::Diagnostic> stale;
    for (const auto& path : report.stale) {
      render::Diagnostic d;
      d.code = render::code::kCheck;
      d.location.file = path;
      d.message = "generated file is stale or was edited by hand";
      d.hint = "run `gitops-render check --fix` (or set-image for an image roll)";
      stale.push_back(std::move(d));
    }
    print_diagnostics(stale, fmt);
    return 1;
  });
}

const CommandRegistration kRegistration({"check",
                                         "pre-commit: valid config, generated files up to date",
                                         run});

}  // namespace
}  // namespace cli
