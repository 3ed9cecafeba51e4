// include's memo: which templates and data it may answer for, and that a chart sees the same
// text with it as Helm gives without it, also where a helper or its caller changes things.
#include "template/include_memo.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>

#include "render/template.hpp"
#include "template/executor.hpp"
#include "template/parser.hpp"

namespace render::tmpl {
namespace {

struct Parsed {
  Source source;
  NodePool pool;
  TemplateScope scope;
  explicit Parsed(std::string text) : source{"t", std::move(text)} {
    for (Tree& t : parse(source, "t", pool)) scope.templates.insert_or_assign(t.name, t);
  }
  const Tree* tree(std::string_view name) const { return scope.find(name); }
};

// Copies of a frozen value are not counted: what a test copies from one while it is frozen is
// gone before it is thawed, and a value is frozen in a statement of its own, after the list its
// entries came from is gone.

TEST(IncludeMemo, OnlyTemplatesThatChangeNothingArePure) {
  Parsed p(
      R"({{ define "name" }}{{ printf "%s-%s" .a .b | trunc 63 | quote }}{{ end }})"
      R"({{ define "labels" }}{{ include "name" . }}{{ with .c }}{{ toYaml . }}{{ end }}{{ end }})"
      R"({{ define "viaTemplate" }}{{ template "name" . }}{{ end }})"
      R"({{ define "setter" }}{{ $_ := set . "x" 1 }}{{ end }})"
      R"({{ define "unsetter" }}{{ $_ := unset . "x" }}{{ end }})"
      R"({{ define "merger" }}{{ $_ := merge . (dict "y" 2) }}{{ end }})"
      R"({{ define "overwriter" }}{{ $_ := mustMergeOverwrite . (dict "y" 2) }}{{ end }})"
      R"({{ define "tpler" }}{{ tpl "{{ .a }}" . }}{{ end }})"
      R"({{ define "dynamic" }}{{ include (print "na" "me") . }}{{ end }})"
      R"({{ define "callsSetter" }}{{ if .a }}{{ include "setter" . }}{{ end }}{{ end }})"
      R"({{ define "templatesSetter" }}{{ range .l }}{{ template "setter" $ }}{{ end }}{{ end }})"
      R"({{ define "self" }}{{ if .a }}{{ include "self" .a }}{{ end }}{{ end }})"
      R"({{ define "missing" }}{{ include "nowhere" . }}{{ end }})");
  IncludeMemo memo;
  for (const char* pure : {"name", "labels", "viaTemplate"}) {
    EXPECT_NE(memo.table(p.tree(pure), p.scope), nullptr) << pure;
  }
  for (const char* impure : {"setter", "unsetter", "merger", "overwriter", "tpler", "dynamic",
                             "callsSetter", "templatesSetter", "self", "missing"}) {
    EXPECT_EQ(memo.table(p.tree(impure), p.scope), nullptr) << impure;
  }
}

TEST(IncludeMemo, KeysAreDataNothingCanChange) {
  EXPECT_TRUE(IncludeMemo::keyable(Value()));
  EXPECT_TRUE(IncludeMemo::keyable(Value::number(1.5)));
  EXPECT_TRUE(IncludeMemo::keyable(Value::string("x")));
  Value frozen = Value::map(Map{{"a", Value::map()}});
  frozen.freeze();
  EXPECT_TRUE(IncludeMemo::keyable(frozen));
  // What `dict "root" $ "w" $w` builds while the values are frozen.
  EXPECT_TRUE(IncludeMemo::keyable(Value::map(Map{{"root", frozen}, {"n", Value::integer(1)}})));
  EXPECT_TRUE(IncludeMemo::keyable(Value::list({frozen, Value::string("s")})));
  // A map or list anywhere inside that is not frozen could change under the key.
  EXPECT_FALSE(IncludeMemo::keyable(Value::map(Map{{"a", Value::map()}})));
  EXPECT_FALSE(IncludeMemo::keyable(Value::map(Map{{"root", frozen}, {"l", Value::list()}})));
  EXPECT_FALSE(IncludeMemo::keyable(Value::list({Value::list()})));
  frozen.thaw();
}

// The table of the helper {{ .w.name }}, with a frozen root and two frozen items (the second
// named `second`), thawed once the memo and the test's copies are gone (declared first in a
// test, it goes last).
struct NameTable {
  explicit NameTable(std::string second)
      : root(Value::map(Map{{"r", Value::string("R")}})),
        w1(Value::map(Map{{"name", Value::string("one")}})),
        w2(Value::map(Map{{"name", Value::string(std::move(second))}})) {
    for (Value* v : {&root, &w1, &w2}) v->freeze();
    table = memo->table(p.tree("name"), p.scope);
  }
  ~NameTable() {
    memo.reset();
    for (Value* v : {&root, &w1, &w2}) v->thaw();
  }
  NameTable(const NameTable&) = delete;
  NameTable& operator=(const NameTable&) = delete;
  Parsed p{R"({{ define "name" }}{{ .w.name }}{{ end }})"};
  Value root, w1, w2;
  std::unique_ptr<IncludeMemo> memo = std::make_unique<IncludeMemo>();
  IncludeMemo::Table* table = nullptr;
  // `dict "root" $ "w" $w1`, not found at first, then stored with the result "one".
  Value stored_dict(std::uint64_t& f) {
    Value ctx = Value::map(Map{{"root", root}, {"w", w1}});
    EXPECT_EQ(table->find(ctx, f), nullptr);
    table->store(ctx, f, IncludeMemo::Result{Value::string("one"), 1, 0});
    return ctx;
  }
};

TEST(IncludeMemo, AnswersForTheSameEntriesOnly) {
  NameTable t("one");  // w2 equal to w1, another value
  const Value &root = t.root, &w1 = t.w1, &w2 = t.w2;
  IncludeMemo::Table* table = t.table;
  ASSERT_NE(table, nullptr);
  {
    std::uint64_t f = 0;
    Value ctx = t.stored_dict(f);

    // Another map with the same entries (the next `dict` of the same object) is answered.
    std::uint64_t g = 0;
    const IncludeMemo::Result* known = table->find(Value::map(Map{{"root", root}, {"w", w1}}), g);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "one");
    // Maps count by being the same one, not an equal one; keys and flags count too.
    EXPECT_EQ(table->find(Value::map(Map{{"root", root}, {"w", w1}, {"s", Value::string("a")}}), g),
              nullptr);
    EXPECT_EQ(table->find(Value::map(Map{{"root", root}, {"w", w2}}), g), nullptr);
    EXPECT_EQ(table->find(Value::map(Map{{"root", root}, {"v", w1}}), g), nullptr);
    EXPECT_EQ(table->find(Value::map(Map{{"root", root}}), g), nullptr);
    EXPECT_EQ(table->find(Value::map(Map{{"root", root}, {"w", w1}}).as_chart_values(), g),
              nullptr);

    // The same map changed by `set` after its result was stored is another key.
    ctx.mutable_map()["w"] = w2;
    EXPECT_EQ(table->find(ctx, g), nullptr);

    // Strings count by their text, alone or as entries.
    Value s1 = Value::string("text");
    (void)table->find(s1, g);
    table->store(s1, g, IncludeMemo::Result{Value::string("from s1"), 1, 0});
    known = table->find(Value::string("text"), g);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "from s1");
    EXPECT_EQ(table->find(Value::string("texT"), g), nullptr);
    // Nil is a key like any other.
    (void)table->find(Value(), g);
    table->store(Value(), g, IncludeMemo::Result{Value::string("from nil"), 1, 0});
    ASSERT_NE(table->find(Value(), g), nullptr);
    EXPECT_EQ(table->find(Value(), g)->text.as_string(), "from nil");
    Value with_string = Value::map(Map{{"s", Value::string("abc")}});
    (void)table->find(with_string, g);
    table->store(with_string, g, IncludeMemo::Result{Value::string("abc"), 1, 0});
    EXPECT_NE(table->find(Value::map(Map{{"s", Value::string("abc")}}), g), nullptr);
    EXPECT_EQ(table->find(Value::map(Map{{"s", Value::string("abd")}}), g), nullptr);

    // A few results per template: the oldest goes first.
    for (int i = 0; i < 4; ++i) {
      Value k = Value::integer(i);
      (void)table->find(k, g);
      table->store(k, g, IncludeMemo::Result{Value::string(std::to_string(i)), 1, 0});
    }
    EXPECT_EQ(table->find(with_string, g), nullptr);
    EXPECT_NE(table->find(Value::integer(0), g), nullptr);
    EXPECT_NE(table->find(Value::integer(3), g), nullptr);
    EXPECT_EQ(table->find(Value::number(3), g), nullptr);  // float64 3 is not int 3
  }
}

// The map last found or stored is answered again at once while it has not changed; changed
// (every change goes through mutable_map, which counts), it is looked up by its entries again.
TEST(IncludeMemo, TheSameMapIsAnsweredAgainUntilItChanges) {
  NameTable t("two");
  const Value &w1 = t.w1, &w2 = t.w2;
  IncludeMemo::Table* table = t.table;
  ASSERT_NE(table, nullptr);
  {
    std::uint64_t f = 0;
    Value ctx = t.stored_dict(f);
    const IncludeMemo::Result* known = table->find(ctx, f);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "one");
    EXPECT_EQ(ctx.change_count(), Value::map(Map{}).change_count());

    // Changed in place (the same map, as `set` changes it): not the stored entries any more.
    ctx.mutable_map()["w"] = w2;
    EXPECT_EQ(table->find(ctx, f), nullptr);
    table->store(ctx, f, IncludeMemo::Result{Value::string("two"), 1, 0});
    known = table->find(ctx, f);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "two");
    // Changed back: the first entries' result answers again, found by its entries.
    ctx.mutable_map()["w"] = w1;
    known = table->find(ctx, f);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "one");
    // Handed out without being changed: looked up again, and still found.
    const std::uint64_t before = ctx.change_count();
    (void)ctx.mutable_map();
    EXPECT_EQ(ctx.change_count(), before + 1);
    known = table->find(ctx, f);
    ASSERT_NE(known, nullptr);
    EXPECT_EQ(known->text.as_string(), "one");
  }
}

// Through the engine, with the values frozen as when files run on several threads: the memo is
// then in use, and each chart below gives Helm's text.
std::string render_frozen(const std::string& text) {
  TemplateSet set;
  set.parse("c/templates/t.yaml", text);
  Value root = Value::map(
      Map{{"Values", Value::map(Map{{"a", Value::map(Map{{"name", Value::string("a")}})},
                                    {"b", Value::map(Map{{"name", Value::string("b")}})}})}});
  root.freeze();
  set.freeze();
  std::string out;
  EXPECT_FALSE(set.execute("c/templates/t.yaml", root, out).has_value());
  set.thaw();
  root.thaw();
  return out;
}

TEST(IncludeMemo, AHelperThatChangesItsDataRunsEachTime) {
  EXPECT_EQ(render_frozen(R"({{ define "t" }}{{ if .seen }}again{{ else }}first{{ end }})"
                          R"({{ $_ := set . "seen" true }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }})"
                          R"({{ include "t" $ctx }} {{ include "t" $ctx }})"),
            "first again");
  // A change that leaves the same values under other keys.
  EXPECT_EQ(render_frozen(R"({{ define "t" }}{{ if .w }}first{{ else }}again{{ end }})"
                          R"({{ $_ := set . "v" .w }}{{ $_ := unset . "w" }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }})"
                          R"({{ include "t" $ctx }} {{ include "t" $ctx }})"),
            "first again");
  // The same, hidden in a tpl string, behind a computed name and behind {{ template }}.
  EXPECT_EQ(render_frozen(R"({{ define "t" }}{{ tpl "{{ if .seen }}again{{ else }}first{{ end }})"
                          R"({{ $_ := set . \"seen\" true }}" . }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }})"
                          R"({{ include "t" $ctx }} {{ include "t" $ctx }})"),
            "first again");
  EXPECT_EQ(render_frozen(R"({{ define "t" }}{{ if .seen }}again{{ else }}first{{ end }})"
                          R"({{ $_ := set . "seen" true }}{{ end }})"
                          R"({{ define "u" }}{{ include (print "t") . }}{{ end }})"
                          R"({{ define "v" }}{{ template "t" . }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }})"
                          R"({{ include "u" $ctx }} {{ include "u" $ctx }} )"
                          R"({{ $ctx2 := dict "w" .Values.a }})"
                          R"({{ include "v" $ctx2 }} {{ include "v" $ctx2 }})"),
            "first again first again");
}

TEST(IncludeMemo, ACallerThatChangesTheDataBetweenCallsSeesTheChange) {
  EXPECT_EQ(render_frozen(R"({{ define "n" }}{{ with .w }}{{ .name }}{{ end }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }}{{ include "n" $ctx }})"
                          R"({{ $_ := set $ctx "w" .Values.b }}{{ include "n" $ctx }})"
                          R"({{ $_ := unset $ctx "w" }}[{{ include "n" $ctx }}])"),
            "ab[]");
  // The same again with each call repeated (the second answered as the first, until `set`).
  EXPECT_EQ(render_frozen(R"({{ define "n" }}{{ with .w }}{{ .name }}{{ end }}{{ end }})"
                          R"({{ $ctx := dict "w" .Values.a }}{{ include "n" $ctx }})"
                          R"({{ include "n" $ctx }}{{ $_ := set $ctx "w" .Values.b }})"
                          R"({{ include "n" $ctx }}{{ include "n" $ctx }})"
                          R"({{ $_ := unset $ctx "w" }}[{{ include "n" $ctx }}])"),
            "aabb[]");
  // Repeated calls with equal data give the text every time.
  EXPECT_EQ(render_frozen(R"({{ define "n" }}<{{ .w.name }}>{{ end }})"
                          R"({{ range $k, $v := .Values }}{{ $ctx := dict "w" $v }})"
                          R"({{ include "n" $ctx }}{{ include "n" $ctx }}{{ end }})"
                          R"({{ include "n" (dict "w" .Values.a) }})"),
            "<a><a><b><b><a>");
}

// Shared across the files of a thread (SharedIncludes): roots that differ only in .Template
// share what does not depend on it, and nothing else.
TEST(IncludeMemo, SharedAcrossFilesReusesOnlyWhatTheFileCannotChange) {
  const std::string helpers = R"({{ define "name" }}{{ .root.Values.w }}{{ end }})"
                              R"({{ define "file" }}{{ .root.Template.Name }}{{ end }})"
                              R"({{ define "nested" }}{{ include "file" . }}{{ end }})"
                              R"({{ define "printed" }}{{ .root }}{{ end }})"
                              R"({{ define "printedDeep" }}{{ list . }}{{ end }})"
                              R"({{ define "ranged" }}{{ range .root }}{{ . }};{{ end }}{{ end }})"
                              R"({{ define "given" }}{{ get .root "Template" }}{{ end }})"
                              R"({{ define "indexed" }}{{ index .root "Template" }}{{ end }})"
                              R"({{ define "dollar" }}{{ $.Template.Name }}{{ end }})"
                              R"({{ define "values" }}{{ .Values.w }}{{ end }})";
  const std::string file =
      R"({{ $ctx := dict "root" $ }})"
      R"({{ include "name" $ctx }} {{ include "file" $ctx }} {{ include "nested" $ctx }} )"
      R"({{ include "printed" $ctx }} {{ include "printedDeep" $ctx }} )"
      R"({{ include "ranged" $ctx }} {{ include "given" $ctx }} {{ include "indexed" $ctx }} )"
      R"({{ include "dollar" $ }} {{ include "values" $ }})";
  TemplateSet set;
  set.parse("helpers", helpers);
  set.parse("f", file);
  Value values = Value::map(Map{{"w", Value::string("web")}});
  Value other_values = Value::map(Map{{"w", Value::string("api")}});
  auto root = [](const Value& v, const char* name) {
    // (Typed chartutil.Values, as a file's root is.)
    return Value::map(
               Map{{"Template", Value::map(Map{{"Name", Value::string(name)}})}, {"Values", v}})
        .as_chart_values();
  };
  std::vector<Value> roots{root(values, "a"), root(values, "b"), root(other_values, "c")};
  for (const Value& r : roots) r.freeze();
  set.freeze();
  {
    // What each file gives alone, then on one thread after the others.
    std::vector<std::string> alone(roots.size());
    for (std::size_t i = 0; i < roots.size(); ++i) {
      EXPECT_FALSE(set.execute("f", roots[i], alone[i]).has_value());
    }
    EXPECT_EQ(alone[1],
              "web b b map[Template:map[Name:b] Values:map[w:web]] "
              "[map[root:map[Template:map[Name:b] Values:map[w:web]]]] "
              "map[Name:b];map[w:web]; map[Name:b] map[Name:b] b web");
    SharedIncludes shared(roots);
    for (std::size_t i = 0; i < roots.size(); ++i) {
      std::string out;
      EXPECT_FALSE(set.execute("f", roots[i], out, &shared).has_value());
      EXPECT_EQ(out, alone[i]) << "file " << i;
    }
  }
  set.thaw();
  for (const Value& r : roots) r.thaw();
}

// The memo behind SharedIncludes: what it answers for another root of the family.
TEST(IncludeMemo, ARootFamilyIsTheRootsThatDifferOnlyInTheirFile) {
  Parsed p(R"({{ define "name" }}{{ .root.Values.w }}{{ end }})"
           R"({{ define "file" }}{{ .root.Template.Name }}{{ end }})");
  Value values = Value::map(Map{{"w", Value::string("web")}});
  auto root = [&](const char* name, const Value& v) {
    // (Typed chartutil.Values, as a file's root is.)
    return Value::map(
               Map{{"Template", Value::map(Map{{"Name", Value::string(name)}})}, {"Values", v}})
        .as_chart_values();
  };
  std::vector<Value> roots{root("a", values), root("b", values),
                           root("c", Value::map(Map{{"w", Value::string("web")}}))};
  for (const Value& r : roots) r.freeze();
  {
    IncludeMemo memo;
    memo.share_across(roots);
    EXPECT_TRUE(memo.holds_root(roots[0]));
    EXPECT_TRUE(memo.holds_root(Value::map(Map{{"x", Value::list({roots[2]})}})));
    EXPECT_FALSE(memo.holds_root(values));
    EXPECT_FALSE(memo.holds_root(Value::map(Map{{"v", values}})));
    auto ctx = [&](std::size_t i) { return Value::map(Map{{"root", roots[i]}}); };
    std::uint64_t f = 0;
    IncludeMemo::Table* name = memo.table(p.tree("name"), p.scope);
    ASSERT_NE(name, nullptr);
    EXPECT_FALSE(name->names_file());
    (void)name->find(ctx(0), f);
    name->store(ctx(0), f, IncludeMemo::Result{Value::string("web"), 1, 0, false});
    EXPECT_NE(name->find(ctx(1), f), nullptr);  // same family
    EXPECT_EQ(name->find(ctx(2), f), nullptr);  // other values: another family
    IncludeMemo::Table* file = memo.table(p.tree("file"), p.scope);
    ASSERT_NE(file, nullptr);
    EXPECT_TRUE(file->names_file());
    (void)file->find(ctx(0), f);
    file->store(ctx(0), f, IncludeMemo::Result{Value::string("a"), 1, 0, true});
    EXPECT_NE(file->find(ctx(0), f), nullptr);
    EXPECT_EQ(file->find(ctx(1), f), nullptr);  // file-specific: its own root only
    // Shared, a table keeps every result.
    for (int i = 0; i < 1000; ++i) {
      Value k = Value::integer(i);
      (void)name->find(k, f);
      name->store(k, f, IncludeMemo::Result{Value::string(std::to_string(i)), 1, 0, false});
    }
    for (int i = 0; i < 1000; ++i) {
      const IncludeMemo::Result* r = name->find(Value::integer(i), f);
      ASSERT_NE(r, nullptr) << i;
      EXPECT_EQ(r->text.as_string(), std::to_string(i));
    }
  }
  {
    // Within its budget: past it, only the last few are kept.
    IncludeMemo memo;
    memo.share_across(roots, 2000);
    IncludeMemo::Table* name = memo.table(p.tree("name"), p.scope);
    ASSERT_NE(name, nullptr);
    std::uint64_t f = 0;
    const std::string text(100, 'x');
    for (int i = 0; i < 100; ++i) {
      Value k = Value::integer(i);
      (void)name->find(k, f);
      name->store(k, f, IncludeMemo::Result{Value::string(text), 1, 0, false});
    }
    EXPECT_NE(name->find(Value::integer(0), f), nullptr);   // kept
    EXPECT_EQ(name->find(Value::integer(50), f), nullptr);  // past the budget, gone since
    for (int i = 96; i < 100; ++i) EXPECT_NE(name->find(Value::integer(i), f), nullptr) << i;
  }
  for (const Value& r : roots) r.thaw();
}

}  // namespace
}  // namespace render::tmpl
