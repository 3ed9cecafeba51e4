// Map: map[string]interface{} kept in key order in one block.
#include <gtest/gtest.h>

#include <map>
#include <random>
#include <string>
#include <vector>

#include "render/value.hpp"

namespace render {
namespace {

std::vector<std::string> keys(const Map& m) {
  std::vector<std::string> out;
  for (const auto& [k, v] : m) out.push_back(k);
  return out;
}

TEST(Map, IteratesInByteOrderWhateverTheInsertionOrder) {
  Map m;
  for (const char* k : {"b", "a", "B", "aa", "", "_10", "_2"}) m.emplace(k, Value::string(k));
  EXPECT_EQ(keys(m), (std::vector<std::string>{"", "B", "_10", "_2", "a", "aa", "b"}));
  EXPECT_EQ(m.size(), 7u);
}

TEST(Map, EmplaceKeepsTheFirstValueAndInsertOrAssignTheLast) {
  Map m;
  EXPECT_TRUE(m.emplace("k", Value::integer(1)).second);
  EXPECT_FALSE(m.emplace("k", Value::integer(2)).second);
  EXPECT_EQ(m.at("k").as_int(), 1);
  EXPECT_FALSE(m.insert_or_assign("k", Value::integer(3)).second);
  EXPECT_EQ(m.at("k").as_int(), 3);
  m["new"] = Value::integer(4);
  EXPECT_EQ(m.at("new").as_int(), 4);
  EXPECT_TRUE(m["missing"].is_nil());
  EXPECT_EQ(m.size(), 3u);
}

TEST(Map, FindsInSmallAndLargeMaps) {
  for (int n : {0, 1, 5, 16, 17, 300}) {
    Map m;
    for (int i = n - 1; i >= 0; --i) m.emplace("key" + std::to_string(i), Value::integer(i));
    ASSERT_EQ(m.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      auto it = m.find("key" + std::to_string(i));
      ASSERT_NE(it, m.end()) << n << " " << i;
      EXPECT_EQ(it->second.as_int(), i);
    }
    EXPECT_EQ(m.find("key"), m.end());
    EXPECT_EQ(m.find("key" + std::to_string(n)), m.end());
    EXPECT_FALSE(m.contains("ke"));
    EXPECT_EQ(m.count("key0"), n > 0 ? 1u : 0u);
  }
}

TEST(Map, ErasesByKeyAndByPosition) {
  Map m{{"a", Value::integer(1)}, {"b", Value::integer(2)}, {"c", Value::integer(3)}};
  EXPECT_EQ(m.erase("b"), 1u);
  EXPECT_EQ(m.erase("b"), 0u);
  m.erase(m.find("a"));
  EXPECT_EQ(keys(m), (std::vector<std::string>{"c"}));
  EXPECT_THROW(static_cast<void>(m.at("a")), std::out_of_range);
}

TEST(Map, BuildsFromEntriesInAnyOrder) {
  Map::Items items;
  items.emplace_back("z", Value::integer(1));
  items.emplace_back("a", Value::integer(2));
  items.emplace_back("z", Value::integer(3));
  Map m = Map::from_entries(items);
  EXPECT_EQ(keys(m), (std::vector<std::string>{"a", "z"}));
  EXPECT_EQ(m.at("z").as_int(), 3);  // the last of a repeated key

  Map unique;
  EXPECT_FALSE(Map::from_unique_entries(items, unique));
  EXPECT_TRUE(unique.empty());
  items.pop_back();
  ASSERT_TRUE(Map::from_unique_entries(items, unique));
  EXPECT_EQ(keys(unique), (std::vector<std::string>{"a", "z"}));

  Map listed{{"y", Value::integer(1)}, {"x", Value::integer(2)}, {"y", Value::integer(3)}};
  EXPECT_EQ(keys(listed), (std::vector<std::string>{"x", "y"}));
  EXPECT_EQ(listed.at("y").as_int(), 3);
}

TEST(Map, CopiesShareNestedContainersAsGoMapsDo) {
  Value inner = Value::map(Map{{"n", Value::integer(1)}});
  Value outer = Value::map(Map{{"inner", inner}});
  Map copy = outer.as_map();
  copy.at("inner").mutable_map()["m"] = Value::integer(2);
  EXPECT_TRUE(inner.as_map().contains("m"));
  EXPECT_FALSE(outer.as_map().contains("m"));
}

// Large maps built out of order keep late keys waiting: every operation must still behave as
// std::map does. Random operations on both, checked after each step.
TEST(Map, LargeMapsBuiltOutOfOrderBehaveAsStdMap) {
  std::mt19937 rng(7);
  Map m;
  std::map<std::string, int> want;
  auto check = [&] {
    ASSERT_EQ(m.size(), want.size());
    auto it = want.begin();
    for (const auto& [k, v] : m) {  // walks in key order
      ASSERT_EQ(k, it->first);
      ASSERT_EQ(v.as_int(), it->second);
      ++it;
    }
  };
  for (int step = 0; step < 6000; ++step) {
    std::string key = "k" + std::to_string(rng() % 2000);
    int op = static_cast<int>(rng() % 10);
    if (op < 6) {
      m.insert_or_assign(key, Value::integer(step));
      want[key] = step;
    } else if (op < 7) {
      bool inserted = m.emplace(key, Value::integer(-step)).second;
      EXPECT_EQ(inserted, want.emplace(key, -step).second);
    } else if (op < 8) {
      auto it = m.find(key);  // maybe a waiting key: erased where it is
      if (it != m.end()) m.erase(it);
      want.erase(key);
    } else if (op < 9) {
      EXPECT_EQ(m.erase(key), want.erase(key));
    } else {
      auto it = m.find(key);
      auto w = want.find(key);
      ASSERT_EQ(it == m.end(), w == want.end()) << key;
      if (w != want.end()) {
        EXPECT_EQ(it->second.as_int(), w->second);
      }
    }
    if (step % 500 == 0) check();
  }
  check();
  auto lb = m.lower_bound("k15");
  ASSERT_NE(lb, m.end());
  EXPECT_EQ(lb->first, want.lower_bound("k15")->first);
}

TEST(Map, AMapMovedFromIsEmptyAndUsable) {
  Map m{{"a", Value::integer(1)}, {"b", Value::integer(2)}};
  Map moved = std::move(m);
  EXPECT_EQ(moved.size(), 2u);
  EXPECT_TRUE(m.empty());  // reusing a moved-from map is what is tested
  m.emplace("c", Value::integer(3));
  m.emplace("a", Value::integer(4));
  EXPECT_EQ(keys(m), (std::vector<std::string>{"a", "c"}));
  Map assigned;
  assigned = std::move(moved);
  EXPECT_EQ(keys(assigned), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(moved.empty());
  EXPECT_EQ(moved.find("a"), moved.end());
}

TEST(Map, ACopyOfAMapWithWaitingKeysIsTheSameMap) {
  Map m;
  for (int i = 999; i >= 0; --i) m.emplace("key" + std::to_string(i), Value::integer(i));
  Map copy = m;
  EXPECT_EQ(keys(copy), keys(m));
  EXPECT_EQ(copy.at("key500").as_int(), 500);
  EXPECT_EQ(copy.rbegin()->first, "key999");
}

}  // namespace
}  // namespace render
