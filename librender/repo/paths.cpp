// Path rules for everything the generator writes (bad-inputs.md rows 51-53).
#include <algorithm>
#include <cctype>
#include <map>

#include "render/repo.hpp"
#include "render/utf8.hpp"

namespace render::repo {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

// Code points that some filesystems (HFS+) ignore, and bidi controls that hide what a name says.
bool invisible(long cp) {
  return (cp >= 0x80 && cp <= 0x9f) || cp == 0xad || (cp >= 0x200b && cp <= 0x200f) ||
         (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x206f) || cp == 0xfeff;
}

bool windows_device_name(std::string_view part) {
  std::string stem = lower(part.substr(0, part.find('.')));
  if (stem == "con" || stem == "prn" || stem == "aux" || stem == "nul") return true;
  if (stem.size() == 4 && (stem.starts_with("com") || stem.starts_with("lpt")) &&
      std::isdigit(static_cast<unsigned char>(stem[3]))) {
    return true;
  }
  return false;
}

bool git_reserved(std::string_view part) {
  std::string l = lower(part);
  return l == ".git" || l == "git~1" || l == ".gitmodules" || l == "gitmod~1" ||
         l == ".gitattributes" || l == "gitatt~1";
}

std::optional<std::string> part_reason(std::string_view part) {
  if (part.empty()) return "has an empty part (\"//\" or a trailing \"/\")";
  if (part == "." || part == "..") return "has a \".\" or \"..\" part";
  if (part.size() > 255) return "has a part longer than 255 bytes";
  if (part.back() == '.' || part.back() == ' ') return "has a part ending in a dot or a space";
  if (git_reserved(part)) return "uses a name git reserves (" + std::string(part) + ")";
  if (windows_device_name(part))
    return "uses a device name Windows reserves (" + std::string(part) + ")";
  return std::nullopt;
}

}  // namespace

std::optional<std::string> unsafe_path_reason(std::string_view path) {
  if (path.empty()) return "is empty";
  if (path.size() > 1024) return "is longer than 1024 bytes";
  if (path.front() == '/') return "is absolute";
  for (std::size_t i = 0; i < path.size();) {
    unsigned char c = static_cast<unsigned char>(path[i]);
    if (c < 0x20 || c == 0x7f) return "contains a control character";
    if (c == '\\' || c == ':' || c == '<' || c == '>' || c == '"' || c == '|' || c == '?' ||
        c == '*') {
      return "contains a character Windows refuses in file names";
    }
    long cp = next_code_point(path, i);
    if (cp < 0) return "is not valid UTF-8";
    if (invisible(cp)) return "contains an invisible or direction-changing character";
  }
  std::size_t start = 0;
  while (true) {
    std::size_t slash = path.find('/', start);
    std::string_view part =
        path.substr(start, slash == std::string_view::npos ? path.npos : slash - start);
    if (auto reason = part_reason(part)) return reason;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return std::nullopt;
}

std::vector<Diagnostic> check_tree_paths(const FileTree& tree) {
  std::vector<Diagnostic> out;
  auto unsafe = [&](const std::string& path, std::string message) {
    Diagnostic d;
    d.code = code::kUnsafePath;
    d.location.file = path;
    d.message = std::move(message);
    d.hint = "output paths come from names in the input; fix the name that produced this path";
    out.push_back(std::move(d));
  };
  std::map<std::string, std::string> folded;  // lower-cased path -> path
  for (const auto& [path, content] : tree) {
    if (auto reason = unsafe_path_reason(path)) {
      unsafe(path, "output path `" + path + "` " + *reason);
      continue;
    }
    auto [it, inserted] = folded.emplace(lower(path), path);
    if (!inserted) {
      unsafe(path,
             "output paths `" + it->second + "` and `" + path + "` differ only in letter case");
    }
    // A file may not also be a directory of another file.
    auto next = tree.upper_bound(path + "/");
    if (next != tree.end() && next->first.starts_with(path + "/")) {
      unsafe(path, "output path `" + path + "` is both a file and a directory");
    }
  }
  return out;
}

}  // namespace render::repo
