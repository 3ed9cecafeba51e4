// The template set and Helm's rendering of Go's template errors.
#include <algorithm>
#include <cstdlib>

#include "render/template.hpp"
#include "render/utf8.hpp"
#include "template/executor.hpp"
#include "template/parser.hpp"

namespace render::tmpl {
namespace {

// "file:line:col" -> parts.
void split_location(const std::string& location, std::string& file, int& line, int& col) {
  std::size_t c2 = location.rfind(':');
  std::size_t c1 =
      c2 == std::string::npos || c2 == 0 ? std::string::npos : location.rfind(':', c2 - 1);
  if (c1 == std::string::npos) {
    file = location;
    return;
  }
  file = location.substr(0, c1);
  line = std::atoi(location.c_str() + c1 + 1);
  col = std::atoi(location.c_str() + c2 + 1);
}

// Helm's multi-line form of a chain of template errors, or Go's one-line text when the chain
// ends in an error that is not a template error (Helm then leaves it alone).
std::string helm_exec_message(const Failure& f) {
  struct Traceable {
    std::string location, executed, message;
    bool operator==(const Traceable&) const = default;
  };
  std::vector<Traceable> trace;
  for (const ErrorLink& l : f.chain) {
    Traceable t;
    if (l.exec) {
      t.location = l.location;
      t.executed = "executing \"" + l.name + "\" at <" + l.context + ">:";
      t.message = l.message;
    } else if (l.text.starts_with("template: ")) {
      t.message = l.text;
    } else {
      return f.go_text();
    }
    trace.push_back(std::move(t));
  }
  // Each message ends with the whole text of the error below it: Helm takes that off (the
  // messages as they were, from the innermost out), then shows a message up to its first
  // " template:" (where the text of an included template's error began).
  std::string previous;
  for (std::size_t i = trace.size(); i-- > 0;) {
    std::string current = trace[i].message;
    if (i + 1 < trace.size() && current.ends_with(previous) && !previous.empty()) {
      trace[i].message.resize(current.size() - previous.size());
    }
    previous = std::move(current);
  }
  for (Traceable& t : trace) {
    if (t.location.empty() && t.executed.empty()) continue;
    std::size_t cut = t.message.find(" template:", 1);
    if (cut != std::string::npos) t.message.resize(cut);
    t.message.resize(go_trim_space(t.message, false).size());
  }
  // A template that includes itself repeats its frame at every level: Helm shows it once.
  trace.erase(std::unique(trace.begin(), trace.end()), trace.end());
  std::string out;
  for (Traceable& t : trace) {
    if (t.location.empty() && t.executed.empty()) {
      if (!t.message.empty()) out += t.message + "\n";
      continue;
    }
    if (!t.location.empty()) out += t.location + "\n  ";
    if (!t.executed.empty()) out += t.executed + "\n    ";
    if (!t.message.empty()) out += t.message + "\n";
  }
  return std::string(go_trim_space(out));
}

}  // namespace

TemplateError to_template_error(const Failure& f) {
  std::string file, location;
  int line = 0, col = 0;
  // The innermost template location is the most precise one.
  for (auto it = f.chain.rbegin(); it != f.chain.rend(); ++it) {
    if (it->exec) {
      location = it->location;
      split_location(location, file, line, col);
      break;
    }
  }
  // Inside the text tpl executes that place is "gotpl:<line>:<col>", in no file: a refusal or a
  // limit of ours names the innermost place in a file first (Helm's own errors show both in
  // their chain).
  std::string detail = f.detail;
  if (file == "gotpl" &&
      (f.kind == TemplateError::Kind::kLimit || f.kind == TemplateError::Kind::kRefused)) {
    for (auto it = f.chain.rbegin(); it != f.chain.rend(); ++it) {
      if (!it->exec || it->location.starts_with("gotpl:")) continue;
      if (f.kind == TemplateError::Kind::kLimit) detail = location + ": " + detail;
      location = it->location;
      split_location(location, file, line, col);
      detail = location + ": in the text tpl executes, " + detail;
      return TemplateError(f.kind, detail, file, line, col);
    }
  }
  switch (f.kind) {
    case TemplateError::Kind::kFail: {
      std::string outer =
          f.chain.empty() || !f.chain.front().exec ? file : f.chain.front().location;
      return TemplateError(f.kind, "execution error at (" + outer + "): " + f.fail_message, file,
                           line, col);
    }
    case TemplateError::Kind::kLimit:
      // (A limit of ours, which Helm does not have: its text says where, as a refusal's does.)
      return TemplateError(f.kind, location.empty() ? f.detail : location + ": " + f.detail, file,
                           line, col);
    case TemplateError::Kind::kRefused:
      return TemplateError(f.kind, f.detail, file, line, col);
    default:
      return TemplateError(f.kind, helm_exec_message(f), file, line, col);
  }
}

// A file parsed by TemplateSet::prepare, not added yet.
struct Prepared {
  std::unique_ptr<Source> source;
  std::unique_ptr<NodePool> pool;
  std::vector<Tree> trees;
};

struct TemplateSet::Impl {
  Options options;
  std::vector<std::unique_ptr<Source>> sources;
  std::vector<std::unique_ptr<NodePool>> pools;
  TemplateScope scope;
  StoredRefusal stored;
  std::vector<Prepared> prepared;
  // Adds the parsed file's templates to the scope.
  void add(std::unique_ptr<Source> source, std::unique_ptr<NodePool> pool,
           std::vector<Tree>& trees);
};

TemplateSet::TemplateSet(Options options) : impl_(std::make_unique<Impl>()) {
  impl_->options = options;
}

TemplateSet::~TemplateSet() = default;

void TemplateSet::Impl::add(std::unique_ptr<Source> source, std::unique_ptr<NodePool> pool,
                            std::vector<Tree>& trees) {
  for (Tree& t : trees) {
    auto it = scope.templates.find(t.name);
    // An empty definition never replaces an existing template.
    if (it != scope.templates.end() && is_empty_tree(t.root)) continue;
    scope.templates.insert_or_assign(t.name, t);
  }
  sources.push_back(std::move(source));
  pools.push_back(std::move(pool));
}

void TemplateSet::parse(const std::string& name, std::string_view text) {
  auto& prepared = impl_->prepared;
  for (auto p = prepared.begin(); p != prepared.end(); ++p) {
    if (p->source->parse_name == name && p->source->text == text) {
      Prepared ready = std::move(*p);
      prepared.erase(p);
      impl_->add(std::move(ready.source), std::move(ready.pool), ready.trees);
      return;
    }
  }
  auto source = std::make_unique<Source>(Source{name, std::string(text)});
  auto pool = std::make_unique<NodePool>();
  std::vector<Tree> trees;
  try {
    trees = tmpl::parse(*source, name, *pool);
  } catch (const ParseError& e) {
    // Helm keeps the location and the last ": "-separated part of Go's message.
    std::string text_ = e.what();
    std::string message = text_.substr(text_.rfind(": ") + 2);
    throw TemplateError(
        TemplateError::Kind::kParse,
        "parse error at (" + name + ":" + std::to_string(e.line()) + "): " + message, name,
        e.line(), -1);
  }
  impl_->add(std::move(source), std::move(pool), trees);
}

void TemplateSet::prepare(const std::string& name, std::string_view text) {
  Prepared p{
      std::make_unique<Source>(Source{name, std::string(text)}), std::make_unique<NodePool>(), {}};
  try {
    p.trees = tmpl::parse(*p.source, name, *p.pool);
  } catch (...) {
    return;  // (whatever failed is parse()'s to report, where it is called)
  }
  impl_->prepared.push_back(std::move(p));
}

bool TemplateSet::has(std::string_view name) const {
  return impl_->scope.find(name) != nullptr;
}

SharedIncludes::SharedIncludes(std::span<const Value> roots)
    : memo_(std::make_unique<IncludeMemo>()) {
  memo_->share_across(roots);
}

SharedIncludes::~SharedIncludes() = default;

void SharedIncludes::next_items() {
  memo_->drop_kept();
}

template <typename Run>
std::optional<TemplateError> TemplateSet::execute_with(std::string_view name,
                                                       SharedIncludes* shared, const Run& run) {
  const Tree* tree = impl_->scope.find(name);
  if (tree == nullptr) {
    throw TemplateError(TemplateError::Kind::kExec,
                        "template: no template \"" + std::string(name) +
                            "\" associated with "
                            "template \"gotpl\"",
                        std::string(name), 0, 0);
  }
  Executor executor(impl_->options, impl_->scope, impl_->stored,
                    shared != nullptr ? shared->memo_.get() : nullptr);
  try {
    run(executor, *tree);
  } catch (const Failure& f) {
    // A failure after a stand-in's result decided the output may be that result's doing: the
    // refusal is what is known then. (A call that fails on a tainted value throws the refusal
    // itself.)
    throw to_template_error(executor.deferred_refusal().value_or(f));
  }
  if (const auto& deferred = executor.deferred_refusal()) return to_template_error(*deferred);
  return std::nullopt;
}

std::optional<TemplateError> TemplateSet::execute(std::string_view name, const Value& data,
                                                  std::string& out, SharedIncludes* shared) {
  return execute_with(name, shared,
                      [&](Executor& executor, const Tree& tree) { executor.run(tree, data, out); });
}

std::size_t TemplateSet::part_items(std::string_view name, const Value& data) {
  const Tree* tree = impl_->scope.find(name);
  const BranchNode* range = tree != nullptr ? Executor::lone_range(*tree) : nullptr;
  if (range == nullptr) return 0;
  Executor executor(impl_->options, impl_->scope, impl_->stored);
  return executor.part_items(*tree, range, data);
}

std::optional<TemplateError> TemplateSet::execute_part(std::string_view name, const Value& data,
                                                       std::string& out, SharedIncludes* shared,
                                                       std::size_t begin, std::size_t end,
                                                       std::size_t items) {
  return execute_with(name, shared, [&](Executor& executor, const Tree& tree) {
    const BranchNode* range = Executor::lone_range(tree);
    if (range == nullptr) {
      Failure f;
      f.detail = "internal error: " + std::string(name) + " cannot run in parts";
      throw f;
    }
    executor.run_part(tree, range, data, out, begin, end, items);
  });
}

namespace {

void for_each_constant(const std::vector<std::unique_ptr<NodePool>>& pools,
                       void (*apply)(const Value&)) {
  for (const auto& pool : pools) {
    for (const auto& node : pool->nodes) {
      NodeType t = node->type;
      if (t == NodeType::kDot || t == NodeType::kNil || t == NodeType::kBool ||
          t == NodeType::kNumber || t == NodeType::kString) {
        apply(static_cast<const LiteralNode&>(*node).value);
      }
    }
  }
}

}  // namespace

void TemplateSet::freeze() {
  impl_->prepared.clear();
  for_each_constant(impl_->pools, [](const Value& v) { v.freeze(); });
}

void TemplateSet::thaw() {
  for_each_constant(impl_->pools, [](const Value& v) { v.thaw(); });
}

}  // namespace render::tmpl
