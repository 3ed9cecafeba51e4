#include "common.hpp"

#include <cstring>
#include <iostream>
#include <map>
#include <string>
#include <vector>

#include "render/read_file.hpp"

namespace cli {

namespace {

// pflag's rule, which Helm's and kubectl's command lines follow: a flag given again takes the
// value given last, and only a flag that gathers a list (-f, --set, the positional arguments)
// keeps every one. Boost would refuse the second. The earlier ones are dropped from `parsed`.
void keep_last_values(po::parsed_options& parsed, const po::options_description& all) {
  std::map<std::string, std::size_t> last;
  for (std::size_t i = 0; i < parsed.options.size(); ++i) {
    const po::option& o = parsed.options[i];
    if (o.unregistered || o.string_key.empty()) continue;
    const po::option_description* d = all.find_nothrow(o.string_key, false);
    if (d == nullptr ||
        dynamic_cast<const po::typed_value<std::vector<std::string>>*>(d->semantic().get())) {
      continue;
    }
    last[o.string_key] = i;
  }
  std::vector<po::option> kept;
  kept.reserve(parsed.options.size());
  for (std::size_t i = 0; i < parsed.options.size(); ++i) {
    auto it = last.find(parsed.options[i].string_key);
    if (it == last.end() || it->second == i) kept.push_back(std::move(parsed.options[i]));
  }
  parsed.options = std::move(kept);
}

}  // namespace

bool parse_options(const std::string& command, const std::string& usage,
                   po::options_description& options,
                   const po::positional_options_description* positional,
                   const std::vector<std::string>& args, po::variables_map& vm, int* exit_code,
                   const po::options_description* hidden) {
  options.add_options()("help,h", "show this help");
  po::options_description all;
  all.add(options);
  if (hidden != nullptr) all.add(*hidden);
  try {
    po::command_line_parser parser(args);
    parser.options(all);
    // An option is named in full: Boost would take an unambiguous prefix for it (--skip-test for
    // --skip-tests, --insecure for --insecure-skip-tls-verify), where pflag, and so Helm, says
    // the flag is unknown.
    parser.style(po::command_line_style::default_style & ~po::command_line_style::allow_guessing);
    if (positional) parser.positional(*positional);
    po::parsed_options parsed = parser.run();
    keep_last_values(parsed, all);
    po::store(parsed, vm);
    if (vm.count("help")) {
      std::cout << "Usage: gitops-render " << command << " " << usage << "\n\n" << options;
      *exit_code = 0;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    // (The usage line alone: the text after it is for --help.)
    std::cerr << "gitops-render " << command << ": " << e.what() << "\n"
              << "Usage: gitops-render " << command << " " << usage.substr(0, usage.find('\n'))
              << "\n"
              << "Run 'gitops-render " << command << " --help' for the options.\n";
    *exit_code = 2;
    return false;
  }
  return true;
}

std::string read_file(const std::string& path) {
  std::string text;
  if (render::ReadFailure failure = render::read_whole_file(path, text)) {
    render::Diagnostic d;
    d.code = render::code::kIo;
    d.location.file = path;
    d.message = std::string("cannot read the file: ") + std::strerror(failure.number);
    throw render::Error(std::move(d));
  }
  return text;
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

void add_git_options(po::options_description& options, GitOptions* git) {
  options.add_options()("branch", po::value(&git->branch)->default_value("main"),
                        "branch to commit to")(
      "push", po::value(&git->push),
      "push the branch after committing to this remote: a remote's name, a URL or the path of "
      "a bare repository")(
      "retries", po::value(&git->retries)->default_value(0),
      "on a rejected push: fetch, rebuild on the new head and try again, this many times")(
      "author", po::value(&git->author), "commit author \"Name <email>\" (default: GIT_AUTHOR_*)");
}

render::git::PublishOptions publish_options(const GitOptions& git) {
  render::git::PublishOptions po;
  po.branch = git.branch;
  if (!git.push.empty()) po.remote = git.push;
  po.retries = git.retries;
  return po;
}

void sign(render::git::CommitRequest& request, const GitOptions& git) {
  std::optional<std::string> spec;
  if (!git.author.empty()) spec = git.author;
  request.author = render::git::signature_for("AUTHOR", spec);
  request.committer = render::git::signature_for("COMMITTER", spec);
}

std::string describe(const render::git::PublishResult& result, const GitOptions& git,
                     const std::string& changes) {
  std::string out = result.commit.committed
                        ? "committed " + result.commit.commit.substr(0, 12) + " (" + changes + ")"
                        : std::string("no changes");
  if (result.pushed) out += ", pushed to " + git.push;
  return out;
}

}  // namespace cli
