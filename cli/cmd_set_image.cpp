// gitops-render set-image: the CI image roll, validated, with everything that depends on it.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/git.hpp"
#include "render/model.hpp"
#include "render/repo.hpp"

namespace cli {
namespace {

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string format, repo, service, tag, digest, env;
  GitOptions git;
  add_format_option(options, &format);
  add_git_options(options, &git);
  options.add_options()("service", po::value(&service)->required(),
                        "the service whose image rolls")("tag", po::value(&tag)->required(),
                                                         "the new image tag")(
      "digest", po::value(&digest)->default_value(""), "the new image digest (sha256:...)")(
      "env", po::value(&env),
      "roll only this environment: sets environments.<env>.images.<service> instead of "
      "services[].image")("repo", po::value(&repo)->default_value("."),
                          "the generated repository's root")(
      "commit", "commit \"S: OLD -> NEW\" onto --branch instead of editing the working tree");
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "set-image",
          "--service S --tag T [--digest D] [--env E] [--repo DIR] [--commit]\n\n"
          "Sets services[S].image in config/app-config.yaml (with --env, what environment E\n"
          "runs instead), validates it and regenerates what depends on it, in the working\n"
          "tree or as a commit.",
          options, nullptr, args, vm, &code)) {
    return code;
  }
  render::DiagnosticFormat fmt = render::parse_diagnostic_format(format);
  const std::string config_path = "config/app-config.yaml";
  return run_reporting(fmt, [&]() -> int {
    if (!vm.count("commit")) {
      auto change = render::model::set_image(read_file(repo + "/" + config_path), config_path,
                                             service, tag, digest, env);
      auto tree = render::repo::generate_tree(render::repo::input_from_app_config(
          change.values, change.yaml,
          render::repo::read_regular_file(repo + "/" + std::string(render::repo::kManifestPath))));
      render::repo::write_tree(repo, tree);
      std::cout << service << (env.empty() ? "" : " (" + env + ")") << ": " << change.old_image
                << " -> " << change.new_image << "\n";
      return 0;
    }
    std::string line;
    auto result = render::git::publish(repo, publish_options(git), [&](const std::string& head) {
      if (head.empty()) {
        render::Diagnostic d;
        d.code = render::code::kGit;
        d.message = "branch " + git.branch + " has no commits to roll an image in";
        throw render::Error(std::move(d));
      }
      auto text = render::git::read_file(repo, head, config_path);
      if (!text) {
        render::Diagnostic d;
        d.code = render::code::kIo;
        d.location.file = config_path;
        d.message = "no " + config_path + " at " + head.substr(0, 12);
        throw render::Error(std::move(d));
      }
      auto change = render::model::set_image(*text, config_path, service, tag, digest, env);
      line = service + (env.empty() ? "" : " (" + env + ")") + ": " + change.old_image + " -> " +
             change.new_image;
      render::git::CommitRequest request;
      request.generated = render::repo::generate_tree(render::repo::input_from_app_config(
          change.values, change.yaml,
          render::git::read_file(repo, head, std::string(render::repo::kManifestPath))));
      request.message = line + "\n";
      sign(request, git);
      return request;
    });
    std::cout << line << ": " << describe(result, git, "image roll") << "\n";
    return 0;
  });
}

const CommandRegistration kRegistration(
    {"set-image", "roll a service's image in config/app-config.yaml (validated)", run});

}  // namespace
}  // namespace cli
