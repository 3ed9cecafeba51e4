// Helm charts rendered offline exactly as `helm template` (v4.1.4) renders them.
//
// The pipeline, in Helm's order:
//   load_chart        the chart directory or packaged chart (.tgz): Chart.yaml, values.yaml,
//                     values.schema.json, templates/, crds/, charts/<subchart>/ and
//                     charts/<subchart>.tgz, everything else as .Files (.helmignore honoured)
//   read_user_values  -f files, --set-json, --set, --set-string, --set-file, --set-literal
//   render_chart      dependencies enabled/imported, values coalesced and validated against the
//                     schemas, every template executed, documents split, sorted and printed
//
// Errors carry Helm's own message text, so that a caller can print what `helm template` prints.
// A chart is confined to its directory: no symlink that leaves it, no absolute or `..` names.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "render/diagnostic.hpp"
#include "render/value.hpp"

namespace render::chart {

// A file of a chart, named relative to the chart's root with '/' separators.
struct File {
  std::string name;
  std::string data;  // raw bytes, a leading UTF-8 BOM removed
};

struct Maintainer {
  std::string name, email, url;
};

// One entry of Chart.yaml `dependencies`.
struct Dependency {
  std::string name, version, repository, condition, alias;
  std::vector<std::string> tags;
  bool enabled = false;
  Value import_values;  // the raw `import-values` list (strings or {child, parent} maps)
};

// Chart.yaml. Every string field holds what Helm's typed decoding gives (YAML 1.1: `name: off`
// is "false", `appVersion: 1.10` is "1.1").
struct Metadata {
  std::string name, home, version, description, icon, api_version, condition, tags, app_version,
      kube_version, type;
  std::vector<std::string> sources, keywords;
  std::vector<Maintainer> maintainers;
  std::vector<std::pair<std::string, std::string>> annotations;  // sorted by key
  bool has_annotations = false;  // Chart.yaml sets them (else .Chart.Annotations is a nil map)
  std::vector<Dependency> dependencies;
  bool deprecated = false;
};

struct Chart {
  Metadata metadata;
  Value values;                     // values.yaml (documents merged), always a map
  std::string schema;               // values.schema.json
  bool has_schema = false;          // values.schema.json is there (an empty one fails: "EOF")
  std::vector<File> templates;      // names start with "templates/"
  std::vector<File> files;          // .Files: everything else (crds/ included, as in Helm)
  std::vector<Chart> dependencies;  // subcharts found under charts/, by directory name

  bool is_library() const { return metadata.type == "library"; }
};

// Limits that keep a hostile chart from exhausting the machine (E_LIMIT when exceeded).
struct LoadLimits {
  std::size_t max_files = 10000;             // files in the chart, subcharts included
  std::size_t max_file_bytes = 5u << 20;     // one file (Helm's own limit is 5 MiB)
  std::size_t max_total_bytes = 100u << 20;  // all files together
  int max_subchart_depth = 16;               // charts/x/charts/y/...
};

// Loads a chart directory as Helm's directory loader does, or a packaged chart (a .tgz file) as
// its archive loader does. Throws render::Error: E_IO (missing directory or unreadable file),
// E_UNSAFE_PATH (a symlink leaving the chart, a name with `..`), E_PARSE (Chart.yaml,
// values.yaml, a damaged archive), E_LIMIT. The diagnostic's message is Helm's error text.
Chart load_chart(const std::string& path, const LoadLimits& limits = {});

// Where user values come from, in the order Helm applies them.
struct ValueOptions {
  std::vector<std::string> value_files;  // -f/--values: YAML files, documents merged
  std::vector<std::string> set_json;     // --set-json a.b={"json":1}
  std::vector<std::string> set;          // --set a.b=c,list={1,2},x[0]=y (ints become int64)
  std::vector<std::string> set_string;   // --set-string: every value a string
  std::vector<std::string> set_file;     // --set-file key=path: the file's content
  std::vector<std::string> set_literal;  // --set-literal key=value: value taken verbatim
  // The files of -f and --set-file named as Helm names them: "-" (white space around it allowed)
  // is stdin, and anything else a URL first (a name net/url refuses fails with its error; one
  // Helm would download is refused). False: plain paths ("-" still stdin), for files the caller
  // named itself.
  bool names_as_urls = true;
};

// The merged user values. Throws render::Error (E_IO, E_PARSE) with Helm's message text
// ("open x.yaml: no such file or directory", "failed parsing --set data: ...").
Value read_user_values(const ValueOptions& options);

// Limits on what one render may produce (E_LIMIT when exceeded).
struct RenderLimits {
  std::size_t max_output_bytes = 64u << 20;   // rendered text, all templates together
  std::size_t max_templates = 20000;          // template files, subcharts included
  std::size_t max_template_bytes = 4u << 20;  // one template file's source
};

struct RenderOptions {
  std::string chart_dir;
  std::string release_name = "release-name";  // what `helm template CHART` uses
  std::string release_namespace = "default";
  std::string kube_version;               // e.g. "1.29" or "v1.29.3"; empty: v1.35.0
  std::vector<std::string> api_versions;  // added to the built-in group/versions
  bool is_upgrade = false;
  bool include_crds = false;
  bool skip_tests = false;
  bool no_hooks = false;
  bool skip_schema_validation = false;
  // Threads that execute template files (each file on one); 0: one per processor, or one for a
  // chart with few values (where another thread costs more than it saves). The output is the
  // same for any number: a chart whose files change data other files see is rendered file
  // after file, as Helm does.
  unsigned jobs = 0;
  // The caller exits once the render returns, as the command line does: the memory of the
  // chart, its values and the output is left for the process's exit to return, rather than freed
  // piece by piece (1.5 ms of a render at a thousand workloads). It stays reachable, so leak
  // checkers do not count it; each render made with it keeps its memory until the process ends.
  bool keep_memory = false;
  // Called while a large values file is read on another thread, by the thread that loads the
  // chart meanwhile, with about what reading the rest of the values takes of memory (six times
  // the files' size): an executable with an allocator of its own backs that memory ahead (the
  // command line's, see allocator/arena.hpp). At most once a render, and not when the values
  // were read before that thread was up; empty: nothing is called.
  std::function<void(std::size_t)> back_memory_ahead;
  std::vector<std::string> show_only;  // template paths relative to the chart ("templates/a.yaml")
  // helm template --debug: a failure while the templates render (a template's error, a document
  // that is not YAML, an incompatible kubeVersion) first prints what Helm prints then: after a
  // document that is not YAML every template's output as rendered, else a line break; see
  // write_rendered_files in chart/manifests.hpp. The error comes without Helm's hint to use
  // --debug. Nothing changes when the chart renders.
  bool debug = false;
  // --output-dir: every document is written into a file under this directory named by its
  // source (<chart>/templates/x.yaml), and the output lists the files ("wrote <file>"), as Helm
  // does; with use_release_name the manifests and hooks go under <output_dir>/<release>. Not
  // together with show_only (Helm writes every file and then fails).
  std::string output_dir;
  bool use_release_name = false;
  ValueOptions values;
  LoadLimits load_limits;
  RenderLimits render_limits;
};

// The namespace `helm template` falls back to when neither -n nor $HELM_NAMESPACE names one:
// the namespace of the kubeconfig's context, as client-go's loading rules find it.
struct KubeConfigSource {
  std::string explicit_path;  // --kubeconfig: this file alone, which must exist
  std::string env_paths;      // $KUBECONFIG: files separated by ':', missing ones skipped
  std::string home;           // $HOME: ~/.kube/config when neither of the above is set
  std::string context;        // --kube-context or $HELM_KUBECONTEXT; empty: current-context
};

// The context's namespace; empty when there is none, or when the files cannot be read as a
// kubeconfig, or the context is not there (Helm then uses "default"). Of several files the
// first to set current-context sets it, and the first to define a context name defines it.
std::string kubeconfig_namespace(const KubeConfigSource& source);

// What `helm template` would print. On failure `output` is empty and `error` holds Helm's
// stderr text ("Error: ...\n", followed by "\nUse --debug flag to render out invalid YAML\n"
// where Helm adds that hint); `diagnostics` classifies the failure (E_TEMPLATE, E_SCHEMA,
// E_PARSE, E_IO, E_LIMIT, E_UNSAFE_PATH). Helm exits 1 on every failure; gitops-render maps
// them to exit code 2 (kInvalidInput), or 3 (kIoError) for E_IO.
struct RenderResult {
  bool ok = false;
  bool write_failed = false;  // a file of output_dir could not be written (exit 3, not 2)
  std::string output;
  std::string error;
  std::vector<Diagnostic> diagnostics;
};

// Renders a chart directory exactly as `helm template RELEASE CHART_DIR ...` does.
RenderResult render_chart(const RenderOptions& options);

// Where rendered output goes, piece by piece and in order.
class OutputSink {
 public:
  virtual ~OutputSink() = default;
  virtual void write(std::string_view piece) = 0;
  // Many pieces at once, in order (the whole output, usually): a sink may hand them on together
  // instead of one by one. The pieces stay valid only during the call.
  virtual void write_pieces(std::span<const std::string_view> pieces) {
    for (std::string_view p : pieces) write(p);
  }
};

// `pieces` in groups for one write call each (writev): in order, at most `max_pieces` pieces and
// `max_bytes` bytes a group (both taken as at least 1), a piece that does not fit whole cut
// where its group ends; empty pieces left out.
std::vector<std::vector<std::string_view>> write_batches(std::span<const std::string_view> pieces,
                                                         std::size_t max_pieces,
                                                         std::size_t max_bytes);

// An OutputSink that collects the pieces.
struct StringSink final : OutputSink {
  std::string text;
  void write(std::string_view piece) override { text += piece; }
};

// render_chart, writing the output to `sink` (`output` of the result stays empty). The output is
// written only once the whole chart rendered: a failure writes nothing.
RenderResult render_chart(const RenderOptions& options, OutputSink& sink);

}  // namespace render::chart
