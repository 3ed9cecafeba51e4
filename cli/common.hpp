// What every command shares: reading input, printing diagnostics, mapping errors to exit codes.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

#include "render/diagnostic.hpp"
#include "render/git.hpp"

namespace cli {

namespace po = boost::program_options;

// Parses `args` against `options` and `hidden` (and positional names), printing usage and
// `options` for --help. Returns false when the command should stop with *exit_code (help
// printed: 0, bad usage: 2). Options are named in full, and one given again takes its last value
// (a list gathers them all), as pflag reads a command line.
bool parse_options(const std::string& command, const std::string& usage,
                   po::options_description& options,
                   const po::positional_options_description* positional,
                   const std::vector<std::string>& args, po::variables_map& vm, int* exit_code,
                   const po::options_description* hidden = nullptr);

// Reads a whole file; throws render::Error (E_IO) when it cannot.
std::string read_file(const std::string& path);

// Prints diagnostics to stderr in the chosen format.
void print_diagnostics(const std::vector<render::Diagnostic>& diagnostics,
                       render::DiagnosticFormat format);

// Runs `body`, turning a render::Error into printed diagnostics and its exit code.
int run_reporting(render::DiagnosticFormat format, const std::function<int()>& body);

// Adds --format text|json|github to a command's options.
void add_format_option(po::options_description& options, std::string* format);

// Committing and pushing, as generate and set-image offer it.
struct GitOptions {
  std::string branch;
  std::string push;    // remote to push to; empty: do not push
  std::string author;  // "Name <email>"; empty: GIT_AUTHOR_* and friends
  int retries = 0;
};
void add_git_options(po::options_description& options, GitOptions* git);
render::git::PublishOptions publish_options(const GitOptions& git);
// Sets the request's author and committer from --author or the environment.
void sign(render::git::CommitRequest& request, const GitOptions& git);
// "committed <id> (...)" / "no changes", and ", pushed to R".
std::string describe(const render::git::PublishResult& result, const GitOptions& git,
                     const std::string& changes);

}  // namespace cli
