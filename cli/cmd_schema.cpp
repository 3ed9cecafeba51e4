// gitops-render schema deployed-apps|app-config: prints a bundled JSON Schema.
#include <iostream>

#include "command.hpp"
#include "common.hpp"
#include "render/schema.hpp"

namespace cli {
namespace {

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  std::string name;
  options.add_options()("name", po::value(&name)->required(), "deployed-apps or app-config");
  po::positional_options_description positional;
  positional.add("name", 1);
  po::variables_map vm;
  int code = 0;
  if (!parse_options("schema",
                     "deployed-apps|app-config\n\nPrints a bundled JSON Schema (draft-07).",
                     options, &positional, args, vm, &code)) {
    return code;
  }
  if (name != "deployed-apps" && name != "app-config") {
    std::cerr << "gitops-render schema: unknown schema `" << name
              << "` (deployed-apps or app-config)\n";
    return 2;
  }
  std::cout << render::schema::schema_text(name);
  return 0;
}

const CommandRegistration kRegistration({"schema",
                                         "print the deployed-apps or app-config JSON Schema", run});

}  // namespace
}  // namespace cli
