// gitops-render: dispatches to the subcommand named by the first argument.
#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

#include "command.hpp"

#if RENDER_MIMALLOC
#include <mimalloc.h>

namespace {
// A render touches megabytes of fresh memory, and on virtual machines a page fault per 4 KiB
// costs more than the work done in the page: mimalloc is told to advise its segments for 2 MiB
// transparent huge pages (where the kernel allows them), and to commit every thread's first
// segment at once, as it does the later ones: committed page by page as it fills (mimalloc's
// default), that segment is mapped in pieces too small for a huge page, and the render's second
// thread wrote 220 small pages of it (3 ms on a host where a fault costs 12 us; see
// bench/README.md). MIMALLOC_EAGER_COMMIT_DELAY=1 in the environment restores the default.
// mimalloc reads its options once, when it initialises, which is before any constructor of
// this executable runs; a pre-initialisation function runs earlier still (before the shared
// libraries' own initialisers). Setting an option only writes mimalloc's option table: no
// allocation happens here.
void enable_huge_pages() {
  mi_option_enable(mi_option_large_os_pages);
  mi_option_set_default(mi_option_eager_commit_delay, 0);
}
[[maybe_unused]] __attribute__((section(".preinit_array"),
                                used)) void (*const preinit)() = enable_huge_pages;
}  // namespace
#endif

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
