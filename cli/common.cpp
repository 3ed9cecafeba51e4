#include "common.hpp"

#include <fstream>
#include <iostream>
#include <sstream>

namespace cli {

bool parse_options(const std::string& command, const std::string& usage, po::options_description& options,
                   const po::positional_options_description* positional,
                   const std::vector<std::string>& args, po::variables_map& vm, int* exit_code) {
  options.add_options()("help,h", "show this help");
  try {
    po::command_line_parser parser(args);
    parser.options(options);
    if (positional) parser.positional(*positional);
    po::store(parser.run(), vm);
    if (vm.count("help")) {
      std::cout << "Usage: gitops-render " << command << " " << usage << "\n\n" << options;
      *exit_code = 0;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    std::cerr << "gitops-render " << command << ": " << e.what() << "\n"
              << "Usage: gitops-render " << command << " " << usage << "\n"
              << "Run 'gitops-render " << command << " --help' for the options.\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    render::Diagnostic d;
    d.code = render::code::kIo;
    d.location.file = path;
    d.message = "cannot read the file";
    throw render::Error(std::move(d));
  }
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

void print_diagnostics(const std::vector<render::Diagnostic>& diagnostics,
                       render::DiagnosticFormat format) {
  std::cerr << render::format_diagnostics(diagnostics, format);
}

int run_reporting(render::DiagnosticFormat format, const std::function<int()>& body) {
  try {
    return body();
  } catch (const render::Error& e) {
    print_diagnostics(e.diagnostics(), format);
    return static_cast<int>(e.exit_code());
  }
}

void add_format_option(po::options_description& options, std::string* format) {
  options.add_options()("format", po::value<std::string>(format)->default_value("text"),
                        "diagnostics format: text, json or github (Actions annotations)");
}

}  // namespace cli
