// The fast path of yaml::load against yaml-cpp's path: whenever the fast path accepts a text, the
// value must be exactly what the yaml-cpp path gives (and that path must accept it too).
#include <gtest/gtest.h>

#include <array>
#include <filesystem>
#include <iostream>
#include <random>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"
#include "test_support.hpp"
#include "yaml/fast_load.hpp"

namespace render::yaml {
namespace {

namespace fs = std::filesystem;

// What the yaml-cpp path gives (positions on, so the fast path is not taken): the value's JSON
// with its types, or "error" when it refuses the text.
std::string slow(std::string_view text) {
  LoadOptions options;
  options.record_positions = true;
  try {
    return to_json(load(text, options).value);
  } catch (const Error&) {
    return "error";
  }
}

// Compares both paths on `text`; returns whether the fast path accepted it.
bool agree(std::string_view text) {
  LoadOptions options;
  options.record_positions = false;
  std::optional<Value> fast;
  try {
    fast = fast_load(text, options);
  } catch (const Error& e) {
    // A line among a mapping's keys that cannot be one, or a quote that never closes: yaml.v2
    // refuses the document, which yaml-cpp would let pass. Nothing else is refused on this path.
    const std::string& message = e.diagnostics().front().message;
    EXPECT_TRUE(message == kKeylessMessage || message == kUnclosedQuoteMessage)
        << message << "\n---- text:\n"
        << text;
    return false;
  }
  if (!fast) return false;
  EXPECT_EQ(to_json(*fast), slow(text)) << "---- text:\n" << text;
  return true;
}

TEST(FastLoad, AgreesOnEveryValuesFileOfTheRepository) {
  int files = 0, fast = 0;
  for (const char* dir : {"tests/parity/cases", "tests/golden", "charts/app", "bench/chart"}) {
    for (const auto& entry : fs::recursive_directory_iterator(fs::path(RENDER_SOURCE_DIR) / dir)) {
      const std::string ext = entry.path().extension().string();
      if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".yml")) continue;
      if (entry.path().string().find("/templates/") != std::string::npos) continue;
      ++files;
      fast += agree(render::testing::read_file(entry.path().string())) ? 1 : 0;
    }
  }
  EXPECT_GT(files, 300);
  EXPECT_GT(fast, files / 2) << "the fast path should take most ordinary values files";
}

TEST(FastLoad, TakesTheOrdinaryShapesOfValuesFiles) {
  for (const char* text : {
           "",
           "# only a comment\n\n",
           "a: 1\nb: two\nc: 'three'\nd: \"f\\\"our\\n\"\ne: ~\nf:\ng: yes\nh: 0x1F\n",
           "list:\n- a\n- b\nnext: 1\n",
           "paths: [\"/\", /api]\nsecrets:\n  - {name: DB_PASSWORD, key: db-password}\n",
           "empty: []\nnone: {}\nnested: [[1, 2], {a: [x]}]  # comment\n",
           "list:\n  - a\n  - 2.5\n",
           "items:\n  - name: a  # comment\n    port: 80\n  - name: b\n    env:\n      - X\n",
           "- - a\n  - b\n- c\n",
           "nested:\n  deeper:\n    deepest: -1\n",
           "url: http://example.test:8080/x#frag\nimage: ghcr.io/a/b:1.0\nk: a,b\n",
           "on: 1\n'quoted key': x\n\"dq\": y\nn: N\n",
       }) {
    EXPECT_TRUE(agree(text)) << text;
  }
}

TEST(FastLoad, LeavesEverythingElseToYamlCpp) {
  for (const char* text : {
           "a: [1,\n  2]\n",
           "a: {b}\n",
           "a: &x 1\nb: *x\n",
           "a: !!str 1\n",
           "a: |\n  text\n",
           "a: >\n  text\n",
           "a: b\n  c\n",
           "a: 1\na: 2\n",
           "<<: {a: 1}\n",
           "a:\tb\n",
           "a: \"\\x41\"\n",
           "---\na: 1\n",
           "a: 1\n---\nb: 2\n",
           "? a\n: b\n",
           "a: b: c\n",
           "~: 1\n",
           "plain scalar\n",
           "a: caf\xc3\xa9\n",
           "a: 1\r\n",
           "a : 1\n",
           "a: \"x\" trailing\n",
           "  a: 1\nb: 2\n",
           "- a\nb: 1\n",
           "a:\n  - x\n  b: y\n",
           "a: @x\n",
           "a: -\n",
           "a: `x`\n",
       }) {
    LoadOptions options;
    options.record_positions = false;
    EXPECT_FALSE(fast_load(text, options)) << text;
  }
}

TEST(FastLoad, DeclinesAtTheLimitsSoTheErrorsStayYamlCpps) {
  LoadOptions options;
  options.record_positions = false;
  options.max_depth = 3;
  EXPECT_FALSE(fast_load("a:\n b:\n  c:\n   d:\n    e: 1\n", options));
  options.max_depth = 64;
  options.max_nodes = 3;
  EXPECT_FALSE(fast_load("a: 1\nb: 2\nc: 3\n", options));
}

// Random documents built from the pieces values files are made of, tricky scalars and keys
// included, and then damaged at random: wherever the fast path answers, it agrees.
class RandomDocument {
 public:
  explicit RandomDocument(unsigned seed) : rng_(seed) {}

  std::string make() {
    std::string out;
    mapping(out, 0, 0);
    if (pick(3) == 0) damage(out);
    return out;
  }

 private:
  std::size_t pick(std::size_t n) {
    return std::uniform_int_distribution<std::size_t>(0, n - 1)(rng_);
  }

  template <std::size_t N>
  const char* one_of(const std::array<const char*, N>& options) {
    return options[pick(N)];
  }

  std::string scalar() {
    static const std::array<const char*, 56> kScalars = {"[a, b]",
                                                         "[]",
                                                         "{}",
                                                         "{a: 1, b: [x, 'y']}",
                                                         "[a,b]",
                                                         "{a:1}",
                                                         "[a, ]",
                                                         "[a b]",
                                                         "[- a]",
                                                         "{a: }",
                                                         "[a: b]",
                                                         "{\"k\": v}",
                                                         "[[1, 2], {x: y}]",
                                                         "{a: 1, a: 2}",
                                                         "[a] # c",
                                                         "[a]x",
                                                         "web",
                                                         "yes",
                                                         "No",
                                                         "off",
                                                         "~",
                                                         "null",
                                                         "Null",
                                                         "0x1F",
                                                         "0777",
                                                         "0o17",
                                                         "1e3",
                                                         "1_000",
                                                         ".inf",
                                                         "-.5",
                                                         "+12",
                                                         "3.",
                                                         "007",
                                                         "2001-12-14",
                                                         "a #b",
                                                         "a#b",
                                                         "http://x:8080/y",
                                                         "'q''s'",
                                                         "\"esc\\n\\t\\\"\"",
                                                         "\"bad\\x41\"",
                                                         "-1",
                                                         "- a",
                                                         "[a]",
                                                         "{a: 1}",
                                                         "&anc",
                                                         "!!str 1",
                                                         "|",
                                                         "a,b",
                                                         "x:",
                                                         "a: b",
                                                         "'open",
                                                         "\"a\" junk",
                                                         "''",
                                                         "\"\"",
                                                         "-x",
                                                         "@at"};
    return kScalars[pick(kScalars.size())];
  }

  std::string key() {
    static const std::array<const char*, 16> kKeys = {
        "name", "image", "yes", "On",  "1", "0x10", "'quoted key'", "\"dq\"",
        "a b",  "a:b",   "-k",  "k#x", "~", "<<",   "port",         "env"};
    return kKeys[pick(kKeys.size())];
  }

  void comment(std::string& out, int indent) {
    if (pick(6) == 0) out += std::string(static_cast<std::size_t>(indent), ' ') + "# note\n";
    if (pick(8) == 0) out += "\n";
  }

  void mapping(std::string& out, int indent, int depth) {
    std::size_t n = 1 + pick(4);
    for (std::size_t k = 0; k < n; ++k) {
      comment(out, indent);
      out += std::string(static_cast<std::size_t>(indent), ' ') + key() + ":";
      value(out, indent, depth, true);
    }
  }

  void sequence(std::string& out, int indent, int depth) {
    std::size_t n = 1 + pick(3);
    for (std::size_t k = 0; k < n; ++k) {
      comment(out, indent);
      out += std::string(static_cast<std::size_t>(indent), ' ') + "-";
      std::size_t form = depth > 3 ? 0 : pick(4);
      if (form == 1) {  // "- key: v" and more keys under it
        out += " " + key() + ":";
        value(out, indent + 2, depth + 1, true);
        if (pick(2) == 0) mapping(out, indent + 2, depth + 1);
      } else {
        value(out, indent, depth, false);
      }
    }
  }

  // After "key:" or "-": an inline scalar, or a nested block on the next lines.
  void value(std::string& out, int indent, int depth, bool in_mapping) {
    std::size_t form = depth > 3 ? 0 : pick(5);
    if (form <= 1) {
      out += " " + scalar() + (pick(5) == 0 ? "  # trailing" : "") + "\n";
    } else if (form == 2) {
      out += "\n";
      mapping(out, indent + 2, depth + 1);
    } else if (form == 3) {
      out += "\n";
      sequence(out, in_mapping && pick(2) == 0 ? indent : indent + 2, depth + 1);
    } else {
      out += "\n";  // null
    }
  }

  void damage(std::string& out) {
    std::size_t at = pick(out.size() + 1);
    switch (pick(3)) {
      case 0:
        if (at < out.size()) out.erase(at, 1);
        break;
      case 1:
        out.insert(at, " ");
        break;
      default:
        out.insert(at, std::string(1, "-:#'\"\n"[pick(6)]));
    }
  }

  std::mt19937 rng_;
};

// The fast path refuses `text` with `message` at line:column (column 0: not checked).
void expect_refused(const char* text, const char* message, int line, int column) {
  LoadOptions options;
  try {
    fast_load(text, options);
    ADD_FAILURE() << "not refused:\n" << text;
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.message, message) << text;
    EXPECT_EQ(d.location.line, line) << text;
    if (column != 0) {
      EXPECT_EQ(d.location.col, column) << text;
    }
  }
}

// The bytes are checked sixteen at a time, then one by one at the end: a control, DEL or a byte
// past ASCII anywhere, in a line or its comment, leaves the text to yaml-cpp; line breaks do not.
TEST(FastLoad, LeavesEveryTextWithAnOddByteToYamlCpp) {
  const std::string text = "key: value-of-some-length\nlist: [a, b] # c\nz: 1\n";
  LoadOptions options;
  ASSERT_TRUE(fast_load(text, options).has_value());
  for (int odd : {0x01, 0x09, 0x0d, 0x1f, 0x7f, 0x80, 0xc3, 0xff}) {
    for (std::size_t at = 0; at < text.size(); ++at) {
      std::string changed = text;
      changed[at] = static_cast<char>(odd);
      EXPECT_FALSE(fast_load(changed, options).has_value()) << odd << " at " << at;
    }
  }
}

TEST(FastLoad, RefusesALineWhereAKeyIsNeeded) {
  LoadOptions options;
  expect_refused("a: 1\nbad\n", kKeylessMessage, 2, 0);
  expect_refused("a: |\nbad\n", kKeylessMessage, 2, 0);
  expect_refused("x:\n  a: 1\n\n  # c\n  stray words # c\n  b: 2\n", kKeylessMessage, 5, 0);
  expect_refused("- a: 1\n  bad\n", kKeylessMessage, 2, 0);
  expect_refused("a: 1\n\"b\"\n", kKeylessMessage, 2, 0);
  // Keys with spaces, quoted keys and block scalars with no lines are read; an end marker is
  // left to yaml-cpp, not refused.
  for (const char* text : {"my key: 1\n\"q\": 2\n", "a: |\nb: >-\nc: 1\n"}) {
    EXPECT_TRUE(agree(text)) << text;
  }
  EXPECT_NO_THROW(fast_load("a: 1\n...\n", options));
}

TEST(FastLoad, RefusesAQuoteThatNeverCloses) {
  LoadOptions options;
  expect_refused("a: 'x\n", kUnclosedQuoteMessage, 1, 4);
  expect_refused("a: 1\nb: \"x\n\n", kUnclosedQuoteMessage, 2, 4);
  expect_refused("l:\n- k: 'x\n  y\n", kUnclosedQuoteMessage, 2, 6);
  // Closed on a later line: yaml-cpp's to read.
  EXPECT_FALSE(fast_load("a: 'x\n  y'\n", options).has_value());
}

// Both paths say whether a NaN or an infinity was read, so that callers walk the value for one
// only then.
TEST(FastLoad, BothPathsNoteANonFiniteFloat) {
  for (bool positions : {false, true}) {
    LoadOptions options;
    options.record_positions = positions;
    for (const char* text : {"a: .inf\n", "a:\n  - 1\n  - -.Inf\n", "b: .NaN\n"}) {
      EXPECT_TRUE(load(text, options).non_finite) << text << positions;
    }
    for (const char* text : {"a: 1.5\n", "a: \".inf\"\n", "a: inf\n", "a: 1e999\n"}) {
      EXPECT_FALSE(load(text, options).non_finite) << text << positions;
    }
  }
  bool non_finite = false;
  ASSERT_TRUE(fast_load("a: .inf\n", LoadOptions{}, &non_finite).has_value());
  EXPECT_TRUE(non_finite);
}

TEST(FastLoad, AgreesOnRandomDocuments) {
  RandomDocument docs(20261123);
  int accepted = 0;
  for (int k = 0; k < 30000; ++k) accepted += agree(docs.make()) ? 1 : 0;
  std::cout << accepted << " of 30000 random documents took the fast path\n";
  EXPECT_GT(accepted, 3000) << "too few random documents took the fast path to mean anything";
}

}  // namespace
}  // namespace render::yaml
