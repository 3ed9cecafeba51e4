// Subcommands register themselves here; main.cpp only dispatches. Each command lives in its own
// cli/cmd_<name>.cpp, parses its options with Boost.Program_options and calls librender.
#pragma once

#include <string>
#include <vector>

namespace cli {

struct Command {
  const char* name;
  const char* summary;  // one line for `gitops-render --help`
  // argv without the program and command names; returns the process exit code.
  int (*run)(const std::vector<std::string>& args);
};

// Adds a command to the table; used through a static CommandRegistration in each cmd_*.cpp.
void register_command(const Command& command);
const std::vector<Command>& commands();

struct CommandRegistration {
  explicit CommandRegistration(const Command& command) { register_command(command); }
};

}  // namespace cli
