#include "template/include_memo.hpp"

#include <algorithm>
#include <functional>

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

std::uint64_t IncludeMemo::Table::identity_of(const Value& v) const {
  if (v.is_string() || v.is_bytes()) return v.as_string().size() * 0x9e3779b97f4a7c15u;
  if (int f = memo_->key_family(v); f >= 0)
    return (static_cast<std::uint64_t>(f) + 1) * 0xc2b2ae3d27d4eb4fu;
  return v.identity_hash();
}

std::uint64_t IncludeMemo::Table::fingerprint(const Value& data) const {
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

// Two immutable values a template cannot tell apart. (A string made from a random value is
// told apart by its mark: an include of it is not reused for an equal plain string. The frozen
// maps and lists a key may hold were frozen before any template ran and hold no marked value.)
// Two roots of a family are told apart only by a result that is file-specific.
bool IncludeMemo::Table::same(const Value& kept, const Value& now, bool file_specific) const {
  if (kept.is_identical(now)) return true;
  if (kept.kind() != now.kind()) return false;
  if (now.is_string() || now.is_bytes()) {
    return kept.is_tainted() == now.is_tainted() && kept.as_string() == now.as_string();
  }
  if (file_specific) return false;
  int f = memo_->key_family(now);
  return f >= 0 && f == memo_->key_family(kept);
}

std::uint8_t IncludeMemo::Table::type_bits(const Value& v) {
  // (What decides a map's or a list's type_name, and a nil one.)
  if (v.is_map()) {
    return static_cast<std::uint8_t>((v.is_chart_values() ? 1 : 0) |
                                     (!v.is_chart_values() && v.is_string_map() ? 2 : 0) |
                                     (v.is_nil_map() ? 4 : 0));
  }
  return static_cast<std::uint8_t>((v.is_nil_list() ? 4 : 0) |
                                   (static_cast<unsigned>(v.elements()) << 3));
}

bool IncludeMemo::Table::matches(const Entry& e, const Value& data) const {
  if (e.kind != data.kind()) return false;
  const bool specific = e.result.file_specific;
  if (e.immutable != data.is_immutable()) return false;
  if (e.immutable) return same(e.data, data, specific);
  if (e.type != type_bits(data)) return false;
  if (data.is_map()) {
    const Map& now = data.as_map();
    if (now.size() != e.values.size()) return false;
    // The values first: they are what differs from one call to the next.
    auto b = now.begin();
    for (const Value& kept : e.values) {
      if (!same(kept, (b++)->second, specific)) return false;
    }
    b = now.begin();
    for (const std::string& key : keys_[e.keys]) {
      if ((b++)->first != key) return false;
    }
    return true;
  }
  const List& now = data.as_list();
  if (now.size() != e.values.size()) return false;
  for (std::size_t i = 0; i < now.size(); ++i) {
    if (!same(e.values[i], now[i], specific)) return false;
  }
  return true;
}

namespace {

// The place in an index of `size` (a power of two) a fingerprint's search starts from.
std::size_t slot_of(std::uint64_t fingerprint, std::size_t size) {
  std::uint64_t h = fingerprint;  // (MurmurHash3's finalizer: every bit mixed into the low ones)
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdu;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53u;
  h ^= h >> 33;
  return static_cast<std::size_t>(h) & (size - 1);
}

}  // namespace

const IncludeMemo::Result* IncludeMemo::Table::find(const Value& data,
                                                    std::uint64_t& fingerprint_out) {
  if (data.is_map() && data.is_identical(last_.data) && data.change_count() == last_.changes) {
    return &last_.result;
  }
  std::uint64_t f = fingerprint_out = fingerprint(data);
  const Entry* found = nullptr;
  for (std::size_t i = 0; i < recent_count_ && found == nullptr; ++i) {
    if (recent_[i].fingerprint == f && matches(recent_[i], data)) found = &recent_[i];
  }
  if (found == nullptr && !index_.empty()) {
    const std::size_t mask = index_.size() - 1;
    for (std::size_t slot = slot_of(f, index_.size()); index_[slot] != 0;
         slot = (slot + 1) & mask) {
      const Entry& e = kept_[index_[slot] - 1];
      if (e.fingerprint == f && matches(e, data)) {
        found = &e;
        break;
      }
    }
  }
  if (found != nullptr) remember_last(data, found->result);
  return found != nullptr ? &found->result : nullptr;
}

void IncludeMemo::Table::remember_last(const Value& data, const Result& result) {
  if (!data.is_map()) return;
  last_.data = data;
  last_.changes = data.change_count();
  last_.result = result;
}

void IncludeMemo::Table::add_to_index(std::uint32_t entry) {
  const std::size_t mask = index_.size() - 1;
  std::size_t slot = slot_of(kept_[entry].fingerprint, index_.size());
  while (index_[slot] != 0) slot = (slot + 1) & mask;
  index_[slot] = entry + 1;
}

void IncludeMemo::Table::store(const Value& data, std::uint64_t f, Result result) {
  // A map's keys, as one of the few key lists kept (past those, nothing more is kept).
  std::uint16_t keys = 0;
  if (data.is_map() && !data.is_immutable()) {
    const Map& map = data.as_map();
    auto same_keys = [&](const std::vector<std::string>& list) {
      if (list.size() != map.size()) return false;
      auto it = map.begin();
      for (const std::string& key : list) {
        if ((it++)->first != key) return false;
      }
      return true;
    };
    while (keys < keys_.size() && !same_keys(keys_[keys])) ++keys;
    if (keys == keys_.size()) {
      if (keys_.size() >= kMaxKeyLists) return;
      std::vector<std::string>& list = keys_.emplace_back();
      for (const auto& [key, v] : map) list.push_back(key);
    }
  }
  // Kept for good while the memo is shared and its budget allows, else among the recent ones.
  const std::size_t values = data.is_immutable() ? 0
                             : data.is_map()     ? data.as_map().size()
                                                 : data.as_list().size();
  const std::size_t cost = sizeof(Entry) + values * sizeof(Value) + result.text.as_string().size();
  Entry* e = nullptr;
  if (memo_->shared() && memo_->kept_bytes_ + cost <= memo_->budget_ && kept_.size() < kMaxKept) {
    memo_->kept_bytes_ += cost;
    e = &kept_.emplace_back();
  } else if (recent_count_ < kRecent) {
    e = &recent_[recent_count_++];
  } else {
    e = &recent_[next_];
    next_ = (next_ + 1) % kRecent;
  }
  e->fingerprint = f;
  e->kind = data.kind();
  e->values.clear();
  e->immutable = data.is_immutable();
  if (e->immutable) {
    e->data = data;
  } else {
    e->data = Value();
    e->type = type_bits(data);
    if (data.is_map()) {
      e->keys = keys;
      e->values.reserve(data.as_map().size());
      for (const auto& [key, v] : data.as_map()) e->values.push_back(v);
    } else {
      e->values = data.as_list();
    }
  }
  e->result = std::move(result);
  remember_last(data, e->result);
  if (kept_.empty() || e != &kept_.back()) return;
  if (kept_.size() * 2 > index_.size()) {  // at most half full
    index_.assign(std::max<std::size_t>(16, index_.size() * 2), 0);
    for (std::uint32_t i = 0; i < kept_.size(); ++i) add_to_index(i);
  } else {
    add_to_index(static_cast<std::uint32_t>(kept_.size() - 1));
  }
}

namespace {

// Two root objects that differ in nothing but the entries that name a file.
bool differ_only_in_file(const Map& a, const Map& b) {
  if (a.size() != b.size()) return false;
  for (auto x = a.begin(), y = b.begin(); x != a.end(); ++x, ++y) {
    if (x->first != y->first) return false;
    if (x->first == "Template" || x->first == "Subcharts") continue;
    if (!x->second.is_identical(y->second)) return false;
  }
  return true;
}

bool names_file_entry(const std::string& name) {
  return name == "Template" || name == "Subcharts";
}

}  // namespace

void IncludeMemo::share_across(std::span<const Value> roots, std::size_t budget) {
  shared_ = true;
  asked_ = {};
  budget_ = budget;
  std::vector<const Map*> families;  // the first root of each
  for (const Value& r : roots) {
    if (!r.is_map()) continue;
    const Map& m = r.as_map();
    int f = 0;
    while (f < static_cast<int>(families.size()) && !differ_only_in_file(*families[f], m)) ++f;
    if (f == static_cast<int>(families.size())) families.push_back(&m);
    roots_.push_back(Root{&m, f});
  }
  std::sort(roots_.begin(), roots_.end(),
            [](const Root& a, const Root& b) { return std::less<const Map*>()(a.map, b.map); });
}

void IncludeMemo::drop_kept() {
  for (auto& [tree, table] : tables_) {
    table.kept_.clear();  // (their room stays, for the next ones)
    std::fill(table.index_.begin(), table.index_.end(), 0);
    table.last_ = Table::Last();
  }
  kept_bytes_ = 0;
}

int IncludeMemo::family(const Value& v) const {
  if (roots_.empty() || !v.is_map()) return -1;
  const Map* m = &v.as_map();
  for (const Root& a : asked_) {
    if (a.map == m) return a.family;
  }
  auto it = std::lower_bound(roots_.begin(), roots_.end(), m, [](const Root& r, const Map* x) {
    return std::less<const Map*>()(r.map, x);
  });
  const int f = it != roots_.end() && it->map == m ? it->family : -1;
  // Only roots are remembered: they live as long as the memo's users (who hold them), so an
  // address remembered is never another map's.
  if (f >= 0) asked_[next_asked_++ % asked_.size()] = Root{m, f};
  return f;
}

bool IncludeMemo::holds_root(const Value& v) const {
  if (roots_.empty() || !(v.is_map() || v.is_list())) return false;
  // Past this many entries the answer is yes: no more time is spent on it.
  std::size_t budget = 256;
  return holds_root(v, budget);
}

bool IncludeMemo::holds_root(const Value& v, std::size_t& budget) const {
  if (v.is_frozen()) return family(v) >= 0;  // (frozen before any root was: none inside)
  if (v.is_map()) {
    for (const auto& [key, e] : v.as_map()) {
      if (budget-- == 0) return true;
      if ((e.is_map() || e.is_list()) && holds_root(e, budget)) return true;
    }
  } else if (v.is_list()) {
    for (const Value& e : v.as_list()) {
      if (budget-- == 0) return true;
      if ((e.is_map() || e.is_list()) && holds_root(e, budget)) return true;
    }
  }
  return false;
}

IncludeMemo::Table* IncludeMemo::table(const Tree* tree, const TemplateScope& scope) {
  return pure(tree, scope) ? &tables_[tree] : nullptr;
}

bool IncludeMemo::pure(const Tree* tree, const TemplateScope& scope) {
  auto [it, fresh] = tables_.try_emplace(tree);
  Table& t = it->second;  // (stays where it is while others are added)
  if (!fresh) return t.purity == Table::Purity::kPure;  // deciding: it calls itself
  t.memo_ = this;
  bool names_file = false;
  bool pure = pure_node(tree->root, scope, names_file);
  t.purity = pure ? Table::Purity::kPure : Table::Purity::kImpure;
  t.names_file_ = names_file;
  return pure;
}

bool IncludeMemo::pure_node(const Node* n, const TemplateScope& scope, bool& names_file) {
  if (n == nullptr) return true;
  // A template it calls: pure, and naming the file if that one does.
  auto calls = [&](const Tree* target) {
    if (target == nullptr || !pure(target, scope)) return false;
    names_file = names_file || tables_.at(target).names_file_;
    return true;
  };
  auto note_names = [&](std::span<const std::string> names) {
    for (const std::string& name : names) names_file = names_file || names_file_entry(name);
  };
  switch (n->type) {
    case NodeType::kList:
      for (const Node* c : static_cast<const ListNode*>(n)->nodes) {
        if (!pure_node(c, scope, names_file)) return false;
      }
      return true;
    case NodeType::kAction:
      return pure_node(static_cast<const ActionNode*>(n)->pipe, scope, names_file);
    case NodeType::kIf:
    case NodeType::kRange:
    case NodeType::kWith: {
      const auto* b = static_cast<const BranchNode*>(n);
      return pure_node(b->pipe, scope, names_file) && pure_node(b->list, scope, names_file) &&
             pure_node(b->else_list, scope, names_file);
    }
    case NodeType::kTemplate: {
      const auto* t = static_cast<const TemplateNode*>(n);
      return pure_node(t->pipe, scope, names_file) && calls(scope.find(t->name));
    }
    case NodeType::kPipe:
      for (const CommandNode* c : static_cast<const PipeNode*>(n)->cmds) {
        if (!pure_node(c, scope, names_file)) return false;
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
            if (!calls(scope.find(name->value.as_string()))) return false;
          }
        } else if (!pure_node(args[i], scope, names_file)) {
          return false;
        }
      }
      return true;
    }
    case NodeType::kChain: {
      const auto* c = static_cast<const ChainNode*>(n);
      note_names(c->field);
      return pure_node(c->node, scope, names_file);
    }
    case NodeType::kField:
      note_names(static_cast<const FieldNode*>(n)->ident);
      return true;
    case NodeType::kVariable:
      note_names(
          std::span<const std::string>(static_cast<const VariableNode*>(n)->ident).subspan(1));
      return true;
    default:  // text, comments, literals, break, continue
      return true;
  }
}

}  // namespace render::tmpl
