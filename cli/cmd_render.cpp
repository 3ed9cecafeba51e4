// gitops-render render: a Helm chart rendered offline, printing exactly what `helm template`
// prints (v4.1.4), errors included.
//
//   gitops-render render [NAME] CHART [flags]     the argument shape of `helm template`
//   gitops-render render --chart CHART [--release NAME] [flags]
//
// CHART is a chart directory or a packaged chart (.tgz), as `helm package` writes it.
//
// NAME defaults to "release-name", as in `helm template CHART`. Every failure exits with 2
// (invalid input), where helm exits with 1; stderr carries Helm's own text.
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <map>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "command.hpp"
#include "common.hpp"
#include "render/chart.hpp"
#include "render/go_quote.hpp"
#include "render/go_strconv.hpp"
#if RENDER_ARENA_ALLOCATOR
#include "allocator/arena.hpp"
#endif

namespace cli {
namespace {

// A flag's value Helm's flag parser (pflag) would refuse: printed as Helm prints it.
struct FlagError {
  std::string message;
};

// pflag's StringSlice: each occurrence is one CSV record (encoding/csv), so values are
// comma-separated and a quoted one may hold a comma; an empty occurrence adds nothing.
std::vector<std::string> csv_values(const std::vector<std::string>& occurrences,
                                    const std::string& flag) {
  std::vector<std::string> out;
  for (const auto& v : occurrences) {
    if (v.empty()) continue;
    auto problem = [&](std::size_t at, const char* what) {
      return FlagError{"invalid argument " + render::go_quote(v) + " for \"" + flag +
                       "\" flag: parse error on line 1, column " + std::to_string(at + 1) + ": " +
                       what};
    };
    std::string_view line = std::string_view(v).substr(0, v.find('\n'));
    std::size_t i = 0;
    for (;;) {
      std::string field;
      if (i < line.size() && line[i] == '"') {
        ++i;
        for (;;) {
          if (i >= line.size()) throw problem(i, "extraneous or missing \" in quoted-field");
          if (line[i] != '"') {
            field += line[i++];
          } else if (i + 1 < line.size() && line[i + 1] == '"') {
            field += '"';
            i += 2;
          } else {
            ++i;
            break;
          }
        }
        if (i < line.size() && line[i] != ',') {
          throw problem(i - 1, "extraneous or missing \" in quoted-field");  // at the quote
        }
      } else {
        std::size_t end = line.find(',', i);
        field = std::string(line.substr(i, end == std::string_view::npos ? end : end - i));
        if (auto quote = field.find('"'); quote != std::string::npos) {
          throw problem(i + quote, "bare \" in non-quoted-field");
        }
        i = end == std::string_view::npos ? line.size() : end;
      }
      out.push_back(std::move(field));
      if (i >= line.size()) break;
      ++i;  // the comma
      if (i == line.size()) {
        out.emplace_back();
        break;
      }
    }
  }
  return out;
}

// strconv.ParseBool, as pflag reads `--flag=value` of a boolean flag.
bool parse_bool_flag(const std::string& value, const std::string& flag) {
  for (const char* t : {"1", "t", "T", "TRUE", "true", "True"}) {
    if (value == t) return true;
  }
  for (const char* f : {"0", "f", "F", "FALSE", "false", "False"}) {
    if (value == f) return false;
  }
  throw FlagError{"invalid argument " + render::go_quote(value) + " for \"" + flag +
                  "\" flag: strconv.ParseBool: parsing " + render::go_quote(value) +
                  ": invalid syntax"};
}

// `helm template` flags refused, each with what to do instead.
struct RefusedFlag {
  const char* option;  // as Boost declares it: the name, and a short one after a comma
  bool boolean;
  const char* reason;
  std::string name() const {
    std::string_view o = option;
    return std::string(o.substr(0, o.find(',')));
  }
};
constexpr RefusedFlag kRefusedFlags[] = {
    {"repo", false,
     "charts are rendered from a directory or a .tgz on disk, never downloaded (fetch it first: "
     "helm pull --untar)"},
    {"ca-file", false, "it is for downloading charts, and charts are rendered from disk"},
    {"cert-file", false, "it is for downloading charts, and charts are rendered from disk"},
    {"key-file", false, "it is for downloading charts, and charts are rendered from disk"},
    {"verify", true,
     "provenance is not checked (verify the package first: helm verify, or helm pull --verify)"},
    {"enable-dns", true,
     "DNS answers change from one machine and minute to the next; without it getHostByName "
     "gives \"\" as in Helm"},
    {"generate-name,g", true, "a generated release name is random: give the release a name"},
    {"name-template", false, "give the release a name"},
    {"post-renderer", false,
     "post-renderers are Helm plugins: pipe the output through the program instead"},
    {"post-renderer-args", false,
     "post-renderers are Helm plugins: pipe the output through the program instead"},
    {"validate", true,
     "it checks the objects against a cluster's API server; check the output there instead "
     "(kubectl apply --dry-run=server -f -)"},
};

// Go's time.ParseDuration: what it says about `text` when it is not a duration (none: it is one).
std::optional<std::string> go_duration_error(std::string_view text) {
  const std::string invalid = "time: invalid duration " + render::go_quote(text);
  std::string_view s = text;
  if (!s.empty() && (s[0] == '-' || s[0] == '+')) s.remove_prefix(1);
  if (s == "0") return std::nullopt;
  if (s.empty()) return invalid;
  static const std::map<std::string_view, std::uint64_t> kUnits = {
      {"ns", 1},       {"us", 1000},      {"\u00b5s", 1000},  {"\u03bcs", 1000},
      {"ms", 1000000}, {"s", 1000000000}, {"m", 60000000000}, {"h", 3600000000000}};
  constexpr std::uint64_t kMax = std::uint64_t{1} << 63;
  auto digit = [](char c) { return c >= '0' && c <= '9'; };
  std::uint64_t total = 0;
  while (!s.empty()) {
    if (s[0] != '.' && !digit(s[0])) return invalid;
    std::uint64_t whole = 0;
    std::size_t i = 0;
    for (; i < s.size() && digit(s[i]); ++i) {
      if (whole > kMax / 10) return invalid;
      whole = whole * 10 + static_cast<std::uint64_t>(s[i] - '0');
      if (whole > kMax) return invalid;
    }
    bool digits = i > 0;
    double fraction = 0, scale = 1;
    if (i < s.size() && s[i] == '.') {
      ++i;
      for (; i < s.size() && digit(s[i]); ++i) {
        digits = true;
        if (scale < 1e18) {
          fraction = fraction * 10 + (s[i] - '0');
          scale *= 10;
        }
      }
    }
    if (!digits) return invalid;
    std::size_t unit_end = i;
    while (unit_end < s.size() && s[unit_end] != '.' && !digit(s[unit_end])) ++unit_end;
    if (unit_end == i) return "time: missing unit in duration " + render::go_quote(text);
    std::string_view unit = s.substr(i, unit_end - i);
    auto u = kUnits.find(unit);
    if (u == kUnits.end()) {
      return "time: unknown unit " + render::go_quote(unit) + " in duration " +
             render::go_quote(text);
    }
    if (whole > kMax / u->second) return invalid;
    std::uint64_t v = whole * u->second;
    if (fraction > 0) {
      v += static_cast<std::uint64_t>(fraction * (static_cast<double>(u->second) / scale));
      if (v > kMax) return invalid;
    }
    total += v;
    if (total > kMax) return invalid;
    s.remove_prefix(unit_end);
  }
  if (text[0] != '-' && total > kMax - 1) return invalid;
  return std::nullopt;
}

// What pflag refuses in the value of a flag accepted without effect, as it reads it (each time
// the flag is given): --burst-limit and --qps that are not numbers, --timeout that is not a Go
// duration, --wait that is not a strategy. Empty when all is well.
std::optional<std::string> flag_value_problem(std::string_view name, const std::string& v) {
  // (pflag reads an int with strconv.ParseInt(s, 0, 64), and --qps, a float32, with
  // strconv.ParseFloat(s, 32).)
  if (name == "burst-limit") {
    std::int64_t n = 0;
    if (auto e = render::go_parse_int(v, 0, n); e != render::GoNumError::kNone) {
      return "invalid argument " + render::go_quote(v) +
             " for \"--burst-limit\" flag: " + render::go_num_error("ParseInt", v, e);
    }
  } else if (name == "qps") {
    double q = 0;
    if (auto e = render::go_parse_float(v, 32, q); e != render::GoNumError::kNone) {
      return "invalid argument " + render::go_quote(v) +
             " for \"--qps\" flag: " + render::go_num_error("ParseFloat", v, e);
    }
  } else if (name == "wait") {
    if (v != "watcher" && v != "hookOnly" && v != "legacy" && v != "true" && v != "false") {
      return "invalid argument " + render::go_quote(v) +
             " for \"--wait\" flag: invalid wait input " + render::go_quote(v) +
             ". Valid inputs are watcher, hookOnly, and legacy";
    }
  } else if (name == "timeout") {
    if (auto error = go_duration_error(v)) {
      return "invalid argument " + render::go_quote(v) + " for \"--timeout\" flag: " + *error;
    }
  }
  return std::nullopt;
}

// What Helm refuses among the flags accepted without effect once they are read: a --dry-run
// that is not a mode, a --color that is not one, --force-conflicts with --force-replace or
// --force. Empty when all is well.
std::optional<std::string> ignored_flag_problem(const po::variables_map& vm) {
  auto last = [&](const char* name) -> std::optional<std::string> {
    if (!vm.count(name)) return std::nullopt;
    return vm[name].as<std::vector<std::string>>().back();
  };
  if (auto v = last("dry-run")) {
    // (Without a value it is "unset", which Helm takes for "client"; "server" is refused before
    // this.)
    if (*v == "none" || *v == "false") {
      return "invalid dry-run value (" + render::go_quote(*v) +
             "). Must be \"server\" or \"client\"";
    }
    if (*v != "unset" && *v != "client" && *v != "true" && *v != "server") {
      return "invalid dry-run value (" + render::go_quote(*v) +
             "). Must be \"none\", \"server\", or \"client\"";
    }
  }
  for (const char* name : {"color", "colour"}) {
    if (auto v = last(name); v && *v != "never" && *v != "auto" && *v != "always") {
      return "invalid color mode " + render::go_quote(*v) + ": must be one of: never, auto, always";
    }
  }
  // (--force, deprecated for --force-replace, is a flag of its own in a group of its own, checked
  // first.)
  if (!vm["force-conflicts"].defaulted() && !vm["force"].defaulted()) {
    return "if any flags in the group [force force-conflicts] are set none of the others can be; "
           "[force force-conflicts] were all set";
  }
  if (!vm["force-conflicts"].defaulted() && !vm["force-replace"].defaulted()) {
    return "if any flags in the group [force-replace force-conflicts] are set none of the others "
           "can be; [force-conflicts force-replace] were all set";
  }
  return std::nullopt;
}

std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value != nullptr ? value : fallback;
}

// The flags a command line may name, as pflag knows them: by long name, what value each takes,
// and the long names of the one-letter ones.
struct KnownFlags {
  enum class Takes {
    kValue,     // a value: after '=', else the next argument
    kOptional,  // a value only after '=' (--dry-run, --wait: pflag's NoOptDefVal)
    kBoolean,   // true, or a boolean after '='
  };
  std::map<std::string, Takes, std::less<>> takes;
  std::map<char, std::string> shorthand;
};

KnownFlags known_flags(std::initializer_list<const po::options_description*> descriptions,
                       const std::map<std::string, std::string>& switches) {
  KnownFlags known;
  known.takes["help"] = KnownFlags::Takes::kBoolean;  // (parse_options adds it)
  known.shorthand['h'] = "help";
  for (const po::options_description* d : descriptions) {
    for (const auto& option : d->options()) {
      const std::string& name = option->long_name();
      if (name.empty() || name == "args") continue;  // (the positional arguments)
      known.takes[name] = switches.count(name) > 0                ? KnownFlags::Takes::kBoolean
                          : option->semantic()->min_tokens() == 0 ? KnownFlags::Takes::kOptional
                                                                  : KnownFlags::Takes::kValue;
      const std::string shown =
          option->canonical_display_name(po::command_line_style::allow_dash_for_short);
      if (shown.size() == 2 && shown[0] == '-') known.shorthand[shown[1]] = name;
    }
  }
  return known;
}

// The command line read from left to right as pflag reads it, in the forms Boost reads: every
// flag by its long name with its value after '=' (an empty value as the next argument). pflag's
// rules: a flag that takes a value takes the next argument whatever it is ("-n --debug" names the
// namespace "--debug"); "-nprod" and "-n=prod" give -n its value; one-letter booleans may be run
// together ("-gh"); "--" ends the flags; an argument that is no flag's value is a positional one
// wherever it is (they are put last, after "--", so that Boost gives none to a flag). The first
// problem, in the order pflag meets them, is thrown in its words.
std::vector<std::string> pflag_args(const std::vector<std::string>& args, const KnownFlags& known) {
  std::vector<std::string> out, positional;
  using Takes = KnownFlags::Takes;
  auto flag = [&](const std::string& name, Takes takes, std::optional<std::string> value,
                  std::size_t& next, const std::string& missing) {
    if (takes == Takes::kBoolean) {
      const std::string v = value.value_or("true");
      // (pflag checks it here, before the next flag.)
      const bool on = parse_bool_flag(v, "--" + name);
      if (name == "help") {
        if (on) out.push_back("--help");
      } else {
        out.push_back("--" + name + "=" + v);
      }
      return;
    }
    if (!value && takes == Takes::kValue) {
      if (next == args.size()) throw FlagError{"flag needs an argument: " + missing};
      value = args[next++];
    }
    if (value) {
      if (auto problem = flag_value_problem(name, *value)) throw FlagError{*problem};
    }
    if (!value) {  // (a flag whose value is optional: Boost gives it its implicit one)
      out.push_back("--" + name);
    } else if (value->empty()) {  // (Boost refuses "--name=" with nothing after it)
      out.push_back("--" + name);
      out.push_back(*value);
    } else {
      out.push_back("--" + name + "=" + *value);
    }
  };
  for (std::size_t i = 0; i < args.size();) {
    const std::string& a = args[i++];
    if (a.size() < 2 || a[0] != '-') {
      positional.push_back(a);
      continue;
    }
    if (a == "--") {
      positional.insert(positional.end(), args.begin() + static_cast<std::ptrdiff_t>(i),
                        args.end());
      break;
    }
    if (a[1] == '-') {
      const std::size_t eq = a.find('=');
      const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
      if (name.empty() || name[0] == '-' || name[0] == '=') {
        throw FlagError{"bad flag syntax: " + a};
      }
      auto it = known.takes.find(name);
      if (it == known.takes.end()) throw FlagError{"unknown flag: --" + name};
      std::optional<std::string> value;
      if (eq != std::string::npos) value = a.substr(eq + 1);
      flag(name, it->second, value, i, "--" + name);
      continue;
    }
    // One-letter flags, run together: each a boolean, or one that takes the rest (or the next
    // argument) as its value.
    std::string_view letters = std::string_view(a).substr(1);
    while (!letters.empty()) {
      const char c = letters[0];
      auto it = known.shorthand.find(c);
      if (it == known.shorthand.end()) {
        throw FlagError{"unknown shorthand flag: '" + std::string(1, c) + "' in -" +
                        std::string(letters)};
      }
      const std::string missing = "'" + std::string(1, c) + "' in -" + std::string(letters);
      const Takes takes = known.takes.at(it->second);
      std::optional<std::string> value;
      if (letters.size() > 2 && letters[1] == '=') {
        value = std::string(letters.substr(2));
        letters = {};
      } else if (takes == Takes::kValue && letters.size() > 1) {
        value = std::string(letters.substr(1));
        letters = {};
      } else {
        letters.remove_prefix(1);
      }
      flag(it->second, takes, value, i, missing);
      if (takes == Takes::kValue) letters = {};
    }
  }
  out.push_back("--");
  out.insert(out.end(), positional.begin(), positional.end());
  return out;
}

// The output goes to stdout as it is assembled. Single pieces go through a buffer of 64 KiB
// (stdio's default for a pipe is a few KiB: a thousand write calls for 5 MB of manifests); the
// whole output, handed over at once, is written straight from where it was rendered, without
// being copied into the buffer first: up to a thousand pieces and 512 KiB per writev call.
//
// Why no more bytes a call: a file system that caches files in large folios (ext4 on Linux
// 6.18) takes folios as large as a write call allows, up to 2 MiB. Memory in blocks that large
// is what a virtual machine's host takes back when it is free for a while, and has to find
// afresh when it is used again; smaller blocks the kernel has at hand. The 5 MB of the
// benchmark's thousand workloads written by a test program into a file on ext4 in one call took
// about a millisecond, and 7 to 13 ms in some runs; in calls of 512 KiB, 1.0 to 1.6 ms.
struct StdoutSink final : render::chart::OutputSink {
  int error = 0;  // errno of a failed write (0: none)
  StdoutSink() {
    static char buffer[64 * 1024];
    std::setvbuf(stdout, buffer, _IOFBF, sizeof buffer);
  }
  void write(std::string_view piece) override {
    std::fwrite(piece.data(), 1, piece.size(), stdout);
  }
  void write_pieces(std::span<const std::string_view> pieces) override {
    if (std::fflush(stdout) != 0) {
      error = errno != 0 ? errno : EIO;
      return;
    }
    std::size_t total = 0;
    for (std::string_view p : pieces) total += p.size();
    reserve_in_file(total);
    std::vector<iovec> batch;
    batch.reserve(kBatch);
    for (const auto& pieces_of_call : render::chart::write_batches(pieces, kBatch, kBatchBytes)) {
      batch.clear();
      for (std::string_view p : pieces_of_call) {
        batch.push_back(iovec{const_cast<char*>(p.data()), p.size()});
      }
      write_all(batch);
      if (error != 0) return;
    }
  }

 private:
  static constexpr std::size_t kBatch = 1024;  // IOV_MAX on Linux
  static constexpr std::size_t kBatchBytes = 512u << 10;
  // Where stdout is a regular file, its blocks for the `size` bytes about to be written are
  // allocated first, in one call, without changing the file's size (FALLOC_FL_KEEP_SIZE): the
  // writes then only fill them. For the 5 MB of the benchmark's thousand workloads that is 0.4 ms
  // less than allocating block by block as the writes arrive. Only a hint: a file system that
  // cannot, or a file opened to append (whose writes go elsewhere), is written as it is.
  static void reserve_in_file(std::size_t size) {
#ifdef FALLOC_FL_KEEP_SIZE
    static constexpr std::size_t kWorthIt = 1u << 20;
    struct stat st {};
    if (size < kWorthIt || ::fstat(STDOUT_FILENO, &st) != 0 || !S_ISREG(st.st_mode)) return;
    const int flags = ::fcntl(STDOUT_FILENO, F_GETFL);
    const off_t at = ::lseek(STDOUT_FILENO, 0, SEEK_CUR);
    if (flags < 0 || (flags & O_APPEND) != 0 || at < 0) return;
    (void)::fallocate(STDOUT_FILENO, FALLOC_FL_KEEP_SIZE, at, static_cast<off_t>(size));
#else
    (void)size;
#endif
  }
  // Writes every byte of `batch`, going on after a short write or an interrupted call.
  void write_all(std::vector<iovec>& batch) {
    std::size_t first = 0;
    while (first < batch.size()) {
      ssize_t n =
          ::writev(STDOUT_FILENO, batch.data() + first, static_cast<int>(batch.size() - first));
      if (n < 0) {
        if (errno == EINTR) continue;
        error = errno;
        return;
      }
      auto done = static_cast<std::size_t>(n);
      while (first < batch.size() && done >= batch[first].iov_len) done -= batch[first++].iov_len;
      if (first < batch.size()) {
        batch[first].iov_base = static_cast<char*>(batch[first].iov_base) + done;
        batch[first].iov_len -= done;
      }
    }
  }
};

int run(const std::vector<std::string>& args) {
  po::options_description options("Options");
  render::chart::RenderOptions o;
  render::chart::KubeConfigSource kubeconfig;
  std::vector<std::string> positional_args, value_files, api_versions;
  std::string chart, release, format;
  // Boolean flags take `--flag`, `--flag=true` or `--flag=false`, as in helm.
  std::map<std::string, std::string> switches;
  auto flag = [&](const char* name) {
    return po::value(&switches[name])->implicit_value("true")->default_value("false");
  };
  options.add_options()(
      "chart", po::value(&chart),
      "chart directory or packaged chart (.tgz); or the last positional argument")(
      "release", po::value(&release), "release name (default: release-name)")(
      "values,f", po::value(&value_files)->composing(),
      "values file(s); repeatable, comma-separated")("set", po::value(&o.values.set)->composing(),
                                                     "set values: a.b=c,list={x,y},l[0]=v")(
      "set-string", po::value(&o.values.set_string)->composing(), "set values as strings")(
      "set-file", po::value(&o.values.set_file)->composing(), "set values from files: key=path")(
      "set-json", po::value(&o.values.set_json)->composing(), "set JSON values: key=<json>")(
      "set-literal", po::value(&o.values.set_literal)->composing(), "set a literal string value")(
      "namespace,n", po::value(&o.release_namespace),
      "release namespace (default: $HELM_NAMESPACE, else the kubeconfig context's namespace, "
      "else \"default\")")(
      "kubeconfig", po::value(&kubeconfig.explicit_path),
      "the kubeconfig file whose context names the default namespace (default: $KUBECONFIG, "
      "else ~/.kube/config)")("kube-context", po::value(&kubeconfig.context),
                              "the kubeconfig context naming the default namespace (default: "
                              "$HELM_KUBECONTEXT, else current-context)")(
      "kube-version", po::value(&o.kube_version),
      "Kubernetes version for .Capabilities (default v1.35.0)")(
      "api-versions,a", po::value(&api_versions)->composing(),
      "extra API versions for .Capabilities")("show-only,s", po::value(&o.show_only)->composing(),
                                              "only print the output of these templates")(
      "include-crds", flag("include-crds"), "print the chart's crds/ files first")(
      "skip-crds", flag("skip-crds"),
      "accepted for helm compatibility (CRDs print only with --include-crds)")(
      "skip-tests", flag("skip-tests"), "leave out test hooks")("no-hooks", flag("no-hooks"),
                                                                "leave out all hooks")(
      "is-upgrade", flag("is-upgrade"), "set .Release.IsUpgrade instead of IsInstall")(
      "skip-schema-validation", flag("skip-schema-validation"),
      "do not validate values.schema.json")(
      "output-dir", po::value(&o.output_dir),
      "write each template's documents to a file under this directory (named by its source, as "
      "helm does) and list the files written")(
      "release-name", flag("release-name"),
      "with --output-dir: put the manifests under <output-dir>/<release>")(
      "debug", flag("debug"),
      "when a template fails or renders a document that is not YAML, print the templates' "
      "output first, as helm --debug does (default: $HELM_DEBUG)")(
      "jobs", po::value(&o.jobs)->default_value(0),
      "threads executing template files, and parts of a file that is one range over many items "
      "(0: one per processor, one for a chart with few values; the output is the same)")(
      "format", po::value(&format)->default_value("helm"),
      "error format: helm (Helm's stderr text), text, json or github")(
      "args", po::value(&positional_args), "[NAME] CHART");
  // `helm template`'s other flags, parsed but not listed by --help (its usage text names them).
  // Those that change nothing in what it prints are accepted, so that a helm command line runs
  // unchanged: for installing into a cluster, and for downloading a chart, which Helm does not
  // use for a chart on disk (--dependency-update: only when charts/ lacks a dependency, which
  // fails here as it fails in Helm without the flag).
  po::options_description helm_only;
  for (const char* name :
       {"create-namespace", "atomic", "force", "wait-for-jobs", "hide-notes",
        "render-subchart-notes", "disable-openapi-validation", "server-side", "force-conflicts",
        "force-replace", "take-ownership", "rollback-on-failure", "replace",
        "kube-insecure-skip-tls-verify", "insecure-skip-tls-verify", "plain-http",
        "pass-credentials", "devel", "dependency-update"}) {
    helm_only.add_options()(name, flag(name), "");
  }
  // (What they are without a value, as in Helm.)
  for (const auto& [name, implicit] : {std::pair<const char*, const char*>{"dry-run", "unset"},
                                       std::pair<const char*, const char*>{"wait", "watcher"}}) {
    helm_only.add_options()(name,
                            po::value<std::vector<std::string>>()->composing()->implicit_value(
                                std::vector<std::string>{implicit}, implicit),
                            "");
  }

  for (const char* name : {"timeout",
                           "description",
                           "labels",
                           "kube-apiserver",
                           "kube-as-user",
                           "kube-as-group",
                           "kube-ca-file",
                           "kube-tls-server-name",
                           "kube-token",
                           "burst-limit",
                           "qps",
                           "color",
                           "colour",
                           "registry-config",
                           "repository-cache",
                           "repository-config",
                           "content-cache",
                           "version",
                           "username",
                           "password",
                           "keyring"}) {
    helm_only.add_options()(name, po::value<std::vector<std::string>>()->composing(), "");
  }
  // Those that would make the output depend on the network, a cluster, the machine or chance,
  // refused below.
  for (const auto& r : kRefusedFlags) {
    if (r.boolean) {
      helm_only.add_options()(r.option, flag(r.name().c_str()), "");
    } else {
      helm_only.add_options()(r.option, po::value<std::vector<std::string>>()->composing(), "");
    }
  }
  po::positional_options_description positional;
  positional.add("args", -1);
  po::variables_map vm;
  int code = 0;
  std::vector<std::string> command_line;
  try {
    command_line = pflag_args(args, known_flags({&options, &helm_only}, switches));
  } catch (const FlagError& e) {
    std::cerr << "Error: " << e.message << "\n";
    return 2;
  }
  if (!parse_options(
          "render",
          "[NAME] CHART [options]   (or --chart CHART)\n\n"
          "Renders a Helm chart (a directory or a packaged .tgz) offline and prints what\n"
          "`helm template NAME CHART` prints, byte for byte. Errors print Helm's message;\n"
          "the exit code is 2 for every failure (helm uses 1).\n\n"
          "helm template's flags for installing into a cluster, reaching one, Helm's own\n"
          "settings and downloading charts are accepted and change nothing (--wait,\n"
          "--kube-token, --qps, --version...); those that would make the output depend on\n"
          "the network, a cluster, the machine or chance (--repo, --verify, --enable-dns,\n"
          "--validate, --generate-name, --post-renderer...) are refused with what to do\n"
          "instead.\n"
          "docs/reference/template-language.md lists them.",
          options, &positional, command_line, vm, &code, &helm_only)) {
    return code;
  }
  // Helm warns of a deprecated flag each time it is given, whatever its value, in the order given,
  // once the whole command line is read (none when a flag's value is refused) and before any
  // other check.
  static constexpr std::pair<std::string_view, const char*> kDeprecated[] = {
      {"atomic", "use --rollback-on-failure instead"},
      {"force", "use --force-replace instead"},
      {"validate", "use '--dry-run=server' instead"}};
  for (std::string_view a : command_line) {
    if (a == "--") break;
    if (!a.starts_with("--")) continue;
    a.remove_prefix(2);
    a = a.substr(0, a.find('='));
    for (const auto& [name, advice] : kDeprecated) {
      if (a == name) {
        std::cerr << "Flag --" << name << " has been deprecated, " << advice << "\n";
      }
    }
  }
  if (positional_args.size() > 2 || (!chart.empty() && positional_args.size() > 1)) {
    std::vector<std::string> extra(positional_args.begin() + (chart.empty() ? 2 : 1),
                                   positional_args.end());
    std::string list;
    for (const auto& e : extra) list += (list.empty() ? "" : ", ") + e;
    std::cerr << "Error: expected at most two arguments, unexpected arguments: " << list << "\n";
    return 2;
  }
  const bool chart_flag = !chart.empty();
  if (chart.empty()) {
    if (positional_args.empty()) {
      std::cerr << "gitops-render render: a chart is required (CHART or --chart)\n";
      return 2;
    }
    chart = positional_args.back();
    if (positional_args.size() == 2) release = positional_args.front();
  } else if (positional_args.size() == 1) {
    release = positional_args.front();
  }
  o.chart_dir = chart;
  // A name given empty stays empty, and fails as in helm ("no name provided").
  bool named = vm.count("release") > 0 || positional_args.size() == (chart_flag ? 1u : 2u);
  if (named) o.release_name = release;
  std::map<std::string, bool> on;  // the boolean flags' values
  try {
    o.values.value_files = csv_values(value_files, "-f, --values");
    o.api_versions = csv_values(api_versions, "-a, --api-versions");
    // Every boolean is read, the ones without effect included, so that a bad value fails.
    for (const auto& [name, value] : switches) on[name] = parse_bool_flag(value, "--" + name);
    o.include_crds = on.at("include-crds");
    o.skip_tests = on.at("skip-tests");
    o.no_hooks = on.at("no-hooks");
    o.is_upgrade = on.at("is-upgrade");
    o.skip_schema_validation = on.at("skip-schema-validation");
    o.use_release_name = on.at("release-name");
    o.debug = on.at("debug");
  } catch (const FlagError& e) {
    std::cerr << "Error: " << e.message << "\n";
    return 2;
  }
  // A refused boolean set to false changes nothing, as in Helm: it is accepted.
  for (const auto& r : kRefusedFlags) {
    if (r.boolean ? on.at(r.name()) : vm.count(r.name()) > 0) {
      std::cerr << "Error: --" << r.name() << " is not supported: " << r.reason << "\n";
      return 2;
    }
  }
  if (vm.count("dry-run") && vm["dry-run"].as<std::vector<std::string>>().back() == "server") {
    std::cerr << "Error: --dry-run=server is not supported: it asks a cluster (lookup answers "
                 "from it); render with --dry-run=client\n";
    return 2;
  }
  if (auto problem = ignored_flag_problem(vm)) {
    std::cerr << "Error: " << *problem << "\n";
    return 2;
  }
  // Helm's namespace: the flag, else $HELM_NAMESPACE; when that is empty, the namespace of the
  // kubeconfig's context; else "default".
  if (!vm.count("namespace")) o.release_namespace = env_or("HELM_NAMESPACE", "");
  if (o.release_namespace.empty()) {
    if (!vm.count("kube-context")) kubeconfig.context = env_or("HELM_KUBECONTEXT", "");
    kubeconfig.env_paths = env_or("KUBECONFIG", "");
    kubeconfig.home = env_or("HOME", "");
    o.release_namespace = render::chart::kubeconfig_namespace(kubeconfig);
  }
  if (o.release_namespace.empty()) o.release_namespace = "default";
  // --debug defaults to $HELM_DEBUG, read as Helm reads it (a value strconv.ParseBool refuses
  // leaves it off).
  if (const char* env = std::getenv("HELM_DEBUG"); env != nullptr && vm["debug"].defaulted()) {
    try {
      o.debug = parse_bool_flag(env, "debug");
    } catch (const FlagError&) {
      o.debug = false;
    }
  }

  // The process ends after this one render: its memory is left to the exit to return.
  o.keep_memory = true;
#if RENDER_ARENA_ALLOCATOR
  o.back_memory_ahead = render::allocator::back_ahead;
#endif
  StdoutSink sink;
  render::chart::RenderResult r = render::chart::render_chart(o, sink);
  if (r.ok) {
    int error = sink.error;
    if ((std::fflush(stdout) != 0 || std::ferror(stdout)) && error == 0) {
      error = errno != 0 ? errno : EIO;
    }
    if (error == 0) return 0;
    std::cerr << "gitops-render render: could not write the output: " << std::strerror(error)
              << "\n";
    return static_cast<int>(render::ExitCode::kIoError);
  }
  if (format == "helm") {
    std::cerr << r.error;
  } else {
    print_diagnostics(r.diagnostics, render::parse_diagnostic_format(format));
  }
  return static_cast<int>(r.write_failed ? render::ExitCode::kIoError
                                         : render::ExitCode::kInvalidInput);
}

const CommandRegistration kRegistration({"render",
                                         "render a Helm chart offline, as helm template does",
                                         run});

}  // namespace
}  // namespace cli
