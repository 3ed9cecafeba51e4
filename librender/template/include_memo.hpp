// What include returned, by template and data, within one execution.
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
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "render/value.hpp"
#include "template/tree.hpp"

namespace render::tmpl {

struct TemplateScope;

class IncludeMemo {
 public:
  struct Result {
    Value text;
    int include_depth = 0;  // how deep includes nested while it ran, itself counted
    int exec_depth = 0;     // how deep {{template}} calls nested while it ran
  };
  class Table;

  // Whether `data` can be a key (see above).
  static bool keyable(const Value& data);
  // The results of `tree` when it is pure (see above; its includes resolved in `scope`, decided
  // once per tree), else null.
  Table* table(const Tree* tree, const TemplateScope& scope);

  class Table {
   public:
    // `fingerprint` receives what store() needs of `data`.
    const Result* find(const Value& data, std::uint64_t& fingerprint) const;
    void store(const Value& data, std::uint64_t fingerprint, Result result);

   private:
    friend class IncludeMemo;
    struct Entry {
      std::uint64_t fingerprint = 0;
      Value data;
      // For a map or list that is not frozen: its entries when the result was made.
      Map map;
      List list;
      Result result;
      bool used = false;
    };
    // Equal for data that match (strings count by their length only).
    static std::uint64_t fingerprint(const Value& data);
    static bool matches(const Entry& e, const Value& data);
    enum class Purity { kDeciding, kPure, kImpure };
    Purity purity = Purity::kDeciding;
    // A few, replaced in turn: the calls that repeat are those made for one object.
    std::array<Entry, 4> entries;
    std::size_t next = 0;
  };

 private:
  bool pure(const Tree* tree, const TemplateScope& scope);
  bool pure_node(const Node* n, const TemplateScope& scope);
  std::unordered_map<const Tree*, Table> tables_;
};

}  // namespace render::tmpl
