// Value: the data model of the template engine and of chart values.
//
// It mirrors the Go values a Helm template sees: nil, bool, int (Go `int`), int64, float64, string,
// []byte, []interface{} (List), map[string]interface{} (Map) and native objects (.Capabilities,
// .Files, semver versions). Lists and maps have Go reference semantics: copying a Value shares the
// container, so `set .Values "k" v` is seen by every holder, as in Helm.
//
// A Value is 16 bytes: a kind, flags, and either the scalar itself or one pointer to a
// reference-counted body (string, list, map, object). The executor copies Values all the time;
// a copy is two words and a counter increment. The counts are not atomic: a Value is shared
// between threads only while it is frozen (freeze()), when copies do not count at all.
#pragma once

#include <algorithm>
#include <atomic>
#include <cassert>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace render {

class Value;
namespace detail {
// What a Value's string, list, map or object lives in, with the count of Values holding it.
struct Body {
  // Set in refs while the body is frozen: read-only and shared between threads.
  static constexpr std::size_t kFrozen = std::size_t{1} << (sizeof(std::size_t) * 8 - 1);
  std::size_t refs = 1;
};
}  // namespace detail

// Thrown by mutable_map/mutable_list on a frozen value: the caller wanted to change what other
// threads may be reading. Not a std::exception, so that no error handler on the way mistakes it
// for an error of the template; the code that froze the value catches it.
struct FrozenValueWrite {};
using List = std::vector<Value>;

class Map;           // map[string]interface{}, defined below
struct StructField;  // a field of an Object that is a Go struct, defined below

// A native object with fields and methods, e.g. .Capabilities or .Files.
class Object {
 public:
  virtual ~Object() = default;
  // The Go type name, used by typeOf and in error messages (e.g. "chartutil.Capabilities").
  virtual std::string_view type_name() const = 0;
  // `.Name` on the object: a field or a method without arguments. False when there is none.
  virtual bool field(std::string_view name, Value& out) const = 0;
  // `.Name arg...`: a method with arguments. False when there is no such method.
  // A method that fails throws render::tmpl::FunctionError (see template/function.hpp).
  virtual bool call(std::string_view name, std::span<const Value> args, Value& out) const;
  // For a method whose parameters are all strings: how many it takes, so that the executor
  // checks a call as text/template does (the count, then each argument) before call(). Empty
  // for any other name: call() then checks its arguments itself.
  virtual std::optional<std::size_t> string_method_arity(std::string_view name) const;
  // What fmt's %v prints for it; for a pointer (is_pointer), what it points to, before which
  // fmt writes the "&".
  virtual std::string print() const = 0;
  // Its truth in if, with, and, or, not, default and empty: a Go map (.Files) is false when it
  // is empty, a pointer to a struct is true.
  virtual bool truthy() const { return true; }
  // What encoding/json marshals for it (a map for .Files); false: its print() as a string.
  virtual bool json_value(Value& out) const;
  // For an object that is a Go map underneath (.Files, a Glob result): its entries, for range,
  // len and index. False when it is not a map.
  virtual bool entries(Map& out) const;
  // For an object that is a Go slice underneath (common.VersionSet, a []string): its elements,
  // for range, len, index and the list functions. False when it is not a slice.
  virtual bool elements(List& out) const;

  // For an object that is a Go struct underneath (.Capabilities and its parts): its fields in
  // declaration order, unexported ones included (fmt prints them), each with the key
  // encoding/json writes it under (empty: not written). False when it is not a struct.
  virtual bool fields(std::vector<StructField>& out) const;
  // A pointer to such a struct (*common.Capabilities): fmt writes "&" before it.
  virtual bool is_pointer() const { return false; }
  // The object as a function receives it. Go copies a struct reached as a field into the
  // interface{} argument, and the copy no longer finds the String method of the struct's
  // pointer (common.KubeVersion then prints as a struct). A nil Value: it is the same object.
  virtual Value copied() const;
  // For an object that is a Go struct underneath: whether `name` is one of its unexported
  // fields, which text/template refuses by name ("x is an unexported field of struct type T").
  // By default, the unexported ones among fields().
  virtual bool has_unexported_field(std::string_view name) const;
};

class Value {
 public:
  enum class Kind : std::uint8_t {
    kNil,  // untyped nil / missing ("<no value>" when printed by an action)
    kBool,
    kInt,    // Go int: template integer literals, len, int, atoi
    kInt64,  // Go int64: sprig integer math, --set integers
    kFloat,  // Go float64: every number loaded from YAML or JSON values
    kString,
    kBytes,   // Go []byte
    kList,    // []interface{}
    kMap,     // map[string]interface{}
    kObject,  // native object
  };

  Value() = default;
  Value(const Value& other) noexcept
      : kind_(other.kind_), flags_(other.flags_), bits_(other.bits_) {
    if (has_body() && (bits_.body->refs & detail::Body::kFrozen) == 0) ++bits_.body->refs;
  }
  Value(Value&& other) noexcept : kind_(other.kind_), flags_(other.flags_), bits_(other.bits_) {
    other.kind_ = Kind::kNil;
    other.flags_ = 0;
  }
  Value& operator=(const Value& other) noexcept {
    Value copy(other);
    swap(copy);
    return *this;
  }
  Value& operator=(Value&& other) noexcept {
    Value moved(std::move(other));
    swap(moved);
    return *this;
  }
  ~Value() {
    if (has_body() && (bits_.body->refs & detail::Body::kFrozen) == 0 && --bits_.body->refs == 0) {
      release();
    }
  }
  void swap(Value& other) noexcept {
    std::swap(kind_, other.kind_);
    std::swap(flags_, other.flags_);
    std::swap(bits_, other.bits_);
  }

  static Value boolean(bool b);
  static Value integer(std::int64_t i);  // Go int
  static Value int64(std::int64_t i);    // Go int64
  static Value number(double f);         // Go float64
  static Value string(std::string s);
  // A string of the `size` bytes at `data`, copied once, straight into the value.
  static Value string(const char* data, std::size_t size);
  static Value bytes(std::string b);
  static Value list(List items = {});
  static Value map();  // an empty one
  static Value map(Map entries);
  static Value object(std::shared_ptr<const Object> obj);

  // A map of Go's named type common.Values (a chart's .Values): typeOf names it, and functions
  // that assert map[string]interface{} (dig) refuse it. The map itself is shared.
  Value as_chart_values() const;
  bool is_chart_values() const { return (flags_ & kChartValues) != 0; }
  // A nil []interface{} (what Go functions return for "no items"): it prints "[]" and is empty,
  // but JSON writes it as null.
  static Value nil_list();
  bool is_nil_list() const { return (flags_ & kNilList) != 0; }
  // A nil map[string]interface{} (fromJson "null", a chart without annotations): it prints
  // "map[]" and is empty, but JSON and YAML write it as null, and set cannot add to it.
  static Value nil_map();
  bool is_nil_map() const { return (flags_ & kNilMap) != 0; }
  // A Go map[string]string (what split and splitn return): typeOf names it, and a missing key
  // reads as "" (the zero string) rather than nothing.
  Value as_string_map() const;
  bool is_string_map() const { return (flags_ & kStringMap) != 0; }
  // A Go slice of another element type than interface{} (splitList, keys and sortAlpha give
  // []string, until []int, chunk [][]interface{}): typeOf names it, its elements are not
  // interfaces (a field of one is refused in the element's own type), and reflect.DeepEqual
  // tells it from a []interface{} with the same items. The list itself is shared.
  enum class Elements : std::uint8_t { kInterfaces, kStrings, kInts, kLists };
  Value with_elements(Elements e) const;
  Elements elements() const {
    if (kind_ != Kind::kList) return Elements::kInterfaces;
    return (flags_ & kStringElements) != 0 ? Elements::kStrings
           : (flags_ & kIntElements) != 0  ? Elements::kInts
           : (flags_ & kListElements) != 0 ? Elements::kLists
                                           : Elements::kInterfaces;
  }
  // An integer that is a Go uint8 (a byte of a string read by index): typeOf names it, %#v
  // writes it in hex, and a parameter of type int does not take it.
  Value as_uint8() const;
  bool is_uint8() const { return kind_ == Kind::kInt && (flags_ & kUint8) != 0; }
  // An int64 that is a Go uint64 (a semver's Major, Minor, Patch): typeOf and kindOf name it.
  Value as_uint64() const;
  bool is_uint64() const { return kind_ == Kind::kInt64 && (flags_ & kUint64) != 0; }
  // Made from what a refused function returned (a stand-in for a random or time-dependent
  // result), as a template executes: such a value must not reach the output. Copies keep it,
  // deep copies too; a map or list holding a tainted value is not tainted itself.
  bool is_tainted() const { return (flags_ & kTainted) != 0; }
  void mark_tainted() { flags_ |= kTainted; }

  Kind kind() const { return kind_; }
  bool is_nil() const { return kind_ == Kind::kNil; }
  bool is_bool() const { return kind_ == Kind::kBool; }
  bool is_integer() const { return kind_ == Kind::kInt || kind_ == Kind::kInt64; }
  bool is_float() const { return kind_ == Kind::kFloat; }
  bool is_number() const { return is_integer() || is_float(); }
  bool is_string() const { return kind_ == Kind::kString; }
  bool is_bytes() const { return kind_ == Kind::kBytes; }
  bool is_list() const { return kind_ == Kind::kList; }
  bool is_map() const { return kind_ == Kind::kMap; }
  bool is_object() const { return kind_ == Kind::kObject; }

  // Accessors; calling one on the wrong kind is a programming error (asserted).
  bool as_bool() const {
    assert(kind_ == Kind::kBool);
    return bits_.b;
  }
  std::int64_t as_int() const {  // kInt or kInt64
    assert(is_integer());
    return bits_.i;
  }
  double as_float() const {  // kFloat
    assert(kind_ == Kind::kFloat);
    return bits_.f;
  }
  inline const std::string& as_string() const;  // kString or kBytes
  inline const List& as_list() const;
  // The shared list (Go slices alias); throws FrozenValueWrite when it is frozen.
  inline List& mutable_list() const;
  inline const Map& as_map() const;
  // The shared map (Go maps alias); throws FrozenValueWrite when it is frozen.
  inline Map& mutable_map() const;
  // For a map, how many times mutable_map handed it out: every change to a map goes through
  // it, so a map whose count is what it was has not changed since (its callers change the map
  // at once, and none keeps the reference across a template's execution). 0 for anything else.
  inline std::uint64_t change_count() const;
  const std::shared_ptr<const Object>& as_object() const;

  // Go truthiness as used by if/with/and/or/not/default/empty: false, 0, 0.0, "", nil,
  // empty list/map/bytes are false; everything else is true.
  bool truthy() const;

  // The Go type name as typeOf prints it: "float64", "string", "map[string]interface {}",
  // "[]interface {}", "<nil>", "int", "int64", "bool", "[]uint8".
  std::string_view type_name() const;

  // A deep copy (lists and maps copied recursively), for sprig's deepCopy and values merging.
  Value deep_copy() const;

  // Go's reflect.DeepEqual on these types (int 1 != float64 1).
  friend bool deep_equal(const Value& a, const Value& b);

  // freeze() makes this value and everything it holds shareable between threads that only read
  // it: copies of a frozen body neither count nor release it, and mutable_map/mutable_list on
  // it throw FrozenValueWrite. Maps are put in order first, so no reader reorders one. thaw()
  // undoes it; every copy made while the value was frozen must be gone by then (their releases
  // were never counted). Objects are frozen as a whole: an Object hands out new Values only.
  // Returns how many bodies it froze (those frozen before are not counted again).
  std::size_t freeze() const;
  void thaw() const;
  bool is_frozen() const { return has_body() && (bits_.body->refs & detail::Body::kFrozen) != 0; }
  // Nothing can change what it holds: a scalar, a string, bytes, or a frozen body.
  bool is_immutable() const {
    return !has_body() || kind_ == Kind::kString || kind_ == Kind::kBytes || is_frozen();
  }
  // The same value, not merely an equal one: the same kind and flags, and the same scalar (bit
  // for bit) or the same body.
  bool is_identical(const Value& other) const {
    if (kind_ != other.kind_ || flags_ != other.flags_) return false;
    if (kind_ == Kind::kNil) return true;
    if (kind_ == Kind::kBool) return bits_.b == other.bits_.b;
    if (has_body()) return bits_.body == other.bits_.body;
    return std::memcmp(&bits_, &other.bits_, sizeof bits_) == 0;  // int, int64, float64
  }
  // A hash of what is_identical compares: identical values hash alike.
  std::uint64_t identity_hash() const {
    std::uint64_t bits = 0;
    if (kind_ == Kind::kBool) {
      bits = bits_.b ? 1 : 0;
    } else if (kind_ != Kind::kNil) {
      std::memcpy(&bits, &bits_, sizeof bits);
    }
    return (bits ^
            (std::uint64_t{static_cast<std::uint8_t>(kind_)} << 56 ^ std::uint64_t{flags_} << 48)) *
           0x9e3779b97f4a7c15u;
  }

 private:
  enum Flag : std::uint8_t {
    kChartValues = 1,
    kNilList = 2,
    kStringMap = 4,
    kNilMap = 8,
    kTainted = 16,
    // Lists only (see elements()):
    kStringElements = 32,
    kIntElements = 64,
    kListElements = 128,
    // Integers only:
    kUint8 = 32,
    kUint64 = 64,
  };
  bool has_body() const { return kind_ >= Kind::kString; }
  void release() noexcept;  // deletes the body whose count reached zero
  static Value with_body(Kind kind, detail::Body* body);

  Kind kind_ = Kind::kNil;
  std::uint8_t flags_ = 0;
  union Bits {
    bool b;
    std::int64_t i;
    double f = 0;
    detail::Body* body;  // kString, kBytes (immutable once built), kList, kMap, kObject
  } bits_;
};

// A field of an Object that is a Go struct (Object::fields).
struct StructField {
  std::string_view name;  // as fmt's %+v writes it
  Value value;
  std::string_view json_name;  // the key encoding/json writes it under; empty: not written
};

// map[string]interface{}: entries kept in one block, keys in ascending byte order (Go's `range`
// order over a map). A template looks fields up far more often than it builds maps, and most
// maps hold a few keys: a search through one contiguous block beats walking tree nodes spread
// over the heap. The interface is std::map's, with one difference that matters: inserting or
// erasing moves entries, so iterators and references into the map do not survive a change.
//
// A large map built key by key out of order (set in a loop) would move half its block at every
// insertion. Past kDirectInsert entries such keys wait unsorted after the sorted block, and
// are merged in when there are more of them than the square root of the map's size or when
// the map is walked in order (begin, rbegin, lower_bound): O(sqrt(n)) per insertion. That
// merge moves entries too, so on such a map an iterator from find() does not survive begin().
class Map {
 public:
  using key_type = std::string;
  using mapped_type = Value;
  using value_type = std::pair<std::string, Value>;
  using Items = std::vector<value_type>;
  using iterator = Items::iterator;
  using const_iterator = Items::const_iterator;
  using size_type = std::size_t;

  Map() = default;
  Map(std::initializer_list<value_type> items);
  Map(const Map&) = default;
  Map& operator=(const Map&) = default;
  // A map moved from is empty, its sorted part too.
  Map(Map&& other) noexcept : items_(std::move(other.items_)), sorted_(other.sorted_) {
    other.items_.clear();
    other.sorted_ = 0;
  }
  Map& operator=(Map&& other) noexcept {
    if (this != &other) {
      items_ = std::move(other.items_);
      sorted_ = other.sorted_;
      other.items_.clear();
      other.sorted_ = 0;
    }
    return *this;
  }
  ~Map() = default;

  // A map from entries in any order; when a key is there more than once the last one stays.
  static Map from_entries(Items items);
  // The same, but false (and `out` untouched) when a key is there more than once.
  static bool from_unique_entries(Items items, Map& out);
  // A map from entries whose keys are in strictly ascending order already, which the caller
  // has made sure of (only debug builds check it): nothing is compared.
  static Map from_ordered_entries(Items items);

  // Walking the map puts waiting keys in order first; end() needs no order.
  iterator begin() {
    settle();
    return items_.begin();
  }
  iterator end() { return items_.end(); }
  const_iterator begin() const {
    settle();
    return items_.begin();
  }
  const_iterator end() const { return items_.end(); }
  const_iterator cbegin() const { return begin(); }
  const_iterator cend() const { return end(); }
  auto rbegin() const {
    settle();
    return items_.crbegin();
  }
  auto rend() const { return items_.crend(); }
  size_type size() const { return items_.size(); }
  bool empty() const { return items_.empty(); }
  void clear() {
    items_.clear();
    sorted_ = 0;
  }
  void reserve(size_type n) { items_.reserve(n); }
  void swap(Map& other) noexcept {
    items_.swap(other.items_);
    std::swap(sorted_, other.sorted_);
  }

  inline const_iterator find(std::string_view key) const;
  // find(), looking first at the place `hint` names, where the key was found before (a
  // template's field is looked up in maps of one shape again and again), and noting there where
  // it was found. Any hint is safe: the key at that place is compared.
  inline const_iterator find(std::string_view key, std::atomic<std::uint32_t>& hint) const;
  iterator find(std::string_view key) {
    return items_.begin() + (std::as_const(*this).find(key) - items_.cbegin());
  }
  bool contains(std::string_view key) const { return find(key) != end(); }
  size_type count(std::string_view key) const { return contains(key) ? 1 : 0; }
  const_iterator lower_bound(std::string_view key) const;
  iterator lower_bound(std::string_view key) {
    return items_.begin() + (std::as_const(*this).lower_bound(key) - items_.cbegin());
  }
  // Throws std::out_of_range when the key is missing.
  const Value& at(std::string_view key) const;
  Value& at(std::string_view key);

  Value& operator[](std::string_view key) { return try_emplace(key).first->second; }
  template <typename... Args>
  std::pair<iterator, bool> try_emplace(std::string_view key, Args&&... args);
  template <typename K, typename V>
  std::pair<iterator, bool> emplace(K&& key, V&& value) {
    return try_emplace(std::string_view(key), std::forward<V>(value));
  }
  std::pair<iterator, bool> insert(value_type item) {
    return try_emplace(item.first, std::move(item.second));
  }
  template <typename It>
  void insert(It first, It last) {
    for (; first != last; ++first) try_emplace(first->first, first->second);
  }
  template <typename V>
  std::pair<iterator, bool> insert_or_assign(std::string_view key, V&& value);

  size_type erase(std::string_view key);
  iterator erase(const_iterator at) { return erase(at, at + 1); }
  iterator erase(const_iterator first, const_iterator last);

 private:
  // Up to this many entries a key out of order is inserted in place.
  static constexpr size_type kDirectInsert = 256;
  void settle() const {
    if (sorted_ != items_.size()) merge_waiting();
  }
  void merge_waiting() const;
  // The entries; [0, sorted_) in key order, the rest (keys not in the sorted part and distinct)
  // waiting in the order they came. Ordering them changes no key or value, so const readers
  // may do it: a map shared between threads is frozen, and freezing puts it in order.
  mutable Items items_;
  mutable size_type sorted_ = 0;
};

namespace detail {
struct StringBody : Body {
  std::string text;
};
struct ListBody : Body {
  List items;
};
struct MapBody : Body {
  Map entries;
  std::uint64_t changes = 0;  // how often mutable_map handed it out (Value::change_count)
};
struct ObjectBody : Body {
  std::shared_ptr<const Object> object;
};
}  // namespace detail

const std::string& Value::as_string() const {
  assert(kind_ == Kind::kString || kind_ == Kind::kBytes);
  return static_cast<const detail::StringBody*>(bits_.body)->text;
}
const List& Value::as_list() const {
  assert(kind_ == Kind::kList);
  return static_cast<const detail::ListBody*>(bits_.body)->items;
}
List& Value::mutable_list() const {
  assert(kind_ == Kind::kList);
  if (is_frozen()) throw FrozenValueWrite();
  return static_cast<detail::ListBody*>(bits_.body)->items;
}
const Map& Value::as_map() const {
  assert(kind_ == Kind::kMap);
  return static_cast<const detail::MapBody*>(bits_.body)->entries;
}
Map& Value::mutable_map() const {
  assert(kind_ == Kind::kMap);
  if (is_frozen()) throw FrozenValueWrite();
  auto* body = static_cast<detail::MapBody*>(bits_.body);
  ++body->changes;
  return body->entries;
}
std::uint64_t Value::change_count() const {
  return kind_ == Kind::kMap ? static_cast<const detail::MapBody*>(bits_.body)->changes : 0;
}

namespace detail {

// Whether `n` bytes at `a` and `b` are the same; keys of up to 16 bytes without a call, as two
// overlapping loads of each.
inline bool same_bytes(const char* a, const char* b, std::size_t n) {
  auto load8 = [](const char* p) {
    std::uint64_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  auto load4 = [](const char* p) {
    std::uint32_t v;
    std::memcpy(&v, p, sizeof v);
    return v;
  };
  if (n >= 8 && n <= 16) return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
  if (n >= 4 && n < 8) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  if (n < 4) return n == 0 || (a[0] == b[0] && a[n / 2] == b[n / 2] && a[n - 1] == b[n - 1]);
  return std::memcmp(a, b, n) == 0;
}

}  // namespace detail

// Small maps are searched in order, the length compared before the bytes: that rejects most
// keys without a call. Larger ones by bisection; then the keys waiting unsorted, if any.
Map::const_iterator Map::find(std::string_view key) const {
  auto same = [&](const value_type& e) {
    return e.first.size() == key.size() &&
           detail::same_bytes(e.first.data(), key.data(), key.size());
  };
  const auto sorted_end = items_.begin() + static_cast<std::ptrdiff_t>(sorted_);
  if (sorted_ <= 16) {
    for (auto it = items_.begin(); it != sorted_end; ++it) {
      if (same(*it)) return it;
    }
  } else {
    auto it = std::lower_bound(
        items_.begin(), sorted_end, key,
        [](const value_type& e, std::string_view k) { return std::string_view(e.first) < k; });
    if (it != sorted_end && it->first == key) return it;
  }
  for (auto it = sorted_end; it != items_.end(); ++it) {
    if (same(*it)) return it;
  }
  return items_.end();
}

Map::const_iterator Map::find(std::string_view key, std::atomic<std::uint32_t>& hint) const {
  std::uint32_t at = hint.load(std::memory_order_relaxed);
  if (at < items_.size()) {
    const std::string& k = items_[at].first;
    if (k.size() == key.size() && detail::same_bytes(k.data(), key.data(), key.size())) {
      return items_.begin() + at;
    }
  }
  auto it = find(key);
  if (it != items_.end())
    hint.store(static_cast<std::uint32_t>(it - items_.begin()), std::memory_order_relaxed);
  return it;
}

template <typename... Args>
std::pair<Map::iterator, bool> Map::try_emplace(std::string_view key, Args&&... args) {
  // Entries often arrive in order: appending needs no search.
  if (sorted_ == items_.size() && (items_.empty() || std::string_view(items_.back().first) < key)) {
    items_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                        std::forward_as_tuple(std::forward<Args>(args)...));
    ++sorted_;
    return {items_.end() - 1, true};
  }
  if (auto found = find(key); found != end()) return {found, false};
  if (items_.size() < kDirectInsert) {
    settle();
    auto at = std::lower_bound(
        items_.begin(), items_.end(), key,
        [](const value_type& e, std::string_view k) { return std::string_view(e.first) < k; });
    at = items_.emplace(at, std::piecewise_construct, std::forward_as_tuple(key),
                        std::forward_as_tuple(std::forward<Args>(args)...));
    ++sorted_;
    return {at, true};
  }
  items_.emplace_back(std::piecewise_construct, std::forward_as_tuple(key),
                      std::forward_as_tuple(std::forward<Args>(args)...));
  size_type waiting = items_.size() - sorted_;
  if (waiting * waiting <= items_.size()) return {items_.end() - 1, true};
  settle();
  return {find(key), true};
}

template <typename V>
std::pair<Map::iterator, bool> Map::insert_or_assign(std::string_view key, V&& value) {
  auto [it, inserted] = try_emplace(key, std::forward<V>(value));
  if (!inserted) it->second = std::forward<V>(value);
  return {it, inserted};
}

}  // namespace render
