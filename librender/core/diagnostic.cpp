#include "render/diagnostic.hpp"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <tuple>

namespace render {
namespace {

ExitCode exit_code_of(const std::string& c) {
  if (c == code::kRace) return ExitCode::kLostRace;
  if (c == code::kIo || c == code::kGit || c == code::kUnsafeTree) return ExitCode::kIoError;
  return ExitCode::kInvalidInput;
}

std::vector<Diagnostic> sorted(const std::vector<Diagnostic>& in) {
  std::vector<Diagnostic> out = in;
  std::stable_sort(out.begin(), out.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.location.file, a.location.line, a.location.col, a.code) <
           std::tie(b.location.file, b.location.line, b.location.col, b.code);
  });
  return out;
}

std::string place(const Location& l) {
  std::string out = l.file.empty() ? "<input>" : l.file;
  if (l.line > 0) {
    out += ":" + std::to_string(l.line);
    if (l.col > 0) out += ":" + std::to_string(l.col);
  }
  return out;
}

// GitHub workflow commands: data escapes %, CR, LF; properties also ':' and ','.
std::string gh_escape(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '%':
        out += "%25";
        break;
      case '\r':
        out += "%0D";
        break;
      case '\n':
        out += "%0A";
        break;
      case ':':
        out += property ? "%3A" : ":";
        break;
      case ',':
        out += property ? "%2C" : ",";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace

bool has_errors(const std::vector<Diagnostic>& diagnostics) {
  return std::any_of(diagnostics.begin(), diagnostics.end(),
                     [](const Diagnostic& d) { return d.severity == Severity::kError; });
}

ExitCode exit_code_for(const std::vector<Diagnostic>& diagnostics) {
  // The most serious kind wins: a lost race over I/O over invalid input.
  ExitCode worst = ExitCode::kOk;
  for (const auto& d : diagnostics) {
    if (d.severity != Severity::kError) continue;
    ExitCode e = exit_code_of(d.code);
    if (worst == ExitCode::kOk || static_cast<int>(e) > static_cast<int>(worst)) worst = e;
  }
  return worst;
}

DiagnosticFormat parse_diagnostic_format(const std::string& name) {
  if (name == "text") return DiagnosticFormat::kText;
  if (name == "json") return DiagnosticFormat::kJson;
  if (name == "github") return DiagnosticFormat::kGithub;
  throw std::invalid_argument("unknown format `" + name + "` (text, json or github)");
}

std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics,
                               DiagnosticFormat format) {
  std::vector<Diagnostic> list = sorted(diagnostics);
  std::string out;
  switch (format) {
    case DiagnosticFormat::kText:
      for (const auto& d : list) {
        out += place(d.location) + ": " + (d.severity == Severity::kError ? "error" : "warning") +
               "[" + d.code + "]: " + d.message;
        if (!d.location.pointer.empty()) out += " (at " + d.location.pointer + ")";
        out += "\n";
        if (!d.hint.empty()) out += "  hint: " + d.hint + "\n";
      }
      return out;
    case DiagnosticFormat::kGithub:
      for (const auto& d : list) {
        out += d.severity == Severity::kError ? "::error " : "::warning ";
        out += "file=" + gh_escape(d.location.file, true);
        if (d.location.line > 0) out += ",line=" + std::to_string(d.location.line);
        if (d.location.col > 0) out += ",col=" + std::to_string(d.location.col);
        out += ",title=" + gh_escape(d.code, true) + "::";
        std::string text = d.message;
        if (!d.location.pointer.empty()) text += " (at " + d.location.pointer + ")";
        if (!d.hint.empty()) text += "\nhint: " + d.hint;
        out += gh_escape(text, false) + "\n";
      }
      return out;
    case DiagnosticFormat::kJson: {
      nlohmann::ordered_json arr = nlohmann::ordered_json::array();
      for (const auto& d : list) {
        arr.push_back({{"severity", d.severity == Severity::kError ? "error" : "warning"},
                       {"code", d.code},
                       {"file", d.location.file},
                       {"line", d.location.line},
                       {"col", d.location.col},
                       {"pointer", d.location.pointer},
                       {"message", d.message},
                       {"hint", d.hint}});
      }
      nlohmann::ordered_json doc;
      doc["diagnostics"] = std::move(arr);
      // Invalid UTF-8 in a message must not abort the report: replace it.
      return doc.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
    }
  }
  return out;
}

namespace {
std::string first_message(const std::vector<Diagnostic>& ds) {
  return ds.empty() ? std::string("error") : ds.front().message;
}
}  // namespace

Error::Error(Diagnostic diagnostic) : std::runtime_error(diagnostic.message) {
  diagnostics_.push_back(std::move(diagnostic));
}

Error::Error(std::vector<Diagnostic> diagnostics)
    : std::runtime_error(first_message(diagnostics)), diagnostics_(std::move(diagnostics)) {}

}  // namespace render
