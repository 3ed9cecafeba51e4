// gitops-render: dispatches to the subcommand named by the first argument.
#include <algorithm>
#include <cstdio>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"

namespace cli {

namespace {
std::vector<Command>& table() {
  static std::vector<Command> commands;
  return commands;
}
}  // namespace

void register_command(const Command& command) {
  auto& t = table();
  t.push_back(command);
  std::sort(t.begin(), t.end(),
            [](const Command& a, const Command& b) { return std::string(a.name) < b.name; });
}

const std::vector<Command>& commands() {
  return table();
}

}  // namespace cli

namespace {

void print_usage(std::ostream& out) {
  out << "Usage: gitops-render <command> [options]\n\n"
         "Turns a deployed_apps payload into a GitOps repository for Argo CD and renders it\n"
         "offline exactly as Helm does.\n\nCommands:\n";
  for (const auto& c : cli::commands()) {
    std::string name = c.name;
    out << "  " << name << std::string(name.size() < 12 ? 12 - name.size() : 1, ' ') << c.summary
        << "\n";
  }
  out << "\nRun 'gitops-render <command> --help' for a command's options.\n"
         "Exit codes: 0 ok, 1 differences found, 2 invalid input, 3 I/O or git failure,\n"
         "4 lost a race (the branch moved).\n";
}

}  // namespace

int main(int argc, char** argv) {
  // Standard error a line at a time, not a piece at a time (std::cerr's default): a message
  // built of several pieces reaches a terminal or a log shared with other processes (a
  // pre-commit run, a CI job's parallel steps) in one write per line, not interleaved with
  // theirs. What is left of it is written at exit.
  std::setvbuf(stderr, nullptr, _IOLBF, BUFSIZ);
  std::cerr.unsetf(std::ios_base::unitbuf);
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string& first = args.front();
  if (first == "--help" || first == "-h" || first == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (first == "--version" || first == "version") {
    std::cout << "gitops-render " << RENDER_VERSION << "\n";
    return 0;
  }
  for (const auto& c : cli::commands()) {
    if (first == c.name) {
      return c.run(std::vector<std::string>(args.begin() + 1, args.end()));
    }
  }
  std::cerr << "gitops-render: unknown command '" << first << "'\n\n";
  print_usage(std::cerr);
  return 2;
}
