#include "chart/loader.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <system_error>

#include "chart/archive.hpp"
#include "chart/failure.hpp"
#include "chart/helmignore.hpp"
#include "chart/metadata.hpp"
#include "render/read_file.hpp"
#include "render/utf8.hpp"
#include "render/yaml.hpp"
#include "yaml/fast_load.hpp"

namespace render::chart {
namespace fs = std::filesystem;
namespace {

bool inside(const fs::path& root, const fs::path& p) {
  auto r = root.native(), s = p.native();
  return s == r || (s.size() > r.size() && s.compare(0, r.size(), r) == 0 &&
                    (r.back() == '/' || s[r.size()] == '/'));
}

class DirectoryReader {
 public:
  DirectoryReader(fs::path root, const LoadLimits& limits)
      : root_(std::move(root)), limits_(limits) {}

  std::vector<File> read() {
    std::error_code ec;
    fs::path ignore = root_ / ".helmignore";
    if (fs::is_regular_file(ignore, ec)) {
      std::string error;
      if (!rules_.parse(read_file(ignore, ".helmignore"), error)) fail(code::kParse, error);
    }
    rules_.add_defaults();
    walk(root_, "");
    return std::move(files_);
  }

 private:
  void walk(const fs::path& dir, const std::string& prefix) {
    if (!on_stack_.insert(dir.native()).second) {
      fail(code::kUnsafePath,
           "symbolic link loop at " + (prefix.empty() ? "." : prefix) + " in the chart");
    }
    std::vector<std::string> names;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
      names.push_back(it->path().filename().string());
    }
    if (ec)
      fail(code::kIo, "error reading " + (prefix.empty() ? "." : prefix) + ": " + ec.message());
    std::sort(names.begin(), names.end());
    for (const auto& name : names) {
      std::string rel = prefix.empty() ? name : prefix + "/" + name;
      fs::path path = dir / name;
      fs::path real = path;
      auto status = fs::symlink_status(path, ec);
      if (fs::is_symlink(status)) {
        real = fs::canonical(path, ec);
        if (ec) fail(code::kIo, "error evaluating symlink " + rel + ": " + ec.message());
        if (!inside(root_, real)) {
          fail(code::kUnsafePath,
               "chart file " + rel + " is a symbolic link to " + real.string() +
                   ", outside the chart directory",
               "copy the file into the chart instead of linking to it");
        }
        status = fs::status(real, ec);
      }
      if (fs::is_directory(status)) {
        if (rules_.ignored(rel, true)) continue;
        walk(real, rel);
        continue;
      }
      if (rules_.ignored(rel, false)) continue;
      if (!fs::is_regular_file(status)) {
        fail(code::kParse,
             "cannot load irregular file " + path.string() + " as it has file mode type bits set");
      }
      add(rel, real);
    }
    on_stack_.erase(dir.native());
  }

  void add(const std::string& rel, const fs::path& path) {
    std::error_code ec;
    auto size = fs::file_size(path, ec);
    if (!ec && size > limits_.max_file_bytes) {
      fail(code::kLimit, "chart file \"" + path.filename().string() +
                             "\" is larger than the maximum file size " +
                             std::to_string(limits_.max_file_bytes));
    }
    if (files_.size() >= limits_.max_files) {
      fail(code::kLimit,
           "the chart has more than " + std::to_string(limits_.max_files) + " files (the limit)");
    }
    File f{rel, read_file(path, rel)};
    strip_utf8_bom(f.data);
    total_ += f.data.size();
    if (total_ > limits_.max_total_bytes) {
      fail(code::kLimit, "the chart's files are larger than " +
                             std::to_string(limits_.max_total_bytes) +
                             " bytes together (the limit)");
    }
    files_.push_back(std::move(f));
  }

  std::string read_file(const fs::path& path, const std::string& rel) {
    std::string data;
    ReadFileOptions options;
    options.max_bytes = limits_.max_file_bytes;
    ReadFailure failure = read_whole_file(path.string(), data, options);
    if (!failure) return data;
    if (failure.number == EFBIG) {
      fail(code::kLimit, "chart file \"" + path.filename().string() +
                             "\" is larger than the maximum file size " +
                             std::to_string(limits_.max_file_bytes));
    }
    if (failure.step == ReadFailure::Step::kOpen) {
      fail(code::kIo, "error reading " + rel + ": cannot open file");
    }
    fail(code::kIo, "error reading " + rel + ": " + std::strerror(failure.number));
  }

  fs::path root_;
  const LoadLimits& limits_;
  IgnoreRules rules_;
  std::set<std::string> on_stack_;
  std::vector<File> files_;
  std::size_t total_ = 0;
};

const char* code_of(const ArchiveRead& archive) {
  using Problem = ArchiveRead::Problem;
  return archive.problem == Problem::kTooLarge || archive.problem == Problem::kFileTooLarge
             ? code::kLimit
             : code::kParse;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

std::string extension(std::string_view name) {
  auto slash = name.rfind('/');
  std::string_view base = slash == std::string_view::npos ? name : name.substr(slash + 1);
  auto dot = base.rfind('.');
  return dot == std::string_view::npos ? "" : std::string(base.substr(dot));
}

// Splits a YAML stream the way k8s.io/apimachinery's YAMLReader does: on lines starting with
// "---" followed only by spaces or a comment.
std::vector<std::string_view> split_yaml_stream(std::string_view text, const std::string& what) {
  std::vector<std::string_view> docs;
  std::size_t doc_start = 0, pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    std::string_view line = text.substr(pos, end - pos);
    if (starts_with(line, "---")) {
      std::string_view rest = line.substr(3);
      while (!rest.empty() &&
             std::string_view(" \t\r\n\v\f").find(rest.front()) != std::string_view::npos) {
        rest.remove_prefix(1);
      }
      while (!rest.empty() &&
             std::string_view(" \t\r\n\v\f").find(rest.back()) != std::string_view::npos) {
        rest.remove_suffix(1);
      }
      if (!rest.empty() && rest.front() != '#') {
        fail(code::kParse, what + "error reading yaml document: invalid Yaml document separator: " +
                               std::string(rest));
      }
      // Kubernetes' YAMLReader ends the document read so far there; a separator with nothing
      // read yet starts the next document instead (the line numbers of yaml.v2's errors count
      // it).
      if (pos > doc_start) {
        docs.push_back(text.substr(doc_start, pos - doc_start));
        doc_start = end;
      }
    }
    pos = end;
  }
  if (text.size() > doc_start) docs.push_back(text.substr(doc_start));
  return docs;
}

}  // namespace

std::vector<File> read_chart_directory(const std::string& directory, const LoadLimits& limits) {
  std::error_code ec;
  fs::path root = fs::canonical(directory, ec);
  if (ec) fail(code::kIo, "path \"" + directory + "\" not found");
  if (!fs::is_directory(root, ec))
    fail(code::kIo, "\"" + directory + "\" is not a chart directory");
  return DirectoryReader(root, limits).read();
}

void merge_maps(Value& a, const Value& b) {
  Map& out = a.mutable_map();
  for (const auto& [k, v] : b.as_map()) {
    auto it = out.find(k);
    if (v.is_map() && it != out.end() && it->second.is_map()) {
      Value merged = Value::map(it->second.as_map());  // a copy: the original may be shared
      merge_maps(merged, v);
      it->second = merged;
      continue;
    }
    out[k] = v;
  }
}

Value load_values_documents(std::string_view text, const std::string& what) {
  // Helm reads a values file line by line, each line's one "\r" before its "\n" dropped:
  // "\r\r\n" is one line break, not two. (A lone "\r\n" reads the same either way.)
  std::string unix_text;
  if (text.find("\r\r\n") != std::string_view::npos) {
    unix_text.reserve(text.size());
    for (std::size_t i = 0; i < text.size(); ++i) {
      if (text[i] == '\r' && i + 1 < text.size() && text[i + 1] == '\n') continue;
      unix_text += text[i];
    }
    text = unix_text;
  }
  Value values = Value::map();
  yaml::LoadOptions options;
  options.refuse_duplicate_keys = false;  // yaml.v2: the last occurrence wins
  options.record_positions = false;       // Helm reports YAML errors, not value positions
  options.refuse_unknown_tags = false;    // yaml.v2's reading of tags
  options.max_depth = 10000;              // as deep as the stack allows (render::check_stack)
  // Reads one document and merges it into `values`. With `fast_only`, only when the fast path
  // reads it (false, and nothing done, when it does not).
  auto read = [&](std::string_view doc, bool fast_only) {
    Value current;
    bool non_finite = false;
    // Helm reads each values document as ending in a line break (which a block scalar at the
    // end keeps: "a: |\n  x" is "x\n"), and places its errors so too.
    std::string ended_text;
    if (!doc.empty() && doc.back() != '\n') {
      ended_text.reserve(doc.size() + 1);
      ended_text.append(doc).push_back('\n');
      doc = ended_text;
    }
    try {
      if (fast_only) {
        std::optional<Value> fast = yaml::fast_load(doc, options, &non_finite);
        if (!fast) return false;
        current = std::move(*fast);
      } else {
        yaml::Loaded loaded = yaml::load(doc, options);
        current = std::move(loaded.value);
        non_finite = loaded.non_finite;
      }
    } catch (const Error& e) {
      const Diagnostic& d = e.diagnostics().front();
      if (d.code == code::kLimit) throw;
      // (`doc` ends in a line break by now, unless it is empty.)
      fail(code::kParse, what + "cannot unmarshal yaml document: error converting YAML to JSON: " +
                             yaml::go_error_message(d, doc.empty() ? "\n" : doc));
    }
    if (auto bad = non_finite ? yaml::first_non_finite(current) : std::nullopt) {
      fail(code::kParse, what +
                             "cannot unmarshal yaml document: error converting YAML to JSON: "
                             "json: unsupported value: " +
                             *bad);
    }
    if (current.is_nil()) return true;
    if (!current.is_map()) {
      std::string type = current.is_list()     ? "array"
                         : current.is_string() ? "string"
                         : current.is_bool()   ? "bool"
                                               : "number";
      fail(code::kParse, what +
                             "cannot unmarshal yaml document: error unmarshaling JSON: while "
                             "decoding JSON: json: cannot unmarshal " +
                             type + " into Go value of type map[string]interface {}");
    }
    merge_maps(values, current);
    return true;
  };
  // The fast path leaves every text with a line starting with "---" to the full loader: a text
  // it reads (or refuses) is the stream's only document, which yaml::load would give to the fast
  // path as it is (its checks before that look for tabs and "..." lines, which the fast path
  // leaves alone too). Most values files are read so, without the split's pass over their lines.
  if (read(text, true)) return values;
  for (std::string_view doc : split_yaml_stream(text, what)) read(doc, false);
  return values;
}

Chart load_chart_files(std::vector<File> files, const LoadLimits& limits, int depth,
                       std::size_t* archive_budget) {
  std::size_t own_budget = limits.max_total_bytes;
  if (!archive_budget) archive_budget = &own_budget;
  Chart c;
  bool have_metadata = false;
  for (const auto& f : files) {
    if (f.name == "Chart.yaml") {
      c.metadata = parse_chart_yaml(f.data);
      have_metadata = true;
      // Helm picks the loader of the chart by its apiVersion before it reads anything else; a
      // subchart's goes unchecked.
      const std::string& api = c.metadata.api_version;
      if (depth == 0 && api != "v1" && api != "v2" && api != "v3") {
        fail(code::kParse, "unsupported chart version");
      }
    }
  }
  std::map<std::string, std::vector<File>> subcharts;
  for (auto& f : files) {
    if (f.name == "Chart.yaml" || f.name == "Chart.lock" || f.name == "requirements.lock") {
      continue;
    } else if (f.name == "values.yaml") {
      c.values = load_values_documents(f.data, "cannot load values.yaml: ");
    } else if (f.name == "values.schema.json") {
      c.schema = std::move(f.data);
      c.has_schema = true;
    } else if (f.name == "requirements.yaml") {
      // Helm 2 charts (apiVersion v1) kept dependencies here; they are also .Files there.
      apply_requirements(c.metadata, f.data);
      if (c.metadata.api_version == "v1") c.files.push_back(std::move(f));
    } else if (starts_with(f.name, "templates/")) {
      c.templates.push_back(std::move(f));
    } else if (starts_with(f.name, "charts/")) {
      if (extension(f.name) == ".prov") {
        c.files.push_back(std::move(f));
        continue;
      }
      std::string rest = f.name.substr(7);
      std::string sub = rest.substr(0, rest.find('/'));
      subcharts[sub].push_back(File{rest, std::move(f.data)});
    } else {
      c.files.push_back(std::move(f));
    }
  }
  if (!have_metadata) fail(code::kParse, "Chart.yaml file is missing");
  validate_metadata(c.metadata);
  if (c.values.is_nil()) c.values = Value::map();

  for (auto& [name, sub_files] : subcharts) {
    if (name.empty() || name[0] == '_' || name[0] == '.') continue;
    std::string context = "error unpacking subchart " + name + " in " + c.metadata.name + ": ";
    const bool packaged = extension(name) == ".tgz";
    if (packaged && sub_files.front().name != name) {
      fail(code::kParse, "error unpacking subchart tar in " + c.metadata.name + ": expected " +
                             name + ", got " + sub_files.front().name);
    }
    if (depth + 1 > limits.max_subchart_depth) {
      fail(code::kLimit, context + "subcharts nested deeper than " +
                             std::to_string(limits.max_subchart_depth) + " levels (the limit)");
    }
    std::vector<File> inner;
    if (packaged) {
      ArchiveRead archive = read_chart_archive(sub_files.front().data, limits, *archive_budget);
      if (!archive.error.empty()) fail(code_of(archive), context + archive.error);
      inner = std::move(archive.files);
    }
    for (auto& f : sub_files) {
      auto slash = f.name.find('/');
      if (packaged || slash == std::string::npos) continue;
      inner.push_back(File{f.name.substr(slash + 1), std::move(f.data)});
    }
    try {
      c.dependencies.push_back(
          load_chart_files(std::move(inner), limits, depth + 1, archive_budget));
    } catch (const Error& e) {
      Diagnostic d = e.diagnostics().front();
      d.message = context + d.message;
      throw Error(std::move(d));
    }
  }
  return c;
}

namespace {

// The chart's path as Helm prints it: absolute, cleaned, no trailing slash.
std::string helm_path(const std::string& path) {
  std::string out = fs::absolute(path).lexically_normal().string();
  while (out.size() > 1 && out.back() == '/') out.pop_back();
  return out;
}

// Helm's loader.LoadFile: the file must look like gzip, its files are read, and Chart.yaml decides
// how the chart is loaded. Helm then reads the archive a second time with the per-file limit;
// read_chart_archive applies that limit in its one pass.
Chart load_chart_archive(const std::string& path, const LoadLimits& limits) {
  const std::string name = helm_path(path);
  std::string data;
  ReadFileOptions options;
  options.max_bytes = limits.max_total_bytes;
  ReadFailure failure = read_whole_file(path, data, options);
  if (failure.number == EFBIG) {
    fail(code::kLimit, "chart archive '" + name + "' is larger than " +
                           std::to_string(limits.max_total_bytes) + " bytes (the limit)");
  }
  if (failure)
    fail(code::kIo, "file '" + name + "' cannot be read: " + std::strerror(failure.number));
  std::string type = detect_content_type(data);
  if (type != "application/x-gzip" && data.compare(0, 3, "\x1F\x8B\x08") != 0) {
    std::string_view n = name;
    if (n.ends_with(".yml") || n.ends_with(".yaml")) {
      fail(code::kParse,
           "file '" + name + "' seems to be a YAML file, but expected a gzipped archive");
    }
    fail(code::kParse,
         "file '" + name + "' does not appear to be a gzipped archive; got '" + type + "'");
  }
  std::size_t budget = limits.max_total_bytes;
  ArchiveRead archive = read_chart_archive(data, limits, budget);
  switch (archive.problem) {
    case ArchiveRead::Problem::kNone:
      break;
    case ArchiveRead::Problem::kGzipHeader:
      fail(code::kParse, "file '" + name + "' does not appear to be a valid chart file (details: " +
                             archive.error + ")");
    case ArchiveRead::Problem::kFileTooLarge:
      fail(code::kLimit, archive.error);  // Helm's second reading, with the per-file limit
    default:
      fail(code_of(archive), "unable to load chart archive");  // Helm's first reading
  }
  bool has_metadata = std::any_of(archive.files.begin(), archive.files.end(),
                                  [](const File& f) { return f.name == "Chart.yaml"; });
  if (!has_metadata) fail(code::kParse, "unable to detect chart version, no Chart.yaml found");
  return load_chart_files(std::move(archive.files), limits, 0, &budget);
}

}  // namespace

Chart load_chart(const std::string& path, const LoadLimits& limits) {
  std::error_code ec;
  if (fs::is_regular_file(path, ec)) return load_chart_archive(path, limits);
  // Helm looks for the file on disk first; one that .helmignore leaves out is "missing" later.
  if (!fs::exists(fs::path(path) / "Chart.yaml", ec)) {
    std::string chart_yaml = helm_path(path) + "/Chart.yaml";
    fail(code::kParse, "unable to detect chart at " + chart_yaml + ": open " + chart_yaml +
                           ": no such file or directory");
  }
  return load_chart_files(read_chart_directory(path, limits), limits);
}

}  // namespace render::chart
