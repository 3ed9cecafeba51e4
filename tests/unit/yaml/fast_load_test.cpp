// The fast path of yaml::load against yaml-cpp's path: whenever the fast path accepts a text, the
// value must be exactly what the yaml-cpp path gives (and that path must accept it too).
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <limits>
#include <random>
#include <string>
#include <vector>

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
           // (load_values_documents hands the whole text to fast_load first: the document
           // markers must reach the full loader, which splits the stream.)
           "a: 1\n...\n",
           "a: 1\n... # end\nb: 2\n",
           "a:\n  b: 1\n---\n",
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

// The bytes are checked sixty-four at a time, then one by one at the end: a control, DEL or a
// byte past ASCII anywhere, in a line or its comment, leaves the text to yaml-cpp; line breaks
// do not. Short texts are read byte by byte only, longer ones both ways.
TEST(FastLoad, LeavesEveryTextWithAnOddByteToYamlCpp) {
  const std::string line = "key: value-of-some-length\nlist: [a, b] # c\nz: 1\n";
  for (const std::string& text : {line, line + "more:\n  - " + line.substr(0, 25) + "\n" +
                                            "  - x # " + line.substr(27, 14) + "\nlast: ~\n"}) {
    LoadOptions options;
    ASSERT_TRUE(fast_load(text, options).has_value()) << text;
    for (int odd : {0x01, 0x09, 0x0d, 0x1f, 0x7f, 0x80, 0xc3, 0xff}) {
      for (std::size_t at = 0; at < text.size(); ++at) {
        std::string changed = text;
        changed[at] = static_cast<char>(odd);
        EXPECT_FALSE(fast_load(changed, options).has_value()) << odd << " at " << at;
      }
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

// Keys go into a map in byte order whatever order they come in: the fast path sorts them by
// their first eight bytes and then by the rest, and by insertion up to sixteen keys, otherwise
// another way. Keys that share eight bytes, that end within them, that are escapes or other
// spellings (booleans, numbers) are ordered as the full loader orders them.
TEST(FastLoad, OrdersKeysAsTheFullLoaderDoes) {
  const std::vector<std::string> keys = {"abcdefgh",  "abcdefghi",
                                         "abcdefgh2", "abcdefgh10",
                                         "abcdefgi",  "abc",
                                         "ab",        "a",
                                         "b",         "Z",
                                         "_x",        "a b",
                                         "x.y",       "\"a\\tb\"",
                                         "\"a\\nb\"", "'q''s'",
                                         "'z'",       "yes",
                                         "0x10",      "1",
                                         "10",        "2",
                                         "1.5",       "image",
                                         "name",      "nginx.ingress.kubernetes.io/x"};
  std::mt19937 rng(11);
  for (int round = 0; round < 300; ++round) {
    std::vector<std::string> some = keys;
    std::shuffle(some.begin(), some.end(), rng);
    some.resize(1 + rng() % keys.size());
    std::string text;
    for (std::size_t k = 0; k < some.size(); ++k) {
      text += some[k] + ": " + std::to_string(k) + "\n";
    }
    EXPECT_TRUE(agree(text)) << text;
    std::string nested = "m:\n";
    for (std::size_t k = 0; k < some.size(); ++k) nested += "  " + some[k] + ": x\n";
    EXPECT_TRUE(agree(nested)) << nested;
    // In a flow mapping, a number or boolean key is named as in a block one (0x10 is "16").
    std::string flow = "m: {";
    for (std::size_t k = 0; k < some.size(); ++k) {
      flow += (k == 0 ? "" : ", ") + some[k] + ": " + std::to_string(k);
    }
    flow += "}\n";
    EXPECT_TRUE(agree(flow)) << flow;
  }
}

// The key order found for a mapping is kept for the next one of its shape, and taken only where
// it puts the keys' first eight bytes in strictly ascending order: lists of mappings of a few
// shapes, some of keys that share their first eight bytes (the order is then found again),
// agree with the full loader.
TEST(FastLoad, OrdersMappingsOfOneShapeAsTheFullLoaderDoes) {
  const std::vector<std::string> keys = {"name",     "image",     "port",     "env", "a",
                                         "abcdefgh", "abcdefghi", "abcdefgi", "z",   "yes",
                                         "0x10",     "'q'",       "Z"};
  std::mt19937 rng(17);
  std::vector<std::vector<std::string>> shapes;
  for (int k = 0; k < 12; ++k) {
    std::vector<std::string> some = keys;
    std::shuffle(some.begin(), some.end(), rng);
    some.resize(1 + rng() % keys.size());
    shapes.push_back(some);
  }
  std::string text = "items:\n";
  for (int item = 0; item < 400; ++item) {
    const std::vector<std::string>& shape = shapes[rng() % shapes.size()];
    for (std::size_t k = 0; k < shape.size(); ++k) {
      text += (k == 0 ? "  - " : "    ") + shape[k] + ": " + std::to_string(item) + "\n";
    }
    text += "    flow: {";
    for (std::size_t k = 0; k < shape.size(); ++k) text += (k == 0 ? "" : ", ") + shape[k] + ": 1";
    text += "}\n";
  }
  EXPECT_TRUE(agree(text));
}

// A key twice (or two spellings of one key) is left to the full loader, wherever the two are,
// below and past sixteen keys; keys that only share their first eight bytes are not the same.
TEST(FastLoad, LeavesRepeatedKeysToYamlCpp) {
  LoadOptions options;
  options.record_positions = false;
  for (std::size_t n : {2, 5, 16, 17, 40}) {
    for (std::size_t first = 0; first < n; ++first) {
      for (std::size_t second = first + 1; second < n; second += 3) {
        std::string text;
        for (std::size_t k = 0; k < n; ++k) {
          std::size_t id = k == second ? first : k;
          text += "key" + std::to_string((id * 7) % n) + "abcdefgh: 1\n";
        }
        EXPECT_FALSE(fast_load(text, options).has_value()) << text;
      }
    }
  }
  for (const char* text : {"yes: 1\non: 2\n", "1: a\n01: b\n", "a: 1\n'a': 2\n",
                           "{x: {a: 1, a: 2}}\n", "m: {a: 1, \"a\": 2}\n"}) {
    EXPECT_FALSE(fast_load(text, options).has_value()) << text;
  }
  EXPECT_TRUE(agree("abcdefgh1: 1\nabcdefgh2: 2\nabcdefgh: 3\n"));
}

// A plain scalar that starts with a byte no null, boolean or number starts with is a string
// without resolve_plain(): for every first byte, as key and as value, both paths agree.
TEST(FastLoad, ReadsEveryFirstByteAsTheFullLoaderDoes) {
  for (int c = 0x21; c < 0x7f; ++c) {
    for (const char* suffix :
         {"",  "es", "ull", "rue", "alse", "n",     "ff",    "N",     "1",     "12345", ".5",
          "x", "_1", "inf", "nan", ".Inf", "alsey", "ull00", ".inf0", "12e45", "0x1F0", "1_000"}) {
      std::string scalar = std::string(1, static_cast<char>(c)) + suffix;
      agree("k: " + scalar + "\n");
      agree(scalar + ": 1\n");
      agree("l: [" + scalar + "]\n");
      agree("m: {" + scalar + ": 1}\n");
    }
  }
}

// Numbers of digits only and short decimal fractions are read without the general parse: the
// same kinds and values as it gives (strtod rounds as from_chars does).
TEST(FastLoad, ReadsShortNumbersAsTheGeneralParse) {
  std::mt19937 rng(5);
  for (int round = 0; round < 20000; ++round) {
    std::string digits(1 + rng() % 20, '0');
    for (char& d : digits) d = static_cast<char>('0' + rng() % 10);
    if (digits[0] == '0' && digits.size() > 1) digits[0] = '1';
    PlainScalar r = resolve_plain(digits);
    if (digits.size() <= 18) {
      ASSERT_EQ(r.kind, PlainScalar::Kind::kInt) << digits;
      EXPECT_EQ(r.integer, std::stoll(digits)) << digits;
    }
    std::string fraction = digits;
    fraction.insert(1 + rng() % fraction.size(), ".");
    if (fraction.back() == '.') fraction += "5";
    r = resolve_plain(fraction);
    ASSERT_EQ(r.kind, PlainScalar::Kind::kFloat) << fraction;
    EXPECT_EQ(r.number, std::strtod(fraction.c_str(), nullptr)) << fraction;
  }
  EXPECT_EQ(resolve_plain("0").kind, PlainScalar::Kind::kInt);
  EXPECT_EQ(resolve_plain("017").integer, 15);  // octal
  EXPECT_EQ(resolve_plain("08").kind, PlainScalar::Kind::kFloat);
  EXPECT_EQ(resolve_plain("1.").number, 1.0);
  EXPECT_EQ(resolve_plain("1..5").kind, PlainScalar::Kind::kString);
  EXPECT_TRUE(resolve_plain("9223372036854775808").uint64_only);
  for (const char* word :
       {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE"}) {
    EXPECT_TRUE(resolve_plain(word).boolean) << word;
  }
  for (const char* word :
       {"n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE"}) {
    EXPECT_EQ(resolve_plain(word).kind, PlainScalar::Kind::kBool) << word;
    EXPECT_FALSE(resolve_plain(word).boolean) << word;
  }
  for (const char* word : {"", "~", "null", "Null", "NULL"}) {
    EXPECT_EQ(resolve_plain(word).kind, PlainScalar::Kind::kNull) << word;
  }
  for (const char* word :
       {"yES", "nO", "oN", "tRUE", "nULL", "Nil", "of", "yess", ".iNF", "+.inF"}) {
    EXPECT_EQ(resolve_plain(word).kind, PlainScalar::Kind::kString) << word;
  }
  EXPECT_EQ(resolve_plain("-.Inf").number, -std::numeric_limits<double>::infinity());
  EXPECT_TRUE(std::isnan(resolve_plain(".NAN").number));
  // A byte that no number holds makes a string before any parse; the others are parsed.
  for (const char* text : {"10m", "512Mi", "1Gi", "250m", "1.5s", "1e3x", "0x1G", "1 000", "1,5"}) {
    EXPECT_EQ(resolve_plain(text).kind, PlainScalar::Kind::kString) << text;
  }
  EXPECT_EQ(resolve_plain("0x1F").integer, 31);
  EXPECT_EQ(resolve_plain("0X1f").integer, 31);
  EXPECT_EQ(resolve_plain("0b101").integer, 5);
  EXPECT_EQ(resolve_plain("0o17").integer, 15);
  EXPECT_EQ(resolve_plain("1_000").integer, 1000);
  EXPECT_EQ(resolve_plain("-12").integer, -12);
  EXPECT_EQ(resolve_plain("1e3").number, 1000.0);
  EXPECT_EQ(resolve_plain("+.5").number, 0.5);
  EXPECT_EQ(resolve_plain(".5E+2").number, 50.0);
  EXPECT_EQ(resolve_plain("-1.5e-3").number, -1.5e-3);
  EXPECT_EQ(resolve_plain("1e400").kind, PlainScalar::Kind::kString);
  // Up to 16 bytes a fraction is read in the one pass, past them by the general parse.
  EXPECT_EQ(resolve_plain("12345678901234.5").number, 12345678901234.5);
  EXPECT_EQ(resolve_plain("123456789012345.6").number, 123456789012345.6);
  EXPECT_EQ(resolve_plain("123456789012345678").integer, 123456789012345678);
  EXPECT_EQ(resolve_plain("1234567890123456789").integer, 1234567890123456789);
}

// The text is read sixty-four bytes at a time in blocks of 1024: lines that end anywhere in them,
// a last line with no line break, and an odd byte at any place near the blocks' ends.
TEST(FastLoad, ReadsLinesWhereverTheyEnd) {
  std::string text;
  for (int k = 0; text.size() < 3000; ++k) {
    text += "key" + std::to_string(k) + ":" +
            std::string(static_cast<std::size_t>(1 + k % 23), ' ') +
            (k % 3 == 0 ? "\"v\"" : "v" + std::string(static_cast<std::size_t>(k % 17), 'x')) +
            (k % 5 == 0 ? "  # c" : "") + "\n";
    if (k % 7 == 0) text += "\n# note\n" + std::string(static_cast<std::size_t>(k % 5), ' ') + "\n";
  }
  LoadOptions options;
  ASSERT_TRUE(agree(text));
  ASSERT_TRUE(agree(text.substr(0, text.size() - 1)));  // no line break at the end
  for (std::size_t block : {1024u, 2048u}) {
    for (std::size_t at = block - 20; at < block + 20; ++at) {
      std::string changed = text;
      changed[at] = '\t';
      EXPECT_FALSE(fast_load(changed, options).has_value()) << at;
      changed[at] = '\x80';
      EXPECT_FALSE(fast_load(changed, options).has_value()) << at;
    }
  }
  // A document marker as the first bytes of a later block.
  std::string marked = text.substr(0, 1024);
  marked.back() = '\n';
  EXPECT_FALSE(fast_load(marked + "---\n", options).has_value());
  EXPECT_FALSE(fast_load(marked + "...\n", options).has_value());
}

// Quoted scalars whose closing quote is seen with the sixteen bytes after the opening one, or
// past them, near the end of the text or not, with and without escapes and '' in them.
TEST(FastLoad, ReadsQuotedScalarsOfEveryLength) {
  for (std::size_t length = 0; length < 40; ++length) {
    for (std::size_t special = 0; special <= length; ++special) {
      std::string plain(length, 'a');
      std::string dq = plain, sq = plain;
      if (special < length) {
        dq.replace(special, 1, "\\\"");
        sq.replace(special, 1, "''");
      }
      for (const std::string& scalar : {"\"" + dq + "\"", "'" + sq + "'"}) {
        for (const char* after : {"", " # c", "x"}) {
          // Read by the fast path unless something follows the quote.
          bool read = std::string_view(after) != "x";
          EXPECT_EQ(agree("k: " + scalar + after + "\nother: 1\n"), read) << scalar << after;
          EXPECT_EQ(agree("k: [" + scalar + ", b]" + after + "\n"), read) << scalar << after;
          EXPECT_TRUE(agree("k: {a: " + scalar + "}\n")) << scalar;
          EXPECT_TRUE(agree(scalar + ": 1\n")) << scalar;
        }
      }
    }
  }
  LoadOptions options;
  expect_refused("k: \"abc\n", kUnclosedQuoteMessage, 1, 4);
  expect_refused("k: 'it''s\n", kUnclosedQuoteMessage, 1, 4);
  EXPECT_FALSE(fast_load("k: \"abc\n  def\"\n", options).has_value());
}

// A plain scalar in a flow collection ends at the first of , [ ] { } : #, seen sixteen bytes at
// a time where they lie within the text: scalars of every length, with a stop anywhere in them,
// near the end of the text or not.
TEST(FastLoad, ReadsFlowScalarsOfEveryLength) {
  for (std::size_t length = 1; length < 40; ++length) {
    for (std::size_t special = 0; special <= length; ++special) {
      for (char stop : {'\0', ':', '#', '[', '}', ' '}) {
        std::string plain(length, 'a');
        if (special < length && stop != '\0') plain[special] = stop;
        for (const char* end : {"", "\n", "\nother: 1\n"}) {
          agree("k: [" + plain + ", b]" + end);
          agree("k: [b, " + plain + "]" + end);
          agree("k: {" + plain + ": v, x: " + plain + "}" + end);
        }
      }
      EXPECT_TRUE(agree("k: [" + std::string(length, 'a') + ", b]\n"));
      EXPECT_TRUE(agree("k: {" + std::string(length, 'a') + ": v}"));
    }
  }
}

}  // namespace
}  // namespace render::yaml
