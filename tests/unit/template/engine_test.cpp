// The engine's own rules, beyond what the parity suite compares with Helm: limits, refused
// functions, where errors point, and parse-once/execute-many use of a set.
#include <gtest/gtest.h>

#include <optional>
#include <thread>

#include "render/template.hpp"

namespace render::tmpl {
namespace {

std::string render(TemplateSet& set, std::string_view name, const Value& data = Value::map()) {
  std::string out;
  EXPECT_FALSE(set.execute(name, data, out).has_value());
  return out;
}

// The error executing `name` raises; none, and a test failure, when it renders.
std::optional<TemplateError> failure(TemplateSet& set, std::string_view name) {
  try {
    render(set, name);
  } catch (const TemplateError& e) {
    return e;
  }
  ADD_FAILURE() << name << " rendered";
  return std::nullopt;
}

TEST(TemplateEngine, ParsesOnceExecutesManyTimes) {
  TemplateSet set;
  set.parse("c/templates/a.yaml", "{{ define \"x\" }}[{{ . }}]{{ end }}{{ include \"x\" .n }}");
  Map m;
  m["n"] = Value::integer(1);
  EXPECT_EQ(render(set, "c/templates/a.yaml", Value::map(m)), "[1]");
  m["n"] = Value::string("two");
  EXPECT_EQ(render(set, "c/templates/a.yaml", Value::map(m)), "[two]");
  EXPECT_TRUE(set.has("x"));
}

TEST(TemplateEngine, FilesPreparedAheadCountOnlyWhenParsedWithTheSameNameAndText) {
  TemplateSet set;
  set.prepare("c/templates/a.yaml", "{{ define \"x\" }}ahead{{ end }}a");
  set.prepare("c/templates/b.yaml", "{{ define \"y\" }}never added{{ end }}b");
  set.prepare("c/templates/c.yaml", "{{ define \"z\" }}old text{{ end }}");
  set.prepare("c/templates/bad.yaml", "{{ if }}");
  // Nothing prepared is in the set until parse() adds it.
  EXPECT_FALSE(set.has("x"));
  set.parse("c/templates/a.yaml", "{{ define \"x\" }}ahead{{ end }}a");
  set.parse("c/templates/c.yaml", "{{ define \"z\" }}new text{{ end }}");
  set.parse("c/templates/t.yaml", "{{ include \"x\" . }} {{ include \"z\" . }}");
  EXPECT_EQ(render(set, "c/templates/a.yaml"), "a");
  EXPECT_EQ(render(set, "c/templates/t.yaml"), "ahead new text");
  EXPECT_FALSE(set.has("y"));
  EXPECT_FALSE(set.has("c/templates/b.yaml"));
  // The error of a text that did not parse comes from parse(), as it would have.
  try {
    set.parse("c/templates/bad.yaml", "{{ if }}");
    ADD_FAILURE() << "parsed";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kParse);
    EXPECT_EQ(std::string(e.what()),
              "parse error at (c/templates/bad.yaml:1): missing value for if");
  }
}

TEST(TemplateEngine, RefusesNondeterministicFunctionsWithTheirLocation) {
  TemplateSet set;
  set.parse("c/templates/s.yaml", "a: 1\nb: {{ randAlphaNum 8 }}\n");
  std::optional<TemplateError> e = failure(set, "c/templates/s.yaml");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), TemplateError::Kind::kRefused);
  EXPECT_EQ(e->file(), "c/templates/s.yaml");
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->column(), 6);
  EXPECT_NE(std::string(e->what()).find("\"randAlphaNum\" is refused"), std::string::npos)
      << e->what();
}

TEST(TemplateEngine, RefusedFunctionsInDeadBranchesDoNotMatter) {
  TemplateSet set;
  set.parse("t", "{{ if false }}{{ now }}{{ end }}ok");
  EXPECT_EQ(render(set, "t"), "ok");
}

Options deferring_refusals() {
  Options o;
  o.defer_refusals = true;
  return o;
}

TEST(TemplateEngine, DeferredRefusalsGoOnWithAStandInAndReturnTheFirst) {
  TemplateSet set(deferring_refusals());
  set.parse("t", "a{{ randAlphaNum 3 }}b\n{{ randInt 4 9 }}{{ uuidv4 | len }}");
  std::string out;
  std::optional<TemplateError> refused = set.execute("t", Value::map(), out);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->kind(), TemplateError::Kind::kRefused);
  EXPECT_EQ(refused->line(), 1);
  EXPECT_EQ(refused->column(), 4);
  EXPECT_EQ(out, "axxxb\n436");
}

TEST(TemplateEngine, DeferredRefusalsStillCheckArgumentsAsGoDoes) {
  TemplateSet set(deferring_refusals());
  set.parse("t", "{{ randInt 5 5 }}");
  std::string out;
  try {
    (void)set.execute("t", Value::map(), out);
    FAIL() << "randInt 5 5 did not fail";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kExec);
    EXPECT_NE(std::string(e.what()).find("error calling randInt: invalid argument to Intn"),
              std::string::npos)
        << e.what();
  }
}

// A stand-in's result that the output does not use leaves no refusal: Helm's output is
// reproducible then.
TEST(TemplateEngine, StandInResultsThrownAwayLeaveNoRefusal) {
  Map values;
  values.insert_or_assign("password", Value::string("pw"));
  values.insert_or_assign("empty", Value::string(""));
  Value data = Value::map(std::move(values));
  TemplateSet set(deferring_refusals());
  set.parse("t",
            "{{ default (randAlphaNum 8) .password }}|{{ coalesce .empty .password (now) }}|"
            "{{ ternary \"y\" (uuidv4) true }}|{{ or .password (randAlpha 2) }}|"
            "{{ and .empty (randInt 1 3) }}|{{ $x := randAlpha 4 }}{{ $y := include \"r\" . }}"
            "{{ $d := dict \"a\" .password \"b\" (list 1 (now)) }}"
            "{{ define \"r\" }}{{ randAlpha 3 }}{{ end }}"
            // Stored into a map or list, it taints what is read of it, not the rest.
            "{{ $d.a }}|{{ (dict \"a\" (randAlpha 2) \"b\" 1).b }}|"
            "{{ index (list (randAlpha 2) 1) 1 }}|{{ last (append (list (now)) 2) }}|"
            "{{ (mergeOverwrite (dict \"p\" (randAlpha 4) \"q\" 1) (dict \"p\" 3)).p }}|"
            "{{ (merge (dict \"p\" 3) (dict \"p\" (randAlpha 4))).p }}|"
            "{{ omit (dict \"p\" (randAlpha 4) \"q\" 1) \"p\" | toJson }}");
  std::string out;
  std::optional<TemplateError> refused = set.execute("t", data, out);
  EXPECT_FALSE(refused.has_value()) << refused->what();
  EXPECT_EQ(out, "pw|pw|y|pw||pw|1|1|2|3|3|{\"q\":1}");
}

// Printed, or deciding what is printed, directly or through what is made from it: refused.
TEST(TemplateEngine, StandInResultsThatReachTheOutputAreRefused) {
  Map values;
  values.insert_or_assign("empty", Value::string(""));
  Value data = Value::map(std::move(values));
  for (const char* text : {
           "{{ randAlpha 3 }}",
           "{{ default (randAlpha 3) .empty }}",
           "{{ coalesce (now) .empty }}",
           "{{ ternary 1 2 (eq (randInt 0 2) 1) }}",
           "{{ randAlpha 3 | b64enc | nindent 2 }}",
           "{{ printf \"%s-x\" (uuidv4) }}",
           "{{ dict \"a\" (now) | toYaml }}",
           "{{ (dict \"a\" (randAlpha 2) \"b\" 1).a }}",
           "{{ index (list (randAlpha 2) 1) 0 }}",
           "{{ list 1 (now) }}",
           "{{ $d := dict \"k\" (dict \"x\" (list (randAlpha 1))) }}{{ $d | toJson }}",
           "{{ (merge (dict \"p\" \"\") (dict \"p\" (randAlpha 4))).p }}",
           "{{ (merge (dict \"p\" (randInt 0 2)) (dict \"p\" 3)).p }}",
           "{{ (dict (randAlpha 1) 1 \"b\" 2).b }}",
           "{{ include \"v\" (dict \"x\" (now)) }}{{ define \"v\" }}{{ .x }}{{ end }}",
           // An include of an equal plain string is not reused for the stand-in's.
           "{{ $a := include \"v\" (dict \"x\" \"xxxxx\") }}"
           "{{ include \"v\" (dict \"x\" (randAlpha 5)) }}{{ define \"v\" }}{{ .x }}{{ end }}",
           "{{ if eq (randAlpha 2) \"xx\" }}a{{ end }}",
           "{{ with randAlpha 0 }}a{{ else }}b{{ end }}",
           "{{ range until (randInt 1 3) }}.{{ end }}",
           "{{ randAlpha 2 | len }}",
           "{{ include \"r\" . }}{{ define \"r\" }}{{ randAlpha 3 }}{{ end }}",
           "{{ tpl \"{{ . }}\" (randAlpha 3) }}",
           "{{ $x := now }}{{ $x }}",
       }) {
    TemplateSet set(deferring_refusals());
    set.parse("t", text);
    std::string out;
    std::optional<TemplateError> refused = set.execute("t", data, out);
    ASSERT_TRUE(refused.has_value()) << text;
    EXPECT_EQ(refused->kind(), TemplateError::Kind::kRefused) << text;
  }
}

// A call that fails on a stand-in's result may fail because of it: the refusal. Any other
// failure is the template's own.
TEST(TemplateEngine, FailuresAreTheRefusalOnlyWhereAStandInsResultWasUsed) {
  auto failure_kind = [](const char* text) {
    TemplateSet set(deferring_refusals());
    set.parse("t", text);
    std::string out;
    try {
      (void)set.execute("t", Value::map(), out);
    } catch (const TemplateError& e) {
      return e.kind();
    }
    return TemplateError::Kind::kParse;  // no failure at all
  };
  EXPECT_EQ(failure_kind("{{ $x := randAlpha 3 }}{{ index $x 10 }}"),
            TemplateError::Kind::kRefused);
  EXPECT_EQ(failure_kind("{{ $x := randAlpha 3 }}{{ $x | len | sub 3 | div 1 }}"),
            TemplateError::Kind::kRefused);
  EXPECT_EQ(failure_kind("{{ $x := randAlpha 3 }}{{ $x.field }}"), TemplateError::Kind::kRefused);
  EXPECT_EQ(failure_kind("{{ $x := randAlpha 3 }}{{ required \"set it\" .missing }}"),
            TemplateError::Kind::kFail);
  EXPECT_EQ(failure_kind("{{ $x := randAlpha 3 }}{{ index \"abc\" 10 }}"),
            TemplateError::Kind::kExec);
  EXPECT_EQ(failure_kind("{{ if randAlpha 3 }}{{ fail \"no\" }}{{ end }}"),
            TemplateError::Kind::kRefused);
}

// A stand-in's result stored into a shared map keeps its mark there: the map's other entries
// stay usable, the map printed is refused. A stand-in's result as a key changes the map's shape:
// refused at once.
TEST(TemplateEngine, StoringAStandInResultMarksOnlyItsEntry) {
  Map values;
  values.insert_or_assign("given", Value::string("g"));
  auto run = [&](const char* text, std::string& out) {
    TemplateSet set(deferring_refusals());
    set.parse("t", text);
    return set.execute("t", Value::map(Map(values)), out);
  };
  std::string out;
  std::optional<TemplateError> refused = run(
      "{{ $_ := set . \"k\" (randAlpha 3) }}{{ .given }}|{{ $_ := unset . \"k\" }}{{ . }}", out);
  EXPECT_FALSE(refused.has_value()) << refused->what();
  EXPECT_EQ(out, "g|map[given:g]");
  out.clear();
  refused = run("{{ $_ := set . \"k\" (randAlpha 3) }}{{ .given }}|{{ toYaml . }}", out);
  ASSERT_TRUE(refused.has_value());
  EXPECT_EQ(refused->kind(), TemplateError::Kind::kRefused);
  out.clear();
  try {
    (void)run("{{ $_ := set . (randAlpha 3) 1 }}after", out);
    FAIL() << "set with a stand-in's result as the key went on";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kRefused);
  }
  EXPECT_EQ(out.find("after"), std::string::npos);
}

TEST(TemplateEngine, LimitsRangeLength) {
  Options o;
  o.limits.max_range_iterations = 10;
  TemplateSet set(o);
  set.parse("c/templates/u.yaml", "{{ range until 11 }}.{{ end }}");
  std::optional<TemplateError> e = failure(set, "c/templates/u.yaml");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), TemplateError::Kind::kLimit);
  EXPECT_STREQ(e->what(), "c/templates/u.yaml:1:15: range over 11 items; the limit is 10");
  TemplateSet ok(o);
  ok.parse("t", "{{ range until 10 }}.{{ end }}");
  EXPECT_EQ(render(ok, "t"), "..........");
}

// A limit reached inside a function (a result too large) names the call's place, as the
// executor's own limits do.
TEST(TemplateEngine, LimitsReachedInAFunctionSayWhere) {
  TemplateSet set;
  set.parse("c/templates/t.yaml", "a: 1\nb: {{ until 20000000 }}\n");
  std::optional<TemplateError> e = failure(set, "c/templates/t.yaml");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), TemplateError::Kind::kLimit);
  EXPECT_EQ(e->file(), "c/templates/t.yaml");
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->column(), 6);
  EXPECT_STREQ(e->what(),
               "c/templates/t.yaml:2:6: the list would be larger than 10000000 items (the limit)");
}

TEST(TemplateEngine, LimitsOutputSize) {
  Options o;
  o.limits.max_output_bytes = 1000;
  TemplateSet set(o);
  set.parse("t", "{{ range until 200 }}0123456789{{ end }}");
  EXPECT_THROW(render(set, "t"), TemplateError);
}

TEST(TemplateEngine, LimitsTplNesting) {
  Options o;
  o.limits.max_tpl_depth = 3;
  TemplateSet set(o);
  set.parse("t",
            "{{ define \"d\" }}{{ tpl \"{{ include \\\"d\\\" . }}\" . }}{{ end }}"
            "{{ include \"d\" . }}");
  std::optional<TemplateError> e = failure(set, "t");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), TemplateError::Kind::kLimit);
}

// Go allows 100000 nested template calls; a thread's stack holds fewer. Running out of it is a
// limit error that names the stack, on the main thread and on one with a small stack alike.
TEST(TemplateEngine, DeepRecursionStopsBeforeTheStackRunsOut) {
  auto deep = [](std::string_view source, std::string& error) {
    TemplateSet set;
    set.parse("t", source);
    try {
      render(set, "t");
    } catch (const TemplateError& e) {
      error = e.what();
      return e.kind();
    }
    return TemplateError::Kind::kExec;
  };
  const std::string recursion =
      "{{ define \"r\" }}{{ template \"r\" . }}{{ end }}{{ template \"r\" . }}";
  const std::string includes =
      "{{ define \"r\" }}{{ include \"r\" . }}{{ end }}{{ include \"r\" . }}";
  std::string error;
  EXPECT_EQ(deep(recursion, error), TemplateError::Kind::kLimit);
  EXPECT_NE(error.find("nested too deeply for the stack"), std::string::npos) << error;

  std::thread small([&] {
    std::string in_thread;
    EXPECT_EQ(deep(recursion, in_thread), TemplateError::Kind::kLimit);
    EXPECT_NE(in_thread.find("nested too deeply for the stack"), std::string::npos) << in_thread;
  });
  small.join();
  // include has its own limit of 1000 nested calls of one name, which an 8 MiB stack holds (a
  // sanitizer's larger frames may not: then the stack's limit speaks first).
  TemplateError::Kind kind = deep(includes, error);
  EXPECT_TRUE((kind == TemplateError::Kind::kExec &&
               error.find("nested reference name: r") != std::string::npos) ||
              (kind == TemplateError::Kind::kLimit &&
               error.find("nested too deeply for the stack") != std::string::npos))
      << error;
}

TEST(TemplateEngine, ParseErrorsNameFileAndLine) {
  TemplateSet set;
  try {
    set.parse("c/templates/p.yaml", "a\nb {{ if }}\n");
    FAIL() << "parsed";
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kParse);
    EXPECT_EQ(std::string(e.what()), "parse error at (c/templates/p.yaml:2): missing value for if");
    EXPECT_EQ(e.line(), 2);
  }
}

// The message of the parse error of `text` (as file "c/templates/p.yaml"), or "parsed".
std::string parse_error(std::string_view text) {
  TemplateSet set;
  try {
    set.parse("c/templates/p.yaml", text);
  } catch (const TemplateError& e) {
    EXPECT_EQ(e.kind(), TemplateError::Kind::kParse);
    return e.what();
  }
  return "parsed";
}

TEST(TemplateEngine, NumbersFollowGoSyntax) {
  const std::string at = "parse error at (c/templates/p.yaml:1): ";
  // A base prefix needs a digit, a hexadecimal float a "p" exponent, an exponent a digit, and
  // each underscore a digit on both sides (or the prefix before it).
  for (const char* bad : {"0o", "0x", "0b", "0x1.8", "0x1p", "1e", "1e+", "1__0", "1_.5", "0_",
                          "0x_", "08", "0b1.1", "0xeeeeeeeeeeeeeeeeeeee"}) {
    EXPECT_EQ(parse_error(std::string("{{ ") + bad + " }}"), at + "\"" + bad + "\"") << bad;
  }
  // The lexer quotes a bad number with the whole character that ends it.
  EXPECT_EQ(parse_error("{{ 0é }}"), at + "\"0é\"");
  EXPECT_EQ(parse_error("{{ 0_x1 }}"), at + "\"0_x\"");
  TemplateSet set;
  set.parse("t", "{{ 0x_1p0 }} {{ 1_000.5 }} {{ 0o17 }} {{ 0_7 }} {{ 0x.8p1 }} {{ 08.5 }}");
  EXPECT_EQ(render(set, "t"), "1 1000.5 15 7 1 8.5");
}

TEST(TemplateEngine, ComplexConstantsAreRefusedWhereTheyAreEvaluated) {
  TemplateSet set;
  set.parse("c/templates/c.yaml", "a\n{{ if true }}{{ 1+2i | print }}{{ end }}");
  std::optional<TemplateError> e = failure(set, "c/templates/c.yaml");
  ASSERT_TRUE(e);
  EXPECT_EQ(e->kind(), TemplateError::Kind::kRefused);
  EXPECT_EQ(e->line(), 2);
  EXPECT_EQ(e->column(), 16);
  EXPECT_NE(std::string(e->what()).find("complex constant \"1+2i\" is not supported"),
            std::string::npos)
      << e->what();
  // Parsed as Go parses them: where they do not run they change nothing, and with no
  // imaginary part they are integers where one is expected.
  set.parse("c/templates/d.yaml",
            "{{ define \"x\" }}{{ 1i }}{{ end }}{{ if false }}{{ 1e3i }}{{ end }}"
            "{{ trunc 3+0i \"abcdef\" }}/{{ trunc 0i \"abc\" }}");
  EXPECT_EQ(render(set, "c/templates/d.yaml"), "abc/");
  EXPECT_EQ(parse_error("{{ 0x1+1i }}"), "parse error at (c/templates/p.yaml:1): invalid syntax");
  EXPECT_EQ(parse_error("{{ 0b1+1i }}"),
            "parse error at (c/templates/p.yaml:1): syntax error scanning complex number");
  // Not a complex number to Go: its imaginary part is no float.
  EXPECT_EQ(parse_error("{{ 0x1i }}"), "parse error at (c/templates/p.yaml:1): \"0x1i\"");
}

TEST(TemplateEngine, IdentifiersAreUnicodeLettersAndDigits) {
  const std::string at = "parse error at (c/templates/p.yaml:1): ";
  EXPECT_EQ(parse_error("{{ .½ }}"), at + "bad character U+00BD '½'");
  EXPECT_EQ(parse_error("{{ $½ }}"), at + "bad character U+00BD '½'");
  EXPECT_EQ(parse_error("{{ x·y }}"), at + "bad character U+00B7 '·'");
  EXPECT_EQ(parse_error("{{ .Ⅻ }}"), at + "bad character U+216B 'Ⅻ'");
  // Only ' ', '\t', '\r' and '\n' are space; a character %#U cannot print is shown by number.
  EXPECT_EQ(parse_error("{{ a\u00a0}}"), at + "bad character U+00A0");
  EXPECT_EQ(parse_error("{{ .a\u200b }}"), at + "bad character U+200B");
  EXPECT_EQ(parse_error("{{ .a\xff }}"), at + "bad character U+FFFD '\uFFFD'");
  // Outside an identifier, Go's "unrecognized character in action: " is cut off by Helm.
  EXPECT_EQ(parse_error("{{ ½ }}"), at + "U+00BD '½'");
  EXPECT_EQ(parse_error("{{ \u3000 }}"), at + "U+3000");
  TemplateSet set;
  set.parse("t", "{{ $é := 1 }}{{ $é }}{{ $x١ := 2 }}{{ $x١ }}{{ .é }}");
  EXPECT_EQ(render(set, "t"), "12<no value>");
}

TEST(TemplateEngine, QuotedLiteralsFollowStrconv) {
  const std::string at = "parse error at (c/templates/p.yaml:1): ";
  for (const char* bad : {"''", "'\\400'", "'\\\"'", "'\\8'", "'\\ud800'", "'\\x'", "'\\q'",
                          "'\\U00110000'", "\"\\q\"", "\"\\'\""}) {
    EXPECT_EQ(parse_error(std::string("{{ ") + bad + " }}"), at + "invalid syntax") << bad;
  }
  // Dead code is parsed all the same.
  EXPECT_EQ(parse_error("{{ if false }}{{ '' }}{{ end }}"), at + "invalid syntax");
  // Go's "malformed character constant: 'ab'", cut off by Helm.
  EXPECT_EQ(parse_error("{{ 'ab' }}"), at + "'ab'");
  EXPECT_EQ(parse_error("{{ 'a }}"), at + "unterminated character constant");
  TemplateSet set;
  // A byte that is not UTF-8 reads as U+FFFD, in a character and in a string.
  set.parse("t", "{{ '\\xff' }} {{ '\\377' }} {{ 'é' }} {{ '\xff' }} {{ \"a\xff\" | len }}");
  EXPECT_EQ(render(set, "t"), "255 255 233 65533 4");
}

TEST(TemplateEngine, ParseErrorsOfControlsAndComments) {
  const std::string at = "parse error at (c/templates/p.yaml:";
  // A block's body is a template of its own, outside the loop around the block.
  EXPECT_EQ(parse_error("{{ range . }}{{ block \"b\" . }}{{ break }}{{ end }}{{ end }}"),
            at + "1): {{break}} outside {{range}}");
  EXPECT_EQ(parse_error("{{ range . }}{{ block \"b\" . }}{{ continue }}{{ end }}{{ end }}"),
            at + "1): {{continue}} outside {{range}}");
  // The closing delimiter is checked first.
  EXPECT_EQ(parse_error("{{ break 1 }}"), at + "1): unexpected \"1\" in {{break}}");
  EXPECT_EQ(parse_error("{{ continue 1 }}"), at + "1): unexpected \"1\" in {{continue}}");
  // A comment's errors are placed where it starts.
  EXPECT_EQ(parse_error("a\n{{/*\nx\n*/ }}"), at + "2): comment ends before closing delimiter");
  EXPECT_EQ(parse_error("{{/*\nx\n"), at + "1): unclosed comment");
  // The pipeline of an "else if" is parsed after its action has ended, so its errors do not
  // name the line the action started on; those of another action do.
  EXPECT_EQ(parse_error("{{ if true }}\n{{ else if ) }}{{ end }}"),
            at + "2): unexpected right paren");
  EXPECT_EQ(parse_error("{{ with 1 }}\n{{ else with (\n1 }}{{ end }}"),
            at + "3): unclosed left paren");
  EXPECT_EQ(parse_error("{{ if true }}{{ if (\n1 }}{{ end }}{{ end }}"),
            at + "2): unclosed left paren in action started at c/templates/p.yaml:1");
}

TEST(TemplateEngine, ADefineOfTheFileNameClashesWithItsBody) {
  EXPECT_EQ(parse_error("{{ define \"c/templates/p.yaml\" }}a{{ end }}\nb\n"),
            "parse error at (c/templates/p.yaml:3): multiple definition of template "
            "\"c/templates/p.yaml\"");
  // Unless one of the two is empty: then the other is the template.
  TemplateSet set;
  set.parse("t", "{{ define \"t\" }}a{{ end }}\n{{/* c */}}");
  EXPECT_EQ(render(set, "t"), "a");
  set.parse("u", "{{ define \"u\" }} {{ end }}b");
  EXPECT_EQ(render(set, "u"), "b");
}

TEST(TemplateEngine, BreakAndContinueStopOnlyTheirLoop) {
  TemplateSet set;
  set.parse("t",
            "{{ range $i := until 3 }}{{ range until 5 }}{{ if eq . 2 }}{{ break }}{{ end }}"
            "{{ . }}{{ end }}{{ if eq $i 1 }}{{ continue }}{{ end }}|{{ end }}");
  EXPECT_EQ(render(set, "t"), "01|0101|");
}

}  // namespace
}  // namespace render::tmpl
