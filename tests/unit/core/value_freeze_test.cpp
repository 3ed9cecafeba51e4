// Frozen values: shared read-only between threads, their bodies neither counted nor changed.
#include <gtest/gtest.h>

#include <thread>
#include <vector>

#include "render/value.hpp"

namespace render {
namespace {

Value sample() {
  Map inner;
  inner["s"] = Value::string("text");
  inner["l"] = Value::list({Value::integer(1), Value::string("two")});
  Map outer;
  outer["inner"] = Value::map(std::move(inner));
  outer["n"] = Value::number(1.5);
  return Value::map(std::move(outer));
}

TEST(ValueFreeze, ReachesEveryBodyAndThawUndoesIt) {
  Value v = sample();
  EXPECT_EQ(v.freeze(), 5u);  // the two maps, "text", the list and "two"; numbers have no body
  EXPECT_EQ(v.freeze(), 0u);
  const Value& inner = v.as_map().at("inner");
  EXPECT_TRUE(v.is_frozen());
  EXPECT_TRUE(inner.is_frozen());
  EXPECT_TRUE(inner.as_map().at("s").is_frozen());
  EXPECT_TRUE(inner.as_map().at("l").as_list()[1].is_frozen());
  EXPECT_FALSE(v.as_map().at("n").is_frozen());  // a number has no body
  v.thaw();
  EXPECT_FALSE(v.is_frozen());
  EXPECT_FALSE(inner.is_frozen());
  EXPECT_FALSE(inner.as_map().at("l").as_list()[1].is_frozen());
}

TEST(ValueFreeze, ChangesToAFrozenMapOrListThrowAndChangeNothing) {
  Value v = sample();
  v.freeze();
  EXPECT_THROW(v.mutable_map()["k"] = Value::integer(1), FrozenValueWrite);
  EXPECT_THROW(v.as_map().at("inner").as_map().at("l").mutable_list().clear(), FrozenValueWrite);
  EXPECT_EQ(v.as_map().size(), 2u);
  EXPECT_EQ(v.as_map().at("inner").as_map().at("l").as_list().size(), 2u);
  {
    // A new map holding a frozen value is the caller's own (and gone before the thaw).
    Value mine = Value::map(Map{{"shared", v}});
    mine.mutable_map()["k"] = Value::integer(1);
    EXPECT_EQ(mine.as_map().size(), 2u);
  }
  v.thaw();
  v.mutable_map()["k"] = Value::integer(1);
  EXPECT_EQ(v.as_map().size(), 3u);
}

TEST(ValueFreeze, CopiesMadeWhileFrozenLeaveTheCountsAsTheyWere) {
  Value v = sample();
  Value held = v;  // counted: v's map has two holders
  v.freeze();
  {
    std::vector<Value> copies(100, v.as_map().at("inner"));
    Value moved = std::move(copies.back());
  }
  v.thaw();
  // Were the count changed by the copies, dropping the two holders would free the map too
  // early or never (the sanitizer runs of the tests catch both).
  held = Value();
  EXPECT_EQ(v.as_map().at("inner").as_map().at("s").as_string(), "text");
}

TEST(ValueFreeze, ThreadsCopyAFrozenValueAtOnce) {
  Value v = sample();
  v.freeze();
  auto reader = [&] {
    for (int i = 0; i < 20000; ++i) {
      Value copy = v.as_map().at("inner");
      Value list = copy.as_map().at("l");
      ASSERT_EQ(list.as_list().size(), 2u);
    }
  };
  std::thread a(reader), b(reader);
  a.join();
  b.join();
  v.thaw();
  EXPECT_EQ(v.as_map().at("inner").as_map().at("l").as_list()[1].as_string(), "two");
}

TEST(ValueFreeze, AMapSharedTwiceIsFrozenAndThawedOnce) {
  Value shared = Value::map(Map{{"x", Value::string("y")}});
  Value v = Value::list({shared, shared, Value::map(Map{{"again", shared}})});
  EXPECT_EQ(v.freeze(), 4u);  // the list, the map holding "again", `shared` and its "y"
  EXPECT_TRUE(shared.is_frozen());
  v.thaw();
  EXPECT_FALSE(shared.is_frozen());
  shared.mutable_map()["z"] = Value::integer(1);
  EXPECT_EQ(v.as_list()[2].as_map().at("again").as_map().size(), 2u);
}

}  // namespace
}  // namespace render
