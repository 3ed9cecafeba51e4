// gitops-render generate: the payload to the private GitOps repository, as a directory or a commit.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/embedded.hpp"
#include "render/git.hpp"
#include "render/model.hpp"
#include "render/repo.hpp"

namespace cli {
namespace {

std::string summary(const render::repo::WritePlan& plan) {
  if (!plan.has_changes()) return "no changes";
  return std::to_string(plan.added.size()) + " added, " + std::to_string(plan.changed.size()) +
         " changed, " + std::to_string(plan.removed.size()) + " removed";
}

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string format, input, out, repo, message, render_mode;
  GitOptions git;
  add_format_option(options, &format);
  add_git_options(options, &git);
  options.add_options()("input", po::value(&input)->required(), "the deployed_apps payload (JSON)")(
      "out", po::value(&out), "write the repository into this directory")(
      "repo", po::value(&repo), "write into this git repository (with --commit)")(
      "commit", "commit the generated tree onto --branch (only when something changed)")(
      "message", po::value(&message), "commit message (default: a summary of the change)")(
      "force", "overwrite generated files that were edited by hand")(
      "render-mode", po::value(&render_mode),
      "helm: Argo CD renders charts/app with each environment's values; manifests: the "
      "chart's output is committed under rendered/<env>/ and the Application syncs that. "
      "Default: the mode the repository was generated with (helm for a new one)");
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "generate",
          "--input FILE (--out DIR | --repo DIR --commit [--push REMOTE])\n\n"
          "Validates the payload and writes the complete repository. Nothing is written\n"
          "when the payload is invalid; files the repository owns are never touched.",
          options, nullptr, args, vm, &code)) {
    return code;
  }
  render::DiagnosticFormat fmt = render::parse_diagnostic_format(format);
  if (out.empty() == repo.empty()) {
    std::cerr << "gitops-render generate: give exactly one of --out and --repo\n";
    return 2;
  }
  if (!repo.empty() && !vm.count("commit")) {
    std::cerr << "gitops-render generate: --repo writes commits; add --commit\n";
    return 2;
  }
  if (!render_mode.empty() && render_mode != "helm" && render_mode != "manifests") {
    std::cerr << "gitops-render generate: --render-mode must be helm or manifests, not `"
              << render_mode << "`\n";
    return 2;
  }
  return run_reporting(fmt, [&]() -> int {
    render::model::Compiled compiled = render::model::compile_payload(read_file(input), input);
    print_diagnostics(compiled.warnings, fmt);
    // The tree for a repository whose manifest of generated files is `manifest`.
    auto generate = [&](const std::optional<std::string>& manifest) {
      auto request = render::repo::input_from_app_config(compiled.values, compiled.yaml, manifest);
      if (!render_mode.empty()) {
        request.render_mode = render_mode == "manifests" ? render::repo::RenderMode::kManifests
                                                         : render::repo::RenderMode::kHelm;
      }
      return render::repo::generate_tree(request);
    };
    if (!out.empty()) {
      render::repo::WriteOptions wo;
      wo.force = vm.count("force") > 0;
      auto tree = generate(
          render::repo::read_regular_file(out + "/" + std::string(render::repo::kManifestPath)));
      auto plan = render::repo::write_tree(out, tree, wo);
      std::cout << out << ": " << summary(plan) << "\n";
      return 0;
    }
    auto result = render::git::publish(repo, publish_options(git), [&](const std::string& head) {
      render::git::CommitRequest request;
      request.generated =
          generate(head.empty() ? std::nullopt
                                : render::git::read_file(repo, head,
                                                         std::string(render::repo::kManifestPath)));
      sign(request, git);
      request.force = vm.count("force") > 0;
      if (!message.empty()) {
        request.message = message;
      } else {
        std::optional<std::string> before;
        if (!head.empty()) before = render::git::read_file(repo, head, "config/app-config.yaml");
        request.message = render::repo::describe_change(before, compiled.values);
      }
      return request;
    });
    std::cout << repo << " " << git.branch << ": "
              << describe(result, git, summary(result.commit.plan)) << "\n";
    return 0;
  });
}

const CommandRegistration kRegistration({"generate",
                                         "write the GitOps repository for a deployed_apps payload",
                                         run});

}  // namespace
}  // namespace cli
