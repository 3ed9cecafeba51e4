#include "render/value.hpp"

#include <algorithm>
#include <stdexcept>

#include "render/guards.hpp"

namespace render {

namespace {

bool key_less(const Map::value_type& a, const Map::value_type& b) {
  return a.first < b.first;
}

// By key, equal keys kept in the order they came.
// Few entries (most maps) are sorted by insertion: stable_sort would take a buffer first.
void sort_by_key(Map::Items::iterator first, Map::Items::iterator last) {
  if (last - first > 16) {
    if (!std::is_sorted(first, last, key_less)) std::stable_sort(first, last, key_less);
    return;
  }
  for (auto i = first; i != last; ++i) {
    if (i == first || !key_less(*i, *(i - 1))) continue;
    Map::value_type moving = std::move(*i);
    auto j = i;
    do {
      *j = std::move(*(j - 1));
      --j;
    } while (j != first && key_less(moving, *(j - 1)));
    *j = std::move(moving);
  }
}

}  // namespace

Map::Map(std::initializer_list<value_type> items) : Map(from_entries(Items(items))) {}

Map Map::from_entries(Items items) {
  Map m;
  m.items_ = std::move(items);
  sort_by_key(m.items_.begin(), m.items_.end());
  auto last =
      std::unique(m.items_.rbegin(), m.items_.rend(),
                  [](const value_type& a, const value_type& b) { return a.first == b.first; });
  m.items_.erase(m.items_.begin(), last.base());
  m.sorted_ = m.items_.size();
  return m;
}

bool Map::from_unique_entries(Items items, Map& out) {
  sort_by_key(items.begin(), items.end());
  for (std::size_t i = 1; i < items.size(); ++i) {
    if (items[i - 1].first == items[i].first) return false;
  }
  out.items_ = std::move(items);
  out.sorted_ = out.items_.size();
  return true;
}

Map Map::from_ordered_entries(Items items) {
  assert(
      std::adjacent_find(items.begin(), items.end(), [](const value_type& a, const value_type& b) {
        return !(a.first < b.first);
      }) == items.end());
  Map m;
  m.items_ = std::move(items);
  m.sorted_ = m.items_.size();
  return m;
}

void Map::merge_waiting() const {
  const auto middle = items_.begin() + static_cast<std::ptrdiff_t>(sorted_);
  sort_by_key(middle, items_.end());
  std::inplace_merge(items_.begin(), middle, items_.end(), key_less);
  sorted_ = items_.size();
}

// Erasing keeps the order of what stays: the sorted part shrinks by what it lost.
Map::iterator Map::erase(const_iterator first, const_iterator last) {
  const auto from = static_cast<size_type>(first - items_.cbegin());
  const auto count = static_cast<size_type>(last - first);
  auto next = items_.erase(first, last);
  sorted_ -= std::min(count, sorted_ > from ? sorted_ - from : 0);
  return next;
}

Map::const_iterator Map::lower_bound(std::string_view key) const {
  settle();
  return std::lower_bound(items_.begin(), items_.end(), key,
                          [](const value_type& e, std::string_view k) { return e.first < k; });
}

Map::size_type Map::erase(std::string_view key) {
  auto it = find(key);
  if (it == items_.end()) return 0;
  erase(it);
  return 1;
}

const Value& Map::at(std::string_view key) const {
  auto it = find(key);
  if (it == items_.end()) throw std::out_of_range("no such key: " + std::string(key));
  return it->second;
}

Value& Map::at(std::string_view key) {
  auto it = find(key);
  if (it == items_.end()) throw std::out_of_range("no such key: " + std::string(key));
  return it->second;
}

bool Object::call(std::string_view, std::span<const Value>, Value&) const {
  return false;
}

bool Object::json_value(Value& out) const {
  // A struct: its exported fields under their JSON keys (the map sorts them; to_json writes
  // them in declaration order, as encoding/json does).
  std::vector<StructField> fields;
  if (!this->fields(fields)) return false;
  Map m;
  for (auto& f : fields) {
    if (!f.json_name.empty()) m.insert_or_assign(f.json_name, std::move(f.value));
  }
  out = Value::map(std::move(m));
  return true;
}

bool Object::entries(Map&) const {
  return false;
}

bool Object::elements(List&) const {
  return false;
}

bool Object::fields(std::vector<StructField>&) const {
  return false;
}

Value Object::copied() const {
  return Value();
}

bool Object::has_unexported_field(std::string_view name) const {
  if (name.empty() || (name[0] >= 'A' && name[0] <= 'Z')) return false;
  std::vector<StructField> all;
  if (!fields(all)) return false;
  return std::any_of(all.begin(), all.end(), [&](const StructField& f) { return f.name == name; });
}

std::optional<std::size_t> Object::string_method_arity(std::string_view) const {
  return std::nullopt;
}

Value Value::with_body(Kind kind, detail::Body* body) {
  Value v;
  v.kind_ = kind;
  v.bits_.body = body;
  return v;
}

void Value::release() noexcept {
  switch (kind_) {
    case Kind::kString:
    case Kind::kBytes:
      delete static_cast<detail::StringBody*>(bits_.body);
      break;
    case Kind::kList:
      delete static_cast<detail::ListBody*>(bits_.body);
      break;
    case Kind::kMap:
      delete static_cast<detail::MapBody*>(bits_.body);
      break;
    case Kind::kObject:
      delete static_cast<detail::ObjectBody*>(bits_.body);
      break;
    default:
      break;
  }
}

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::kBool;
  v.bits_.b = b;
  return v;
}

Value Value::integer(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt;
  v.bits_.i = i;
  return v;
}

Value Value::int64(std::int64_t i) {
  Value v;
  v.kind_ = Kind::kInt64;
  v.bits_.i = i;
  return v;
}

Value Value::number(double f) {
  Value v;
  v.kind_ = Kind::kFloat;
  v.bits_.f = f;
  return v;
}

Value Value::string(std::string s) {
  auto* body = new detail::StringBody;
  body->text = std::move(s);
  return with_body(Kind::kString, body);
}

Value Value::string(const char* data, std::size_t size) {
  // The text is made in the body: no string to move in.
  auto* body = new detail::StringBody{{}, std::string(data, size)};
  return with_body(Kind::kString, body);
}

Value Value::bytes(std::string b) {
  auto* body = new detail::StringBody;
  body->text = std::move(b);
  return with_body(Kind::kBytes, body);
}

Value Value::list(List items) {
  // Moved in as the body is made, not assigned to an empty one.
  auto* body = new detail::ListBody{{}, std::move(items)};
  return with_body(Kind::kList, body);
}

Value Value::map() {
  return with_body(Kind::kMap, new detail::MapBody);
}

Value Value::map(Map entries) {
  auto* body = new detail::MapBody{{}, std::move(entries), 0};
  return with_body(Kind::kMap, body);
}

Value Value::object(std::shared_ptr<const Object> obj) {
  auto* body = new detail::ObjectBody;
  body->object = std::move(obj);
  return with_body(Kind::kObject, body);
}

std::size_t Value::freeze() const {
  if (!has_body() || is_frozen()) return 0;  // a body reached twice is frozen once
  bits_.body->refs |= detail::Body::kFrozen;
  std::size_t frozen = 1;
  if (kind_ == Kind::kList) {
    for (const Value& item : as_list()) frozen += item.freeze();
  } else if (kind_ == Kind::kMap) {
    for (const auto& entry : as_map()) frozen += entry.second.freeze();  // begin() settles it
  }
  return frozen;
}

void Value::thaw() const {
  if (!is_frozen()) return;
  bits_.body->refs &= ~detail::Body::kFrozen;
  if (kind_ == Kind::kList) {
    for (const Value& item : as_list()) item.thaw();
  } else if (kind_ == Kind::kMap) {
    for (const auto& entry : as_map()) entry.second.thaw();
  }
}

const std::shared_ptr<const Object>& Value::as_object() const {
  assert(kind_ == Kind::kObject);
  return static_cast<const detail::ObjectBody*>(bits_.body)->object;
}

bool Value::truthy() const {
  switch (kind_) {
    case Kind::kNil:
      return false;
    case Kind::kBool:
      return bits_.b;
    case Kind::kInt:
    case Kind::kInt64:
      return bits_.i != 0;
    case Kind::kFloat:
      return bits_.f != 0;
    case Kind::kString:
    case Kind::kBytes:
      return !as_string().empty();
    case Kind::kList:
      return !as_list().empty();
    case Kind::kMap:
      return !as_map().empty();
    case Kind::kObject:
      return as_object() != nullptr && as_object()->truthy();
  }
  return false;
}

std::string_view Value::type_name() const {
  switch (kind_) {
    case Kind::kNil:
      return "<nil>";
    case Kind::kBool:
      return "bool";
    case Kind::kInt:
      return is_uint8() ? "uint8" : "int";
    case Kind::kInt64:
      return is_uint64() ? "uint64" : "int64";
    case Kind::kFloat:
      return "float64";
    case Kind::kString:
      return "string";
    case Kind::kBytes:
      return "[]uint8";
    case Kind::kList:
      switch (elements()) {
        case Elements::kStrings:
          return "[]string";
        case Elements::kInts:
          return "[]int";
        case Elements::kLists:
          return "[][]interface {}";
        case Elements::kInterfaces:
          break;
      }
      return "[]interface {}";
    case Kind::kMap:
      return is_chart_values() ? "common.Values"
             : is_string_map() ? "map[string]string"
                               : "map[string]interface {}";
    case Kind::kObject:
      return as_object()->type_name();
  }
  return "<nil>";
}

Value Value::as_chart_values() const {
  Value v = *this;
  if (v.kind_ == Kind::kMap) v.flags_ |= kChartValues;
  return v;
}

Value Value::as_string_map() const {
  Value v = *this;
  if (v.kind_ == Kind::kMap) v.flags_ |= kStringMap;
  return v;
}

Value Value::with_elements(Elements e) const {
  Value v = *this;
  if (v.kind_ != Kind::kList) return v;
  v.flags_ &= static_cast<std::uint8_t>(~(kStringElements | kIntElements | kListElements));
  switch (e) {
    case Elements::kStrings:
      v.flags_ |= kStringElements;
      break;
    case Elements::kInts:
      v.flags_ |= kIntElements;
      break;
    case Elements::kLists:
      v.flags_ |= kListElements;
      break;
    case Elements::kInterfaces:
      break;
  }
  return v;
}

Value Value::as_uint8() const {
  Value v = *this;
  if (v.kind_ == Kind::kInt) v.flags_ |= kUint8;
  return v;
}

Value Value::as_uint64() const {
  Value v = *this;
  if (v.kind_ == Kind::kInt64) v.flags_ |= kUint64;
  return v;
}

Value Value::nil_map() {
  Value v = map();
  v.flags_ |= kNilMap;
  return v;
}

Value Value::nil_list() {
  Value v = list();
  v.flags_ |= kNilList;
  return v;
}

namespace {

Value copy_of(const Value& v, PartCount& parts) {
  parts.visit();
  switch (v.kind()) {
    case Value::Kind::kList: {
      check_stack("a copied value");
      if (v.is_nil_list()) {  // a nil slice copies to nil
        Value result = Value::nil_list().with_elements(v.elements());
        if (v.is_tainted()) result.mark_tainted();
        return result;
      }
      List copy;
      copy.reserve(v.as_list().size());
      for (const Value& item : v.as_list()) copy.push_back(copy_of(item, parts));
      Value result = Value::list(std::move(copy)).with_elements(v.elements());
      if (v.is_tainted()) result.mark_tainted();  // the copy keeps its mark
      return result;
    }
    case Value::Kind::kMap: {
      check_stack("a copied value");
      if (v.is_nil_map()) {  // a nil map copies to nil
        Value result = Value::nil_map();
        if (v.is_tainted()) result.mark_tainted();
        return v.is_string_map() ? result.as_string_map() : result;
      }
      Map copy;
      copy.reserve(v.as_map().size());
      for (const auto& [key, item] : v.as_map()) copy.emplace(key, copy_of(item, parts));
      Value result = Value::map(std::move(copy));
      if (v.is_tainted()) result.mark_tainted();
      return v.is_string_map() ? result.as_string_map() : result;  // the copy keeps its type
    }
    default:
      return v;
  }
}

}  // namespace

Value Value::deep_copy() const {
  if (kind_ != Kind::kList && kind_ != Kind::kMap) return *this;
  PartCount parts;
  return copy_of(*this, parts);
}

bool deep_equal(const Value& a, const Value& b) {
  if (a.kind_ != b.kind_) return false;
  if (a.is_list() || a.is_map()) check_stack("a compared value");
  switch (a.kind_) {
    case Value::Kind::kNil:
      return true;
    case Value::Kind::kBool:
      return a.bits_.b == b.bits_.b;
    case Value::Kind::kInt:
    case Value::Kind::kInt64:
      return a.bits_.i == b.bits_.i && a.is_uint8() == b.is_uint8() &&
             a.is_uint64() == b.is_uint64();
    case Value::Kind::kFloat:
      return a.bits_.f == b.bits_.f;
    case Value::Kind::kString:
    case Value::Kind::kBytes:
      return a.as_string() == b.as_string();
    case Value::Kind::kList: {
      if (a.elements() != b.elements()) return false;  // other Go types
      const List& la = a.as_list();
      const List& lb = b.as_list();
      if (&la == &lb) return true;
      if (la.size() != lb.size()) return false;
      for (std::size_t i = 0; i < la.size(); ++i) {
        if (!deep_equal(la[i], lb[i])) return false;
      }
      return true;
    }
    case Value::Kind::kMap: {
      const Map& ma = a.as_map();
      const Map& mb = b.as_map();
      if (&ma == &mb) return true;
      if (ma.size() != mb.size()) return false;
      auto ia = ma.begin();
      auto ib = mb.begin();
      for (; ia != ma.end(); ++ia, ++ib) {
        if (ia->first != ib->first || !deep_equal(ia->second, ib->second)) return false;
      }
      return true;
    }
    case Value::Kind::kObject:
      return a.as_object() == b.as_object();
  }
  return false;
}

}  // namespace render
