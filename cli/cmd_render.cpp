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
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <span>
#include <vector>

#include <sys/uio.h>
#include <unistd.h>

#include "command.hpp"
#include "common.hpp"
#include "render/chart.hpp"

namespace cli {
namespace {

// pflag's StringSlice: each occurrence may hold several comma-separated values.
std::vector<std::string> split_commas(const std::vector<std::string>& values) {
  std::vector<std::string> out;
  for (const auto& v : values) {
    std::size_t start = 0;
    for (;;) {
      auto comma = v.find(',', start);
      out.push_back(
          v.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  }
  return out;
}

// The output goes to stdout as it is assembled. Single pieces go through a buffer of 64 KiB
// (stdio's default for a pipe is a few KiB: a thousand write calls for 5 MB of manifests); the
// whole output, handed over at once, is written straight from where it was rendered, a thousand
// pieces per writev call, without being copied into the buffer first.
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
    if (std::fflush(stdout) != 0) error = errno != 0 ? errno : EIO;
    std::vector<iovec> batch;
    batch.reserve(kBatch);
    for (std::size_t i = 0; i < pieces.size() && error == 0;) {
      batch.clear();
      for (; i < pieces.size() && batch.size() < kBatch; ++i) {
        if (pieces[i].empty()) continue;
        batch.push_back(iovec{const_cast<char*>(pieces[i].data()), pieces[i].size()});
      }
      write_all(batch);
    }
  }

 private:
  static constexpr std::size_t kBatch = 1024;  // IOV_MAX on Linux
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
  std::vector<std::string> positional_args, value_files, api_versions;
  std::string chart, release, format;
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
      "namespace,n", po::value(&o.release_namespace)->default_value("default"),
      "release namespace")("kube-version", po::value(&o.kube_version),
                           "Kubernetes version for .Capabilities (default v1.35.0)")(
      "api-versions,a", po::value(&api_versions)->composing(),
      "extra API versions for .Capabilities")("show-only,s", po::value(&o.show_only)->composing(),
                                              "only print the output of these templates")(
      "include-crds", po::bool_switch(&o.include_crds), "print the chart's crds/ files first")(
      "skip-crds", po::bool_switch(),
      "accepted for helm compatibility (CRDs print only with --include-crds)")(
      "skip-tests", po::bool_switch(&o.skip_tests), "leave out test hooks")(
      "no-hooks", po::bool_switch(&o.no_hooks), "leave out all hooks")(
      "is-upgrade", po::bool_switch(&o.is_upgrade), "set .Release.IsUpgrade instead of IsInstall")(
      "skip-schema-validation", po::bool_switch(&o.skip_schema_validation),
      "do not validate values.schema.json")(
      "output-dir", po::value(&o.output_dir),
      "write each template's documents to a file under this directory (named by its source, as "
      "helm does) and list the files written")(
      "release-name", po::bool_switch(&o.use_release_name),
      "with --output-dir: put the manifests under <output-dir>/<release>")(
      "jobs", po::value(&o.jobs)->default_value(0),
      "threads executing template files (0: one per "
      "processor, one for a chart with few values; the "
      "output is the same)")("format", po::value(&format)->default_value("helm"),
                             "error format: helm (Helm's stderr text), text, json or github")(
      "args", po::value(&positional_args), "[NAME] CHART");
  po::positional_options_description positional;
  positional.add("args", -1);
  po::variables_map vm;
  int code = 0;
  if (!parse_options(
          "render",
          "[NAME] CHART [options]   (or --chart CHART)\n\n"
          "Renders a Helm chart (a directory or a packaged .tgz) offline and prints what\n"
          "`helm template NAME CHART` prints, byte for byte. Errors print Helm's message;\n"
          "the exit code is 2 for every failure (helm uses 1).",
          options, &positional, args, vm, &code)) {
    return code;
  }
  if (positional_args.size() > 2 || (!chart.empty() && positional_args.size() > 1)) {
    std::cerr << "gitops-render render: too many arguments\n";
    return 2;
  }
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
  if (!release.empty()) o.release_name = release;
  o.values.value_files = split_commas(value_files);
  o.api_versions = split_commas(api_versions);

  // The process ends after this one render: its memory is left to the exit to return.
  o.keep_memory = true;
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
