// The executor: walks parsed templates with Go text/template's semantics.
#pragma once

#include <array>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "render/template.hpp"
#include "template/include_memo.hpp"
#include "template/tree.hpp"

namespace render::tmpl {

// A value as the executor holds it. `boxed` marks a value that came out of an interface{}
// container (a map entry, a list element): Go then reports a nil one as "interface {}" and
// refuses to evaluate fields on it ("nil pointer evaluating interface {}.x"), while a nil that
// went through a pipeline is an untyped nil that yields nothing.
struct Ref {
  Value value;
  bool boxed = false;
};

// A variable of a running template: its name as declared (and its variable_key), and its
// value.
struct Variable {
  std::string_view name;
  std::uint64_t key = 0;
  Ref value;
};

// One link of an error chain, outermost first, as Go's errors.Unwrap would walk it.
struct ErrorLink {
  bool exec = false;                             // a text/template ExecError, else a plain error
  std::string location, name, context, message;  // exec: "file:line:col", template, <context>
  std::string text;                              // plain: the error text
  std::string go_text() const {
    if (!exec) return text;
    return "template: " + location + ": executing \"" + name + "\" at <" + context +
           ">: " + message;
  }
};

// An execution failure on its way up.
struct Failure {
  TemplateError::Kind kind = TemplateError::Kind::kExec;
  std::vector<ErrorLink> chain;
  std::string fail_message;  // kFail: the message of fail/required
  std::string detail;        // kLimit/kRefused: our own message
  std::string go_text() const { return chain.empty() ? detail : chain.front().go_text(); }
};

// Helm's rendering of an execution failure (engine.go's cleanup of Go's error text).
TemplateError to_template_error(const Failure& failure);

// The templates visible to an execution: the set's own, plus those a tpl string defined.
struct TemplateScope {
  const TemplateScope* parent = nullptr;
  std::map<std::string, Tree, std::less<>> templates;
  const Tree* find(std::string_view name) const;
};

// The refusal behind the first stand-in's result stored into a map or list, for the executions
// of one template set: stored into data they share, it may be printed by another file's
// execution, which has no refusal of its own to report then. Executions on several threads
// record it alike.
class StoredRefusal {
 public:
  void record(const Failure& refusal) {
    std::lock_guard lock(mutex_);
    if (!first_) first_ = refusal;
  }
  std::optional<Failure> first() const {
    std::lock_guard lock(mutex_);
    return first_;
  }

 private:
  mutable std::mutex mutex_;
  std::optional<Failure> first_;
};

class Executor {
 public:
  // `shared`: include results kept across executions (IncludeMemo::share_across); null: this
  // execution keeps its own.
  Executor(const Options& options, const TemplateScope& scope, StoredRefusal& stored,
           IncludeMemo* shared = nullptr);
  // Executes `tree` with `data`, appending to `out`. Throws Failure.
  void run(const Tree& tree, const Value& data, std::string& out);

  // A file that can run in parts: its tree is white space and comments around one `range` with
  // no else, over a value named plainly (.Values.items), whose iterations cannot reach one
  // another (no break of it, no assignment to $; the data is frozen meanwhile, so nothing an
  // iteration changes outlives it). That range, or null.
  static const BranchNode* lone_range(const Tree& tree);
  // How many items `range` (the lone range of `tree`) goes over with `data`: 0 when it is not
  // a list.
  std::size_t part_items(const Tree& tree, const BranchNode* range, const Value& data);
  // Executes the iterations [begin, end) of it over its `items` items, with the white space
  // before the range when begin is 0 and after it when end is `items`. The parts' outputs,
  // joined in order, are run()'s.
  void run_part(const Tree& tree, const BranchNode* range, const Value& data, std::string& out,
                std::size_t begin, std::size_t end, std::size_t items);

  // Helm's include and tpl (called by the executor for the builtins of those names).
  Value include(const std::string& name, const Value& data);
  // `caller` is the place of the tpl call ("file:line:col"), which refusals inside name.
  Value tpl(const std::string& text, const Value& data, std::string caller);
  // The failure of a call the stack has no room for; `where` is the call's link in the chain
  // (its message is filled in here).
  Failure stack_failure(ErrorLink where) const;
  // The first refused call answered by a stand-in (Options::defer_refusals), once what a stand-in
  // returned (a tainted value, see Value::is_tainted) has reached the output or decided which way
  // the template went: the output then differs from Helm's. A stand-in's result that was thrown
  // away (default (randAlpha 8) .Values.password with a password given) leaves the output as
  // Helm's, and this empty.
  const std::optional<Failure>& deferred_refusal() const { return deferred_; }
  // A tainted value was printed: into an include's or tpl's result (which is then tainted), or
  // into the output.
  void tainted_output() {
    if (tainted_output_ != nullptr) {
      *tainted_output_ = true;
    } else {
      tainted_decision();
    }
  }
  // A tainted value decided the output (it was printed into it, or chose a branch). It came
  // from this execution's stand-in or, through shared data, from another's.
  void tainted_decision() {
    if (!deferred_) deferred_ = pending_ ? pending_ : stored_.first();
  }
  // A tainted value was stored into a map or list.
  void tainted_stored() {
    if (pending_) stored_.record(*pending_);
  }

  // A value taken in as a whole (printed, given to a function, ranged over): while a result
  // for the memo is being made, one that holds a file's root makes that result file-specific.
  void took_whole(const Value& v) {
    if (watching_ > 0 && (v.is_map() || v.is_list()) && memo_->holds_root(v)) saw_root_ = true;
  }

  struct State;

 private:
  const Options& options_;
  const TemplateScope* scope_;
  const TemplateScope* base_scope_;  // the set's own (scope_ differs inside tpl)
  // What include knows of a name: how deep it is running now (Helm counts by name, in any
  // scope), and, found once, its template in the set's own scope with that template's memo
  // table and the length of its last text (the next one's buffer is made that large at once).
  struct Named {
    int depth = 0;
    bool looked_up = false;
    const Tree* tree = nullptr;
    IncludeMemo::Table* memo = nullptr;
    std::size_t last_size = 0;
  };
  struct NameHash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  std::unordered_map<std::string, Named, NameHash, std::equal_to<>> named_;
  // The entries of named_ last found for the name strings, by the string's address: a constant
  // name (include "x.labels" .) is one string at every call, found again without hashing it.
  // (Its text is compared too: a string made and freed may leave its address to another.) With
  // 8 places, the twenty-odd include calls of the benchmark chart's templates took each other's
  // often enough to cost 0.4% of the render's instructions in hashing.
  struct NameSeen {
    const std::string* name = nullptr;
    std::string_view key;
    Named* named = nullptr;
  };
  std::array<NameSeen, 64> names_seen_{};
  Named& named(const std::string& name);
  // The results of Function::same_for_same_data functions given a frozen map or list, by the
  // function and the argument (a frozen value lives, unchanged, as long as the execution).
  struct KnownCall {
    const Function* fn = nullptr;
    Value argument, result;
  };
  std::unordered_map<std::uint64_t, KnownCall> known_calls_;
  const Value* known_call(const Function& fn, const Value& argument) const;
  void remember_call(const Function& fn, const Value& argument, const Value& result);
  int include_nesting_ = 0;  // includes running now, of any name
  int include_peak_ = 0;     // the most include_nesting_ reached since the running include began
  int tpl_depth_ = 0;
  std::vector<std::string> tpl_callers_;  // the places of the tpl calls running, outermost first
  int exec_depth_ = 0;
  int exec_peak_ = 0;  // the same for exec_depth_
  IncludeMemo own_memo_;
  IncludeMemo* memo_;
  // The range running in parts (run_part) and this part's iterations.
  const BranchNode* part_range_ = nullptr;
  std::size_t part_begin_ = 0, part_end_ = 0, part_items_ = 0;
  int watching_ = 0;       // includes running whose result the memo will keep
  bool saw_root_ = false;  // one of them took in a root as a whole (took_whole)
  StoredRefusal& stored_;
  std::optional<Failure> pending_;
  std::optional<Failure> deferred_;
  bool* tainted_output_ = nullptr;  // the running include's or tpl's flag; null at the top
  // The variables of the templates running now, a stack for each one (an include or a
  // {{template}} call runs in a state of its own), kept from one call to the next.
  std::deque<std::vector<Variable>> var_stacks_;
  std::size_t var_depth_ = 0;
  class VarStack;
  std::vector<std::unique_ptr<NodePool>> tpl_pools_;
  std::vector<std::unique_ptr<Source>> tpl_sources_;
  friend struct State;
};

}  // namespace render::tmpl
