// What include returned, by template and data, within one execution or, while the data is
// frozen, across the files one thread executes.
//
// Helm runs a named template again at every include. A chart's helpers are called with the same
// data several times over (a name, labels, selector labels: once per object, often inside the
// labels as well), and when the template cannot change anything and nothing can change its data,
// running it again gives the same text. Such a call is answered from here:
// - the template is pure: neither it nor what it includes or calls by name uses a function that
//   writes its arguments (set, unset, merge...), tpl, or include with a name that is not a
//   constant, and it does not call itself;
// - the data is immutable (a scalar, a string, a frozen value), or a map or list whose own entries
//   all are (what `dict "root" $ "w" $w` builds while the chart's values are frozen); the key is
//   then the entries themselves, so a later `set` on that map is a different key.
// A result is reused only where running the template again could not reach a depth limit it did
// not reach the first time.
//
// Shared across files (share_across), the keys meet another difference: each file's root object
// is its own map, which differs from the others only in .Template (and in .Subcharts, whose
// roots hold their .Template). Two roots that differ only there are one root family, and a
// result made with one root answers for another of its family unless the template could have
// seen that difference: unless it names Template or Subcharts anywhere (it or what it calls), or
// took in a root as a whole (printed it, gave it to a function, ranged over it; the executor
// notes that with holds_root). Such a result is file-specific, answered for its own root only.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "render/value.hpp"
#include "template/tree.hpp"

namespace render::tmpl {

struct TemplateScope;

class IncludeMemo {
 public:
  struct Result {
    Value text;
    int include_depth = 0;       // how deep includes nested while it ran, itself counted
    int exec_depth = 0;          // how deep {{template}} calls nested while it ran
    bool file_specific = false;  // it may differ for another root of the same family
  };
  class Table;

  IncludeMemo() = default;
  IncludeMemo(const IncludeMemo&) = delete;
  IncludeMemo& operator=(const IncludeMemo&) = delete;

  // Whether `data` can be a key (see above).
  static bool keyable(const Value& data);
  // The results of `tree` when it is pure (see above; its includes resolved in `scope`, decided
  // once per tree), else null.
  Table* table(const Tree* tree, const TemplateScope& scope);

  // From now on, results are kept for good (not only the last few), while what they take stays
  // within `budget` bytes, and answer across the root families of `roots`, the frozen root
  // objects of the files to be executed. The default budget holds the helpers' results of a
  // usual chart many times over, and a few hundred objects' worth of a chart that makes
  // thousands: results are kept in the order they are made, and memory is the limit that
  // matters when every object has its own.
  static constexpr std::size_t kDefaultBudget = 256u << 10;
  void share_across(std::span<const Value> roots, std::size_t budget = kDefaultBudget);
  bool shared() const { return shared_; }
  // Lets every kept result go (see SharedIncludes::next_items).
  void drop_kept();
  // Whether `v` is one of those roots or, not frozen, may hold one.
  bool holds_root(const Value& v) const;

  class Table {
   public:
    // `fingerprint` receives what store() needs of `data` (when nothing is found). A result
    // found stays valid until the next find or store.
    const Result* find(const Value& data, std::uint64_t& fingerprint);
    void store(const Value& data, std::uint64_t fingerprint, Result result);
    // The template names Template or Subcharts (it, or what it calls): its results are always
    // file-specific.
    bool names_file() const { return names_file_; }

   private:
    friend class IncludeMemo;
    // A kept result. Immutable data is kept as it is; a map or list by its type and its entries
    // when the result was made (a later `set` on it makes another key), its keys among `keys_`.
    struct Entry {
      std::uint64_t fingerprint = 0;
      Value data;                 // immutable data (else nil)
      std::vector<Value> values;  // a map's values or a list's items
      Result result;
      std::uint16_t keys = 0;  // a map's: keys_[keys]
      Value::Kind kind = Value::Kind::kNil;
      std::uint8_t type = 0;   // type_bits of the map or list
      bool immutable = false;  // the data was: `data` is it
    };
    static std::uint8_t type_bits(const Value& v);
    // Equal for data that match (strings count by their length only, roots by their family).
    std::uint64_t fingerprint(const Value& data) const;
    std::uint64_t identity_of(const Value& v) const;
    bool same(const Value& kept, const Value& now, bool file_specific) const;
    bool matches(const Entry& e, const Value& data) const;
    void add_to_index(std::uint32_t entry);
    enum class Purity { kDeciding, kPure, kImpure };
    Purity purity = Purity::kDeciding;
    bool names_file_ = false;
    IncludeMemo* memo_ = nullptr;
    // The last kRecent results, the oldest replaced first: the calls that repeat within a file
    // are those made for one object. Shared, results are kept for good (up to kMaxKept, and
    // while the memo's budget allows), found through `index_`, open addressing by fingerprint
    // (entry + 1; 0: empty).
    static constexpr std::size_t kRecent = 4;
    static constexpr std::size_t kMaxKept = 1u << 16;
    static constexpr std::size_t kMaxKeyLists = 64;
    std::array<Entry, kRecent> recent_;
    std::size_t recent_count_ = 0;
    std::size_t next_ = 0;
    std::vector<Entry> kept_;
    std::vector<std::vector<std::string>> keys_;  // the key lists of maps kept (a few)
    // The map last found or stored here, as it was then (its change_count), with its result:
    // the same dict given again unchanged (a helper's labels asked for twice in one object, or
    // by a helper it calls with its own data) is answered without its entries being looked at.
    // Holding the map keeps its address from being reused by another.
    struct Last {
      Value data;  // nil: none
      std::uint64_t changes = 0;
      Result result;
    };
    Last last_;
    void remember_last(const Value& data, const Result& result);
    std::vector<std::uint32_t> index_;
  };

 private:
  bool pure(const Tree* tree, const TemplateScope& scope);
  bool pure_node(const Node* n, const TemplateScope& scope, bool& names_file);
  // The root family of `v`: -1 when it is none of the roots.
  int family(const Value& v) const;
  // The same for a key: a root as a template receives it, typed chartutil.Values. (A root's
  // body under another type is told apart by its identity: no result is shared for it.)
  int key_family(const Value& v) const { return v.is_chart_values() ? family(v) : -1; }
  bool holds_root(const Value& v, std::size_t& budget) const;
  std::unordered_map<const Tree*, Table> tables_;
  struct Root {
    const Map* map;
    int family;
  };
  std::vector<Root> roots_;  // by map address
  // The last roots family() found, with their families: the keys of one file's calls hold
  // that file's root, and a kept result's another file's, again and again. (A memo serves one
  // thread.)
  mutable std::array<Root, 2> asked_{};
  mutable std::size_t next_asked_ = 0;
  bool shared_ = false;
  // What the kept results take (their text, about), and how much they may.
  std::size_t kept_bytes_ = 0;
  std::size_t budget_ = 0;
};

}  // namespace render::tmpl
