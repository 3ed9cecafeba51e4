// The Helm-dialect template engine: Go text/template with Sprig's and Helm's functions.
//
// A TemplateSet holds every parsed template under its name (a chart file's path, or a `define`d
// name); all files share one namespace, as Helm's template set does. Parse each source once,
// then execute any template many times.
//
//   render::tmpl::TemplateSet set;
//   set.parse("mychart/templates/cm.yaml", text);
//   std::string out;
//   set.execute("mychart/templates/cm.yaml", data, out);
//
// Errors are TemplateError with Go's and Helm's message text and the template:line:col.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>

#include "render/diagnostic.hpp"
#include "render/value.hpp"

namespace render::tmpl {

struct Limits {
  std::size_t max_output_bytes = 64u << 20;    // one execute(), include and tpl results included
  int max_include_depth = 1000;                // nested include of one name (Helm's own limit)
  int max_tpl_depth = 100;                     // tpl inside tpl
  int max_exec_depth = 100000;                 // nested template calls (Go's own limit)
  std::size_t max_range_iterations = 1000000;  // one range loop
};

struct Options {
  Limits limits;
  // A refused function that a stand-in can answer (the random ones and the clock's readers, with
  // their Go signatures checked) does not stop the execution. The stand-in's result is tainted
  // (render::Value::is_tainted), and so is everything made from it; execute() returns the
  // refusal only if a tainted value was printed or chose a branch, and the caller decides
  // whether what the execution printed is used at all (a test hook that --skip-tests drops is
  // not). A result that was thrown away (`default (randAlphaNum 8) .Values.password` with a
  // password given) leaves no refusal. An error of a call given a tainted value, or any error
  // after one decided the output, is the refusal (the stand-in may be the cause), and so is
  // a tainted key given to set or a tainted map changed. A tainted value stored into a map or
  // list keeps its mark there (the map is not marked): printed whole, that map is refused in
  // whichever execution of the set prints it. Other errors are the template's own.
  bool defer_refusals = false;
};

class TemplateError : public std::runtime_error {
 public:
  enum class Kind {
    kParse,    // Helm prints "parse error at (<file>:<line>): <message>"
    kExec,     // an execution error (Helm's own formatting of Go's message)
    kFail,     // fail/required: "execution error at (<file>:<line>:<col>): <message>"
    kLimit,    // one of Limits exceeded
    kRefused,  // a function the engine refuses (nondeterministic in Helm)
  };
  TemplateError(Kind kind, std::string helm_message, std::string file, int line, int column)
      : std::runtime_error(helm_message),
        kind_(kind),
        file_(std::move(file)),
        line_(line),
        column_(column) {}
  Kind kind() const { return kind_; }
  // What Helm prints after "Error: " (also what()).
  std::string helm_message() const { return what(); }
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  int column() const { return column_; }  // 0-based byte column as Go reports it; -1 for parse
  // Where, as a diagnostic says it (1-based column; 0 when Go gives none).
  Location location() const { return {file_, line_, column_ < 0 ? 0 : column_ + 1, ""}; }
  // The diagnostic code: E_LIMIT for a limit, E_TEMPLATE for everything else.
  const char* code() const { return kind_ == Kind::kLimit ? code::kLimit : code::kTemplate; }

 private:
  Kind kind_;
  std::string file_;
  int line_, column_;
};

class IncludeMemo;

// What the executions on one thread share while the set and their data are frozen (see
// TemplateSet::freeze): the results of includes, reused across files whose root objects (all
// of them in `roots`) differ only in .Template where the template did not look at that. It
// holds copies of frozen values, so it must be gone before they are thawed.
class SharedIncludes {
 public:
  explicit SharedIncludes(std::span<const Value> roots);
  ~SharedIncludes();
  // What runs next goes over other items (the next parts of files run in parts): the results
  // kept so far are let go, and the memory they took serves the next ones.
  void next_items();
  SharedIncludes(const SharedIncludes&) = delete;
  SharedIncludes& operator=(const SharedIncludes&) = delete;

 private:
  friend class TemplateSet;
  std::unique_ptr<IncludeMemo> memo_;
};

class TemplateSet {
 public:
  explicit TemplateSet(Options options = {});
  ~TemplateSet();
  TemplateSet(const TemplateSet&) = delete;
  TemplateSet& operator=(const TemplateSet&) = delete;

  // Parses `text` as the template `name`, adding its defines and blocks to the set. A later
  // definition replaces an earlier one, except that an empty one never replaces anything.
  void parse(const std::string& name, std::string_view text);
  // Parses `text` as the template `name` ahead of time, keeping the result apart: parse() then
  // adds it when given the same name and text, instead of parsing again. A text that does not
  // parse is kept as nothing (parse() reports its error, when it comes to it). For another thread
  // to do while the set is in no other use; what is never added is dropped by the next
  // freeze().
  void prepare(const std::string& name, std::string_view text);
  bool has(std::string_view name) const;
  // Executes template `name` with `data` as dot and $, appending to `out`. Returns the refusal
  // deferred meanwhile (Options::defer_refusals), if there was one. `shared`: what the
  // executions of this thread share (frozen only); null: nothing.
  [[nodiscard]] std::optional<TemplateError> execute(std::string_view name, const Value& data,
                                                     std::string& out,
                                                     SharedIncludes* shared = nullptr);

  // A file that can run in parts, each some of the iterations of the one range it is made of
  // (with white space and comments around it): how many items that range goes over with
  // `data`. 0 when it cannot, or goes over none. The parts may run only while the data is
  // frozen (nothing an iteration changes then outlives it).
  std::size_t part_items(std::string_view name, const Value& data);
  // Executes the iterations [begin, end) of such a file's range over its `items` items (the
  // text before the range in the part that begins at 0, after it in the one that ends at
  // `items`), as execute() does. The parts' outputs, joined in order, are the file's.
  [[nodiscard]] std::optional<TemplateError> execute_part(std::string_view name, const Value& data,
                                                          std::string& out, SharedIncludes* shared,
                                                          std::size_t begin, std::size_t end,
                                                          std::size_t items);

  // Between freeze() and thaw() several threads may execute templates of the set at once, each
  // into its own `out`, with frozen data (Value::freeze): the constants of the parsed templates
  // are frozen too. The set must not be parsed into meanwhile.
  void freeze();
  void thaw();

  struct Impl;

 private:
  template <typename Run>
  std::optional<TemplateError> execute_with(std::string_view name, SharedIncludes* shared,
                                            const Run& run);
  std::unique_ptr<Impl> impl_;
};

}  // namespace render::tmpl
