// render_chart: `helm template` from chart directory to printed manifests, step for step.
#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <cstdint>
#include <deque>
#include <exception>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <span>
#include <stdexcept>
#include <tuple>

#include "chart/capabilities.hpp"
#include "chart/coalesce.hpp"
#include "chart/dependencies.hpp"
#include "chart/engine.hpp"
#include "chart/failure.hpp"
#include "chart/files_object.hpp"
#include "chart/manifests.hpp"
#include "chart/metadata.hpp"
#include "chart/output_pages.hpp"
#include "chart/pipeline.hpp"
#include "chart/values_schema.hpp"
#include "render/chart.hpp"
#include "render/go_path.hpp"
#include "render/go_quote.hpp"
#include "render/guards.hpp"
#include "render/threads.hpp"
#include "template/functions/semver.hpp"
#include "template/functions/value_text.hpp"

namespace render::chart {
namespace {

struct TemplateEntry {
  std::string name;       // "<chart path>/templates/<file>"
  std::string_view text;  // the file's source, owned by the Chart
  Value data;             // the chart's root object (shared by its files)
  std::string base_path;  // "<chart path>/templates"
};

bool is_partial(std::string_view name) {
  auto slash = name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  return !base.empty() && base[0] == '_';
}

// The template files of `c` that are rendered (of a library chart only the partials, which
// define templates), each with its full name under `path`.
template <typename Visit>
void for_each_template_file(const Chart& c, const std::string& path, const Visit& visit) {
  for (const auto& t : c.templates) {
    if (c.is_library() && !is_partial(t.name)) continue;
    visit(path + "/" + t.name, t);
  }
}

// Helm's recAllTpls: the root object of `c` and, recursively, of its subcharts; every template
// file with the object it is executed with.
Value collect_templates(const Chart& c, const std::string& path, bool is_root, const Value& parent,
                        std::vector<TemplateEntry>& out) {
  const Map& p = parent.as_map();
  Map next;
  next["Chart"] = metadata_value(c.metadata, is_root);
  next["Files"] = files_value(c.files);
  next["Release"] = p.at("Release");
  next["Capabilities"] = p.at("Capabilities");
  if (is_root) {
    next["Values"] = p.at("Values");
  } else {
    const Value* table = table_at(parent, "Values." + c.metadata.name);
    next["Values"] = (table ? *table : Value::map()).as_chart_values();
  }
  Value subcharts = Value::map();
  next["Subcharts"] = subcharts;
  Value self = Value::map(std::move(next));
  for (const auto& dep : c.dependencies) {
    subcharts.mutable_map()[dep.metadata.name] =
        collect_templates(dep, path + "/charts/" + dep.metadata.name, false, self, out);
  }
  for_each_template_file(c, path, [&](std::string name, const File& t) {
    out.push_back(TemplateEntry{std::move(name), t.data, self, path + "/templates"});
  });
  return self;
}

// Parses the root chart's templates ahead (TemplateEngine::prepare), under the names
// collect_templates gives them. (Not its subcharts': processing the dependencies may drop one.)
void prepare_templates(const Chart& c, TemplateEngine& engine) {
  for_each_template_file(c, c.metadata.name, [&](const std::string& name, const File& t) {
    engine.prepare(name, t.data);
  });
}

// Helm keeps the templates in a map by their full names: of several with one name (an entry
// repeated in a chart archive, two subcharts of one name) the last collected replaces the others.
void drop_replaced_templates(std::vector<TemplateEntry>& entries) {
  std::set<std::string_view> seen;
  std::vector<bool> replaced(entries.size(), false);
  for (std::size_t i = entries.size(); i-- > 0;) {
    replaced[i] = !seen.insert(entries[i].name).second;
  }
  std::size_t kept = 0;
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (replaced[i]) continue;
    if (kept != i) entries[kept] = std::move(entries[i]);
    ++kept;
  }
  entries.resize(kept);
}

void collect_crds(const Chart& c, const std::string& path, std::vector<CrdFile>& out) {
  for (const auto& f : c.files) {
    if (f.name.compare(0, 5, "crds/") != 0) continue;
    // hasManifestExtension: .yaml, .yml or .json in any case.
    auto dot = f.name.rfind('.');
    std::string ext = dot == std::string::npos ? "" : f.name.substr(dot);
    for (char& ch : ext) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    if (ext != ".yaml" && ext != ".yml" && ext != ".json") continue;
    out.push_back(CrdFile{path + "/" + f.name, f.data});
  }
  for (const auto& dep : c.dependencies)
    collect_crds(dep, path + "/charts/" + dep.metadata.name, out);
}

// Helm's template order: more '/' first, then descending byte order.
bool template_order(const TemplateEntry& a, const TemplateEntry& b) {
  auto ca = std::count(a.name.begin(), a.name.end(), '/');
  auto cb = std::count(b.name.begin(), b.name.end(), '/');
  if (ca != cb) return ca > cb;
  return a.name > b.name;
}

Value template_object(const TemplateEntry& e) {
  Map tmpl;
  tmpl["BasePath"] = Value::string(e.base_path);
  tmpl["Name"] = Value::string(e.name);
  return Value::map(std::move(tmpl)).as_chart_values();  // chartutil.Values in Helm
}

// ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, at most 53 characters.
bool valid_release_name(const std::string& name) {
  if (name.empty() || name.size() > 53) return false;
  std::size_t start = 0;
  for (;;) {
    auto dot = name.find('.', start);
    std::string_view label = std::string_view(name).substr(
        start, dot == std::string::npos ? std::string::npos : dot - start);
    auto alnum = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (label.empty() || !alnum(label.front()) || !alnum(label.back())) return false;
    for (char c : label) {
      if (!alnum(c) && c != '-') return false;
    }
    if (dot == std::string::npos) return true;
    start = dot + 1;
  }
}

std::string go_type_of(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kString:
      return "string";
    case Value::Kind::kBool:
      return "bool";
    case Value::Kind::kFloat:
      return "float64";
    case Value::Kind::kInt64:
      return "int64";
    case Value::Kind::kInt:
      return "int";
    case Value::Kind::kList:
      return "[]interface {}";
    default:
      return std::string(v.type_name());
  }
}

// ValidateAgainstSchema: the chart's schema against its values, then each subchart's against
// the values for it. Returns the text after Helm's "...in the following chart(s):\n".
std::string schema_errors(const Chart& c, const Value& values) {
  std::string out;
  if (c.has_schema) {
    ValuesSchema schema;
    std::string error;
    if (!schema.compile(c.schema, error)) {
      out += c.metadata.name + ":\n" + error;
    } else if (std::string found = schema.validate(values); !found.empty()) {
      out += c.metadata.name + ":\n" + found + "\n";
    }
  }
  for (const auto& dep : c.dependencies) {
    auto it = values.as_map().find(dep.metadata.name);
    if (it == values.as_map().end() || it->second.is_nil()) continue;
    if (!it->second.is_map()) {
      out += dep.metadata.name + ":\ninvalid type for values: expected object (map), got " +
             go_type_of(it->second) + "\n";
      continue;
    }
    out += schema_errors(dep, it->second);
  }
  return out;
}

void check_dependencies_present(const Chart& c) {
  std::vector<std::string> missing;
  for (const auto& req : c.metadata.dependencies) {
    bool found = std::any_of(c.dependencies.begin(), c.dependencies.end(),
                             [&](const Chart& d) { return d.metadata.name == req.name; });
    if (!found) missing.push_back(req.name);
  }
  if (missing.empty()) return;
  std::string list;
  for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
  fail(code::kParse,
       "an error occurred while checking for chart dependencies. You may need to run `helm "
       "dependency build` to fetch missing dependencies: found in Chart.yaml, but missing in "
       "charts/ directory: " +
           list);
}

KubeVersion kube_version_of(const RenderOptions& o) {
  if (o.kube_version.empty()) return default_kube_version();
  KubeVersion kv;
  std::string error;
  if (!parse_kube_version(o.kube_version, kv, error)) {
    fail(code::kParse, "invalid kube version '" + o.kube_version + "': " + error);
  }
  return kv;
}

// A buffer of `size` bytes reserved in small pages throughout (page_output_buffer), its first
// page too: the string writes its terminator there as it is made, which is done with the
// process's huge pages off (see in_small_pages). The pages are backed as they are written, or
// ahead of the writes by BackedAhead.
std::string paged_buffer(std::size_t size) {
  std::string text;
  in_small_pages([&] { text.reserve(size); });
  page_output_buffer(text.data(), text.capacity());
  return text;
}

// The buffer templates execute into, reserved up front for as much as the output limit allows
// (at most kReservedOutput): the kernel backs its pages only as they are written, so the
// reservation costs address space, and the text is never copied as it grows. In small pages
// (see output_pages.hpp): right after a large process has exited, a huge page is often one the
// host has to find afresh, 5 ms or more to touch here, and a thousand workloads' output took
// two of them.
std::string output_buffer(const RenderLimits& limits) {
  static constexpr std::size_t kReservedOutput = 64u << 20;
  return paged_buffer(std::min(limits.max_output_bytes, kReservedOutput));
}

// One thread's output buffer, alone on its cache line: the string's size changes with every
// piece written, and two threads' sizes sharing a line pass the line back and forth between
// their processors at every write (3% of the benchmark's time at a thousand workloads).
// `executed` is where execute_concurrently executes a part before its documents are copied to
// `text` as they are printed (scratch_buffer).
struct alignas(64) ThreadOutput {
  std::string text;
  BackedAhead backed;
  std::string executed;
};

// A buffer for one part of a file at a time, reused. Reserved as large as the allocator's runs
// of their own are (2 MiB: away from the pages of its small blocks, as the output buffers are)
// and in small pages, so that what the parts touch of it (tens of kilobytes) is all the memory
// it costs.
std::string scratch_buffer() {
  static constexpr std::size_t kScratch = 2u << 20;
  return paged_buffer(kScratch);
}

// Keeps `object` until the process ends, never freed (RenderOptions::keep_memory): one global
// list, itself never freed, holds everything kept, so it stays reachable.
void hold_until_exit(std::shared_ptr<void> object) {
  static std::mutex mutex;
  static auto* held = new std::vector<std::shared_ptr<void>>();
  std::lock_guard<std::mutex> lock(mutex);
  held->push_back(std::move(object));
}
template <typename T>
void keep_until_exit(T object) {
  hold_until_exit(std::make_shared<T>(std::move(object)));
}

bool is_notes(const std::string& name) {
  return name.size() >= 9 && name.compare(name.size() - 9, 9, "NOTES.txt") == 0;
}

[[noreturn]] void output_too_large(const RenderLimits& limits, const std::string& name) {
  fail(code::kLimit, "the rendered output is larger than " +
                         std::to_string(limits.max_output_bytes) + " bytes (the limit), at " +
                         name);
}

// Helm's loop: the files one after the other, each seeing its own name as .Template on the
// root object of its chart, all appended to `out`'s text. NOTES.txt files are executed and
// dropped. A file that ran past a refused function gets its error, kept in `refusals`.
std::vector<RenderedTemplate> execute_in_order(const std::vector<TemplateEntry>& entries,
                                               TemplateEngine& engine, const RenderLimits& limits,
                                               ThreadOutput& out, std::deque<Error>& refusals) {
  std::string& text = out.text;
  struct Done {
    const TemplateEntry* entry;
    std::size_t end;  // the file's end in text
    const Error* refused;
  };
  std::vector<Done> done;
  done.reserve(entries.size());
  for (const auto& e : entries) {
    if (is_partial(e.name)) continue;
    e.data.mutable_map()["Template"] = template_object(e);
    std::size_t start = text.size();
    out.backed.before_part(text);
    std::optional<Error> refused = engine.execute(e.name, e.data.as_chart_values(), text);
    tmpl::erase_no_value(text, start);
    out.backed.after_part(text.size() - start);
    if (text.size() > limits.max_output_bytes) output_too_large(limits, e.name);
    if (is_notes(e.name)) {  // never printed: a refusal there does not matter
      text.resize(start);
      continue;
    }
    if (refused) refusals.push_back(std::move(*refused));
    done.push_back(Done{&e, text.size(), refused ? &refusals.back() : nullptr});
  }
  std::vector<RenderedTemplate> rendered;
  rendered.reserve(done.size());
  std::size_t start = 0;
  for (const Done& d : done) {
    rendered.push_back(RenderedTemplate{
        d.entry->name, std::string_view(text).substr(start, d.end - start), d.refused});
    start = d.end;
  }
  return rendered;
}

// A file's root object as Helm's loop shows it to that file: .Template on it and on the roots
// of subcharts (reached through .Subcharts) is the one the last file executed with that root
// set. `current` holds those, by root. The copy is shallow: values, files and the rest are the
// same objects.
Value root_as_seen(const Value& root, const std::map<const Map*, Value>& current) {
  Map m = root.as_map();
  if (auto it = current.find(&root.as_map()); it != current.end()) m["Template"] = it->second;
  if (auto subs = m.find("Subcharts"); subs != m.end()) {
    Map seen;
    for (const auto& [name, sub] : subs->second.as_map()) seen[name] = root_as_seen(sub, current);
    subs->second = Value::map(std::move(seen));
  }
  return Value::map(std::move(m));
}

// A file made of one range (see TemplateEngine::part_items) runs in parts when it has at least
// kItemsForParts iterations. Its parts follow guided self-scheduling: each takes 1/(2 * threads)
// of the iterations left, at least kLeastPartItems and at most kMostPartItems. The last parts
// are small, so that when one thread is done, what the other has left is little, however their
// speeds differ: with parts of fixed sizes, one thread of the benchmark chart's two was left
// alone for 1.5 ms at the end (the mean of 25 runs at a thousand workloads, where one processor
// ran slower than the other), 0.15 ms this way. Small parts also keep a thread's memory small
// (what its memo keeps for a part's items goes when the part is done): the next part reuses it
// instead of touching fresh pages.
constexpr std::size_t kItemsForParts = 128;
constexpr std::size_t kLeastPartItems = 16;
constexpr std::size_t kMostPartItems = 64;

// Where the parts of `items` iterations begin, and their end: 0, ..., items.
std::vector<std::size_t> part_bounds(std::size_t items, unsigned threads) {
  std::vector<std::size_t> bounds{0};
  while (bounds.back() < items) {
    const std::size_t left = items - bounds.back();
    bounds.push_back(bounds.back() + std::min({left, kMostPartItems,
                                               std::max(kLeastPartItems, left / (2 * threads))}));
  }
  return bounds;
}

// Whether the documents of a file's parts, read part by part, are those of the file's whole
// text. They are when, where two parts with text meet (parts of white space alone count as
// none), the later begins with a separator: white space ending in a line break, then "---"; and
// all white space between the two is of the kind the separator's pattern takes in (RE2's \s),
// so that the earlier part's last document ends where it would in the whole. Both hold when
// every iteration prints one document beginning with "---", as charts that make an object per
// item do. (Nor can "<no value>" then span two parts: each part had it erased alone.) A part's
// text is only kept as its documents, so what this needs of it is noted first (PartEdges).
bool regex_spaces(std::string_view text) {
  return std::all_of(text.begin(), text.end(), is_re_space);
}
struct PartEdges {
  bool blank = false;         // white space alone
  bool regex_blank = false;   // blank, and all of it RE2's \s
  bool opens = false;         // begins with a separator
  bool regex_closed = false;  // the white space after its last text is all RE2's \s
};
PartEdges edges_of(std::string_view text) {
  PartEdges e;
  const std::string_view trimmed = trim_space(text);
  if (trimmed.empty()) {
    e.blank = true;
    e.regex_blank = regex_spaces(text);
    return e;
  }
  const std::size_t end = static_cast<std::size_t>(trimmed.data() - text.data()) + trimmed.size();
  e.regex_closed = regex_spaces(text.substr(end));
  std::size_t k = 0;
  while (k < text.size() && is_re_space(text[k])) ++k;
  e.opens = k != 0 && text[k - 1] == '\n' && text.substr(k, 3) == "---";
  return e;
}
template <typename Part>
bool parts_join_as_whole(const std::vector<Part*>& parts) {
  const PartEdges* before = nullptr;  // those of the last part with text so far
  for (const Part* p : parts) {
    if (p->edges.blank) {
      if (!p->edges.regex_blank) return false;
      continue;
    }
    if (before != nullptr && (!before->regex_closed || !p->edges.opens)) return false;
    before = &p->edges;
  }
  return true;
}

// The same as execute_in_order followed by sort_manifests, with the files executed and their
// documents read on several threads, when the engine allows it and there is more than one file.
// The data is frozen meanwhile. The result is used only when every file rendered and nothing
// was different from Helm's loop: false (and nothing kept) when a file failed, when one tried
// to change data that other files see (set on .Values, say: later files must see the change),
// or when the output went over the limit; the caller then renders in order, which gives the
// same output or Helm's error.
bool execute_concurrently(const std::vector<TemplateEntry>& entries, TemplateEngine& engine,
                          const RenderLimits& limits, unsigned jobs, bool keep_frozen,
                          std::vector<ThreadOutput>& buffers, std::vector<ThreadOutput>& reserved,
                          WhileWaiting* backing, std::vector<RenderedTemplate>& rendered,
                          SortedManifests& sorted) {
  struct Job {
    const TemplateEntry* entry;
    Value data;
  };
  std::size_t files = 0;
  for (const auto& e : entries) files += is_partial(e.name) ? 0 : 1;
  unsigned threads = jobs != 0 ? jobs : processors();
  if (threads < 2 || files == 0) return false;
  std::vector<Job> run;
  std::map<const Map*, Value> current;
  for (const auto& e : entries) {
    if (is_partial(e.name)) continue;
    current[&e.data.as_map()] = template_object(e);
    run.push_back(Job{&e, root_as_seen(e.data, current).as_chart_values()});
  }
  // (A lone file runs on several threads only in parts.)
  if (files == 1 && engine.part_items(run[0].entry->name, run[0].data) < kItemsForParts) {
    return false;
  }
  if (!engine.freeze()) return false;
  std::size_t shared = 0;
  for (const Job& j : run) shared += j.data.freeze();
  struct Thaw {
    TemplateEngine& engine;
    const std::vector<Job>& run;
    bool values = true;  // false: the values stay frozen (keep_frozen, after a success)
    ~Thaw() {
      if (values) {
        for (const Job& j : run) j.data.thaw();
      }
      engine.thaw();
    }
  } thaw{engine, run};
  // Another thread costs about a millisecond (its start, its first pages of memory), which a
  // small chart does not win back: left to choose, a chart with few values renders on one. On
  // the benchmark chart two threads break even at about 200 workloads (6000 values).
  static constexpr std::size_t kFewValues = 4096;
  if (jobs == 0 && shared < kFewValues) return false;

  // What is run: parts of files, each the whole file or, for a file made of one range (see
  // TemplateEngine::part_items), some of its iterations. A unit of work is a whole file, or the
  // k-th part of every file run in parts: on one thread, the files of a unit then go over the
  // same items one after the other, and what one included for an item the others find in the
  // thread's memo. The units balance the threads too: no file is a long job on its own.
  struct Part {
    std::size_t job;
    std::size_t first = 0, last = 0, items = 0;  // iterations [first, last) of items; 0: whole
    unsigned thread = 0;
    std::size_t begin = 0, end = 0;  // its documents as printed, in the thread's buffer
    std::size_t executed = 0;        // the size of its text
    PartEdges edges;
    TemplateManifests split;
    bool unreadable = false;  // a part whose documents did not read (alone, at least)
  };
  std::vector<Part> parts;
  std::vector<std::vector<std::size_t>> units;
  std::vector<std::size_t> cost;
  // The files in parts share one schedule, made for the one with the most iterations: part k of
  // each file is the same share of its iterations (the same items, when they have as many).
  std::vector<std::size_t> items(run.size());
  std::size_t most = 0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    items[i] =
        is_notes(run[i].entry->name) ? 0 : engine.part_items(run[i].entry->name, run[i].data);
    if (items[i] < kItemsForParts) items[i] = 0;
    most = std::max(most, items[i]);
  }
  const std::vector<std::size_t> bounds = part_bounds(most, threads);
  std::vector<std::vector<std::size_t>> grouped(bounds.size() - 1);  // part k of every file
  std::vector<std::size_t> group_cost(grouped.size());
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (items[i] == 0) {
      units.push_back({parts.size()});
      cost.push_back(run[i].entry->text.size());
      parts.push_back(Part{i, 0, 0, 0, 0, 0, 0, 0, {}, {}, false});
      continue;
    }
    for (std::size_t k = 0; k + 1 < bounds.size(); ++k) {
      const std::size_t first = items[i] * bounds[k] / most;
      const std::size_t last = items[i] * bounds[k + 1] / most;
      if (first == last) continue;
      grouped[k].push_back(parts.size());
      group_cost[k] += run[i].entry->text.size() * (last - first) / items[i];
      parts.push_back(Part{i, first, last, items[i], 0, 0, 0, 0, {}, {}, false});
    }
  }
  for (std::size_t k = 0; k < grouped.size(); ++k) {
    units.push_back(std::move(grouped[k]));
    cost.push_back(group_cost[k]);
  }
  threads = static_cast<unsigned>(std::min<std::size_t>(threads, units.size()));
  if (threads < 2) return false;
  buffers.clear();
  if (backing != nullptr) backing->stop();  // (before the buffers it backs are taken)
  for (unsigned t = 0; t < threads; ++t) {
    buffers.push_back(t < reserved.size()
                          ? std::move(reserved[t])
                          : ThreadOutput{output_buffer(limits), {}, scratch_buffer()});
  }
  std::vector<const char*> starts;  // where each buffer's text starts while nothing moved it
  for (const auto& b : buffers) starts.push_back(b.text.data());
  // What the files a thread runs share (made on that thread, when it starts its first file);
  // declared after `thaw`, so gone before the data is thawed.
  std::vector<Value> file_roots;
  file_roots.reserve(run.size());
  for (const Job& j : run) file_roots.push_back(j.data);
  std::vector<std::unique_ptr<TemplateEngine::Shared>> thread_shares(threads);
  // A part executes into its thread's scratch buffer; its documents are read there, while the
  // text is in the cache, and copied to the thread's output buffer as they are printed
  // (append_framed), where they point from then on. The output buffer must not move from then
  // on (it only can past its reservation).
  bool ok = run_on_threads(units.size(), threads, cost, [&](std::size_t u, unsigned thread) {
    ThreadOutput& buffer = buffers[thread];
    std::string& out = buffer.text;
    std::string& text = buffer.executed;
    auto& share = thread_shares[thread];
    if (share == nullptr) share = engine.share(file_roots);
    if (share != nullptr && units[u].size() > 1) share->next_items();
    for (std::size_t p : units[u]) {
      Part& part = parts[p];
      const Job& j = run[part.job];
      part.thread = thread;
      text.clear();
      // A refusal the execution went past: rare, and handled by the loop in order.
      std::optional<Error> refused =
          part.items == 0 ? engine.execute_shared(j.entry->name, j.data, text, share.get())
                          : engine.execute_part(j.entry->name, j.data, text, share.get(),
                                                part.first, part.last, part.items);
      if (refused) throw std::runtime_error("refused function");
      tmpl::erase_no_value(text, 0);
      part.executed = text.size();
      // Helm's loop counts a NOTES.txt file against the limit before dropping it.
      if (part.executed > limits.max_output_bytes) output_too_large(limits, j.entry->name);
      part.edges = edges_of(text);
      part.begin = part.end = out.size();
      if (is_notes(j.entry->name)) continue;
      // (Their source views a name that dies here: it is pointed at the lasting one below.)
      RenderedTemplate rendered_part{j.entry->name, text};
      if (part.items == 0) {
        part.split = split_template(rendered_part);
      } else {
        // (Read alone, a part may begin inside a document: the file then runs whole below.)
        try {
          part.split = split_template(rendered_part);
        } catch (const Error&) {
          part.unreadable = true;
          continue;
        }
      }
      buffer.backed.before_part(out);
      append_framed(out, part.split, j.entry->name);
      part.end = out.size();
      buffer.backed.after_part(part.end - part.begin);
    }
  });
  if (!ok) return false;
  // The parts of a file, in order (they were made in order).
  std::vector<std::vector<Part*>> of_job(run.size());
  for (Part& p : parts) of_job[p.job].push_back(&p);
  // A file whose parts' documents are not those of its whole text runs again, whole, here.
  std::vector<std::unique_ptr<Part>> again;
  for (std::size_t i = 0; i < run.size(); ++i) {
    if (of_job[i].size() < 2 || (parts_join_as_whole(of_job[i]) &&
                                 std::none_of(of_job[i].begin(), of_job[i].end(),
                                              [](const Part* p) { return p->unreadable; }))) {
      continue;
    }
    Part& whole =
        *again.emplace_back(std::make_unique<Part>(Part{i, 0, 0, 0, 0, 0, 0, 0, {}, {}, false}));
    std::string& out = buffers[0].text;
    whole.begin = out.size();
    try {
      if (engine.execute_shared(run[i].entry->name, run[i].data, out, nullptr)) return false;
      tmpl::erase_no_value(out, whole.begin);
      whole.end = out.size();
      whole.executed = whole.end - whole.begin;
      if (whole.executed > limits.max_output_bytes) return false;
      whole.split = split_template(RenderedTemplate{
          run[i].entry->name, std::string_view(out).substr(whole.begin, whole.end - whole.begin)});
    } catch (...) {
      return false;  // (the loop in order reports it where Helm would)
    }
    of_job[i] = {&whole};
  }
  for (std::size_t t = 0; t < threads; ++t) {
    if (buffers[t].text.data() != starts[t]) return false;
  }
  std::size_t total = 0;
  for (std::size_t i = 0; i < run.size(); ++i) {
    std::size_t size = 0;
    for (const Part* p : of_job[i]) size += p->executed;
    if (size > limits.max_output_bytes) return false;
    total += size;
    if (total > limits.max_output_bytes) return false;
    if (is_notes(run[i].entry->name)) total -= size;
  }

  rendered.clear();
  rendered.reserve(run.size());  // the manifests point to the names: they must not move
  std::vector<std::vector<TemplateManifests>> split;
  for (std::size_t i = 0; i < run.size(); ++i) {
    const Job& j = run[i];
    if (is_notes(j.entry->name)) continue;
    // (Its text is not kept: only its documents are read from here on.)
    rendered.push_back(RenderedTemplate{j.entry->name, std::string_view()});
    // Its parts' documents, in order, where they are.
    std::vector<TemplateManifests>& file = split.emplace_back();
    file.reserve(of_job[i].size());
    for (Part* p : of_job[i]) {
      for (Manifest& m : p->split.manifests) m.source = rendered.back().name;
      for (Manifest& m : p->split.hooks) m.source = rendered.back().name;
      file.push_back(std::move(p->split));
    }
  }
  sorted = sort_manifests(rendered, std::move(split));
  // Frozen values are never freed (copies do not count): they are kept until the exit, the
  // files' root objects here, the rest by the caller.
  if (keep_frozen) {
    thaw.values = false;
    std::vector<Value> roots;
    for (Job& j : run) roots.push_back(std::move(j.data));
    keep_until_exit(std::move(roots));
    keep_until_exit(std::move(thread_shares));  // (what they hold is as lasting)
  }
  return true;
}

// `user_values` is consumed: its maps become the coalesced values, so no map of it may be shared.
// The output goes to `sink` once every template rendered. `reserved`: output buffers made
// already (see read_values_and_chart), taken by the threads that execute the files, if any.
void render_text(Chart chart, Value user_values, const RenderOptions& o, const KubeVersion& kube,
                 TemplateEngine& engine, OutputSink& sink, std::vector<ThreadOutput> reserved = {},
                 WhileWaiting* backing = nullptr) {
  // The helper may go on backing the reserved buffers (see read_values_and_chart) until they
  // are taken, and at the latest until they go.
  struct Stop {
    WhileWaiting* backing;
    ~Stop() {
      if (backing != nullptr) backing->stop();
    }
  } stop_backing{backing};
  if (chart.is_library()) fail(code::kParse, "library charts are not installable");
  // Helm loads a chart of apiVersion v3, then does not render it.
  if (chart.metadata.api_version == "v3") fail(code::kParse, "invalid chart apiVersion");
  check_dependencies_present(chart);
  if (o.release_name.empty()) {
    fail(code::kParse, "release name check failed: release name \"\": no name provided");
  }
  if (!valid_release_name(o.release_name)) {
    fail(code::kParse,
         "release name check failed: release name " + go_quote(o.release_name) +
             ": invalid release name, must match regex "
             "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$ and the length "
             "must not be longer than 53");
  }
  try {
    process_dependencies(chart, user_values);
  } catch (const Error& e) {
    Diagnostic d = e.diagnostics().front();
    d.message = "chart dependencies processing failed: " + d.message;
    throw Error(std::move(d));
  }
  Value values = coalesce_owned_values(chart, std::move(user_values));
  if (!o.skip_schema_validation) {
    std::string errors = schema_errors(chart, values);
    if (!errors.empty()) {
      fail(code::kSchema,
           "values don't meet the specifications of the schema(s) in the following chart(s):\n" +
               errors);
    }
  }
  const RenderLimits& limits = o.render_limits;
  std::vector<TemplateEntry> entries;
  std::vector<ThreadOutput> buffers;
  std::vector<RenderedTemplate> rendered;
  std::deque<Error> refusals;  // what rendered[i].refused points to
  SortedManifests sorted;
  bool every_file_rendered = false;
  try {
    if (!chart.metadata.kube_version.empty() &&
        !tmpl::compatible_range(chart.metadata.kube_version, kube.normalized)) {
      fail(code::kTemplate,
           "chart requires kubeVersion: " + chart.metadata.kube_version +
               " which is incompatible with Kubernetes " + kube.version,
           kDebugHint);
    }

    Map release;
    release["IsInstall"] = Value::boolean(!o.is_upgrade);
    release["IsUpgrade"] = Value::boolean(o.is_upgrade);
    release["Name"] = Value::string(o.release_name);
    release["Namespace"] = Value::string(o.release_namespace);
    release["Revision"] = Value::integer(1);
    release["Service"] = Value::string("Helm");
    Map top;
    top["Release"] = Value::map(std::move(release));
    top["Capabilities"] = capabilities_value(kube, o.api_versions);
    top["Values"] = values.as_chart_values();

    collect_templates(chart, chart.metadata.name, true, Value::map(std::move(top)), entries);
    drop_replaced_templates(entries);
    if (entries.size() > limits.max_templates) {
      fail(code::kLimit, "the chart has " + std::to_string(entries.size()) +
                             " template files; the limit is " +
                             std::to_string(limits.max_templates));
    }
    std::sort(entries.begin(), entries.end(), template_order);
    for (const auto& e : entries) {
      if (e.text.size() > limits.max_template_bytes) {
        fail(code::kLimit, "template " + e.name + " is " + std::to_string(e.text.size()) +
                               " bytes; the limit is " + std::to_string(limits.max_template_bytes));
      }
      engine.parse(e.name, e.text);
    }
    if (!execute_concurrently(entries, engine, limits, o.jobs, o.keep_memory, buffers, reserved,
                              backing, rendered, sorted)) {
      // (The first buffer made ahead, if any, serves; else one is made now.)
      if (backing != nullptr) backing->stop();
      if (buffers.empty()) {
        buffers.push_back(reserved.empty() ? ThreadOutput{output_buffer(limits), {}, {}}
                                           : std::move(reserved[0]));
      }
      buffers.resize(1);
      buffers[0].text.clear();
      rendered = execute_in_order(entries, engine, limits, buffers[0], refusals);
      every_file_rendered = true;
      sorted = sort_manifests(rendered);
    }
  } catch (const Error& e) {
    // helm template --debug: a failure Helm adds its hint to (the chart's kubeVersion, a
    // template's own error, a document that is not YAML) prints the files as rendered first,
    // and the error then comes without the hint.
    if (!o.debug || e.diagnostics().empty() || e.diagnostics().front().hint != kDebugHint) throw;
    write_rendered_files(every_file_rendered ? rendered : std::vector<RenderedTemplate>{},
                         o.show_only, sink);
    std::vector<Diagnostic> diagnostics = e.diagnostics();
    for (Diagnostic& d : diagnostics) d.hint.clear();
    throw Error(std::move(diagnostics));
  }
  std::vector<CrdFile> crds;
  if (o.include_crds) collect_crds(chart, chart.metadata.name, crds);
  // The values and the template data are not needed for the output: let them go before it is
  // assembled, when the most memory is in use; or keep them when the memory is left to the exit
  // (they may still be frozen, and only what holds them keeps them reachable).
  if (o.keep_memory) {
    keep_until_exit(std::make_tuple(std::move(values), std::move(entries)));
  } else {
    entries = {};
    values = Value();
  }
  OutputOptions output;
  output.no_hooks = o.no_hooks;
  output.skip_tests = o.skip_tests;
  output.show_only = o.show_only;
  output.output_dir = output.manifest_dir = o.output_dir;
  if (o.use_release_name && !o.output_dir.empty()) {
    // filepath.Join: the joined path is cleaned.
    output.manifest_dir = go_path_clean(o.output_dir + "/" + o.release_name);
  }
  assemble_output(sorted, crds, output, sink);
  if (o.keep_memory) {
    keep_until_exit(std::make_tuple(std::move(chart), std::move(buffers), std::move(rendered),
                                    std::move(sorted), std::move(crds), std::move(reserved)));
  }
}

// The backing of the two output buffers made ahead (read_values_and_chart), a step at a time:
// each step backs the one backed less so far kStep more. `buffers` points at the vector's
// elements, which stay where they are when the vector moves.
struct OutputBacking {
  static constexpr std::size_t kStep = 64u << 10;
  ThreadOutput* buffers;
  std::size_t most;  // how far each is backed at most
  std::array<std::size_t, 2> done{};

  // False once both are backed to `most`, or nothing more could be backed.
  bool step() {
    if (std::min(done[0], done[1]) >= most) return false;
    const std::size_t k = done[0] <= done[1] ? 0 : 1;
    const std::size_t now = buffers[k].backed.back_more(buffers[k].text, kStep);
    if (now <= done[k]) return false;  // nothing more to back
    done[k] = now;
    return std::min(done[0], done[1]) < most;
  }
};

// The user's values and the chart, as Helm reads them: the values first, so that their error is
// the one reported when both fail. Large values files are read while another thread loads the
// chart and parses its templates for `engine` (together about as long as reading the values of
// the benchmark chart at a thousand workloads; the helper thread the render then runs on is
// started by then); for small ones, a thread would cost more than it saves. Large values make
// a render on several threads likely, so the buffers of the first two (`reserved`) are made
// here too, and their first parts' worth backed by whichever thread is done with its part
// first; the other thread goes on backing the output buffers while the values are read.
void read_values_and_chart(const RenderOptions& options, Value& user_values, Chart& chart,
                           std::vector<ThreadOutput>& reserved, TemplateEngine& engine,
                           std::unique_ptr<WhileWaiting>& backing) {
  static constexpr std::uintmax_t kLargeValues = 64u << 10;
  std::uintmax_t size = 0;
  for (const std::string& f : options.values.value_files) {
    std::error_code ec;
    const std::uintmax_t n = std::filesystem::file_size(f, ec);
    if (!ec) size += n;
  }
  if (options.jobs == 1 || size < kLargeValues || processors() < 2) {
    user_values = read_user_values(options.values);
    chart = load_chart(options.chart_dir, options.load_limits);
    return;
  }
  // The values and the chart are taken first (errors are reported in the order of the jobs:
  // the values' first, as Helm reads them first); the first pages of the buffers (jobs 3 and 4)
  // are backed by whichever thread is free first.
  reserved.resize(2);
  // The buffers are made first, while no other thread touches fresh memory: they are made in
  // small pages, which for that moment is the whole process's setting (see in_small_pages).
  for (ThreadOutput& r : reserved) {
    r.text = output_buffer(options.render_limits);
    r.executed = scratch_buffer();
  }
  // This thread reads the values at once. With an allocator that can back memory ahead
  // (RenderOptions::back_memory_ahead), the other thread, once up, first backs the memory they
  // will be read into (they take about seven times their text in small blocks at a thousand
  // workloads, 3.5 MB, the text and the loader's line table counted; six times is asked for
  // from where the allocator is by then), while this one reads, then loads the chart. Values
  // read before the other thread is up need nothing more backed: it skips that then. (Before,
  // this thread backed the memory first and read the values after, as the other thread woke
  // too late to take them: 0.1-0.3 ms more before the templates ran, back to back.)
  std::atomic<bool> values_read{false};
  std::exception_ptr failed[5];
  // How far each output buffer is backed by the loop of job 4 below, and at most: five times
  // the values' size each (the benchmark chart prints ten times its values, two buffers' worth
  // of five), and at most kBackedWhileLoading. Backing more than is written costs the memory and
  // its share of the exit (about 0.2 us a page here); backing less costs more: the pages left
  // are backed on the templates' two threads at once, about 1.2 us of processor time more a
  // page than here. At a thousand workloads, against twice the values' size (at most 2 MiB):
  // back to back 10.94 against 11.47 ms (50 renders each), right after helm 12.25 against 12.42
  // (40 each); eight times (at most 4 MiB) was no better.
  static constexpr std::size_t kBackedWhileLoading = 3u << 20;
  OutputBacking backing_output{reserved.data(),
                               std::min<std::size_t>(kBackedWhileLoading, 5 * size)};
  bool backing_left = false;  // the loop stopped as the values were read, not at `most`
  run_on_threads(5, 2, {4, 3, 2, 1, 1}, [&](std::size_t i, unsigned) {
    try {
      if (i == 0) {
        struct Read {
          std::atomic<bool>& flag;
          ~Read() { flag.store(true, std::memory_order_relaxed); }
        } read{values_read};
        user_values = read_user_values(options.values);
      } else if (i == 1) {
        if (options.back_memory_ahead && !values_read.load(std::memory_order_relaxed)) {
          options.back_memory_ahead(6 * size);
        }
      } else if (i == 2) {
        chart = load_chart(options.chart_dir, options.load_limits);
        prepare_templates(chart, engine);
      } else {
        // The first parts' worth of both buffers backed now, not a fault a page later.
        ThreadOutput& r = reserved[i - 3];
        BackedAhead().before_part(r.executed);
        r.backed.before_part(r.text);
        // Then, while the values are still being read (this is the other thread: the calling
        // one takes a job only once they are), more of both output buffers, a little at a time
        // (the calling thread waits for the step under way when it is done): pages the
        // templates' threads need not back then, up to `most` each.
        if (i == 4) {
          for (;;) {
            if (values_read.load(std::memory_order_relaxed)) {
              backing_left = true;
              break;
            }
            if (!backing_output.step()) break;
          }
        }
      }
    } catch (...) {
      failed[i] = std::current_exception();
    }
  });
  for (const std::exception_ptr& e : failed) {
    if (e) std::rethrow_exception(e);
  }
  // What the loop had left, the helper goes on with (a step at a time) while this thread gets
  // the templates ready to run: coalescing the values and freezing them, 0.3 ms at a thousand
  // workloads, in which the helper would otherwise only wait. Right after helm the loop stopped
  // short of `most` in 19 renders of 20 (back to back in 17 of 30).
  if (backing_left) {
    backing = std::make_unique<WhileWaiting>(
        [output = backing_output]() mutable { return output.step(); });
  }
}

RenderResult failure(const Error& e) {
  RenderResult r;
  r.diagnostics = e.diagnostics();
  for (const auto& d : r.diagnostics) r.error += helm_error_text(d);
  return r;
}

}  // namespace

std::string render_with_engine(Chart chart, const Value& user_values, const RenderOptions& options,
                               TemplateEngine& engine) {
  StringSink sink;
  render_text(std::move(chart), user_values.deep_copy(), options, kube_version_of(options), engine,
              sink);
  return std::move(sink.text);
}

RenderResult render_chart(const RenderOptions& options) {
  StringSink sink;
  RenderResult r = render_chart(options, sink);
  r.output = std::move(sink.text);
  return r;
}

namespace {

RenderResult render_chart_once(const RenderOptions& options, OutputSink& sink) {
  try {
    if (!options.output_dir.empty() && !options.show_only.empty()) {
      // Helm writes every file and then fails with "could not find template": refused before
      // anything is written instead.
      fail(code::kParse, "--show-only cannot be used with --output-dir");
    }
    KubeVersion kube = kube_version_of(options);
    std::error_code ec;
    if (!std::filesystem::exists(options.chart_dir, ec)) {
      // Helm reads "repo/chart" (neither absolute nor starting with ".") and URLs as a chart in
      // a repository or registry, and downloads it.
      const std::string& c = options.chart_dir;
      const bool remote =
          !c.empty() && c.front() != '/' && c.front() != '.' && c.find('/') != std::string::npos;
      fail(code::kIo, "path \"" + c + "\" not found",
           remote ? "charts are rendered from a directory or a .tgz on disk, never downloaded: "
                    "fetch it first (helm pull " +
                        c + " --untar)"
                  : "");
    }
    Value user_values;
    Chart chart;
    std::vector<ThreadOutput> reserved;
    std::unique_ptr<WhileWaiting> backing;  // (stopped by render_text, or as it goes)
    auto engine = make_template_engine(options.render_limits);
    read_values_and_chart(options, user_values, chart, reserved, *engine, backing);
    RenderResult r;
    render_text(std::move(chart), std::move(user_values), options, kube, *engine, sink,
                std::move(reserved), backing.get());
    if (options.keep_memory) keep_until_exit(std::move(engine));
    r.ok = true;
    return r;
  } catch (const OutputWriteError& e) {
    RenderResult r = failure(e);
    r.write_failed = true;
    return r;
  } catch (const Error& e) {
    return failure(e);
  }
}

// The stack a render whose template calls took all of it gets the second time: Go's templates
// nest 100000 template calls deep, about 72 MiB of this engine's stack in an optimised build.
// Only what is used becomes memory. (AddressSanitizer cannot unwind an exception thrown more
// than 64 MiB deep into a stack: with it, less.)
#if defined(__SANITIZE_ADDRESS__)
constexpr std::size_t kDeepStack = std::size_t{48} << 20;
#else
constexpr std::size_t kDeepStack = std::size_t{256} << 20;
#endif

// Tells whether anything was written through it.
struct WatchedSink final : OutputSink {
  OutputSink& sink;
  bool wrote = false;
  explicit WatchedSink(OutputSink& s) : sink(s) {}
  void write(std::string_view piece) override {
    wrote = true;
    sink.write(piece);
  }
  void write_pieces(std::span<const std::string_view> pieces) override {
    wrote = true;
    sink.write_pieces(pieces);
  }
};

}  // namespace

// A thread's stack (8 MiB, usually) holds about 11700 nested template calls, and Helm's limit is
// far deeper: a chart that recurses without end fails in Helm with "exceeded maximum template
// depth (100000)", and one that recurses 20000 deep renders. A render that failed because its
// template calls took the whole stack (see call_stack_exhaustions) runs again on a thread of its
// own with kDeepStack (or the stack limit, if larger), on that thread alone (helper threads have
// the usual stack), so that it fails, or not, where Helm does. Not when the failed render wrote
// something (--debug prints the files rendered before the error).
RenderResult render_chart(const RenderOptions& options, OutputSink& sink) {
  const std::uint64_t exhausted = call_stack_exhaustions();
  WatchedSink watched(sink);
  RenderResult first = render_chart_once(options, watched);
  if (first.ok || watched.wrote || call_stack_exhaustions() == exhausted) return first;
  RenderOptions deep = options;
  deep.jobs = 1;
  RenderResult again;
  if (!run_with_stack(std::max(kDeepStack, thread_stack_size()),
                      [&] { again = render_chart_once(deep, sink); })) {
    return first;
  }
  return again;
}

}  // namespace render::chart
