// gitops-render diff: what Argo CD would apply differently between two revisions.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/diff.hpp"
#include "render/git.hpp"

namespace cli {
namespace {

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string repo, base, head, env, output;
  options.add_options()("base", po::value(&base)->required(),
                        "the revision to compare from (e.g. origin/main)")(
      "head", po::value(&head)->default_value(""),
      "the revision to compare to (default: the working tree)")(
      "env", po::value(&env)->default_value(""), "only this environment")(
      "repo", po::value(&repo)->default_value("."), "the generated repository")(
      "format", po::value(&output)->default_value("text"),
      "text, markdown (for a pull-request comment) or json (one object per environment and "
      "line)");
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "diff",
          "--base REV [--head REV] [--env E] [--format text|markdown|json] [--repo DIR]\n\n"
          "Renders charts/app of both revisions for every environment, exactly as helm template\n"
          "would, adds what the GitOps engine applies around it (clusters/<env>: the platform,\n"
          "the project, the Applications or Flux Kustomizations), pairs the objects by\n"
          "apiVersion, kind, namespace and name, and prints the added, removed and changed\n"
          "ones with a unified diff each. Exit 0: no difference; 1: differences; 2: a config\n"
          "or template error; 3: a revision that cannot be read.\n"
          "Diagnostics are JSON with --format json, else text.",
          options, nullptr, args, vm, &code)) {
    return code;
  }
  render::DiagnosticFormat fmt =
      render::parse_diagnostic_format(output == "json" ? "json" : "text");
  return run_reporting(fmt, [&]() -> int {
    render::diff::Format out_format = render::diff::parse_format(output);
    auto diffs = render::git::diff_revisions(repo, base, head, env);
    bool differs = false;
    const std::string to = head.empty() ? "working tree" : head;
    for (const auto& d : diffs) {
      std::string text = render::diff::format(d.result, out_format,
                                              "environment " + d.env + ": " + base + " -> " + to);
      std::cout << text;
      if (out_format == render::diff::Format::kJson && !text.ends_with("\n")) std::cout << '\n';
      differs = differs || !d.result.empty();
    }
    return differs ? 1 : 0;
  });
}

const CommandRegistration kRegistration({"diff",
                                         "per-object diff of what two revisions make Argo CD apply",
                                         run});

}  // namespace
}  // namespace cli
