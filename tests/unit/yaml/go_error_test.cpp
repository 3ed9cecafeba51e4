// yaml.v2's words and line for documents yaml-cpp refuses (or reads) differently: what Helm
// reports for a values file or a rendered template that is not valid YAML.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

// The message as the values loader words it.
std::string go_error(std::string_view text) {
  try {
    load(text, LoadOptions{});
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    return go_error_message(d.message, std::max(d.location.line - 1, 0),
                            std::max(d.location.col - 1, 0), text);
  }
  return "(loaded)";
}

// A doubled quote inside a single-quoted value is no end of it: the " # y" after it is text,
// and a tab line after the closed value is where yaml.v2 stops.
TEST(GoError, TabLineAfterAValueWithADoubledQuote) {
  EXPECT_EQ(go_error("a: 'x'' # y'\n\t\nb: 1\n"),
            "yaml: line 2: found character that cannot start any token");
}

// A block scalar's header may have a comment after it; a '|' in a comment is no header.
TEST(GoError, BlockScalarHeaderWithAComment) {
  EXPECT_EQ(go_error("a:\n  b: | # c\n    x\n\tz: 1\n"),
            "yaml: line 4: found a tab character where an indentation space is expected");
  EXPECT_EQ(go_error("a: |2 # c\n   x\n\tz\n"),
            "yaml: line 3: found a tab character where an indentation space is expected");
  EXPECT_EQ(go_error("a: x # |\n\tz\n"),
            "yaml: line 2: found character that cannot start any token");
}

// A flow collection or quoted scalar closed on a later line, with nothing after it there, is a
// token closed as one on a single line: a tab starting the next line stops the scanner.
TEST(GoError, TabAfterANodeClosedOnALaterLine) {
  EXPECT_EQ(go_error("a: [x, 1\n  ]\n\tb: 1\n"),
            "yaml: line 3: found character that cannot start any token");
  EXPECT_EQ(go_error("a:\n  b: [x,\n\t y]\n\tc: 1\n"),
            "yaml: line 4: found character that cannot start any token");
  EXPECT_EQ(go_error("a: 'x\n  y'\n\tb: 1\n"),
            "yaml: line 3: found character that cannot start any token");
  EXPECT_EQ(go_error("a: {x: 1,\n  y: 2} # c\n\tb: 1\n"),
            "yaml: line 3: found character that cannot start any token");
  // Something after it on the line: a plain scalar the tab line goes on.
  EXPECT_EQ(go_error("a: [x,\n  y] z\n\tb: 1\n"),
            "yaml: line 3: found a tab character that violates indentation");
}

TEST(GoError, KeyIndentedBetweenAnEntryAndItsMapping) {
  // An indentless sequence's entry ends where its mapping does; the parent mapping wants a key.
  EXPECT_EQ(go_error("l:\n- a: 1\n b: 2\n"), "yaml: line 2: did not find expected key");
  EXPECT_EQ(go_error("x:\n  l:\n  - a: 1\n    b: 2\n   c: 3\n"),
            "yaml: line 4: did not find expected key");
  EXPECT_EQ(go_error("l:\n- - a: 1\n b: 2\n"), "yaml: line 2: did not find expected key");
  // An indented sequence goes on: it wants its next '-'.
  EXPECT_EQ(go_error("l:\n  - a: 1\n   b: 2\n"),
            "yaml: line 2: did not find expected '-' indicator");
  EXPECT_EQ(go_error("l:\n  - a: 1\n b: 2\n"), "yaml: line 2: did not find expected key");
  EXPECT_EQ(go_error("- a: 1\n b: 2\n"), "yaml: line 1: did not find expected '-' indicator");
  // A scalar right of the collection's indentation is a stray node, not a key without ':'.
  EXPECT_EQ(go_error("a:\n  b: 1\n c\n"), "yaml: line 2: did not find expected key");
  EXPECT_EQ(go_error("a:\n  b: 1\n  c\n"), "yaml: line 4: could not find expected ':'");
  EXPECT_EQ(go_error("- a\nb\n"), "yaml: line 3: could not find expected ':'");
}

// A line indented with a tab, after a token that a line break ends as a blank (a key or entry
// with nothing after it, a quoted scalar, a flow collection, a plain scalar with a comment after
// it): yaml.v2's scanner stops at the tab. (Each as helm v4.1.4 words it for a rendered
// document.)
TEST(GoError, TabIndentedLineAfterAClosedToken) {
  const char* const cannot_start = "yaml: line 3: found character that cannot start any token";
  EXPECT_EQ(go_error("a:\n  b: \"q\"\n  \tc: 2\n"), cannot_start);
  EXPECT_EQ(go_error("a:\n  b:\n  \tc: 2\n"), cannot_start);
  EXPECT_EQ(go_error("a:\n  - b:\n\tc: 1\n"), cannot_start);
  EXPECT_EQ(go_error("a:\n  b: {}\n\tc: 1\n"), cannot_start);
  EXPECT_EQ(go_error("a:\n  b: x # y\n  \tc: 2\n"), cannot_start);
  EXPECT_EQ(go_error("a: \"x\"\n\tb: 2\n"),
            "yaml: line 2: found character that cannot start any token");
  // A plain scalar that ends its line reads the tab itself; in a flow collection a tab is a
  // blank.
  EXPECT_EQ(go_error("a: 1\n\tb: 2\n"),
            "yaml: line 2: found a tab character that violates indentation");
  EXPECT_EQ(go_error("a: {b,\n\tc: 1\n"), "yaml: line 2: did not find expected ',' or '}'");
  // A block scalar above ended at a line indented no further than its key's.
  EXPECT_EQ(go_error("a:\n  s: |\n    x\n  k:\n    v: 1\n\tw: 2\n"),
            "yaml: line 6: found a tab character that violates indentation");
  // A quote inside a plain scalar above is the scalar's text: it opens nothing.
  EXPECT_EQ(go_error("a:\n  n: it says \"hi\nb:\n\tc: 1\n"),
            "yaml: line 4: found character that cannot start any token");
}

// A plain scalar in a flow collection reads the blanks after a line break itself, and refuses
// a tab among them left of the column after the block collection's indentation.
TEST(GoError, TabInAPlainScalarOfAFlowCollection) {
  const char* const violates = "found a tab character that violates indentation";
  // yaml-cpp reads these; the first document's check finds the tab.
  EXPECT_EQ(go_error("x: [a\n\tb]\n"), std::string("yaml: line 2: ") + violates);
  EXPECT_EQ(go_error("x:\n  y: [a\n  \tb]\n"), std::string("yaml: line 3: ") + violates);
  EXPECT_EQ(go_error("x:\n- [a\n\tb]\n"), std::string("yaml: line 3: ") + violates);
  EXPECT_EQ(go_error("x:\n  y: [a, b\n\t]\n"), std::string("yaml: line 3: ") + violates);
  // Past that column, after a ',' (a blank between tokens there) or in a flow collection at the
  // top (no block around), the tab is a blank.
  EXPECT_EQ(go_error("x:\n  y: [a\n   \tb]\n"), "(loaded)");
  EXPECT_EQ(go_error("x:\n- [a\n \tb]\n"), "(loaded)");
  EXPECT_EQ(go_error("x: [a,\n\tb]\n"), "(loaded)");
  EXPECT_EQ(go_error("[a\n\tb]\n"), "(loaded)");
  // yaml-cpp stops at these; the flow scan finds the tab before yaml.v2's parser stops.
  EXPECT_EQ(go_error("x:\n  y: {a: b\n\tc: d}\n"), std::string("yaml: line 3: ") + violates);
  EXPECT_EQ(go_error("x:\n  \"y\": {a: b\n\tc: d}\n"), std::string("yaml: line 3: ") + violates);
  EXPECT_EQ(go_error("x:\n  - k: {a: b\n    \tc: d}\n"), std::string("yaml: line 3: ") + violates);
  EXPECT_EQ(go_error("x:\n  - k: {a: b\n     \tc: d}\n"),
            "yaml: line 2: did not find expected ',' or '}'");
}

// A token right after a double-quoted scalar that began lines above: the lines between are the
// scalar's text, so the collection around is the one the scalar began in. (As helm v4.1.4
// words it.)
TEST(GoError, TokenAfterAQuotedScalarOverLines) {
  EXPECT_EQ(go_error("spec: \"unclosed\n  x: 1\n  l:\n    - \"y\"\n"),
            "yaml: line 3: did not find expected key");
  EXPECT_EQ(go_error("a:\n  - b: \"open\n    c:\n      - \"z\"\n"),
            "yaml: line 3: did not find expected key");
  EXPECT_EQ(go_error("k: 1\nspec: \"u\n  - \"y\"\n"), "yaml: line 2: did not find expected key");
}

// A flow collection left open stops yaml.v2's parser where its tokens go wrong, even when a
// character no token starts with (a block scalar's '|') comes later in the text; only where the
// scanner reaches that character first (the parser stops at it, or at a token that may be a
// simple key just before it) is it the error. (As helm v4.1.4 words it.)
TEST(GoError, FlowCollectionLeftOpenBeforeACharacterNoTokenStartsWith) {
  EXPECT_EQ(go_error("l:\n  a: [fleet\n  b: Helm\n  c: |\n    text\n"),
            "yaml: line 2: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("l:\n  a: [x y\n  |\n"), "yaml: line 3: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("l:\n  a: [x, y z\n  |\n"), "yaml: line 3: did not find expected ',' or ']'");
  // The same where yaml-cpp stops at the character no token starts with.
  EXPECT_EQ(go_error("l:\n  a: {{x\n  b: y\n  c: |\n    z\n"),
            "yaml: line 2: did not find expected ',' or '}'");
  EXPECT_EQ(go_error("l:\n  a: {{x\n  b: y\n  c: @z\n"),
            "yaml: line 2: did not find expected ',' or '}'");
  // A key on the line of the '|': the parser stops at the key, read with its ':'.
  EXPECT_EQ(go_error("p:\n  e: [\"prod\"\n  s: |\n    x\n"),
            "yaml: line 2: did not find expected ',' or ']'");
}

TEST(GoError, KeysOverSeveralLines) {
  // yaml.v2 takes no key over several lines: it notices where the scanner passes to a later
  // line after a token, right after it.
  EXPECT_EQ(go_error("x: 1\n\"a\n  b\"\n"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("x: 1\n'a\n\n  b': 3\ny: 2\n"), "yaml: line 4: could not find expected ':'");
  EXPECT_EQ(go_error("x: 1\n[a,\n b]\ny: 2\n"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("x: 1\n{a: 1,\n b: 2}: 3\n"), "yaml: line 3: could not find expected ':'");
  // A plain scalar takes the line breaks after it: at the end of a text without a last break
  // the scanner is still on the scalar's last line; with one, on the line after.
  EXPECT_EQ(go_error("x: 1\na\n  b"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("x: 1\na\n  b\n"), "yaml: line 4: could not find expected ':'");
  // On the key's own line the end of the stream counts a line break after it.
  EXPECT_EQ(go_error("x: 1\na"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("x: 1\n\"a\"\n# c"), "yaml: line 4: could not find expected ':'");
  EXPECT_EQ(keyless_error_line("x: 1\n[a, b]\n\n# c\ny: 2\n", 1), 5);
  // An explicit key is no simple key: it may go on over lines, with a value or none.
  EXPECT_EQ(go_error("x: 1\n? a\n  b\ny: 2\n"), "(loaded)");
  EXPECT_EQ(go_error("x: 1\n? a\n  b\n: v\n"), "(loaded)");
  EXPECT_EQ(go_error("x: 1\n? \"a\n  b\"\n"), "(loaded)");
}

TEST(GoError, FlowCollectionLeftOpenOverLines) {
  // The plain scalar goes on over the break up to ": "; that ':' is the parser's stop.
  EXPECT_EQ(go_error("a: {b: 1\nc: 2\n"), "yaml: line 1: did not find expected ',' or '}'");
  EXPECT_EQ(go_error("a: [1, 2\nb: 3\n"), "yaml: line 1: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("a: [ x\n# c\nb: 1\n"), "yaml: line 2: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("a: { x\nb:\n- 1\n"), "yaml: line 1: did not find expected ',' or '}'");
  EXPECT_EQ(go_error("a: [1, {b: 2\n}\n"), "yaml: line 2: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("a: [1,\n- 2]\n"), "yaml: line 1: did not find expected node content");
  // Closed by the wrong bracket on a later line.
  EXPECT_EQ(go_error("# c\n  [a,\n}\n"), "yaml: line 2: did not find expected node content");
}

TEST(GoError, StrayTokensAfterAValue) {
  EXPECT_EQ(go_error("a: |\n  x\n y\n"), "yaml: line 2: did not find expected key");
  EXPECT_EQ(go_error("a\nb\nc: 1\n"),
            "yaml: line 3: mapping values are not allowed in this context");
  EXPECT_EQ(go_error("p: {a: 1}\nworld\nfoo\n"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("a: \"m\n  l\" x\nb: 1\n"), "yaml: line 1: did not find expected key");
  EXPECT_EQ(go_error("z: 1\n{\"a\":1}\n"), "yaml: line 3: could not find expected ':'");
  EXPECT_EQ(go_error("}\n"), "yaml: did not find expected node content");
}

// A node with a second anchor or tag: yaml.v2's parser ends the node before it, and the
// collection around finds that token where it wants its next key, entry or ','.
TEST(GoError, SecondAnchorOrTag) {
  EXPECT_EQ(go_error("a: 1\nb: &x &y z\n"), "yaml: line 1: did not find expected key");
  EXPECT_EQ(go_error("a: 1\nb: !t !u z\n"), "yaml: line 1: did not find expected key");
  EXPECT_EQ(go_error("a:\n  - &x !t &y z\n"), "yaml: line 1: did not find expected '-' indicator");
  EXPECT_EQ(go_error("a: [1, &x &y z]\n"), "yaml: did not find expected ',' or ']'");
  EXPECT_EQ(go_error("a: {b: &x &y z}\n"), "yaml: did not find expected ',' or '}'");
  // The document's root ends there, and yaml.v2 reads no further: an empty node with the
  // properties before (null, or "" under a tag).
  EXPECT_EQ(go_error("# c\n&x &y z\n"), "(loaded)");
  EXPECT_TRUE(load("&x &y z\n", LoadOptions{}).value.as_map().empty());
  EXPECT_EQ(load("!!str &x &y z\n", LoadOptions{}).value.as_string(), "");
  // Unless a key follows: it starts at the first property (none may start after one), and the
  // mapping wants its ':' where the second stands.
  EXPECT_EQ(go_error("&x &y k: v\n"), "yaml: did not find expected key");
}

// A ':' with no key before it among a block collection's lines: yaml.v2's parser stops there,
// where yaml-cpp reads a null key and stops, if at all, further down.
TEST(GoError, ValueIndicatorWithoutAKey) {
  EXPECT_EQ(go_error(": v\nx: y: z\n"), "yaml: did not find expected key");
  EXPECT_EQ(go_error("a: 1\n:\nx: y: z\n"), "yaml: line 1: did not find expected key");
  EXPECT_EQ(go_error("b: 1\n  : v\nx: y: z\n"), "yaml: line 1: did not find expected key");
  // An explicit key's value, and a block scalar's text, are no such line.
  EXPECT_EQ(go_error("? k\n  more\n: v\nx: y: z\n"),
            "yaml: line 4: mapping values are not allowed in this context");
  EXPECT_EQ(go_error("a: |\n  : v\nx: y: z\n"),
            "yaml: line 3: mapping values are not allowed in this context");
}

// After a document that is a block sequence, a line that is no entry: yaml-cpp reads on into a
// second document (and may stop in it); yaml.v2 wanted the sequence's next entry there.
TEST(GoError, NoEntryAfterABlockSequence) {
  EXPECT_EQ(go_error("- a\nb: 1\nc: [\n"), "yaml: line 1: did not find expected '-' indicator");
  EXPECT_EQ(go_error("- a\nb: &x &y 1\n"), "yaml: line 1: did not find expected '-' indicator");
}

// A line indented further after a node that closed on its line (a flow collection, a quoted
// scalar, a plain one a comment ends) is a token where yaml.v2 wants the next key or entry, even
// where yaml-cpp reads on and stops further down.
TEST(GoError, DeeperLineAfterAClosedNode) {
  EXPECT_EQ(go_error("k: 1\ni: {j: k}\n  kk\n  kk\n a2: 1\n  - v\n"),
            "yaml: line 2: did not find expected key");
  EXPECT_EQ(go_error("t: x #\n  line\"\n  n: 1\n"), "yaml: line 1: did not find expected key");
}

// "key: - x": yaml.v2's scanner stops at the entry's '-' before its parser gets to a flow
// collection left open further down.
TEST(GoError, BlockEntryBeforeAFlowCollectionLeftOpen) {
  EXPECT_EQ(go_error("ee: - x\ns: {t: u\n"),
            "yaml: block sequence entries are not allowed in this context");
  EXPECT_EQ(go_error("s: {t: u\nee: - x\n"), "yaml: line 1: did not find expected ',' or '}'");
}

TEST(GoError, DirectivesAndVerbatimTags) {
  EXPECT_EQ(go_error("%\n"), "yaml: could not find expected directive name");
  EXPECT_EQ(go_error("%YAML\n"), "yaml: did not find expected version number");
  EXPECT_EQ(go_error("# c\n%YAML 1\n"),
            "yaml: line 2: did not find expected digit or '.' character");
  EXPECT_EQ(go_error("w: !<\n"), "yaml: did not find expected tag URI");
  EXPECT_EQ(go_error("w: !<x\n"), "yaml: did not find the expected '>'");
}

}  // namespace
}  // namespace render::yaml
