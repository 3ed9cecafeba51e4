#include "template/executor.hpp"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <memory>
#include <new>
#include <unordered_set>
#include <utility>

#include "render/guards.hpp"
#include "template/functions.hpp"
#include "template/functions/fmt.hpp"
#include "template/functions/value_text.hpp"
#include "template/parser.hpp"

namespace render::tmpl {

const Tree* TemplateScope::find(std::string_view name) const {
  for (const TemplateScope* s = this; s != nullptr; s = s->parent) {
    auto it = s->templates.find(name);
    if (it != s->templates.end()) return &it->second;
  }
  return nullptr;
}

namespace {

constexpr std::string_view kNoValue = "<no value>";
const Value kMissing{};  // what a key missing from a map names

// Set once a tainted value was stored into a map or list as it is (Function::Carries::kItself):
// only from then on can a map or list hold one without being marked itself, and only then are
// maps and lists searched for one. (Process-wide: the values outlive one execution.)
std::atomic<bool> entries_tainted{false};

bool holds_taint_in(const Value& v, std::unordered_set<const void*>& seen) {
  auto search = [&](const Value& item) {
    return item.is_tainted() || ((item.is_list() || item.is_map()) && holds_taint_in(item, seen));
  };
  check_stack("a value searched for random parts");
  if (v.is_list()) {
    if (!seen.insert(&v.as_list()).second) return false;
    return std::any_of(v.as_list().begin(), v.as_list().end(), search);
  }
  if (!seen.insert(&v.as_map()).second) return false;
  return std::any_of(v.as_map().begin(), v.as_map().end(),
                     [&](const auto& entry) { return search(entry.second); });
}

// Whether a map or list holds a tainted value at any depth (is_tainted says it of the value
// itself): printed, it prints that value.
[[gnu::noinline]] bool search_for_taint(const Value& v) {
  if (!(v.is_list() || v.is_map())) return false;
  std::unordered_set<const void*> seen;
  return holds_taint_in(v, seen);
}
inline bool holds_taint(const Value& v) {
  return entries_tainted.load(std::memory_order_relaxed) && search_for_taint(v);
}

inline bool taints_output(const Value& v) {
  return v.is_tainted() || holds_taint(v);
}

// The entry at place `at` of `map` when its key is `key`, else null. (Reached from end():
// begin() would first put in order keys waiting unsorted, which a look at one place does not
// need.)
inline const Map::value_type* entry_at(const Map& map, std::uint32_t at, const std::string& key) {
  if (at >= map.size()) return nullptr;
  const Map::value_type& e = *(map.end() - static_cast<std::ptrdiff_t>(map.size() - at));
  return e.first.size() == key.size() && detail::same_bytes(e.first.data(), key.data(), key.size())
             ? &e
             : nullptr;
}

// The entry of `key` where `hint` (see Map::find) points or next to it, else null: the maps of
// a list's items often differ by an optional key before it, which moves it one place. A key
// found next to it moves the hint there.
inline const Map::value_type* near_hint(const Map& map, const std::string& key,
                                        std::atomic<std::uint32_t>& hint) {
  const std::uint32_t at = hint.load(std::memory_order_relaxed);
  if (const Map::value_type* e = entry_at(map, at, key)) return e;
  for (std::uint32_t near : {at + 1, at - 1}) {  // (at - 1 from 0 is past any end)
    if (const Map::value_type* e = entry_at(map, near, key)) {
      hint.store(near, std::memory_order_relaxed);
      return e;
    }
  }
  return nullptr;
}

std::string_view param_type(Param p) {
  switch (p) {
    case Param::kAny:
      return "interface {}";
    case Param::kString:
      return "string";
    case Param::kInt:
      return "int";
    case Param::kInt64:
      return "int64";
    case Param::kFloat:
      return "float64";
    case Param::kBool:
      return "bool";
    case Param::kList:
      return "[]interface {}";
    case Param::kMap:
      return "map[string]interface {}";
    case Param::kStrings:
      return "[]string";
    case Param::kCertificate:
      return "sprig.certificate";
  }
  return "interface {}";
}

inline bool param_accepts(Param p, const Value& v) {
  switch (p) {
    case Param::kAny:
      return true;
    case Param::kString:
      return v.is_string();
    case Param::kInt:
      return v.kind() == Value::Kind::kInt && !v.is_uint8();
    case Param::kInt64:
      return v.kind() == Value::Kind::kInt64 && !v.is_uint64();
    case Param::kFloat:
      return v.is_float();
    case Param::kBool:
      return v.is_bool();
    case Param::kList:
    case Param::kStrings:
      return v.is_list();
    case Param::kMap:  // map[string]interface{}: not the map[string]string split makes
      return v.is_map() && !v.is_string_map();
    case Param::kCertificate:
      return v.is_object() && v.type_name() == "sprig.certificate";
  }
  return false;
}

bool can_be_nil(Param p) {
  return p == Param::kAny || p == Param::kList || p == Param::kMap || p == Param::kStrings;
}

// Go's basicKind for comparisons.
enum class BasicKind { kInvalid, kBool, kInt, kFloat, kString };
BasicKind basic_kind(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kBool:
      return BasicKind::kBool;
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return BasicKind::kInt;
    case Value::Kind::kFloat:
      return BasicKind::kFloat;
    case Value::Kind::kString:
      return BasicKind::kString;
    default:
      return BasicKind::kInvalid;
  }
}

FunctionError incompatible(const Value& a, const Value& b) {
  return FunctionError("incompatible types for comparison: " + std::string(a.type_name()) +
                       " and " + std::string(b.type_name()));
}

// Go's eq on two values.
bool equal_values(const Value& a, const Value& b) {
  BasicKind ka = basic_kind(a), kb = basic_kind(b);
  if (ka != kb) {
    if (!a.is_nil() && !b.is_nil()) throw incompatible(a, b);
    return false;
  }
  switch (ka) {
    case BasicKind::kBool:
      return a.as_bool() == b.as_bool();
    case BasicKind::kInt:
      return a.as_int() == b.as_int();
    case BasicKind::kFloat:
      return a.as_float() == b.as_float();
    case BasicKind::kString:
      return a.as_string() == b.as_string();
    case BasicKind::kInvalid:
      break;
  }
  if (a.is_nil() || b.is_nil()) return a.is_nil() == b.is_nil();
  // Go's eq: values of two reflect kinds (a slice and a map) are not comparable at all; of one
  // kind, the second must be. The values are printed with %s ("[%!s(int=1)]" for a list of a
  // number).
  auto is_go_map = [](const Value& v) {
    Map entries;  // .Files is a Go map underneath
    return v.is_map() || (v.is_object() && v.as_object()->entries(entries));
  };
  auto uncomparable = [&](const Value& v) { return v.is_list() || v.is_bytes() || is_go_map(v); };
  if (uncomparable(a) || uncomparable(b)) {
    if (is_go_map(a) != is_go_map(b)) {
      Value args[] = {a, Value::string(std::string(a.type_name())),
                      Value::string(std::string(b.type_name())), b};
      throw FunctionError(go_sprintf("non-comparable types %s: %v, %s: %v", args));
    }
    throw FunctionError("non-comparable type " + go_sprintf("%s", std::span(&b, 1)) + ": " +
                        std::string(b.type_name()));
  }
  if (a.is_object() && b.is_object()) return a.as_object() == b.as_object();
  throw incompatible(a, b);
}

bool less_values(const Value& a, const Value& b) {
  BasicKind ka = basic_kind(a), kb = basic_kind(b);
  if (ka == BasicKind::kInvalid || kb == BasicKind::kInvalid) {
    throw FunctionError("invalid type for comparison");
  }
  if (ka != kb) throw incompatible(a, b);
  switch (ka) {
    case BasicKind::kBool:
      throw FunctionError("invalid type for comparison");
    case BasicKind::kInt:
      return a.as_int() < b.as_int();
    case BasicKind::kFloat:
      return a.as_float() < b.as_float();
    case BasicKind::kString:
      return a.as_string() < b.as_string();
    case BasicKind::kInvalid:
      break;
  }
  return false;
}

// The type text/template names in len's and index's errors: it looks through a pointer first
// (*semver.Version is named semver.Version).
std::string pointee_type(const Value& v) {
  std::string_view type = v.type_name();
  if (type.starts_with('*')) type.remove_prefix(1);
  return std::string(type);
}

Value go_len(const Value& v) {
  switch (v.kind()) {
    case Value::Kind::kNil:
      throw FunctionError("len of nil pointer");
    case Value::Kind::kString:
    case Value::Kind::kBytes:
      return Value::integer(static_cast<std::int64_t>(v.as_string().size()));
    case Value::Kind::kList:
      return Value::integer(static_cast<std::int64_t>(v.as_list().size()));
    case Value::Kind::kMap:
      return Value::integer(static_cast<std::int64_t>(v.as_map().size()));
    case Value::Kind::kObject: {
      Map entries;
      if (v.as_object()->entries(entries)) {
        return Value::integer(static_cast<std::int64_t>(entries.size()));
      }
      if (List items; v.as_object()->elements(items)) {
        return Value::integer(static_cast<std::int64_t>(items.size()));
      }
      break;
    }
    default:
      break;
  }
  throw FunctionError("len of type " + pointee_type(v));
}

// `of_string`: reflect names a string's index at its length as a string's, not a slice's.
std::int64_t index_arg(const Value& index, std::size_t size, bool of_string = false) {
  if (index.is_nil()) throw FunctionError("cannot index slice/array with nil");
  if (!index.is_integer()) {
    throw FunctionError("cannot index slice/array with type " + std::string(index.type_name()));
  }
  std::int64_t x = index.as_int();
  if (x < 0 || static_cast<std::uint64_t>(x) > size) {
    throw FunctionError("index out of range: " + std::to_string(x));
  }
  if (static_cast<std::uint64_t>(x) == size) {
    throw FunctionError(of_string ? "reflect: string index out of range"
                                  : "reflect: slice index out of range");
  }
  return x;
}

Ref go_index(const Value& item_in, std::span<const Value> indexes) {
  Ref item{item_in, false};
  if (item.value.is_nil()) throw FunctionError("index of untyped nil");
  for (const Value& index : indexes) {
    const Value& v = item.value;
    if (v.is_nil()) throw FunctionError("index of nil pointer");
    if (v.is_list()) {
      std::int64_t x = index_arg(index, v.as_list().size());
      item = Ref{v.as_list()[static_cast<std::size_t>(x)],
                 v.elements() == Value::Elements::kInterfaces};
    } else if (List items; v.is_object() && v.as_object()->elements(items)) {
      std::int64_t x = index_arg(index, items.size());
      item = Ref{items[static_cast<std::size_t>(x)], false};
    } else if (v.is_string() || v.is_bytes()) {
      std::int64_t x = index_arg(index, v.as_string().size(), v.is_string());
      item =
          Ref{Value::integer(static_cast<unsigned char>(v.as_string()[static_cast<std::size_t>(x)]))
                  .as_uint8(),
              false};
    } else if (v.is_map()) {
      if (index.is_nil()) throw FunctionError("value is nil; should be of type string");
      if (!index.is_string()) {
        throw FunctionError("value has type " + std::string(index.type_name()) +
                            "; should be string");
      }
      auto it = v.as_map().find(index.as_string());
      if (it == v.as_map().end()) {
        item = v.is_string_map() ? Ref{Value::string(""), false} : Ref{Value(), true};
      } else {
        item = Ref{it->second, !v.is_string_map()};
      }
    } else if (Map entries; v.is_object() && v.as_object()->entries(entries)) {
      // A Go map of another element type (.Files: []byte): a missing key is that type's zero.
      if (index.is_nil()) throw FunctionError("value is nil; should be of type string");
      if (!index.is_string()) {
        throw FunctionError("value has type " + std::string(index.type_name()) +
                            "; should be string");
      }
      auto it = entries.find(index.as_string());
      item = Ref{it == entries.end() ? Value::bytes("") : it->second, false};
    } else {
      throw FunctionError("can't index item of type " + pointee_type(v));
    }
  }
  return item;
}

}  // namespace

// The arguments of a function call: up to four in place, more on the heap. Only those given
// are made (and unmade): most calls take one or two.
class CallArguments {
 public:
  explicit CallArguments(std::size_t n)
      : data_(n <= kInPlace ? reinterpret_cast<Value*>(place_)
                            : static_cast<Value*>(::operator new(n * sizeof(Value)))) {}
  ~CallArguments() {
    std::destroy_n(data_, made_);
    if (data_ != reinterpret_cast<Value*>(place_)) ::operator delete(data_);
  }
  CallArguments(const CallArguments&) = delete;
  CallArguments& operator=(const CallArguments&) = delete;
  Value* data() { return data_; }
  // The next argument (no more than were announced).
  Value& add(Value&& v) { return *new (data_ + made_++) Value(std::move(v)); }
  Value& add(const Value& v) { return *new (data_ + made_++) Value(v); }

 private:
  static constexpr std::size_t kInPlace = 4;
  alignas(Value) unsigned char place_[kInPlace * sizeof(Value)];
  Value* data_;
  std::size_t made_ = 0;
};

// ------------------------------------------------------------------------------------------------

// One of the executor's variable stacks, taken for a template's execution and given back
// empty.
class Executor::VarStack {
 public:
  explicit VarStack(Executor& ex) : ex_(ex) {
    if (ex.var_depth_ == ex.var_stacks_.size()) ex.var_stacks_.emplace_back();
    vars_ = &ex.var_stacks_[ex.var_depth_++];
  }
  ~VarStack() {
    vars_->clear();
    --ex_.var_depth_;
  }
  VarStack(const VarStack&) = delete;
  VarStack& operator=(const VarStack&) = delete;
  std::vector<Variable>& vars() { return *vars_; }

 private:
  Executor& ex_;
  std::vector<Variable>* vars_;
};

struct Executor::State {
  Executor& ex;
  const Tree* tree;
  std::string& out;
  const Node* node = nullptr;  // what Go's s.at() last recorded
  using Var = Variable;
  std::vector<Var>& vars;  // empty at the start

  enum class Flow { kNormal, kBreak, kContinue };

  // ---- errors
  [[noreturn]] void errorf(std::string message) {
    Failure f;
    f.chain.push_back(link(std::move(message)));
    throw f;
  }
  ErrorLink link(std::string message) const {
    ErrorLink l;
    l.exec = true;
    auto [line, col] = tree->source->line_col(node != nullptr ? node->pos : 0);
    l.location = tree->source->parse_name + ":" + std::to_string(line) + ":" + std::to_string(col);
    l.name = tree->name;
    l.context = node != nullptr ? node->str() : std::string();
    l.message = std::move(message);
    return l;
  }
  // "error calling <name>: <inner>", the inner chain kept for Helm's formatting.
  [[noreturn]] void wrap_call(const Node* at, std::string_view name, Failure inner) {
    node = at;
    Failure f;
    f.kind = inner.kind;
    f.fail_message = std::move(inner.fail_message);
    f.detail = std::move(inner.detail);
    f.chain.push_back(link("error calling " + std::string(name) + ": " + inner.go_text()));
    for (auto& l : inner.chain) f.chain.push_back(std::move(l));
    throw f;
  }
  [[noreturn]] void call_error(const Node* at, std::string_view name, const std::string& text) {
    Failure inner;
    ErrorLink l;
    l.text = text;
    inner.chain.push_back(std::move(l));
    wrap_call(at, name, std::move(inner));
  }
  // (After every text and action: the check inline, the failure not.)
  void check_output() {
    if (out.size() > ex.options_.limits.max_output_bytes) [[unlikely]] {
      output_too_large();
    }
  }
  [[noreturn, gnu::noinline]] void output_too_large() {
    Failure f;
    f.kind = TemplateError::Kind::kLimit;
    // `out` may hold what earlier executions wrote (a chart's templates share one buffer):
    // the limit is on the whole output, reached while executing this template.
    f.detail = "the output is larger than " + std::to_string(ex.options_.limits.max_output_bytes) +
               " bytes (the limit), while executing " + tree->name;
    f.chain.push_back(link(f.detail));
    throw f;
  }

  // ---- variables
  std::size_t mark() const { return vars.size(); }
  void pop(std::size_t m) { vars.resize(m); }
  void push(const VariableNode* v, Ref r) {
    vars.push_back(Var{v->ident[0], v->key, std::move(r)});
  }
  void push_dot(Ref r) { vars.push_back(Var{"$", variable_key("$"), std::move(r)}); }
  // Where the variable of that name declared last is, found by key (by the bytes too for a long
  // name); vars.size() when there is none.
  std::size_t var_index(const VariableNode* v) const {
    const std::string& name = v->ident[0];
    std::size_t i = vars.size();
    while (i-- > 0) {
      if (vars[i].key == v->key && (name.size() < 8 || same_name(vars[i].name, name))) return i;
    }
    return vars.size();
  }
  [[gnu::noinline]] static bool same_name(std::string_view a, std::string_view b) {
    return a.size() == b.size() && detail::same_bytes(a.data(), b.data(), a.size());
  }
  const Ref* find_var(const VariableNode* v) const {
    std::size_t i = var_index(v);
    return i < vars.size() ? &vars[i].value : nullptr;
  }
  void set_var(const VariableNode* v, Ref r) {
    std::size_t i = var_index(v);
    if (i == vars.size()) errorf("undefined variable: " + v->ident[0]);
    vars[i].value = std::move(r);
  }
  const Ref& var_value(const VariableNode* v) {
    if (const Ref* r = find_var(v)) return *r;
    errorf("undefined variable: " + v->ident[0]);
  }

  // ---- walking
  Flow walk(const Ref& dot, const Node* n) {
    node = n;
    switch (n->type) {
      case NodeType::kText:
        out += static_cast<const TextNode*>(n)->text;
        check_output();
        return Flow::kNormal;
      case NodeType::kList: {
        for (const Node* c : static_cast<const ListNode*>(n)->nodes) {
          if (c->type == NodeType::kText) {  // (half the nodes: no call for them)
            node = c;
            out += static_cast<const TextNode*>(c)->text;
            check_output();
            continue;
          }
          Flow f = walk(dot, c);
          if (f != Flow::kNormal) return f;
        }
        return Flow::kNormal;
      }
      case NodeType::kAction: {
        const auto* a = static_cast<const ActionNode*>(n);
        if (a->pipe->decl.empty()) {
          if (const Value* v = plain_value(dot, a->pipe)) {
            node = n;
            print(*v);
          } else {
            print_pipeline(dot, a->pipe, n);
          }
        } else {
          eval_pipeline(dot, a->pipe);
        }
        return Flow::kNormal;
      }
      case NodeType::kIf:
      case NodeType::kWith:
        return walk_if_or_with(dot, static_cast<const BranchNode*>(n));
      case NodeType::kRange:
        return walk_range(dot, static_cast<const BranchNode*>(n));
      case NodeType::kTemplate:
        walk_template(dot, static_cast<const TemplateNode*>(n));
        return Flow::kNormal;
      case NodeType::kBreak:
        return Flow::kBreak;
      case NodeType::kContinue:
        return Flow::kContinue;
      case NodeType::kComment:
        return Flow::kNormal;
      default:
        errorf("unknown node: " + n->str());
    }
  }

  // The value a pipeline without declarations names, where it lies, when it is only a field, a
  // variable or dot (PipeNode::plain) and each of its names is a key found in a map that is not
  // marked (the last one may be missing: nil): evaluating it could do nothing else. Null for
  // anything else (a key missing on the way, a method, an undefined variable), which
  // eval_pipeline evaluates and reports as Go does.
  const Value* plain_value(const Ref& dot, const PipeNode* pipe) const {
    return pipe->plain != nullptr ? plain_operand(dot, pipe->plain) : nullptr;
  }

  // The same for an operand: dot, a field or variable as above, or a string or bool constant.
  // Names found where their hints point (or next to it) are followed here without a call; from
  // the first that is not, plain_fields searches.
  const Value* plain_operand(const Ref& dot, const Node* operand) const {
    const Value* cur = &dot.value;
    const std::string* ident = nullptr;
    std::size_t count = 0;
    std::atomic<std::uint32_t>* hints = nullptr;
    switch (operand->type) {
      case NodeType::kDot:
        return cur;
      case NodeType::kString:
      case NodeType::kBool:
        return &static_cast<const LiteralNode*>(operand)->value;
      case NodeType::kField: {
        const auto* f = static_cast<const FieldNode*>(operand);
        ident = f->ident.data();
        count = f->ident.size();
        hints = f->hints.get();
        break;
      }
      case NodeType::kVariable: {
        const auto* v = static_cast<const VariableNode*>(operand);
        const Ref* var = find_var(v);
        if (var == nullptr) return nullptr;
        cur = &var->value;
        ident = v->ident.data() + 1;
        count = v->ident.size() - 1;
        hints = v->hints.get() + 1;
        break;
      }
      default:
        return nullptr;
    }
    for (std::size_t i = 0; i < count; ++i) {
      if (!cur->is_map() || cur->is_tainted()) return nullptr;
      // (A key longer than same_bytes compares without a call is left to plain_fields.)
      const Map::value_type* e =
          ident[i].size() <= 16 ? near_hint(cur->as_map(), ident[i], hints[i]) : nullptr;
      if (e == nullptr) {
        return plain_fields(cur, std::span<const std::string>(ident + i, count - i), hints + i);
      }
      cur = &e->second;
    }
    return cur;
  }
  // The rest of plain_operand's names, from a map (or not) `cur`, searched for by Map::find.
  // (The first was looked for near its hint already: Map::find looks at the hint itself.)
  [[gnu::noinline]] static const Value* plain_fields(const Value* cur,
                                                     std::span<const std::string> ident,
                                                     std::atomic<std::uint32_t>* hints) {
    for (std::size_t i = 0; i < ident.size(); ++i) {
      if (!cur->is_map() || cur->is_tainted()) return nullptr;
      const Map& map = cur->as_map();
      if (const Map::value_type* e = i > 0 ? near_hint(map, ident[i], hints[i]) : nullptr) {
        cur = &e->second;
        continue;
      }
      auto it = map.find(ident[i], hints[i]);
      if (it == map.end()) {
        // A missing last key is nil (eval_field's boxed nil), but "" in a map[string]string.
        return i + 1 == ident.size() && !cur->is_string_map() ? &kMissing : nullptr;
      }
      cur = &it->second;
    }
    return cur;
  }

  // An argument for a parameter of type `p` that only names a value (plain_operand) the
  // parameter takes as it is: what eval_arg would make of it, read in place. Null for anything
  // else (nil too, whose errors depend on where it came from), which eval_arg evaluates.
  const Value* plain_arg(const Ref& dot, Param p, const Node* n) {
    node = n;  // (as eval_arg: an error after the call names its last argument)
    const Value* v = plain_operand(dot, n);
    if (v == nullptr || v->is_nil() || !param_accepts(p, *v)) return nullptr;
    return v;
  }

  // An action's pipeline, its value printed. When the last command calls a function that can
  // print its result itself (nindent), that text goes straight into the output.
  void print_pipeline(const Ref& dot, const PipeNode* pipe, const Node* action) {
    const CommandNode* last = pipe->cmds.back();
    const Node* callee = last->args[0];
    const auto* id = callee->type == NodeType::kIdentifier
                         ? static_cast<const IdentifierNode*>(callee)
                         : nullptr;
    if (id == nullptr || id->function == nullptr || id->function->print == nullptr) {
      Value v = eval_pipeline(dot, pipe);
      node = action;
      print(v);
      return;
    }
    node = pipe;
    Ref value;
    bool have = eval_commands(dot, pipe, pipe->cmds.size() - 1, value);
    eval_function(dot, id, last, have ? &value.value : nullptr, &out);
    node = action;
    check_output();
  }

  void print(const Value& v) {
    if (taints_output(v)) ex.tainted_output();
    ex.took_whole(v);
    if (v.is_nil()) {
      out += kNoValue;
    } else {
      try {
        append_printable(out, v);
      } catch (const UnreproduciblePrint& p) {
        refuse_print(node, p);
      } catch (const render::Error& e) {
        limit_at(node, e);
      }
    }
    check_output();
  }

  Flow walk_if_or_with(const Ref& dot, const BranchNode* b) {
    // An `else if` chain, like blocks inside blocks, recurses as deep as it is long.
    if (stack_nearly_full()) {
      node = b;
      throw ex.stack_failure(link({}));
    }
    std::size_t m = mark();
    Flow f = Flow::kNormal;
    if (const Value* v = b->pipe->decl.empty() ? plain_value(dot, b->pipe) : nullptr) {
      f = walk_branch(dot, b, *v);
    } else {
      f = walk_branch(dot, b, eval_pipeline(dot, b->pipe));
    }
    pop(m);
    return f;
  }
  Flow walk_branch(const Ref& dot, const BranchNode* b, const Value& v) {
    if (v.is_tainted()) ex.tainted_decision();
    if (v.truthy()) {
      if (b->type == NodeType::kWith) return walk(Ref{v, false}, b->list);
      return walk(dot, b->list);
    }
    if (b->else_list != nullptr) return walk(dot, b->else_list);
    return Flow::kNormal;
  }

  // One iteration of a range: returns false when the loop must stop (break).
  bool iterate(const BranchNode* r, const Ref& index, const Ref& elem, Flow& result) {
    const PipeNode* pipe = r->pipe;
    if (!pipe->decl.empty()) {
      if (pipe->is_assign) {
        if (pipe->decl.size() > 1) {
          set_var(pipe->decl[0], index);
          set_var(pipe->decl[1], elem);
        } else {
          set_var(pipe->decl[0], elem);
        }
      } else {
        vars[vars.size() - 1].value = elem;
      }
    }
    if (pipe->decl.size() > 1 && !pipe->is_assign) vars[vars.size() - 2].value = index;
    std::size_t m = mark();
    Flow f = walk(elem, r->list);
    pop(m);
    result = Flow::kNormal;
    return f != Flow::kBreak;
  }

  Flow walk_range(const Ref& dot, const BranchNode* r) {
    node = r;
    if (stack_nearly_full()) throw ex.stack_failure(link({}));
    std::size_t m = mark();
    Value v = eval_pipeline(dot, r->pipe);
    if (v.is_tainted()) ex.tainted_decision();
    ex.took_whole(v);
    Flow result = Flow::kNormal;
    bool ran = false;
    const std::size_t limit = ex.options_.limits.max_range_iterations;
    auto too_long = [&](std::size_t n) {
      if (n > limit) {
        Failure f;
        f.kind = TemplateError::Kind::kLimit;
        f.detail =
            "range over " + std::to_string(n) + " items; the limit is " + std::to_string(limit);
        f.chain.push_back(link(f.detail));
        throw f;
      }
    };
    switch (v.kind()) {
      case Value::Kind::kList: {
        const List& items = v.as_list();
        too_long(items.size());
        // The items of a []string or []int are no interfaces.
        bool boxed = v.elements() == Value::Elements::kInterfaces;
        // (Run in parts: this part's iterations only.)
        const std::size_t first = r == ex.part_range_ ? ex.part_begin_ : 0;
        const std::size_t last = r == ex.part_range_ ? ex.part_end_ : items.size();
        if (r == ex.part_range_ && (last > items.size() || items.size() != ex.part_items_)) {
          errorf("internal error: the list of a range run in parts changed");
        }
        for (std::size_t i = first; i < last; ++i) {
          ran = true;
          if (!iterate(r, Ref{Value::integer(static_cast<std::int64_t>(i)), false},
                       Ref{items[i], boxed}, result)) {
            break;
          }
        }
        break;
      }
      case Value::Kind::kBytes: {
        const std::string& items = v.as_string();
        too_long(items.size());
        for (std::size_t i = 0; i < items.size(); ++i) {
          ran = true;
          if (!iterate(r, Ref{Value::integer(static_cast<std::int64_t>(i)), false},
                       Ref{Value::integer(static_cast<unsigned char>(items[i])).as_uint8(), false},
                       result)) {
            break;
          }
        }
        break;
      }
      case Value::Kind::kMap: {
        const Map& items = v.as_map();
        too_long(items.size());
        bool boxed = !v.is_string_map();  // a map[string]string's values are no interfaces
        for (const auto& [key, item] : items) {
          ran = true;
          if (!iterate(r, Ref{Value::string(key), false}, Ref{item, boxed}, result)) break;
        }
        break;
      }
      case Value::Kind::kInt:
      case Value::Kind::kInt64: {
        if (r->pipe->decl.size() > 1) {
          errorf("can't use " + print_value(v) + " to iterate over more than one variable");
        }
        std::int64_t n = v.as_int();
        if (n > 0) too_long(static_cast<std::size_t>(n));
        for (std::int64_t i = 0; i < n; ++i) {
          ran = true;
          Value iv = v.kind() == Value::Kind::kInt ? Value::integer(i) : Value::int64(i);
          if (!iterate(r, Ref{iv, false}, Ref{iv, false}, result)) break;
        }
        break;
      }
      case Value::Kind::kNil:
        break;
      case Value::Kind::kObject: {
        Map entries;
        if (v.as_object()->entries(entries)) {
          for (const auto& [key, item] : entries) {
            ran = true;
            if (!iterate(r, Ref{Value::string(key), false}, Ref{item, true}, result)) break;
          }
          break;
        }
        if (List items; v.as_object()->elements(items)) {
          for (std::size_t i = 0; i < items.size(); ++i) {
            ran = true;
            Ref key{Value::integer(static_cast<std::int64_t>(i)), false};
            if (!iterate(r, key, Ref{items[i], false}, result)) break;
          }
          break;
        }
        // (fmt prints what the error is given as a copy: a struct reached as a field no longer
        // finds its pointer's String method.)
        Value copy = v.as_object()->copied();
        errorf("range can't iterate over " + print_value(copy.is_nil() ? v : copy));
      }
      default:
        errorf("range can't iterate over " + print_value(v));
    }
    if (!ran && r->else_list != nullptr) result = walk(dot, r->else_list);
    pop(m);
    return result == Flow::kBreak || result == Flow::kContinue ? Flow::kNormal : result;
  }

  // A file whose tree is white space and comments around its lone range `r`: the iterations
  // [begin, end) of it, with the text before it in the first part and after it in the last.
  void walk_part(const Ref& dot, const BranchNode* r, std::size_t begin, std::size_t end) {
    bool before = true;
    for (const Node* c : tree->root->nodes) {
      if (c == r) {
        before = false;
        ex.part_range_ = r;
        ex.part_begin_ = begin;
        ex.part_end_ = end;
        walk_range(dot, r);
        ex.part_range_ = nullptr;
      } else if (before ? begin == 0 : end == ex.part_items_) {
        walk(dot, c);
      }
    }
  }

  void walk_template(const Ref& dot, const TemplateNode* t) {
    node = t;
    const Tree* target = ex.scope_->find(t->name);
    if (target == nullptr) errorf("template " + go_quote(t->name) + " not defined");
    if (ex.exec_depth_ >= ex.options_.limits.max_exec_depth) {
      errorf("exceeded maximum template depth (" +
             std::to_string(ex.options_.limits.max_exec_depth) + ")");
    }
    if (stack_nearly_full()) throw ex.stack_failure(link({}));
    Ref new_dot{t->pipe != nullptr ? eval_pipeline(dot, t->pipe) : Value(), false};
    ++ex.exec_depth_;
    ex.exec_peak_ = std::max(ex.exec_peak_, ex.exec_depth_);
    VarStack stack(ex);
    State inner{ex, target, out, nullptr, stack.vars()};
    inner.push_dot(new_dot);
    inner.walk(new_dot, target->root);
    --ex.exec_depth_;
  }

  // ---- pipelines and commands
  // The value of the first `count` commands of `pipe`, each given the one before it as its
  // final argument; false (and `value` untouched) when `count` is 0.
  bool eval_commands(const Ref& dot, const PipeNode* pipe, std::size_t count, Ref& value) {
    std::size_t i = 0;
    // A first command that only names a value (.w.name | quote) is read where it lies.
    if (count > 0 && pipe->cmds[0]->args.size() == 1 &&
        (pipe->cmds[0]->args[0]->type == NodeType::kField ||
         pipe->cmds[0]->args[0]->type == NodeType::kVariable)) {
      const Node* first = pipe->cmds[0]->args[0];
      if (const Value* v = plain_operand(dot, first)) {
        node = first;
        value = Ref{*v, false};
        i = 1;
      }
    }
    for (; i < count; ++i) {
      value = eval_command(dot, pipe->cmds[i], i > 0 ? &value.value : nullptr);
      value.boxed = false;  // Go digs the value out of its interface{}
    }
    return count > 0;
  }

  Value eval_pipeline(const Ref& dot, const PipeNode* pipe) {
    node = pipe;
    Ref value;
    eval_commands(dot, pipe, pipe->cmds.size(), value);
    for (const VariableNode* v : pipe->decl) {
      if (pipe->is_assign) {
        set_var(v, Ref{value.value, false});
      } else {
        push(v, Ref{value.value, false});
      }
    }
    return std::move(value.value);
  }

  void not_a_function(const CommandNode* cmd, const Value* final) {
    if (cmd->args.size() > 1 || final != nullptr) {
      errorf("can't give argument to non-function " + cmd->args[0]->str());
    }
  }

  Ref eval_command(const Ref& dot, const CommandNode* cmd, const Value* final) {
    const Node* first = cmd->args[0];
    switch (first->type) {
      case NodeType::kField:
        return eval_field_node(dot, static_cast<const FieldNode*>(first), cmd->args, final);
      case NodeType::kChain:
        return eval_chain_node(dot, static_cast<const ChainNode*>(first), cmd->args, final);
      case NodeType::kIdentifier:
        return eval_function(dot, static_cast<const IdentifierNode*>(first), cmd, final);
      case NodeType::kPipe:
        not_a_function(cmd, final);
        return Ref{eval_pipeline(dot, static_cast<const PipeNode*>(first)), false};
      case NodeType::kVariable:
        return eval_variable_node(dot, static_cast<const VariableNode*>(first), cmd->args, final);
      default:
        break;
    }
    node = first;
    not_a_function(cmd, final);
    const auto* lit = static_cast<const LiteralNode*>(first);
    switch (first->type) {
      case NodeType::kBool:
      case NodeType::kString:
        return Ref{lit->value, false};
      case NodeType::kDot:
        return dot;
      case NodeType::kNil:
        errorf("nil is not a command");
      case NodeType::kNumber:
        return Ref{ideal_constant(lit), false};
      default:
        errorf("can't evaluate command " + go_quote(first->str()));
    }
  }

  Value ideal_constant(const LiteralNode* n) {
    node = n;
    if (n->is_complex) refuse_at(n, "complex constant " + go_quote(n->text) + " is not supported");
    const std::string& text = n->text;
    bool hex_int = text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X') &&
                   text.find_first_of("pP") == std::string::npos;
    bool rune = !text.empty() && text[0] == '\'';
    if (n->is_float && !hex_int && !rune && text.find_first_of(".eEpP") != std::string::npos) {
      return Value::number(n->float_value);
    }
    if (n->is_int) return Value::integer(n->int_value);
    if (n->is_uint) errorf(text + " overflows int");
    return Value();
  }

  Ref eval_field_node(const Ref& dot, const FieldNode* f, std::span<Node* const> args,
                      const Value* final) {
    node = f;
    return eval_field_chain(dot, dot, f, f->ident, args, final, nullptr, f->hints.get());
  }

  Ref eval_chain_node(const Ref& dot, const ChainNode* c, std::span<Node* const> args,
                      const Value* final) {
    node = c;
    if (c->field.empty()) errorf("internal error: no fields in evalChainNode");
    if (c->node->type == NodeType::kNil) errorf("indirection through explicit nil in " + c->str());
    Ref pipe = eval_arg_any(dot, c->node);
    // A function's nil result (coalesce.Values) is a nil interface{}, which Go refuses to take a
    // field of; a parenthesized pipeline unwraps it to an untyped nil, which yields nothing.
    if (c->node->type == NodeType::kIdentifier && pipe.value.is_nil()) pipe.boxed = true;
    // Go reports a field it cannot evaluate at the node it evaluated last (s.at): here the
    // last node inside the parenthesized pipeline, not the chain.
    return eval_field_chain(dot, pipe, c, c->field, args, final, node);
  }

  Ref eval_variable_node(const Ref& dot, const VariableNode* v, std::span<Node* const> args,
                         const Value* final) {
    node = v;
    // (A reference into the stack: eval_field_chain copies it before it runs anything.)
    const Ref& value = var_value(v);
    if (v->ident.size() == 1) {
      if (args.size() > 1 || final != nullptr) {
        errorf("can't give argument to non-function " + args[0]->str());
      }
      return value;
    }
    return eval_field_chain(dot, value, v, std::span<const std::string>(v->ident).subspan(1), args,
                            final, nullptr, v->hints.get() + 1);
  }

  // `n` is the node a method call's error names; `at` the one a missing field's error names
  // (n when not given). `hints`, when given, has one for each of `ident`.
  Ref eval_field_chain(const Ref& dot, const Ref& receiver, const Node* n,
                       std::span<const std::string> ident, std::span<Node* const> args,
                       const Value* final, const Node* at = nullptr,
                       std::atomic<std::uint32_t>* hints = nullptr) {
    if (at == nullptr) at = n;
    auto hint = [&](std::size_t i) { return hints != nullptr ? hints + i : nullptr; };
    // Keys found in maps (.Values.a.b, mostly) are followed by address, the value copied out
    // only at the end; anything else (a missing key, a method, a marked map) goes through
    // eval_field from where it stands. The maps are not changed meanwhile: nothing runs.
    const bool has_args = args.size() > 1 || final != nullptr;
    const Value* cur = &receiver.value;
    bool boxed = receiver.boxed;
    std::size_t i = 0;
    for (; i < ident.size(); ++i) {
      if (!cur->is_map() || cur->is_tainted() || (has_args && i + 1 == ident.size())) break;
      const Map& map = cur->as_map();
      auto it = hints != nullptr ? map.find(ident[i], hints[i]) : map.find(ident[i]);
      if (it == map.end()) break;
      boxed = !cur->is_string_map();  // a map[string]string's values are no interfaces
      cur = &it->second;
    }
    if (i == ident.size()) return Ref{*cur, boxed};
    // Copied before anything runs: evaluating a method's arguments may declare variables, and
    // `receiver` may be one of them.
    Ref r{*cur, boxed};
    for (; i + 1 < ident.size(); ++i) r = eval_field(dot, ident[i], n, {}, nullptr, r, at, hint(i));
    return eval_field(dot, ident.back(), n, args, final, r, at, hint(ident.size() - 1));
  }

  // How many arguments a call of a field's method has: those after its name (none in the
  // middle of a chain), and a piped value.
  static std::size_t given_arguments(std::span<Node* const> args, const Value* final) {
    return (args.empty() ? 0 : args.size() - 1) + (final != nullptr ? 1 : 0);
  }

  Ref eval_field(const Ref& dot, const std::string& name, const Node* n,
                 std::span<Node* const> args, const Value* final, const Ref& receiver,
                 const Node* at, std::atomic<std::uint32_t>* hint) {
    const Value& r = receiver.value;
    if (r.is_nil()) {
      if (receiver.boxed) {
        if (r.is_tainted()) stand_in_caused();
        errorf("nil pointer evaluating interface {}." + name);
      }
      return Ref{};
    }
    bool has_args = args.size() > 1 || final != nullptr;
    if (r.is_map()) {
      if (has_args) errorf(name + " is not a method but has arguments");
      const Map& map = r.as_map();
      auto it = hint != nullptr ? map.find(name, *hint) : map.find(name);
      bool boxed = !r.is_string_map();  // a map[string]string's values are no interfaces
      if (it != r.as_map().end() && !r.is_tainted()) return Ref{it->second, boxed};
      Ref found = it != r.as_map().end() ? Ref{it->second, boxed}
                  : r.is_string_map()    ? Ref{Value::string(""), false}
                                         : Ref{Value(), true};
      // A map made from a tainted value may hold values made from it that are not marked.
      if (r.is_tainted()) found.value.mark_tainted();
      return found;
    }
    if (r.is_object()) {
      const Object& obj = *r.as_object();
      Value result;
      if (!has_args && obj.field(name, result)) {
        if (r.is_tainted()) result.mark_tainted();
        return Ref{result, false};
      }
      // A method with arguments.
      std::vector<Value> argv;
      if (auto arity = obj.string_method_arity(name)) {
        // Go's evalCall: the count at the method's name (in the middle of a chain, where it
        // gets no arguments, at the node evaluated last), then each argument at its own node.
        std::size_t got = given_arguments(args, final);
        if (got != *arity) {
          node = args.empty() ? at : n;
          errorf("wrong number of args for " + name + ": want " + std::to_string(*arity) + " got " +
                 std::to_string(got));
        }
        for (std::size_t i = 1; i < args.size(); ++i) {
          argv.push_back(eval_arg(dot, Param::kString, args[i]));
        }
        if (final != nullptr) argv.push_back(validate(Ref{*final, false}, Param::kString));
      } else {
        for (std::size_t i = 1; i < args.size(); ++i)
          argv.push_back(eval_arg_any(dot, args[i]).value);
        if (final != nullptr) argv.push_back(*final);
      }
      for (const Value& a : argv) ex.took_whole(a);
      bool found = false;
      try {
        found = obj.call(name, argv, result);
      } catch (const FunctionError& e) {
        call_error(n, name, e.what());
      }
      if (found) {
        if (std::any_of(argv.begin(), argv.end(), [](const Value& a) { return a.is_tainted(); })) {
          result.mark_tainted();
        }
        return Ref{result, false};
      }
      if (r.is_tainted()) stand_in_caused();
      node = at;
      // A Go map underneath (.Files): a name that is no method is a key, which takes no arguments.
      if (Map entries; has_args && obj.entries(entries)) {
        errorf(name + " is not a method but has arguments");
      }
      // A struct field, or a method without parameters (KubeVersion's String), given some.
      if (Value plain; has_args && obj.field(name, plain)) {
        std::vector<StructField> fields;
        if (obj.fields(fields) && std::any_of(fields.begin(), fields.end(),
                                              [&](const auto& f) { return f.name == name; })) {
          errorf(name + " has arguments but cannot be invoked as function");
        }
        errorf("wrong number of args for " + name + ": want 0 got " +
               std::to_string(given_arguments(args, final)));
      }
      // Go names the type the receiver had before it was unwrapped: an object held in a map
      // (.Capabilities in the root context) is an interface {} there.
      const std::string type =
          receiver.boxed ? std::string("interface {}") : std::string(obj.type_name());
      if (obj.has_unexported_field(name)) {
        errorf(name + " is an unexported field of struct type " + type);
      }
      errorf("can't evaluate field " + name + " in type " + type);
    }
    if (r.is_tainted()) stand_in_caused();
    node = at;
    errorf("can't evaluate field " + name + " in type " +
           (receiver.boxed ? std::string("interface {}") : std::string(r.type_name())));
  }

  // ---- arguments
  // An argument for an interface{} parameter.
  Ref eval_arg_any(const Ref& dot, const Node* n) {
    node = n;
    switch (n->type) {
      case NodeType::kDot:
        return dot;
      case NodeType::kNil:
        return Ref{};
      case NodeType::kField:
        return eval_field_node(dot, static_cast<const FieldNode*>(n),
                               std::span<Node* const>(const_cast<Node**>(&n), 1), nullptr);
      case NodeType::kVariable: {
        const auto* v = static_cast<const VariableNode*>(n);
        // ($ctx, the common argument, without a call.)
        if (v->ident.size() == 1) return var_value(v);
        return eval_variable_node(dot, v, {}, nullptr);
      }
      case NodeType::kPipe:
        return Ref{eval_pipeline(dot, static_cast<const PipeNode*>(n)), false};
      case NodeType::kIdentifier: {
        const auto* id = static_cast<const IdentifierNode*>(n);
        return eval_function(dot, id, nullptr, nullptr);
      }
      case NodeType::kChain:
        return eval_chain_node(dot, static_cast<const ChainNode*>(n), {}, nullptr);
      case NodeType::kBool:
      case NodeType::kString:
        return Ref{static_cast<const LiteralNode*>(n)->value, false};
      case NodeType::kNumber:
        return Ref{ideal_constant(static_cast<const LiteralNode*>(n)), false};
      default:
        errorf("can't handle " + n->str() + " for arg of type interface {}");
    }
  }

  Value validate(const Ref& r, Param p) { return validate(Ref(r), p); }
  // (Taking the value by move: an argument is copied out of the values once, not twice.)
  Value validate(Ref&& r, Param p) {
    if (p == Param::kAny) return std::move(r.value);
    if (r.value.is_nil()) {
      if (r.boxed) {
        errorf("wrong type for value; expected " + std::string(param_type(p)) +
               "; got interface {}");
      }
      if (can_be_nil(p)) return Value();
      errorf("invalid value; expected " + std::string(param_type(p)));
    }
    if (!param_accepts(p, r.value)) {
      errorf("wrong type for value; expected " + std::string(param_type(p)) + "; got " +
             std::string(r.value.type_name()));
    }
    return std::move(r.value);
  }

  Value eval_arg(const Ref& dot, Param p, const Node* n) {
    node = n;
    switch (n->type) {
      case NodeType::kDot:
        return validate(dot, p);
      case NodeType::kNil:
        if (can_be_nil(p)) return Value();
        errorf("cannot assign nil to " + std::string(param_type(p)));
      case NodeType::kIdentifier: {
        // A function's nil result, not unwrapped as a pipeline's is, is a nil interface{}.
        Ref r = eval_arg_any(dot, n);
        if (r.value.kind() == Value::Kind::kNil) r.boxed = true;
        return validate(std::move(r), p);
      }
      case NodeType::kField:
      case NodeType::kVariable:
      case NodeType::kPipe:
      case NodeType::kChain: {
        return validate(eval_arg_any(dot, n), p);
      }
      default:
        break;
    }
    const auto* lit = static_cast<const LiteralNode*>(n);
    switch (p) {
      case Param::kBool:
        if (n->type == NodeType::kBool) return lit->value;
        errorf("expected bool; found " + n->str());
      case Param::kString:
        if (n->type == NodeType::kString) return lit->value;
        errorf("expected string; found " + n->str());
      case Param::kInt:
      case Param::kInt64:
        if (n->type == NodeType::kNumber && lit->is_int) {
          return p == Param::kInt ? Value::integer(lit->int_value) : Value::int64(lit->int_value);
        }
        errorf("expected integer; found " + n->str());
      case Param::kFloat:
        if (n->type == NodeType::kNumber && lit->is_float) return Value::number(lit->float_value);
        errorf("expected float; found " + n->str());
      case Param::kAny:
        return eval_arg_any(dot, n).value;
      default:
        errorf("can't handle " + n->str() + " for arg of type " + std::string(param_type(p)));
    }
  }

  // ---- functions
  // With `print_to`, a function that can print its result appends it there instead of
  // returning it.
  Ref eval_function(const Ref& dot, const IdentifierNode* id, const CommandNode* cmd,
                    const Value* final, std::string* print_to = nullptr) {
    node = id;
    std::span<Node* const> args;
    if (cmd != nullptr) args = std::span<Node* const>(cmd->args).subspan(1);
    const Node* call_node = cmd != nullptr ? static_cast<const Node*>(cmd) : id;
    if (id->builtin >= 0) {
      return eval_builtin(dot, static_cast<Builtin>(id->builtin), id, call_node, args, final);
    }
    const Function& fn = *id->function;
    if (fn.refused && (fn.impl == nullptr || !ex.options_.defer_refusals)) {
      refuse(call_node, fn.name);
    }
    if (fn.writes_arguments && ex.deferred_) throw *ex.deferred_;
    bool tainted_argument = false;
    std::size_t num_in = args.size() + (final != nullptr ? 1 : 0);
    std::size_t num_fixed = fn.params.size();
    if (fn.variadic) {
      num_fixed = fn.params.size() - 1;
      if (num_in < num_fixed) {
        errorf("wrong number of args for " + id->name + ": want at least " +
               std::to_string(num_fixed) + " got " + std::to_string(args.size()));
      }
    } else if (num_in != fn.params.size()) {
      errorf("wrong number of args for " + id->name + ": want " + std::to_string(fn.params.size()) +
             " got " + std::to_string(num_in));
    }
    CallArguments arguments(num_in);
    Value* argv = arguments.data();
    std::size_t i = 0;
    for (; i < args.size(); ++i) {
      Param p = i < num_fixed ? fn.params[i] : fn.params.back();
      const Value* plain = plain_arg(dot, p, args[i]);
      Value& a =
          plain != nullptr ? arguments.add(*plain) : arguments.add(eval_arg(dot, p, args[i]));
      by_value(a);
      tainted_argument = tainted_argument || a.is_tainted();
    }
    if (final != nullptr) {
      Param p = i < num_fixed ? fn.params[i] : fn.params.back();
      // (A piped value that is not nil is only checked.)
      Value& a = !final->is_nil() && param_accepts(p, *final)
                     ? arguments.add(*final)
                     : arguments.add(validate(Ref{*final, false}, p));
      by_value(a);
      tainted_argument = tainted_argument || a.is_tainted();
    }
    if (tainted_argument || entries_tainted.load(std::memory_order_relaxed)) {
      tainted_argument = arguments_taint(fn, std::span<const Value>(argv, num_in));
    }
    for (std::size_t k = 0; k < num_in; ++k) ex.took_whole(argv[k]);
    if (tainted_argument && fn.writes_arguments) {
      // A map changed by a tainted key or a tainted map's entries could reach the output unseen.
      ex.tainted_decision();
      if (ex.deferred_) throw *ex.deferred_;
    }
    CallContext ctx{&ex, fn.name};
    try {
      if (print_to != nullptr && fn.print != nullptr) {
        if (tainted_argument) ex.tainted_output();
        fn.print(ctx, std::span<const Value>(argv, num_in), *print_to);
        return Ref{};
      }
      const bool known = fn.same_for_same_data && num_in == 1 && !tainted_argument && !fn.refused &&
                         argv[0].is_frozen() && (argv[0].is_map() || argv[0].is_list());
      if (known) {
        if (const Value* before = ex.known_call(fn, argv[0])) return Ref{*before, false};
      }
      Value result = fn.impl(ctx, std::span<const Value>(argv, num_in));
      if (tainted_argument) taint_result(fn, std::span<const Value>(argv, num_in), result);
      // Doubling a string or a list in a loop takes memory faster than the output shows it.
      if ((result.is_string() && result.as_string().size() > kMaxMadeBytes) ||
          (result.is_list() && result.as_list().size() > kMaxMadeItems)) {
        std::string what = std::string(fn.name) + "'s result";
        if (result.is_string()) check_size(result.as_string().size(), kMaxMadeBytes, what);
        check_size(result.as_list().size(), kMaxMadeItems, what, "items");
      }
      if (fn.refused && !ctx.determined) {
        if (!ex.pending_) ex.pending_ = refusal(call_node, fn.name);
        result.mark_tainted();
      }
      if (known) ex.remember_call(fn, argv[0], result);  // (once it passed the checks above)
      return Ref{std::move(result), false};
    } catch (const FunctionError& e) {
      if (tainted_argument) stand_in_caused();
      call_error(call_node, id->name, e.what());
    } catch (const UnreproduciblePrint& p) {
      refuse_print(call_node, p);
    } catch (const render::Error& e) {
      limit_at(call_node, e);
    } catch (const ExecutionError& e) {
      if (tainted_argument) stand_in_caused();
      Failure inner;
      inner.kind = TemplateError::Kind::kFail;
      inner.fail_message = e.what();
      ErrorLink l;
      l.text = "HELM_ERR_START" + std::string(e.what()) + "HELM_ERR_END";
      inner.chain.push_back(std::move(l));
      wrap_call(call_node, id->name, std::move(inner));
    } catch (Failure& inner) {
      if (tainted_argument) stand_in_caused();
      wrap_call(call_node, id->name, std::move(inner));
    }
  }

  // Whether the arguments taint the call's result, as the function carries each (see
  // Function::Carries); a tainted one stored as it is is noted for the other executions.
  bool arguments_taint(const Function& fn, std::span<const Value> args) {
    bool taints = false;
    for (std::size_t place = 0; place < args.size(); ++place) {
      const Value& a = args[place];
      switch (fn.carries != nullptr ? fn.carries(place, args.size()) : Function::Carries::kTaint) {
        case Function::Carries::kTaint:
          taints = taints || taints_output(a);
          break;
        case Function::Carries::kItself:
          if (a.is_tainted()) {
            entries_tainted.store(true, std::memory_order_relaxed);
            ex.tainted_stored();
          }
          break;
        case Function::Carries::kEntries:
          taints = taints || a.is_tainted();
          break;
      }
    }
    return taints;
  }

  // A call failed on a tainted argument: what the stand-in returned may be the cause, so the
  // refusal is what is known.
  void stand_in_caused() {
    if (ex.pending_) throw *ex.pending_;
  }

  // A result made from a tainted argument is tainted; one that a function chose among its
  // arguments (default, coalesce, ternary) is as tainted as the argument it is, unless the
  // choice looked at a tainted one.
  static void taint_result(const Function& fn, std::span<const Value> args, Value& result) {
    bool chose_by_taint = false;
    switch (fn.chooses) {
      case Function::Chooses::kNone:
        result.mark_tainted();
        return;
      case Function::Chooses::kDefault:
        chose_by_taint = args.size() > 1 && args[1].is_tainted();
        break;
      case Function::Chooses::kCoalesce:
        for (const Value& a : args) {
          if (a.is_tainted()) {
            chose_by_taint = true;
            break;
          }
          if (a.truthy()) break;
        }
        break;
      case Function::Chooses::kTernary:
        chose_by_taint = args.size() > 2 && args[2].is_tainted();
        break;
    }
    if (chose_by_taint) result.mark_tainted();
  }

  // An argument as a Go function receives it in an interface{}: a copy (Object::copied).
  static void by_value(Value& v) {
    if (v.is_object()) {
      if (Value copy = v.as_object()->copied(); !copy.is_nil()) v = std::move(copy);
    }
  }

  [[noreturn]] void refuse(const Node* at, std::string_view name) { throw refusal(at, name); }

  // A limit a function reached (render::Error E_LIMIT: a result too large, a value of too many
  // parts) as the failure of the call at `at`; any other render::Error goes on as it is. Called
  // from the handler of `e`.
  [[noreturn]] void limit_at(const Node* at, const render::Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    if (d.code != code::kLimit) throw;  // (the exception being handled, not a copy)
    node = at;
    Failure f;
    f.kind = TemplateError::Kind::kLimit;
    f.detail = d.message;
    f.chain.push_back(link(f.detail));
    throw f;
  }

  // The failure of a print at `at` that Go makes with a memory address (UnreproduciblePrint).
  [[noreturn]] void refuse_print(const Node* at, const UnreproduciblePrint& p) {
    refuse_at(at, p.message);
  }

  // The refusal, at `at`, of what Go does and this engine does not reproduce.
  [[noreturn]] void refuse_at(const Node* at, const std::string& message) {
    node = at;
    Failure f;
    f.kind = TemplateError::Kind::kRefused;
    ErrorLink l = link(message);
    f.detail = l.location + ": " + l.message;
    f.chain.push_back(std::move(l));
    throw f;
  }

  // The failure of a call of a refused function at `at`.
  Failure refusal(const Node* at, std::string_view name) {
    node = at;
    Failure f;
    f.kind = TemplateError::Kind::kRefused;
    std::string reason;
    if (name.starts_with("rand") || name == "uuidv4" || name == "shuffle") {
      reason = "its result is random";
    } else if (name.starts_with("gen") || name == "bcrypt" || name == "htpasswd" ||
               name == "derivePassword" || name.find("AES") != std::string_view::npos ||
               name == "buildCustomCert") {
      reason = "it makes keys or secrets, which must not live in rendered manifests";
    } else {
      reason = "its result depends on the current time";
    }
    ErrorLink l = link("function \"" + std::string(name) + "\" is refused: " + reason +
                       ", so the output could not be reproduced");
    f.detail = l.location + ": " + l.message +
               " (charts that use it only in test hooks render "
               "with --skip-tests)";
    // In the text tpl executes ("gotpl"), the tpl call's place in a file goes first: the
    // refusal may be raised later, where the calls around it are no longer seen.
    if (tree->source->parse_name == "gotpl") {
      for (auto it = ex.tpl_callers_.rbegin(); it != ex.tpl_callers_.rend(); ++it) {
        if (it->starts_with("gotpl:")) continue;
        ErrorLink outer;
        outer.exec = true;
        outer.location = *it;
        f.chain.push_back(std::move(outer));
        break;
      }
    }
    f.chain.push_back(std::move(l));
    return f;
  }

  Ref eval_builtin(const Ref& dot, Builtin b, const IdentifierNode* id, const Node* call_node,
                   std::span<Node* const> args, const Value* final) {
    // A wrong count is Go's evalCall error, at the function's name and not wrapped as an error
    // of the call: it leaves the switch below as an Arity.
    struct Arity {
      std::string message;
    };
    auto arity = [&](std::size_t want, bool at_least) {
      std::size_t n = args.size() + (final != nullptr ? 1 : 0);
      if (at_least ? n < want : n != want) {
        if (at_least) {
          throw Arity{"wrong number of args for " + id->name + ": want at least " +
                      std::to_string(want) + " got " + std::to_string(args.size())};
        }
        throw Arity{"wrong number of args for " + id->name + ": want " + std::to_string(want) +
                    " got " + std::to_string(n)};
      }
    };
    // An argument's own failure is Go's evalArg error: it goes up as it is, not as an error of
    // this call, so it leaves the switch below as an ArgumentFailure.
    struct ArgumentFailure {
      Failure failure;
    };
    auto argument = [&](auto&& evaluate) -> Value {
      try {
        return evaluate();
      } catch (Failure& f) {
        throw ArgumentFailure{std::move(f)};
      }
    };
    // Every argument evaluated as reflect.Value would be. A result made from a tainted one is
    // tainted (see Value::is_tainted).
    // (index takes the entries of its first argument as they are: only its own mark taints
    // the result.)
    bool tainted = false;
    auto values = [&]() {
      std::vector<Value> v;
      v.reserve(args.size() + 1);
      for (const Node* a : args) v.push_back(argument([&] { return reflect_arg(dot, a); }));
      if (final != nullptr) v.push_back(*final);
      for (const Value& a : v) ex.took_whole(a);
      bool entries = b == Builtin::kIndex;
      for (std::size_t i = 0; i < v.size(); ++i) {
        tainted = tainted || (entries && i == 0 ? v[i].is_tainted() : taints_output(v[i]));
      }
      return v;
    };
    auto made = [&](Value result) {
      if (tainted) result.mark_tainted();
      return Ref{std::move(result), false};
    };
    try {
      switch (b) {
        case Builtin::kAnd:
        case Builtin::kOr: {
          arity(1, true);
          bool is_or = b == Builtin::kOr;
          // The operand that decides, as it is; tainted too when a tainted one was looked at.
          Value v;
          bool looked_at_taint = false;
          auto result = [&](Value r) {
            if (looked_at_taint) r.mark_tainted();
            return Ref{std::move(r), false};
          };
          for (const Node* a : args) {
            v = argument([&] { return reflect_arg(dot, a); });
            looked_at_taint = looked_at_taint || v.is_tainted();
            if (v.truthy() == is_or) return result(v);
          }
          if (final != nullptr) v = *final;
          return result(v);
        }
        case Builtin::kNot: {
          arity(1, false);
          auto v = values();
          return made(Value::boolean(!v[0].truthy()));
        }
        case Builtin::kEq: {
          arity(1, true);
          auto v = values();
          if (v.size() < 2) throw FunctionError("missing argument for comparison");
          for (std::size_t i = 1; i < v.size(); ++i) {
            if (equal_values(v[0], v[i])) return made(Value::boolean(true));
          }
          return made(Value::boolean(false));
        }
        case Builtin::kNe: {
          arity(2, false);
          auto v = values();
          return made(Value::boolean(!equal_values(v[0], v[1])));
        }
        case Builtin::kLt:
        case Builtin::kLe:
        case Builtin::kGt:
        case Builtin::kGe: {
          arity(2, false);
          auto v = values();
          bool lt = less_values(v[0], v[1]);
          bool result = false;
          if (b == Builtin::kLt) {
            result = lt;
          } else if (b == Builtin::kGe) {
            result = !lt;
          } else {
            bool le = lt || equal_values(v[0], v[1]);
            result = b == Builtin::kLe ? le : !le;
          }
          return made(Value::boolean(result));
        }
        case Builtin::kLen: {
          arity(1, false);
          // A nil that is no interface {} held in a map or list (a nil constant, a pipeline's or
          // a variable's nil) reaches Go's len as the zero reflect.Value, which has no type; one
          // read straight out of a map is "len of nil pointer".
          if (!args.empty() && args[0]->type == NodeType::kNil) {
            throw FunctionError("reflect: call of reflect.Value.Type on zero Value");
          }
          Ref item;
          if (!args.empty()) {
            try {
              item = eval_arg_any(dot, args[0]);
            } catch (Failure& f) {
              throw ArgumentFailure{std::move(f)};
            }
          } else {
            item.value = *final;
          }
          tainted = item.value.is_tainted();
          if (item.value.is_nil() && !item.boxed) {
            throw FunctionError("reflect: call of reflect.Value.Type on zero Value");
          }
          return made(go_len(item.value));
        }
        case Builtin::kIndex: {
          arity(1, true);
          auto v = values();
          Ref r = go_index(v[0], std::span<const Value>(v).subspan(1));
          if (tainted) r.value.mark_tainted();
          return r;
        }
        case Builtin::kCall: {
          arity(1, true);
          auto v = values();
          if (v[0].is_nil()) throw FunctionError("call of nil");
          // Named by its argument's source text, or as reflect prints a piped value.
          std::string name =
              !args.empty() ? args[0]->str() : "<" + std::string(v[0].type_name()) + " Value>";
          throw FunctionError("non-function " + name + " of type " + std::string(v[0].type_name()));
        }
        case Builtin::kInclude:
        case Builtin::kTpl: {
          arity(2, false);  // so args[0] exists, and args[1] or a piped final value
          // (Each copied out of where it lies: running the template could change that map.)
          auto operand = [&](Param p, const Node* n) {
            const Value* plain = plain_arg(dot, p, n);
            return plain != nullptr ? *plain : argument([&] { return eval_arg(dot, p, n); });
          };
          Value first = operand(Param::kString, args[0]);
          Value second = args.size() > 1 ? operand(Param::kAny, args[1]) : *final;
          by_value(second);
          if (first.is_tainted()) ex.tainted_decision();  // the name, or tpl's text
          if (b == Builtin::kInclude) return Ref{ex.include(first.as_string(), second), false};
          // (While it runs, errors are the call's; after it, Go's state points at the argument
          // it evaluated last, as after any call.)
          const Node* last_argument = node;
          node = call_node;
          Ref text{ex.tpl(first.as_string(), second, link({}).location), false};
          node = last_argument;
          return text;
        }
        case Builtin::kNone:
          break;
      }
    } catch (const Arity& a) {
      node = id;
      errorf(a.message);
    } catch (ArgumentFailure& a) {
      throw std::move(a.failure);
    } catch (const FunctionError& e) {
      if (tainted) stand_in_caused();
      call_error(call_node, id->name, e.what());
    } catch (const UnreproduciblePrint& p) {
      refuse_print(call_node, p);
    } catch (const render::Error& e) {
      limit_at(call_node, e);
    } catch (Failure& inner) {
      if (inner.kind == TemplateError::Kind::kLimit && inner.chain.empty()) throw;
      wrap_call(call_node, id->name, std::move(inner));
    }
    errorf("unknown builtin " + id->name);
  }

  // An argument of a builtin whose parameter is reflect.Value.
  Value reflect_arg(const Ref& dot, const Node* n) { return eval_arg_any(dot, n).value; }
};

// ------------------------------------------------------------------------------------------------

Executor::Executor(const Options& options, const TemplateScope& scope, StoredRefusal& stored,
                   IncludeMemo* shared)
    : options_(options),
      scope_(&scope),
      base_scope_(&scope),
      memo_(shared != nullptr ? shared : &own_memo_),
      stored_(stored) {}

// Nested template and include calls recurse in the executor; Go allows 100000 of them, which
// needs more stack than a thread usually has (about 11700 fit in 8 MiB). Each call checks that
// enough is left first (render::stack_nearly_full), so that a deep chart fails with a message
// instead of a crash. A thousand calls deep or more, they count as having taken the stack.
constexpr int kCallsThatTakeTheStack = 1000;
Failure Executor::stack_failure(ErrorLink where) const {
  // (Deep in template calls, the calls took the stack: render_chart may try again with more.)
  if (exec_depth_ + include_nesting_ >= kCallsThatTakeTheStack) count_call_stack_exhaustion();
  Failure f;
  f.kind = TemplateError::Kind::kLimit;
  f.detail = "template actions are nested too deeply for the stack (" +
             std::to_string(exec_depth_) + " template and " + std::to_string(include_nesting_) +
             " include calls deep); raise the stack limit (ulimit -s) to go deeper";
  (where.exec ? where.message : where.text) = f.detail;
  f.chain.push_back(std::move(where));
  return f;
}

void Executor::run(const Tree& tree, const Value& data, std::string& out) {
  VarStack stack(*this);
  State s{*this, &tree, out, nullptr, stack.vars()};
  s.push_dot(Ref{data, false});
  s.walk(Ref{data, false}, tree.root);
}

namespace {

// Whether the body of a range (`n`) keeps its iterations apart: no `break` of that range (one
// inside a range nested in it ends that one), and no assignment to $ (the one variable declared
// outside; the range's own are set anew at every iteration).
bool iterations_apart(const Node* n, bool nested) {
  if (n == nullptr) return true;
  switch (n->type) {
    case NodeType::kBreak:
      return nested;
    case NodeType::kList:
      for (const Node* c : static_cast<const ListNode*>(n)->nodes) {
        if (!iterations_apart(c, nested)) return false;
      }
      return true;
    case NodeType::kAction:
      return iterations_apart(static_cast<const ActionNode*>(n)->pipe, nested);
    case NodeType::kIf:
    case NodeType::kWith:
    case NodeType::kRange: {
      const auto* b = static_cast<const BranchNode*>(n);
      return iterations_apart(b->pipe, nested) &&
             iterations_apart(b->list, nested || n->type == NodeType::kRange) &&
             iterations_apart(b->else_list, nested);
    }
    case NodeType::kTemplate:
      return iterations_apart(static_cast<const TemplateNode*>(n)->pipe, nested);
    case NodeType::kPipe: {
      const auto* p = static_cast<const PipeNode*>(n);
      for (const VariableNode* v : p->decl) {
        if (p->is_assign && v->ident[0] == "$") return false;
      }
      for (const CommandNode* c : p->cmds) {
        for (const Node* a : c->args) {
          if (a->type == NodeType::kChain) a = static_cast<const ChainNode*>(a)->node;
          if (a->type == NodeType::kPipe && !iterations_apart(a, nested)) return false;
        }
      }
      return true;
    }
    default:
      return true;
  }
}

}  // namespace

const BranchNode* Executor::lone_range(const Tree& tree) {
  const BranchNode* range = nullptr;
  for (const Node* c : tree.root->nodes) {
    if (is_empty_tree(c)) continue;  // white space, comments
    if (c->type != NodeType::kRange || range != nullptr) return nullptr;
    range = static_cast<const BranchNode*>(c);
  }
  if (range == nullptr || range->else_list != nullptr || range->pipe->plain == nullptr ||
      range->pipe->is_assign || !iterations_apart(range->list, false)) {
    return nullptr;
  }
  return range;
}

std::size_t Executor::part_items(const Tree& tree, const BranchNode* range, const Value& data) {
  VarStack stack(*this);
  std::string unused;
  State s{*this, &tree, unused, nullptr, stack.vars()};
  s.push_dot(Ref{data, false});
  const Value* v = s.plain_value(Ref{data, false}, range->pipe);
  return v != nullptr && v->is_list() && !v->is_tainted() ? v->as_list().size() : 0;
}

void Executor::run_part(const Tree& tree, const BranchNode* range, const Value& data,
                        std::string& out, std::size_t begin, std::size_t end, std::size_t items) {
  VarStack stack(*this);
  State s{*this, &tree, out, nullptr, stack.vars()};
  s.push_dot(Ref{data, false});
  part_items_ = items;
  s.walk_part(Ref{data, false}, range, begin, end);
}

namespace {

std::uint64_t call_key(const Function& fn, const Value& argument) {
  return argument.identity_hash() ^ reinterpret_cast<std::uintptr_t>(&fn);
}

}  // namespace

const Value* Executor::known_call(const Function& fn, const Value& argument) const {
  auto it = known_calls_.find(call_key(fn, argument));
  if (it == known_calls_.end() || it->second.fn != &fn ||
      !it->second.argument.is_identical(argument)) {
    return nullptr;
  }
  return &it->second.result;
}

void Executor::remember_call(const Function& fn, const Value& argument, const Value& result) {
  // A few thousand are enough for the defaults a chart repeats; past that, none is added.
  static constexpr std::size_t kMaxKnownCalls = 4096;
  if (known_calls_.size() >= kMaxKnownCalls) return;
  known_calls_.insert_or_assign(call_key(fn, argument), KnownCall{&fn, argument, result});
}

Executor::Named& Executor::named(const std::string& name) {
  NameSeen& seen = names_seen_[(reinterpret_cast<std::uintptr_t>(&name) >> 5) % names_seen_.size()];
  if (seen.name == &name && seen.key.size() == name.size() &&
      detail::same_bytes(seen.key.data(), name.data(), name.size())) {
    return *seen.named;
  }
  auto at = named_.find(std::string_view(name));
  if (at == named_.end()) at = named_.emplace(name, Named{}).first;
  seen = NameSeen{&name, at->first, &at->second};
  return at->second;
}

Value Executor::include(const std::string& name, const Value& data) {
  if (stack_nearly_full()) throw stack_failure(ErrorLink{});
  Named& named = this->named(name);
  int& depth = named.depth;
  if (depth > options_.limits.max_include_depth) {
    Failure f;
    ErrorLink l;
    l.text =
        "rendering template has a nested reference name: " + name + ": unable to execute template";
    f.chain.push_back(std::move(l));
    throw f;
  }
  // The set's own scope does not change while it executes; a tpl's may define the name anew.
  const bool base = scope_ == base_scope_;
  if (base && !named.looked_up) {
    named.tree = scope_->find(name);
    named.looked_up = true;
  }
  const Tree* tree = base ? named.tree : scope_->find(name);
  if (tree == nullptr) {
    Failure f;
    ErrorLink l;
    l.text = "template: no template " + go_quote(name) + " associated with template \"gotpl\"";
    f.chain.push_back(std::move(l));
    throw f;
  }
  // Inside tpl, a name may mean a template the tpl string defined: no memo there.
  IncludeMemo::Table* memo = nullptr;
  if (base && !data.is_tainted() && IncludeMemo::keyable(data)) {
    if (named.memo == nullptr) named.memo = memo_->table(tree, *scope_);
    memo = named.memo;
  }
  std::uint64_t fingerprint = 0;
  if (memo != nullptr) {
    const IncludeMemo::Result* known = memo->find(data, fingerprint);
    // Running it again from here would nest as deep as it did then: reuse it only where that
    // stays within both limits, so that a limit is reported exactly where running it would.
    if (known != nullptr &&
        include_nesting_ + known->include_depth <= options_.limits.max_include_depth &&
        exec_depth_ + known->exec_depth < options_.limits.max_exec_depth) {
      saw_root_ = saw_root_ || known->file_specific;
      return known->text;
    }
  }
  ++depth;
  ++include_nesting_;
  int outer_include_peak = std::exchange(include_peak_, include_nesting_);
  int outer_exec_peak = std::exchange(exec_peak_, exec_depth_);
  std::string out;
  // (A template whose text was long once does not make every later one as large.)
  out.reserve(std::min<std::size_t>(named.last_size, 16u << 10));
  bool tainted = false;  // what it printed holds a tainted value
  bool* outer_taint = std::exchange(tainted_output_, &tainted);
  // (Whether it takes in a root is watched only where the memo is shared: unshared, there is
  // one root.)
  const bool watch = memo != nullptr && memo_->shared();
  const bool outer_saw_root = std::exchange(saw_root_, false);
  watching_ += watch ? 1 : 0;
  try {
    run(*tree, data, out);
  } catch (...) {
    --depth;
    --include_nesting_;
    tainted_output_ = outer_taint;
    watching_ -= watch ? 1 : 0;
    saw_root_ = true;
    throw;
  }
  --depth;
  --include_nesting_;
  tainted_output_ = outer_taint;
  watching_ -= watch ? 1 : 0;
  const bool file_specific = saw_root_ || (memo != nullptr && memo->names_file());
  saw_root_ = outer_saw_root || file_specific;
  int include_needed = include_peak_ - include_nesting_;
  int exec_needed = exec_peak_ - exec_depth_;
  include_peak_ = std::max(outer_include_peak, include_peak_);
  exec_peak_ = std::max(outer_exec_peak, exec_peak_);
  if (out.size() > options_.limits.max_output_bytes) {
    Failure f;
    f.kind = TemplateError::Kind::kLimit;
    f.detail = "include \"" + name + "\" produced more than " +
               std::to_string(options_.limits.max_output_bytes) + " bytes (the limit)";
    ErrorLink l;
    l.text = f.detail;
    f.chain.push_back(std::move(l));
    throw f;
  }
  named.last_size = out.size();
  Value text = Value::string(std::move(out));
  if (tainted) {
    text.mark_tainted();
  } else if (memo != nullptr) {
    memo->store(data, fingerprint,
                IncludeMemo::Result{text, include_needed, exec_needed, file_specific});
  }
  return text;
}

Value Executor::tpl(const std::string& text, const Value& data, std::string caller) {
  if (tpl_depth_ >= options_.limits.max_tpl_depth) {
    Failure f;
    f.kind = TemplateError::Kind::kLimit;
    f.detail = "tpl is nested more than " + std::to_string(options_.limits.max_tpl_depth) +
               " deep (the limit)";
    ErrorLink l;
    l.text = f.detail;
    f.chain.push_back(std::move(l));
    throw f;
  }
  // A clone of the current set with the string parsed into it as "gotpl".
  auto source = std::make_unique<Source>(Source{"gotpl", text});
  auto pool = std::make_unique<NodePool>();
  TemplateScope scope;
  scope.parent = scope_;
  try {
    for (Tree& t : parse(*source, "gotpl", *pool)) {
      const Tree* existing = scope.find(t.name);
      if (existing != nullptr && is_empty_tree(t.root) && t.name != "gotpl") continue;
      scope.templates.insert_or_assign(t.name, t);
    }
  } catch (const ParseError& e) {
    Failure f;
    ErrorLink l;
    l.text = "cannot parse template " + go_quote(text) + ": " + e.what();
    f.chain.push_back(std::move(l));
    throw f;
  }
  const Tree* tree = scope.find("gotpl");
  std::string out;
  const TemplateScope* saved = scope_;
  scope_ = &scope;
  ++tpl_depth_;
  tpl_callers_.push_back(std::move(caller));
  bool tainted = false;
  bool* outer_taint = std::exchange(tainted_output_, &tainted);
  try {
    run(*tree, data, out);
  } catch (Failure& inner) {
    scope_ = saved;
    --tpl_depth_;
    tpl_callers_.pop_back();
    tainted_output_ = outer_taint;
    if (inner.kind == TemplateError::Kind::kFail || inner.kind == TemplateError::Kind::kLimit ||
        inner.kind == TemplateError::Kind::kRefused) {
      throw;
    }
    Failure f;
    ErrorLink l;
    l.text = "error during tpl function execution for " + go_quote(text) + ": " + inner.go_text();
    f.chain.push_back(std::move(l));
    for (auto& link : inner.chain) f.chain.push_back(std::move(link));
    throw f;
  }
  scope_ = saved;
  --tpl_depth_;
  tpl_callers_.pop_back();
  tainted_output_ = outer_taint;
  tpl_sources_.push_back(std::move(source));
  tpl_pools_.push_back(std::move(pool));
  erase_no_value(out);
  Value result = Value::string(std::move(out));
  if (tainted) result.mark_tainted();
  return result;
}

}  // namespace render::tmpl
