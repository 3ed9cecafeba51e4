// Presenting a diff: plain text for terminals, Markdown for a pull-request comment, JSON for tools.
#include <nlohmann/json.hpp>

#include <stdexcept>

#include "render/diff.hpp"

namespace render::diff {
namespace {

const char* verb(ChangeKind k) {
  switch (k) {
    case ChangeKind::kAdded:
      return "added";
    case ChangeKind::kRemoved:
      return "removed";
    case ChangeKind::kChanged:
      return "changed";
  }
  return "";
}

struct Counts {
  int added = 0, removed = 0, changed = 0;
};

Counts counts(const Result& r) {
  Counts c;
  for (const auto& ch : r.changes) {
    (ch.kind == ChangeKind::kAdded     ? c.added
     : ch.kind == ChangeKind::kRemoved ? c.removed
                                       : c.changed)++;
  }
  return c;
}

std::string summary_line(const Result& r) {
  Counts c = counts(r);
  return std::to_string(c.added) + " added, " + std::to_string(c.changed) + " changed, " +
         std::to_string(c.removed) + " removed, " + std::to_string(r.unchanged) + " unchanged";
}

// A Markdown table cell may not contain a raw '|'.
std::string cell(const std::string& s) {
  std::string out;
  for (char ch : s) {
    if (ch == '|')
      out += "\\|";
    else
      out += ch;
  }
  return out;
}

// The longest run of backticks in the text decides the fence, so a diff cannot close it early.
std::string fence_for(const std::string& text) {
  std::size_t longest = 0, run = 0;
  for (char ch : text) {
    run = ch == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  return std::string(std::max<std::size_t>(3, longest + 1), '`');
}

}  // namespace

Format parse_format(const std::string& name) {
  if (name == "text") return Format::kText;
  if (name == "markdown") return Format::kMarkdown;
  if (name == "json") return Format::kJson;
  throw std::invalid_argument("unknown format `" + name + "` (text, markdown or json)");
}

std::string format(const Result& r, Format f, const std::string& title) {
  std::string out;
  switch (f) {
    case Format::kText:
      out = title + ": " + summary_line(r) + "\n";
      for (const auto& c : r.changes) {
        out += "\n" + std::string(verb(c.kind)) + ": " + c.key.display() + "\n" + c.unified;
      }
      return out;
    case Format::kMarkdown: {
      out = "### " + title + "\n\n" + summary_line(r) + "\n";
      if (r.changes.empty()) return out;
      out += "\n| change | kind | object | lines |\n|---|---|---|---|\n";
      for (const auto& c : r.changes) {
        std::string object = c.key.ns.empty() ? c.key.name : c.key.ns + "/" + c.key.name;
        out += "| " + std::string(verb(c.kind)) + " | " + cell(c.key.kind) + " | " + cell(object) +
               " | +" + std::to_string(c.added_lines) + " -" + std::to_string(c.removed_lines) +
               " |\n";
      }
      for (const auto& c : r.changes) {
        std::string fence = fence_for(c.unified);
        out += "\n<details><summary>" + std::string(verb(c.kind)) + ": " + cell(c.key.display()) +
               "</summary>\n\n" + fence + "diff\n" + c.unified + fence + "\n\n</details>\n";
      }
      return out;
    }
    case Format::kJson: {
      nlohmann::ordered_json j;
      Counts c = counts(r);
      j["title"] = title;
      j["summary"] = {{"added", c.added},
                      {"changed", c.changed},
                      {"removed", c.removed},
                      {"unchanged", r.unchanged}};
      j["changes"] = nlohmann::ordered_json::array();
      for (const auto& ch : r.changes) {
        j["changes"].push_back({{"change", verb(ch.kind)},
                                {"apiVersion", ch.key.api_version},
                                {"kind", ch.key.kind},
                                {"namespace", ch.key.ns},
                                {"name", ch.key.name},
                                {"diff", ch.unified}});
      }
      return j.dump(2) + "\n";
    }
  }
  return out;
}

}  // namespace render::diff
