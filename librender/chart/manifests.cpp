#include "chart/manifests.hpp"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <set>
#include <utility>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "chart/failure.hpp"
#include "chart/path_match.hpp"
#include "render/utf8.hpp"

namespace render::chart {

// What comes before each document of the output, its template's name then "\n" after it.
constexpr std::string_view kFrameStart = "---\n# Source: ";
namespace {

// A document as the output prints it, "---\n# Source: <source>\n<content>\n": its size, and
// appended to `out` (returning where its content starts there).
std::size_t framed_size(std::string_view source, std::string_view content) {
  return kFrameStart.size() + source.size() + 1 + content.size() + 1;
}
std::size_t append_document(std::string& out, std::string_view source, std::string_view content) {
  out.append(kFrameStart).append(source).push_back('\n');
  const std::size_t at = out.size();
  out.append(content).push_back('\n');
  return at;
}

constexpr std::array<std::string_view, 38> kInstallOrder = {"PriorityClass",
                                                            "Namespace",
                                                            "NetworkPolicy",
                                                            "ResourceQuota",
                                                            "LimitRange",
                                                            "PodSecurityPolicy",
                                                            "PodDisruptionBudget",
                                                            "ServiceAccount",
                                                            "Secret",
                                                            "SecretList",
                                                            "ConfigMap",
                                                            "StorageClass",
                                                            "PersistentVolume",
                                                            "PersistentVolumeClaim",
                                                            "CustomResourceDefinition",
                                                            "ClusterRole",
                                                            "ClusterRoleList",
                                                            "ClusterRoleBinding",
                                                            "ClusterRoleBindingList",
                                                            "Role",
                                                            "RoleList",
                                                            "RoleBinding",
                                                            "RoleBindingList",
                                                            "Service",
                                                            "DaemonSet",
                                                            "Pod",
                                                            "ReplicationController",
                                                            "ReplicaSet",
                                                            "Deployment",
                                                            "HorizontalPodAutoscaler",
                                                            "StatefulSet",
                                                            "Job",
                                                            "CronJob",
                                                            "IngressClass",
                                                            "Ingress",
                                                            "APIService",
                                                            "MutatingWebhookConfiguration",
                                                            "ValidatingWebhookConfiguration"};

constexpr std::array<std::string_view, 10> kHookEvents = {
    "pre-install",  "post-install", "pre-delete",    "post-delete", "pre-upgrade",
    "post-upgrade", "pre-rollback", "post-rollback", "test",        "test-success"};

// lessByKind: known kinds by install order, unknown kinds after them by name.
bool less_by_kind(const Manifest& a, const Manifest& b) {
  int ia = a.order, ib = b.order;
  if (ia < 0 && ib < 0) return a.kind < b.kind;
  if (ia < 0) return false;
  if (ib < 0) return true;
  return ia < ib;
}

std::string_view base_name(std::string_view path) {
  auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

std::string lower_trimmed(std::string_view s) {
  s = trim_space(s);
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 32);
  }
  return out;
}

}  // namespace

std::size_t find_separator(std::string_view s, std::size_t from) {
  std::size_t i = from;
#if defined(__SSE2__)
  // The three dashes of a separator hold a pair "--" an even distance from `from`: a 16-bit
  // compare finds such pairs, sixty-four bytes a test, and each one found is checked for the
  // line break and the third dash around it (find() stops at every line break, a call per line
  // of the output; pairs of dashes are rare).
  const char* p = s.data();
  const __m128i dashes = _mm_set1_epi16(0x2d2d);
  auto pairs = [&](std::size_t at) {
    return _mm_cmpeq_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + at)), dashes);
  };
  // The separator around the pair at `e`: "\n-" before it, or "\n" before and "-" after.
  auto around = [&](std::size_t e) {
    if (e == from) return std::string_view::npos;  // (e - 2 and e - 1 are before `from`)
    if (p[e - 2] == '\n' && p[e - 1] == '-') return e - 2;
    if (p[e - 1] == '\n' && s.size() - e > 2 && p[e + 2] == '-') return e - 1;
    return std::string_view::npos;
  };
  // The separator around the first pair of the sixteen bytes at `at` that has one.
  auto in_chunk = [&](std::size_t at) {
    // (A pair sets two bits; the first stands for it.)
    auto hits = static_cast<unsigned>(_mm_movemask_epi8(pairs(at))) & 0x5555u;
    for (; hits != 0; hits &= hits - 1) {
      std::size_t found = around(at + static_cast<std::size_t>(__builtin_ctz(hits)));
      if (found != std::string_view::npos) return found;
    }
    return std::string_view::npos;
  };
  for (; i <= s.size() && s.size() - i >= 64; i += 64) {
    __m128i any = _mm_or_si128(_mm_or_si128(pairs(i), pairs(i + 16)),
                               _mm_or_si128(pairs(i + 32), pairs(i + 48)));
    if (_mm_movemask_epi8(any) == 0) continue;
    for (std::size_t at = i; at < i + 64; at += 16) {
      if (std::size_t found = in_chunk(at); found != std::string_view::npos) return found;
    }
  }
  for (; i <= s.size() && s.size() - i >= 16; i += 16) {
    if (std::size_t found = in_chunk(i); found != std::string_view::npos) return found;
  }
  // The pairs from `i` on are unread: a separator from i - 2 on may hold one.
  if (i != from) i -= 2;
#endif
  return s.find("\n---", i);
}

std::string_view trim_space(std::string_view s) {
  // Most texts start and end with ASCII above the space, a code point of its own and none of
  // the white space: nothing to trim, nothing to decode.
  auto ascii_mark = [](char c) {
    auto u = static_cast<unsigned char>(c);
    return u > ' ' && u < 0x80;
  };
  if (!s.empty() && ascii_mark(s.front()) && ascii_mark(s.back())) return s;
  return go_trim_space(s);
}

std::vector<std::string_view> split_manifests(std::string_view text) {
  std::string_view s = trim_space(text);
  std::vector<std::string_view> pieces;
  std::size_t beg = 0, pos = 0;
  auto skip_ws = [&](std::size_t i) {
    while (i < s.size() && is_re_space(s[i])) ++i;
    return i;
  };
  if (s.substr(0, 3) == "---") {
    pieces.push_back(s.substr(0, 0));
    beg = pos = skip_ws(3);
  }
  for (;;) {
    // The next "\n---" at or after pos; the match starts where the whitespace run ending in
    // that newline starts.
    std::size_t q = find_separator(s, pos);
    if (q == std::string_view::npos) break;
    std::size_t a = q;
    while (a > pos && is_re_space(s[a - 1])) --a;
    pieces.push_back(s.substr(beg, a - beg));
    beg = pos = skip_ws(q + 4);
  }
  pieces.push_back(s.substr(beg));
  // The documents: the pieces that are not empty, trimmed, in place.
  std::size_t docs = 0;
  for (std::string_view p : pieces) {
    if (!p.empty()) pieces[docs++] = trim_space(p);
  }
  pieces.resize(docs);
  return pieces;
}

namespace {

// The slot of a kind in kOrderSlots: the length and the first and last letters tell the kinds of
// the install order apart, so one comparison finds a kind's place (there is one per document).
constexpr std::size_t order_slot(std::string_view kind) {
  return (kind.size() * 10 + static_cast<unsigned char>(kind.front()) +
          static_cast<unsigned char>(kind.back()) * 7) %
         128;
}

// The index in kInstallOrder of the kind in each slot, or -1.
constexpr std::array<signed char, 128> kOrderSlots = [] {
  std::array<signed char, 128> slots{};
  slots.fill(-1);
  for (std::size_t i = 0; i < kInstallOrder.size(); ++i) {
    signed char& slot = slots[order_slot(kInstallOrder[i])];
    if (slot >= 0) throw "two kinds of the install order share a slot";
    slot = static_cast<signed char>(i);
  }
  return slots;
}();

}  // namespace

std::span<const std::string_view> install_order_kinds() {
  return kInstallOrder;
}

int install_order(std::string_view kind) {
  if (kind.empty()) return -1;
  int i = kOrderSlots[order_slot(kind)];
  return i >= 0 && kInstallOrder[static_cast<std::size_t>(i)] == kind ? i : -1;
}

namespace {

// The indexes of `files` in byte order of the names.
std::vector<std::size_t> name_order(const std::vector<RenderedTemplate>& files) {
  std::vector<std::size_t> order(files.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return files[a].name < files[b].name; });
  return order;
}

}  // namespace

TemplateManifests split_template(const RenderedTemplate& file) {
  TemplateManifests out;
  if (base_name(file.name).substr(0, 1) == "_") return out;
  if (trim_space(file.content).empty()) return out;
  std::vector<std::string_view> docs = split_manifests(file.content);
  out.manifests.reserve(docs.size());
  for (std::string_view doc : docs) {
    ManifestHead head;
    std::string error;
    if (!parse_manifest_head(doc, head, error)) {
      // A stand-in for a refused function may be what broke it.
      if (file.refused != nullptr) throw *file.refused;
      fail(code::kTemplate, "YAML parse error on " + file.name + ": " + error, kDebugHint);
    }
    const int order = install_order(head.kind);
    Manifest m{file.name, doc, std::move(head.kind), false, false, order, file.refused};
    if (!head.has_hook) {
      out.manifests.push_back(std::move(m));
      continue;
    }
    bool unknown = false;
    std::string_view types = head.hook_types;
    while (true) {
      auto comma = types.find(',');
      std::string event = lower_trimmed(types.substr(0, comma));
      if (std::find(kHookEvents.begin(), kHookEvents.end(), event) == kHookEvents.end()) {
        unknown = true;  // Helm logs "skipping unknown hooks" and drops the document
        break;
      }
      if (event == "test" || event == "test-success") m.is_test_hook = true;
      if (comma == std::string_view::npos) break;
      types = types.substr(comma + 1);
    }
    if (!unknown) out.hooks.push_back(std::move(m));
  }
  return out;
}

void append_framed(std::string& out, TemplateManifests& split, std::string_view source) {
  std::size_t bytes = 0;
  for (const auto* list : {&split.manifests, &split.hooks}) {
    for (const Manifest& m : *list) {
      bytes += framed_size(source, m.content);
    }
  }
  out.reserve(out.size() + bytes);  // (no reallocation while the documents are copied)
  for (auto* list : {&split.manifests, &split.hooks}) {
    for (Manifest& m : *list) {
      const std::size_t at = append_document(out, source, m.content);
      m.content = std::string_view(out).substr(at, m.content.size());
      m.framed = true;
    }
  }
}

SortedManifests sort_manifests(const std::vector<RenderedTemplate>& files,
                               std::vector<std::vector<TemplateManifests>> split) {
  std::vector<std::size_t> order = name_order(files);
  SortedManifests out;
  out.files = std::move(split);  // (the documents stay where they are)
  std::size_t manifests = 0, hooks = 0;
  for (const auto& parts : out.files) {
    for (const TemplateManifests& t : parts) {
      manifests += t.manifests.size();
      hooks += t.hooks.size();
    }
  }
  auto by_kind = [](const Manifest* a, const Manifest* b) { return less_by_kind(*a, *b); };
  out.hooks.reserve(hooks);
  for (std::size_t i : order) {
    for (const TemplateManifests& t : out.files[i]) {
      for (const Manifest& h : t.hooks) out.hooks.push_back(&h);
    }
  }
  std::stable_sort(out.hooks.begin(), out.hooks.end(), by_kind);
  // The manifests, thousands in a large chart, by their kind's place in the install order,
  // counted into place (as a stable sort would put them); those of unknown kinds after them,
  // sorted by name.
  std::array<std::size_t, kInstallOrder.size() + 1> starts{};
  auto bucket = [](const Manifest& m) {
    return m.order < 0 ? kInstallOrder.size() : static_cast<std::size_t>(m.order);
  };
  for (const auto& parts : out.files) {
    for (const TemplateManifests& t : parts) {
      for (const Manifest& m : t.manifests) ++starts[bucket(m)];
    }
  }
  std::size_t at = 0;
  for (std::size_t& start : starts) at += std::exchange(start, at);
  out.manifests.resize(manifests);
  for (std::size_t i : order) {
    for (const TemplateManifests& t : out.files[i]) {
      for (const Manifest& m : t.manifests) out.manifests[starts[bucket(m)]++] = &m;
    }
  }
  std::stable_sort(out.manifests.begin() + static_cast<std::ptrdiff_t>(starts.end()[-2]),
                   out.manifests.end(), by_kind);
  return out;
}

SortedManifests sort_manifests(const std::vector<RenderedTemplate>& files) {
  // Each file is split as the names order them, so the first one that fails is reported.
  std::vector<std::size_t> order = name_order(files);
  std::vector<std::vector<TemplateManifests>> split(files.size());
  for (std::size_t i : order) split[i].push_back(split_template(files[i]));
  return sort_manifests(files, std::move(split));
}

namespace {

// The output as pieces: for each document "---\n# Source: <name>\n", its content and "\n". A
// writev call takes longer the more pieces it is given (5 MB of documents took 0.5 ms more to
// write to a file in five pieces a document than in two), so a document's frame is one piece,
// the "\n" that ends the document before it included: a run of documents is two pieces each,
// and one "\n" at its end. A framed document (append_framed) is one piece with its frame and
// its "\n", and joins the piece before it where that ends where it begins.
class Framer {
 public:
  explicit Framer(std::vector<std::string_view>& pieces) : pieces_(pieces) {}
  Framer(const Framer&) = delete;
  Framer& operator=(const Framer&) = delete;

  void add(std::string_view source, std::string_view content, bool framed = false) {
    const std::string_view frame = frame_of(source);
    if (!framed) {
      pieces_.push_back(open_ ? frame : frame.substr(1));
      pieces_.push_back(content);
      open_ = true;
      return;
    }
    close();
    const std::size_t before = frame.size() - 1;  // (the frame without its leading "\n")
    const std::string_view whole(content.data() - before, before + content.size() + 1);
    if (!pieces_.empty() && pieces_.back().data() + pieces_.back().size() == whole.data()) {
      pieces_.back() =
          std::string_view(pieces_.back().data(), pieces_.back().size() + whole.size());
    } else {
      pieces_.push_back(whole);
    }
  }
  // Ends the run: the last document's "\n".
  void close() {
    if (open_) pieces_.push_back("\n");
    open_ = false;
  }

 private:
  // "\n---\n# Source: <source>\n", made once per name (the documents of a file come one after
  // the other, and name it with one view).
  std::string_view frame_of(std::string_view source) {
    if (last_ != nullptr && source.data() == last_source_.data() &&
        source.size() == last_source_.size()) {
      return *last_;
    }
    auto it = frames_.find(source);
    if (it == frames_.end()) {
      it = frames_.emplace(source, "\n" + std::string(kFrameStart) + std::string(source) + "\n")
               .first;
    }
    last_source_ = source;
    last_ = &it->second;
    return *last_;
  }

  std::vector<std::string_view>& pieces_;
  std::map<std::string_view, std::string> frames_;  // (a node's string never moves)
  std::string_view last_source_;
  const std::string* last_ = nullptr;
  bool open_ = false;
};

// Helm trims the joined text of the CRDs and manifests of Unicode white space at both ends.
// Every piece ends in whole UTF-8 sequences, so the trim is done piece by piece.
void trim_pieces(std::vector<std::string_view>& pieces) {
  while (!pieces.empty()) {
    std::string_view t = trim_space(pieces.back());
    if (t.empty()) {
      pieces.pop_back();
      continue;
    }
    // Only the end: the leading white space of the last piece belongs inside the text.
    pieces.back() = pieces.back().substr(
        0, static_cast<std::size_t>(t.data() - pieces.back().data()) + t.size());
    break;
  }
  std::size_t first = 0;
  while (first < pieces.size()) {
    std::string_view t = trim_space(pieces[first]);
    if (t.empty()) {
      ++first;
      continue;
    }
    pieces[first] = pieces[first].substr(static_cast<std::size_t>(t.data() - pieces[first].data()));
    break;
  }
  pieces.erase(pieces.begin(), pieces.begin() + static_cast<std::ptrdiff_t>(first));
}

// The chart-relative path of a "# Source: <chart>/<path>" line, as the regex
// `# Source: [^/]+/(.+)` finds it in a document; false when there is none.
bool source_path(std::string_view doc, std::string_view& path) {
  static constexpr std::string_view kMarker = "# Source: ";
  std::size_t from = 0;
  while ((from = doc.find(kMarker, from)) != std::string_view::npos) {
    std::size_t i = from + kMarker.size();
    std::size_t line_end = doc.find('\n', i);
    std::string_view rest =
        doc.substr(i, line_end == std::string_view::npos ? std::string_view::npos : line_end - i);
    // [^/]+ is greedy and may cross nothing but non-'/' bytes (newlines included, but the
    // rest of the pattern needs the same line): take the first '/' after at least one byte.
    auto slash = rest.find('/');
    if (slash != std::string_view::npos && slash > 0 && slash + 1 < rest.size()) {
      path = rest.substr(slash + 1);
      return true;
    }
    from = i;
  }
  return false;
}

// --show-only: the documents of the output `out` whose source path a pattern matches, pattern
// after pattern (a document two patterns match comes twice, as in Helm). Throws E_TEMPLATE
// "could not find template <pattern> in chart" for a pattern that matches none.
std::vector<std::string_view> select_shown(std::string_view out,
                                           const std::vector<std::string>& show_only) {
  std::vector<std::string_view> docs = split_manifests(out);
  std::vector<std::string_view> selected;
  for (const auto& pattern : show_only) {
    bool missing = true;
    for (std::string_view doc : docs) {
      std::string_view path;
      if (!source_path(doc, path)) continue;
      if (path_match(pattern, path) != MatchResult::kMatch) continue;
      selected.push_back(doc);
      missing = false;
    }
    if (missing) fail(code::kTemplate, "could not find template " + pattern + " in chart");
  }
  return selected;
}

void write_selected(const std::vector<std::string_view>& selected, OutputSink& sink) {
  for (std::string_view doc : selected) {
    sink.write("---\n");
    sink.write(doc);
    sink.write("\n");
  }
}

// Whether --show-only prints the documents of the template named `source`: the patterns are
// matched against its path after the chart's name, as source_path reads it from the document's
// "# Source:" line.
bool shown(std::string_view source, const std::vector<std::string>& show_only) {
  auto slash = source.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  std::string_view path = source.substr(slash + 1);
  return std::any_of(show_only.begin(), show_only.end(),
                     [&](const auto& p) { return path_match(p, path) == MatchResult::kMatch; });
}

[[noreturn]] void write_failed(std::string message) {
  Diagnostic d;
  d.code = code::kIo;
  d.message = std::move(message);
  throw OutputWriteError(std::move(d));
}

// Helm's writeToFile: "---\n# Source: <name>\n<content>\n" into <dir>/<name>, appended to what
// the file holds when `append`, then "wrote <dir>/<name>" on the output.
void write_to_file(const std::string& dir, std::string_view name, std::string_view content,
                   bool append, OutputSink& sink) {
  std::string file = dir + "/" + std::string(name);
  std::error_code ec;
  std::filesystem::create_directories(std::filesystem::path(file).parent_path(), ec);
  if (ec)
    write_failed("mkdir " + std::filesystem::path(file).parent_path().string() + ": " +
                 ec.message());
  std::FILE* f = std::fopen(file.c_str(), append ? "ab" : "wb");
  if (!f) write_failed("open " + file + ": " + std::strerror(errno));
  std::string text;
  text.reserve(framed_size(name, content));
  append_document(text, name, content);
  bool ok = std::fwrite(text.data(), 1, text.size(), f) == text.size();
  ok = std::fclose(f) == 0 && ok;
  if (!ok) write_failed("write " + file + ": " + std::strerror(errno));
  sink.write("wrote " + file + "\n");
}

// --output-dir: what Helm's install action and template command write, in their order. A
// manifest's first document truncates its file and the others append; a hook appends to a file
// that exists already, even one from an earlier run, as Helm does.
void write_output_dir(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                      const OutputOptions& options, OutputSink& sink) {
  std::set<std::string_view> written;
  for (const auto& c : crds) {
    write_to_file(options.output_dir, c.name, c.content, !written.insert(c.name).second, sink);
  }
  written.clear();
  for (const Manifest* m : sorted.manifests) {
    write_to_file(options.manifest_dir, m->source, m->content, !written.insert(m->source).second,
                  sink);
  }
  if (!options.no_hooks) {
    for (const Manifest* h : sorted.hooks) {
      if (options.skip_tests && h->is_test_hook) continue;
      std::error_code ec;
      bool exists =
          std::filesystem::exists(options.manifest_dir + "/" + std::string(h->source), ec);
      write_to_file(options.manifest_dir, h->source, h->content, exists, sink);
    }
  }
  sink.write("\n");
}

// A document printed from a file that ran past a refused function (RenderedTemplate::refused)
// fails with that refusal, before anything is written. Documents the options leave out do not
// count: test hooks with --skip-tests, hooks with --no-hooks, files --show-only does not name.
void check_refusals(const SortedManifests& sorted, const OutputOptions& options) {
  auto printed = [&](const Manifest& m) {
    return options.show_only.empty() || shown(m.source, options.show_only);
  };
  for (const Manifest* m : sorted.manifests) {
    if (m->refused != nullptr && printed(*m)) throw *m->refused;
  }
  if (options.no_hooks) return;
  for (const Manifest* h : sorted.hooks) {
    if (options.skip_tests && h->is_test_hook) continue;
    if (h->refused != nullptr && printed(*h)) throw *h->refused;
  }
}

}  // namespace

void assemble_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                     const OutputOptions& options, OutputSink& sink) {
  // --show-only reports a template it cannot find first, as Helm would.
  if (options.show_only.empty()) check_refusals(sorted, options);
  if (!options.output_dir.empty()) return write_output_dir(sorted, crds, options, sink);
  std::vector<std::string_view> pieces;
  pieces.reserve(2 * (crds.size() + sorted.manifests.size() + sorted.hooks.size()) + 3);
  Framer framer(pieces);
  for (const auto& c : crds) framer.add(c.name, c.content);
  for (const Manifest* m : sorted.manifests) framer.add(m->source, m->content, m->framed);
  framer.close();
  trim_pieces(pieces);
  pieces.push_back("\n");
  if (!options.no_hooks) {
    for (const Manifest* h : sorted.hooks) {
      if (options.skip_tests && h->is_test_hook) continue;
      framer.add(h->source, h->content, h->framed);
    }
    framer.close();
  }
  if (options.show_only.empty()) {
    sink.write_pieces(pieces);
    return;
  }

  std::string out;
  for (std::string_view p : pieces) out += p;
  std::vector<std::string_view> selected = select_shown(out, options.show_only);
  check_refusals(sorted, options);
  write_selected(selected, sink);
}

void write_rendered_files(const std::vector<RenderedTemplate>& files,
                          const std::vector<std::string>& show_only, OutputSink& sink) {
  std::string text;
  for (const auto& f : files) {
    if (trim_space(f.content).empty()) continue;
    append_document(text, f.name, f.content);
  }
  std::string out(trim_space(text));
  out += '\n';
  std::vector<std::string_view> selected;
  if (!show_only.empty()) selected = select_shown(out, show_only);
  // A file printed that ran past a refused function: its text holds a stand-in, not Helm's.
  for (const auto& f : files) {
    if (f.refused == nullptr || trim_space(f.content).empty()) continue;
    if (show_only.empty() || shown(f.name, show_only)) throw *f.refused;
  }
  if (show_only.empty()) {
    sink.write(out);
  } else {
    write_selected(selected, sink);
  }
}

std::vector<std::vector<std::string_view>> write_batches(std::span<const std::string_view> pieces,
                                                         std::size_t max_pieces,
                                                         std::size_t max_bytes) {
  max_pieces = std::max<std::size_t>(max_pieces, 1);
  max_bytes = std::max<std::size_t>(max_bytes, 1);
  std::vector<std::vector<std::string_view>> batches;
  std::size_t bytes = max_bytes;  // in the last batch (none yet: full)
  for (std::string_view rest : pieces) {
    while (!rest.empty()) {
      if (bytes == max_bytes || batches.back().size() == max_pieces) {
        batches.emplace_back();
        bytes = 0;
      }
      const std::size_t take = std::min(rest.size(), max_bytes - bytes);
      batches.back().push_back(rest.substr(0, take));
      bytes += take;
      rest.remove_prefix(take);
    }
  }
  return batches;
}

std::string assemble_output(const SortedManifests& sorted, const std::vector<CrdFile>& crds,
                            const OutputOptions& options) {
  StringSink sink;
  assemble_output(sorted, crds, options, sink);
  return std::move(sink.text);
}

}  // namespace render::chart
