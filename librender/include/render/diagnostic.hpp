// Diagnostics: what went wrong, where, and how to fix it.
//
// Every stage reports problems as Diagnostic values. A diagnostic names its place in the input by
// file:line:col and, for JSON-shaped input, by JSON pointer; template errors name
// template:line:col.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace render {

// Process exit codes, documented in README.md.
enum class ExitCode : int {
  kOk = 0,
  kDifferences = 1,   // diff/check found differences
  kInvalidInput = 2,  // parse, schema, semantic, template, limit, unsafe path, secret
  kIoError = 3,       // I/O, git, unsafe target tree
  kLostRace = 4,      // the ref moved under us
};

enum class Severity { kError, kWarning };

// Stable diagnostic codes (the kinds of ../shared/reference/bad-inputs.md).
namespace code {
inline constexpr const char* kParse = "E_PARSE";
inline constexpr const char* kSchema = "E_SCHEMA";
inline constexpr const char* kSemantic = "E_SEMANTIC";
inline constexpr const char* kLimit = "E_LIMIT";
inline constexpr const char* kTemplate = "E_TEMPLATE";
inline constexpr const char* kUnsafePath = "E_UNSAFE_PATH";
inline constexpr const char* kSecret = "E_SECRET";
inline constexpr const char* kCheck = "E_CHECK";
inline constexpr const char* kUnsafeTree = "E_UNSAFE_TREE";
inline constexpr const char* kIo = "E_IO";
inline constexpr const char* kGit = "E_GIT";
inline constexpr const char* kRace = "E_RACE";
}  // namespace code

// A place in an input file. line and col are 1-based; 0 means unknown.
struct Location {
  std::string file;
  int line = 0;
  int col = 0;
  std::string pointer;  // JSON pointer ("/deployed_apps/1/fqdn"), empty when not applicable
};

struct Diagnostic {
  Severity severity = Severity::kError;
  std::string code;  // one of render::code
  Location location;
  std::string message;
  std::string hint;  // how to fix it; may be empty
};

// The exit code a set of diagnostics maps to (kOk when none is an error).
ExitCode exit_code_for(const std::vector<Diagnostic>& diagnostics);

bool has_errors(const std::vector<Diagnostic>& diagnostics);

enum class DiagnosticFormat { kText, kJson, kGithub };

// Parses "text", "json" or "github"; throws std::invalid_argument otherwise.
DiagnosticFormat parse_diagnostic_format(const std::string& name);

// Formats diagnostics for stderr:
//  text:   file:line:col: error[E_SCHEMA]: message (at /pointer)\n  hint: ...
//  json:   one JSON document {"diagnostics":[...]} (stable key order)
//  github: ::error file=F,line=L,col=C,title=CODE::message  (Actions workflow commands, escaped)
std::string format_diagnostics(const std::vector<Diagnostic>& diagnostics, DiagnosticFormat format);

// An error carrying diagnostics, for the paths where unwinding is the natural shape (a stage that
// cannot continue). Stages that can collect several problems return them instead.
class Error : public std::runtime_error {
 public:
  explicit Error(Diagnostic diagnostic);
  explicit Error(std::vector<Diagnostic> diagnostics);
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  ExitCode exit_code() const { return exit_code_for(diagnostics_); }

 private:
  std::vector<Diagnostic> diagnostics_;
};

}  // namespace render
