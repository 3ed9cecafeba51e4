#include "template/include_memo.hpp"

#include "template/executor.hpp"
#include "template/functions.hpp"

namespace render::tmpl {

bool IncludeMemo::keyable(const Value& data) {
  if (data.is_immutable()) return true;
  if (data.is_map()) {
    for (const auto& [key, v] : data.as_map()) {
      if (!v.is_immutable()) return false;
    }
    return true;
  }
  if (data.is_list()) {
    for (const Value& v : data.as_list()) {
      if (!v.is_immutable()) return false;
    }
    return true;
  }
  return false;
}

namespace {

// Two immutable values a template cannot tell apart. (A string made from a random value is
// told apart by its mark: an include of it is not reused for an equal plain string. The frozen
// maps and lists a key may hold were frozen before any template ran and hold no marked value.)
bool same(const Value& a, const Value& b) {
  if (a.is_identical(b)) return true;
  return a.kind() == b.kind() && (a.is_string() || a.is_bytes()) &&
         a.is_tainted() == b.is_tainted() && a.as_string() == b.as_string();
}

}  // namespace

namespace {

std::uint64_t identity_of(const Value& v) {
  if (v.is_string() || v.is_bytes()) return v.as_string().size() * 0x9e3779b97f4a7c15u;
  return v.identity_hash();
}

}  // namespace

std::uint64_t IncludeMemo::Table::fingerprint(const Value& data) {
  if (data.is_immutable()) return identity_of(data);
  // A map or list by its entries, not by itself: the next `dict` with the same entries matches.
  std::uint64_t h = static_cast<std::uint64_t>(data.kind());
  auto mix = [&](const Value& v) { h = (h ^ identity_of(v)) * 0x100000001b3u + 1; };
  if (data.is_map()) {
    for (const auto& [key, v] : data.as_map()) mix(v);
  } else {
    for (const Value& v : data.as_list()) mix(v);
  }
  return h;
}

bool IncludeMemo::Table::matches(const Entry& e, const Value& data) {
  if (!e.used || e.data.kind() != data.kind()) return false;
  if (data.is_immutable()) return same(e.data, data);
  if (data.is_map()) {
    const Map& now = data.as_map();
    // (The same type_name, by the flags that decide a map's.)
    const bool same_type =
        e.data.is_chart_values() == data.is_chart_values() &&
        (data.is_chart_values() || e.data.is_string_map() == data.is_string_map());
    if (now.size() != e.map.size() || !same_type || e.data.is_nil_map() != data.is_nil_map()) {
      return false;
    }
    // The values first: they are what differs from one call to the next.
    for (auto a = e.map.begin(), b = now.begin(); b != now.end(); ++a, ++b) {
      if (!same(a->second, b->second)) return false;
    }
    for (auto a = e.map.begin(), b = now.begin(); b != now.end(); ++a, ++b) {
      if (a->first != b->first) return false;
    }
    return true;
  }
  const List& now = data.as_list();
  if (now.size() != e.list.size() || e.data.is_nil_list() != data.is_nil_list() ||
      e.data.elements() != data.elements()) {
    return false;
  }
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (!same(e.list[i], now[i])) return false;
  }
  return true;
}

const IncludeMemo::Result* IncludeMemo::Table::find(const Value& data,
                                                    std::uint64_t& fingerprint_out) const {
  std::uint64_t f = fingerprint_out = fingerprint(data);
  for (const Entry& e : entries) {
    if (e.fingerprint == f && matches(e, data)) return &e.result;
  }
  return nullptr;
}

void IncludeMemo::Table::store(const Value& data, std::uint64_t f, Result result) {
  Entry& e = entries[next];
  next = (next + 1) % entries.size();
  e.fingerprint = f;
  e.data = data;
  if (data.is_map() && !data.is_immutable()) {
    e.map = data.as_map();
  } else {
    e.map.clear();
  }
  if (data.is_list() && !data.is_immutable()) {
    e.list = data.as_list();
  } else {
    e.list.clear();
  }
  e.result = std::move(result);
  e.used = true;
}

IncludeMemo::Table* IncludeMemo::table(const Tree* tree, const TemplateScope& scope) {
  return pure(tree, scope) ? &tables_[tree] : nullptr;
}

bool IncludeMemo::pure(const Tree* tree, const TemplateScope& scope) {
  auto [it, fresh] = tables_.try_emplace(tree);
  Table& t = it->second;
  if (!fresh) return t.purity == Table::Purity::kPure;  // deciding: it calls itself
  bool pure = pure_node(tree->root, scope);
  t.purity = pure ? Table::Purity::kPure : Table::Purity::kImpure;
  return pure;
}

bool IncludeMemo::pure_node(const Node* n, const TemplateScope& scope) {
  if (n == nullptr) return true;
  switch (n->type) {
    case NodeType::kList:
      for (const Node* c : static_cast<const ListNode*>(n)->nodes) {
        if (!pure_node(c, scope)) return false;
      }
      return true;
    case NodeType::kAction:
      return pure_node(static_cast<const ActionNode*>(n)->pipe, scope);
    case NodeType::kIf:
    case NodeType::kRange:
    case NodeType::kWith: {
      const auto* b = static_cast<const BranchNode*>(n);
      return pure_node(b->pipe, scope) && pure_node(b->list, scope) &&
             pure_node(b->else_list, scope);
    }
    case NodeType::kTemplate: {
      const auto* t = static_cast<const TemplateNode*>(n);
      const Tree* target = scope.find(t->name);
      return target != nullptr && pure_node(t->pipe, scope) && pure(target, scope);
    }
    case NodeType::kPipe:
      for (const CommandNode* c : static_cast<const PipeNode*>(n)->cmds) {
        if (!pure_node(c, scope)) return false;
      }
      return true;
    case NodeType::kCommand: {
      const auto& args = static_cast<const CommandNode*>(n)->args;
      for (std::size_t i = 0; i < args.size(); ++i) {
        if (args[i]->type == NodeType::kIdentifier) {
          const auto* id = static_cast<const IdentifierNode*>(args[i]);
          if (id->function != nullptr && id->function->writes_arguments) return false;
          if (id->builtin == static_cast<int>(Builtin::kTpl)) return false;
          if (id->builtin == static_cast<int>(Builtin::kInclude)) {
            // include "constant name" data: the included template must be pure too.
            if (i != 0 || args.size() < 2 || args[1]->type != NodeType::kString) return false;
            const auto* name = static_cast<const LiteralNode*>(args[1]);
            const Tree* target = scope.find(name->value.as_string());
            if (target == nullptr || !pure(target, scope)) return false;
          }
        } else if (!pure_node(args[i], scope)) {
          return false;
        }
      }
      return true;
    }
    case NodeType::kChain:
      return pure_node(static_cast<const ChainNode*>(n)->node, scope);
    default:  // text, comments, fields, variables, literals, break, continue
      return true;
  }
}

}  // namespace render::tmpl
