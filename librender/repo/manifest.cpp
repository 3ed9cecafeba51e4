// The manifest of generated files: which files the generator owns, and the bytes it wrote.
#include "render/repo.hpp"
#include "render/sha256.hpp"

namespace render::repo {

std::string manifest_text(const FileTree& generated) {
  std::string out =
      "# Files written by gitops-render, with the SHA-256 of the bytes it wrote. Generated files\n"
      "# are regenerated and removed by gitops-render; every other file belongs to this repo.\n";
  for (const auto& [path, content] : generated) {
    out += sha256_hex(content);
    out += "  ";
    out += path;
    out += '\n';
  }
  return out;
}

std::map<std::string, std::string> parse_manifest(std::string_view text, const std::string& file) {
  std::map<std::string, std::string> entries;
  int line_no = 0;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(start, end - start);
    start = end + 1;
    ++line_no;
    if (line.empty() || line.front() == '#') continue;
    bool ok = line.size() > 66 && line.substr(64, 2) == "  ";
    std::string path = ok ? std::string(line.substr(66)) : std::string();
    if (ok) {
      for (char c : line.substr(0, 64)) {
        ok = ok && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
      }
    }
    if (!ok || unsafe_path_reason(path)) {
      Diagnostic d;
      d.code = code::kUnsafeTree;
      d.location = {file, line_no, 1, ""};
      d.message = "the manifest of generated files is damaged";
      d.hint = "restore " + std::string(kManifestPath) + " from git history";
      throw Error(std::move(d));
    }
    entries[path] = std::string(line.substr(0, 64));
  }
  return entries;
}

RenderMode render_mode_of(const std::optional<std::string>& manifest) {
  if (!manifest) return RenderMode::kHelm;
  for (const auto& [path, hash] : parse_manifest(*manifest, std::string(kManifestPath))) {
    if (path.starts_with("rendered/")) return RenderMode::kManifests;
  }
  return RenderMode::kHelm;
}

}  // namespace render::repo
