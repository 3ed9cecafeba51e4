// What every command shares: reading input, printing diagnostics, mapping errors to exit codes.
#pragma once

#include <boost/program_options.hpp>
#include <functional>
#include <string>
#include <vector>

#include "render/diagnostic.hpp"

namespace cli {

namespace po = boost::program_options;

// Parses `args` against `options` (and positional names), printing usage for --help. Returns
// false when the command should stop with *exit_code (help printed: 0, bad usage: 2).
bool parse_options(const std::string& command, const std::string& usage, po::options_description& options,
                   const po::positional_options_description* positional,
                   const std::vector<std::string>& args, po::variables_map& vm, int* exit_code);

// Reads a whole file; throws render::Error (E_IO) when it cannot.
std::string read_file(const std::string& path);

// Prints diagnostics to stderr in the chosen format.
void print_diagnostics(const std::vector<render::Diagnostic>& diagnostics, render::DiagnosticFormat format);

// Runs `body`, turning a render::Error into printed diagnostics and its exit code.
int run_reporting(render::DiagnosticFormat format, const std::function<int()>& body);

// Adds --format text|json|github to a command's options.
void add_format_option(po::options_description& options, std::string* format);

}  // namespace cli
