// From rendered template files to `helm template`'s output: documents split with Helm's regex,
// heads parsed, hooks told apart, a stable sort by kind, and the `# Source:` framing.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "render/chart.hpp"

namespace render::chart {

// Go's strings.TrimSpace: Unicode White_Space (\t \n \v \f \r space U+0085 U+00A0 U+1680
// U+2000-U+200A U+2028 U+2029 U+202F U+205F U+3000) removed from both ends.
std::string_view trim_space(std::string_view s);

// RE2's \s: [\t\n\f\r ] (the white space of the document separator's pattern).
inline bool is_re_space(char c) {
  return c == '\t' || c == '\n' || c == '\f' || c == '\r' || c == ' ';
}

// Where the first "\n---" at or after `from` starts in `s` (npos: none), as s.find("\n---", from).
std::size_t find_separator(std::string_view s, std::size_t from);

// releaseutil.SplitManifests: the trimmed text split on the RE2 regex `(?:^|\s*\n)---\s*`;
// pieces that are empty are dropped, the rest trimmed (a piece that only trims to "" is kept).
std::vector<std::string_view> split_manifests(std::string_view text);

// The parts of a document head Helm looks at.
struct ManifestHead {
  std::string kind;
  std::string name;
  bool has_hook = false;   // metadata.annotations["helm.sh/hook"] exists
  std::string hook_types;  // its value
};

// Parses a document's head as releaseutil.SimpleHead (YAML, scalars converted to strings,
// keys matched case-insensitively). False with Helm's message (what follows
// "YAML parse error on <file>: ") in `error`.
bool parse_manifest_head(std::string_view document, ManifestHead& head, std::string& error);

// A template's output after rendering (NOTES.txt already removed).
struct RenderedTemplate {
  std::string name;          // "<chart>/templates/<file>"
  std::string_view content;  // what it rendered to, owned by the caller
  // Set when the execution went on past a refused function (TemplateEngine::execute): printing
  // any of its documents, or failing to read one, is this error. Owned by the caller.
  const Error* refused = nullptr;
};

struct Manifest {
  std::string_view source;   // template name
  std::string_view content;  // the document text, trimmed
  std::string kind;
  bool is_test_hook = false;
  // The content is where append_framed put it: right after its frame, "---\n# Source: <source>\n",
  // and before a "\n", so the document as printed is one piece of memory.
  bool framed = false;
  int order = -1;                  // install_order(kind)
  const Error* refused = nullptr;  // its file's RenderedTemplate::refused
};

struct TemplateManifests;

// The documents in the order they are printed. They point into `files`, which holds them as
// they were split, file by file (in its parts, for a file read in parts): thousands of documents
// are put in order without being moved.
struct SortedManifests {
  std::vector<const Manifest*> manifests;
  std::vector<const Manifest*> hooks;
  std::vector<std::vector<TemplateManifests>> files;
};

// releaseutil.SortManifests with InstallOrder: files in byte order of their names, partials
// and blank outputs skipped, documents split, hooks with an unknown type dropped, manifests and
// hooks each stably sorted by kind. Throws E_TEMPLATE "YAML parse error on <file>: ..." (with
// the --debug hint) for a document whose head does not parse. The views point into `files`.
SortedManifests sort_manifests(const std::vector<RenderedTemplate>& files);

// The part of sort_manifests that reads one file and needs nothing of the others (so files may
// be split on several threads): its documents in order, manifests and hooks apart. Nothing for
// a partial or a blank output. Throws as sort_manifests does for this file.
struct TemplateManifests {
  std::vector<Manifest> manifests;
  std::vector<Manifest> hooks;
};
TemplateManifests split_template(const RenderedTemplate& file);
// Appends the documents of `split` (manifests, then hooks) to `out` as the output prints them,
// "---\n# Source: <source>\n<content>\n" each, and points their content at the copy (Manifest::
// framed). Documents printed one after the other from there are then one piece of the output:
// ten thousand pieces take a write call longer than a few of the same bytes (about 0.5 ms more
// for the benchmark's 5 MB at a thousand workloads). `out` must not move while they are printed.
void append_framed(std::string& out, TemplateManifests& split, std::string_view source);
// The rest: `split[i]` holds the documents of files[i], split_template(files[i]) or the same
// documents in several parts, in order.
SortedManifests sort_manifests(const std::vector<RenderedTemplate>& files,
                               std::vector<std::vector<TemplateManifests>> split);

// The position of a kind in Helm's install order; kinds not in the list give -1.
int install_order(std::string_view kind);
// Helm's install order: the kinds install_order() places.
std::span<const std::string_view> install_order_kinds();

// A file of --output-dir that could not be written (the caller's I/O failure, not the chart's).
struct OutputWriteError : Error {
  using Error::Error;
};

struct OutputOptions {
  bool no_hooks = false;
  bool skip_tests = false;
  std::vector<std::string> show_only;  // paths relative to the chart, `filepath.Match` patterns
  // --output-dir: each document goes into <output_dir>/<source> (CRDs) or
  // <manifest_dir>/<source> (manifests and hooks) instead of the sink, which gets "wrote <file>"
  // for each, as Helm prints. manifest_dir is output_dir, or output_dir/<release> with
  // --release-name.
  std::string output_dir, manifest_dir;
};

// A CRD file printed with --include-crds: "<chart path>/crds/<file>" and its raw bytes.
struct CrdFile {
  std::string name;
  std::string_view content;
};

// What `helm template` prints. Throws E_TEMPLATE "could not find template <p> in chart" when a
// --show-only path matches nothing.
// Writes what Helm prints for the sorted manifests to `sink`, piece by piece: nothing of the
// output is copied into a buffer of its own (except with show_only, which selects from it).
// Throws render::Error when a show_only pattern matches nothing (before anything is written), or
// E_IO when a file of output_dir cannot be written.
void assemble_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                     const OutputOptions& options, OutputSink& sink);
// The same into a string.
std::string assemble_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                            const OutputOptions& options);

// What `helm template --debug` prints when a document did not read as YAML (the error
// sort_manifests throws), before the error: every file as rendered (NOTES.txt and partials are
// not among `files`), framed "---\n# Source: <name>\n<text>\n" and left out when it is only
// white space, the whole trimmed and ended with a line break; with show_only, the documents of
// that text it selects, as assemble_output selects them. With no files (a failure before every
// file rendered) that is a line break alone. Helm goes over its files in the order of a Go map,
// which changes from run to run; here they come in the order given. Throws as assemble_output
// does, before anything is written, when a pattern matches nothing, and the refusal of a file
// that ran past a refused function and would be printed.
void write_rendered_files(const std::vector<RenderedTemplate>& files,
                          const std::vector<std::string>& show_only, OutputSink& sink);

}  // namespace render::chart
