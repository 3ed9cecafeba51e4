// The one-loop head reader against the reference reader, on documents made up at random: whenever
// the one-loop reader takes a document, the reference must take it too, with the same head and no
// yaml.v2 error. read_head_fast hands a document to the reference only when the one-loop reader
// declines it, so a document the one-loop reader takes wrongly would never reach the reference,
// nor anything else that would notice.
//
// The documents are mostly trees of block mappings and sequences, nested at varied (sometimes
// wrong) indentations, with the head's keys and their case variants among the keys and every
// scalar style the readers take or decline among the values; the rest is line soup, lines drawn
// from the same pieces in any order. The seed is fixed, so a failure comes back with the same
// document every run.
#include <gtest/gtest.h>

#include <cstdint>
#include <iterator>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "chart/fast_head.hpp"
#include "chart/manifests.hpp"

namespace render::chart {
namespace {

constexpr std::uint64_t kSeed = 0x6865'6164'5f71'7569;
constexpr int kDocuments = 200000;
// Those the one-loop reader takes, and of them those with a kind and a name, and those with a
// hook: about 41,300, 18,400 and 6,300 of the documents above. The floors are well below, so that a
// change to the generator (or the reader) that leaves little for the comparison to look at does
// not pass unnoticed.
constexpr int kMinTaken = 20000;
constexpr int kMinTakenWithHead = 8000;
constexpr int kMinTakenWithHook = 2500;

using Pool = std::vector<std::string_view>;

// Values the readers take in some place or other: plain words, comments, quotes with their
// escapes and '' pairs, flow words, empty collections, numbers and booleans (which a head field
// must not be).
const Pool kUsualValues = {
    "v1",
    "ConfigMap",
    "apps/v1",
    "x",
    "some words",
    "words # and a comment",
    "a#b",
    "x:y",
    "http://example.com/a",
    "-dash",
    "'single'",
    "'it''s'",
    "''",
    "'quoted' # comment",
    "\"double\"",
    "\"esc\\tape\"",
    "\"a \\\"quote\\\" in it\"",
    "\"\"",
    "\"q\" # c",
    "[a, b.c, x-y]",
    "[ one ,two ]",
    "[]",
    "{}",
    "[] # c",
    "123",
    "1.5",
    "true",
    "yes",
    "~",
    "null",
    "Null",
    "pre-install,post-upgrade",
    "post-delete",
    "a-plain-value-longer-than-sixteen",
    "a plain value with spaces in it that runs on past sixty-four bytes of its line",
    "a plain value that is longer than sixteen bytes # and then a comment after it",
};

// Values either reader may decline or refuse: indicators, colons that make a mapping, YAML 1.1
// floats JSON cannot hold, quotes that do not end on their line, unknown escapes, nested or
// quoted flow items, text after a closing quote, odd bytes.
const Pool kUnusualValues = {
    "a: b",
    "x:",
    "words that end in a colon:",
    ".inf",
    "-.Inf",
    ".nan",
    "+.INF",
    ".NaN",
    "&a x",
    "*a",
    "!tag x",
    "!!str x",
    "%x",
    "@x",
    "`x",
    "?x",
    "? x",
    ",x",
    "'unterminated",
    "\"unterminated",
    "\"a\\/b\"",
    "\"a\\",
    "\"a\\qb\"",
    "'a' b",
    "\"a\" b",
    "'a'#c",
    "[a, [b]]",
    "[\"a\"]",
    "[a,,b]",
    "[-a]",
    "[.inf]",
    "[a",
    "[a, b] x",
    "{a: b}",
    "{a",
    "{} x",
    "- x",
    "-",
    "- - x",
    "--- x",
    "...",
    "]",
    "}",
    "#x",
    "a #",
    "x # c: d",
    ":x",
    "caf\xc3\xa9",
    "a\xff",
    "a\tb",
    "a\x01",
    "\x7f",
};

const Pool kUsualHeaders = {"|", "|-", "|+", ">", ">-", ">+", "| # c", ">- # a comment"};
const Pool kUnusualHeaders = {"|2", "|-1", "|x", "|#", "|+-", "> x", "|  ", ">#c", "|-  # c"};

// The lines of a block scalar: text, what would be a comment, an entry or a key anywhere else.
const Pool kBodies = {
    "text",
    "some words of text",
    "# not a comment",
    "- not an item",
    "key: not a key",
    "a body line that runs past sixty-four bytes, to cross the chunks of the scan",
    "'quote",
    "[",
};

// Keys that are not the head's anywhere: ordinary ones, long ones (past a chunk of sixteen and
// of sixty-four bytes), the head's own names (ordinary keys below the top), and words of four
// letters like null that sigs.k8s.io/yaml names all the same.
const Pool kUsualKeys = {
    "name",
    "nUll",
    "nULL",
    "none",
    "Node",
    "nul",
    "nulls",
    "data",
    "spec",
    "labels",
    "k",
    "x.y",
    "a_b",
    "app.kubernetes.io/name",
    "a-key-longer-than-sixteen-bytes",
    "an.annotation-key-that-is-longer-than-sixty-four-bytes.example.com/with-a-path",
    "helm.sh/hook-weight",
};

// What a head field (apiVersion, kind, metadata.name, an annotation) mostly holds: strings.
const Pool kHeadValues = {
    "v1",
    "apps/v1",
    "ConfigMap",
    "Job",
    "release-name",
    "a-name-longer-than-sixteen-bytes-for-the-scan",
    "'quoted-name'",
    "\"double-name\"",
    "'it''s'",
    "pre-install",
    "pre-install,post-upgrade",
    "\"test\" # c",
    "x # comment",
    "a name with spaces",
    "x:y",
};

// Keys either reader leaves to the full path or takes for no key at all: numbers, nulls, keys
// with bytes a plain key does not have, a key that starts with a dash, an empty key.
const Pool kUnusualKeys = {
    "1",         "007",   "18446744073709551616",
    "0x1F",      "null",  "Null",
    "NULL",      "yes",   "~",
    "a b",       "\"q\"", "'q'",
    "k:v",       "-k",    "",
    "k\xc3\xa9",
};

enum class Where { kTop, kMetadata, kAnnotations, kOther };

class Documents {
 public:
  explicit Documents(std::uint64_t seed) : rng_(seed) {}

  std::string next() {
    lines_.clear();
    // How much goes wrong in the document: nothing (0) to a lot (3).
    noise_ = static_cast<int>(pick(4));
    if (pick(8) == 0) {
      soup();
    } else {
      tree();
    }
    return join();
  }

 private:
  struct Line {
    int indent;
    std::string text;
  };

  // A number below `n`, the same on every standard library (the distributions are not).
  std::size_t pick(std::size_t n) { return static_cast<std::size_t>(rng_() % n); }
  bool chance(std::size_t one_in) { return pick(one_in) == 0; }
  // Something unusual, more often the noisier the document.
  bool unusual() {
    static constexpr std::size_t kPercent[] = {0, 3, 10, 30};
    return pick(100) < kPercent[noise_];
  }
  std::string_view from(const Pool& pool) { return pool[pick(pool.size())]; }

  void line(int indent, std::string text) {
    if (dash_at_ >= 0) {
      // The first line of a mapping that sits in an entry: "- key: ...".
      int after = indent - dash_at_ - 1;
      text = "-" + std::string(static_cast<std::size_t>(after < 1 ? 1 : after), ' ') + text;
      indent = dash_at_;
      dash_at_ = -1;
    }
    lines_.push_back({indent < 0 ? 0 : indent, std::move(text)});
  }

  // How far a nested node is indented past its owner.
  int step() {
    static constexpr int kSteps[] = {2, 2, 2, 1, 4, 3};
    return kSteps[pick(std::size(kSteps))];
  }
  // Where a line that should be at `indent` goes: now and then a column off.
  int jitter(int indent) {
    if (!unusual() || !chance(3)) return indent;
    static constexpr int kShifts[] = {-2, -1, 1, 2};
    return indent + kShifts[pick(std::size(kShifts))];
  }

  std::string key(Where where) {
    if (unusual()) {
      if (chance(40)) return std::string(1030, 'k');  // past what yaml.v2 takes for a key
      return std::string(from(kUnusualKeys));
    }
    // Now and then a head key again (which the readers decline), or one in other letters.
    switch (where) {
      case Where::kTop:
        if (chance(15)) return std::string(from({"Kind", "KIND", "APIVersion", "Metadata"}));
        if (chance(15)) return std::string(from({"apiVersion", "kind", "metadata"}));
        break;
      case Where::kMetadata:
        if (chance(15)) return std::string(from({"NAME", "Name", "Annotations"}));
        if (chance(15)) return std::string(from({"name", "annotations"}));
        break;
      case Where::kAnnotations:
        if (chance(15)) return "helm.sh/Hook";
        if (chance(15)) return "helm.sh/hook";
        break;
      case Where::kOther:
        // The head's names are ordinary keys here.
        if (chance(6)) return std::string(from({"kind", "name", "metadata", "annotations"}));
        break;
    }
    return std::string(from(kUsualKeys));
  }

  // The keys of a mapping: at the top, in metadata and in annotations mostly the head's, once
  // each, in any order; then a few others.
  std::vector<std::string> keys(Where where) {
    std::vector<std::string> ks;
    auto maybe = [&](std::string_view k, std::size_t in_ten) {
      if (pick(10) < in_ten) ks.emplace_back(k);
    };
    switch (where) {
      case Where::kTop:
        maybe("apiVersion", 8);
        maybe("kind", 9);
        maybe("metadata", 8);
        break;
      case Where::kMetadata:
        maybe("name", 9);
        maybe("annotations", 5);
        break;
      case Where::kAnnotations:
        maybe("helm.sh/hook", 7);
        break;
      case Where::kOther:
        break;
    }
    for (std::size_t n = pick(where == Where::kTop ? 4 : 3); n > 0; --n) ks.push_back(key(where));
    if (ks.empty()) ks.push_back(key(where));
    for (std::size_t i = ks.size(); i > 1; --i) std::swap(ks[i - 1], ks[pick(i)]);
    return ks;
  }

  // Plain text of any length (to put comments and colons at every place of a chunk of sixteen
  // bytes), or a quoted scalar made up the same way.
  std::string made_up_value() {
    static constexpr std::string_view kPlain = "abcxyz-._/0123 ";
    static constexpr std::string_view kRare = ":#'\"\\";
    std::size_t length = 1 + pick(chance(4) ? 120 : 20);
    std::string s;
    for (std::size_t i = 0; i < length; ++i) {
      if (unusual() || chance(60)) {
        s += kRare[pick(kRare.size())];
      } else {
        s += kPlain[pick(kPlain.size())];
      }
    }
    switch (pick(4)) {
      case 0:
        return "'" + s + "'";
      case 1:
        return "\"" + s + "\"";
      default:
        if (s[0] == ' ') s[0] = 'p';
        return s;
    }
  }

  std::string value() {
    if (unusual()) return std::string(from(kUnusualValues));
    if (chance(4)) return made_up_value();
    return std::string(from(kUsualValues));
  }

  // " # comment", spaces or nothing after a key or a dash with nothing else on its line.
  std::string nothing() {
    switch (pick(6)) {
      case 0:
        return " # c";
      case 1:
        return "  ";
      default:
        return "";
    }
  }

  // The lines of a block scalar whose header is on a line at `indent`.
  void block_body(int indent) {
    int at = indent + step();
    for (std::size_t n = pick(5); n > 0; --n) {
      if (chance(6)) {
        line(0, "");
        continue;
      }
      int shift = 0;
      if (chance(5)) shift = static_cast<int>(pick(3));                    // more indented: text
      if (unusual() && chance(2)) shift = -1 - static_cast<int>(pick(3));  // less: ends it
      line(at + shift, std::string(from(kBodies)));
    }
  }

  // The value after "key:" at `indent`, the key's line included.
  void value_of(int indent, const std::string& key, Where child, bool head_field, int depth) {
    std::string head = key + ":";
    if (head_field && !chance(8)) {
      line(indent, head + " " + std::string(unusual() ? value() : from(kHeadValues)));
      return;
    }
    std::size_t form = pick(20);
    if (child != Where::kOther && !unusual()) form = chance(8) ? 19 : 0;
    if (depth >= 4 && form < 6) form = 6 + pick(14);
    if (form < 3) {
      line(indent, head + nothing());
      mapping(indent + step(), child, depth + 1);
    } else if (form < 5) {
      line(indent, head + nothing());
      sequence(indent + step(), depth + 1);
    } else if (form < 6) {
      // A sequence at its owner's column.
      line(indent, head + nothing());
      sequence(indent, depth + 1);
    } else if (form < 8) {
      line(indent, head + nothing());  // null
    } else if (form < 10) {
      line(indent, head + " " + std::string(from(unusual() ? kUnusualHeaders : kUsualHeaders)));
      block_body(indent);
    } else if (form < 11) {
      line(indent, head + "   " + value());
    } else if (form < 19) {
      line(indent, head + " " + value());
    } else {
      line(indent, head + " " + std::string(from({"{}", "{}", "[]", "{} # c", "x"})));
    }
  }

  // A block mapping whose keys sit at `indent`.
  void mapping(int indent, Where where, int depth) {
    for (const std::string& k : keys(where)) {
      Where child = Where::kOther;
      if (where == Where::kTop && k == "metadata") child = Where::kMetadata;
      if (where == Where::kMetadata && k == "annotations") child = Where::kAnnotations;
      bool head_field = (where == Where::kTop && (k == "apiVersion" || k == "kind")) ||
                        (where == Where::kMetadata && k == "name") || where == Where::kAnnotations;
      if (child == Where::kOther && !head_field && depth < 4 && chance(depth == 0 ? 40 : 150)) {
        line(jitter(indent), k + ":");
        deep(indent + step());
        continue;
      }
      value_of(jitter(indent), k, child, head_field, depth);
    }
  }

  // A block sequence whose dashes sit at `indent`.
  void sequence(int indent, int depth) {
    for (std::size_t n = 1 + pick(4); n > 0; --n) {
      int at = jitter(indent);
      std::size_t form = pick(12);
      if (depth >= 4 && form >= 6) form = 0;
      if (form < 4) {
        line(at, "- " + value());
      } else if (form < 6) {
        line(at, "- " + std::string(from(unusual() ? kUnusualHeaders : kUsualHeaders)));
        block_body(at);
      } else if (form < 9) {
        // "- key: value" and the mapping's other keys under the first.
        dash_at_ = at;
        mapping(at + 1 + (chance(4) ? 3 : 1), Where::kOther, depth + 1);
      } else if (form < 10) {
        // An entry with nothing on its line: a node below it, or none (the readers may decline
        // it, and yaml.v2 refuses one followed by a key at its column).
        line(at, "-" + nothing());
        if (chance(2)) {
          if (chance(2)) {
            mapping(at + step(), Where::kOther, depth + 1);
          } else {
            sequence(at + step(), depth + 1);
          }
        } else if (chance(3)) {
          line(at, key(Where::kOther) + ": " + value());
        }
      } else if (!unusual()) {
        line(at, "- " + value());
      } else if (form < 11) {
        line(at, "- - " + value());
      } else {
        line(at, "-" + value());
      }
    }
  }

  // A chain of mappings and entries past the 64 levels the one-loop reader keeps track of (or
  // nearly that far), then keys on the way back out.
  void deep(int indent) {
    int levels = 40 + static_cast<int>(pick(50));
    std::vector<int> columns;
    int at = indent;
    for (int level = 0; level < levels; ++level) {
      columns.push_back(at);
      if (chance(4)) {
        line(at, "- k" + std::to_string(level) + ":");
        at += 2 + (chance(3) ? 1 : 0);
      } else {
        line(at, "k" + std::to_string(level) + ":");
        at += chance(3) ? 2 : 1;
      }
    }
    line(at, "leaf: " + value());
    for (std::size_t n = pick(4); n > 0; --n) {
      int back = columns[pick(columns.size())];
      line(back, "back" + std::to_string(n) + ": " + value());
    }
  }

  void tree() {
    if (chance(3)) line(0, "# Source: chart/templates/some-template.yaml");
    if (chance(10)) line(0, "");
    if (unusual()) {
      switch (pick(4)) {
        case 0:
          sequence(0, 0);
          return;
        case 1:
          line(0, value());
          return;
        case 2:
          mapping(1 + static_cast<int>(pick(3)), Where::kTop, 0);  // indented at the top
          return;
        default:
          break;
      }
    }
    mapping(0, Where::kTop, 0);
  }

  // Lines from the pieces above, each at an indentation of its own.
  void soup() {
    static constexpr int kIndents[] = {0, 0, 0, 1, 2, 2, 2, 3, 4, 4, 6, 8};
    for (std::size_t n = 1 + pick(20); n > 0; --n) {
      int indent = kIndents[pick(std::size(kIndents))];
      Where where = indent == 0   ? Where::kTop
                    : indent <= 2 ? Where::kMetadata
                                  : Where::kAnnotations;
      switch (pick(12)) {
        case 0:
        case 1:
        case 2:
          line(indent, key(where) + ": " + value());
          break;
        case 3:
          line(indent, key(where) + ":" + nothing());
          break;
        case 4:
          line(indent, key(where) + ": " + std::string(from(kUsualHeaders)));
          break;
        case 5:
          line(indent, "- " + value());
          break;
        case 6:
          line(indent, "-" + nothing());
          break;
        case 7:
          line(indent, "- " + key(Where::kOther) + ": " + value());
          break;
        case 8:
          line(indent, "# a comment");
          break;
        case 9:
          line(0, "");
          break;
        case 10:
          line(indent, std::string(from(kBodies)));
          break;
        default:
          line(indent, value());
          break;
      }
    }
  }

  // The lines as text, with blank lines, comments, trailing spaces and (in noisy documents)
  // tabs, carriage returns, bytes past ASCII and lines lost or doubled on the way.
  std::string join() {
    std::string doc;
    for (std::size_t i = 0; i < lines_.size(); ++i) {
      const Line& l = lines_[i];
      if (chance(25)) doc += "\n";
      if (chance(30)) doc += std::string(pick(9), ' ') + "# between\n";
      if (unusual() && chance(4)) {
        switch (pick(6)) {
          case 0:
            continue;  // lost
          case 1:
            doc += std::string(static_cast<std::size_t>(l.indent), ' ') + l.text + "\n";
            break;  // doubled
          case 2:
            doc += "\t";
            break;
          case 3:
            doc += std::string(static_cast<std::size_t>(l.indent), ' ') + l.text + "\r\n";
            continue;
          case 4:
            doc += std::string(static_cast<std::size_t>(l.indent), ' ') + l.text + "\xc3\xa9\n";
            continue;
          default:
            doc += std::string(static_cast<std::size_t>(l.indent), ' ') + l.text + " \t\n";
            continue;
        }
      }
      doc += std::string(static_cast<std::size_t>(l.indent), ' ');
      doc += l.text;
      if (chance(12)) doc += std::string(1 + pick(3), ' ');
      doc += "\n";
    }
    if (chance(10)) doc += "\n\n";
    // The last line without its line break, now and then.
    if (chance(3) && !doc.empty() && doc.back() == '\n') doc.pop_back();
    return doc;
  }

  std::mt19937_64 rng_;
  int noise_ = 0;
  int dash_at_ = -1;  // where the dash of "- key: ..." goes, when the next line is that key's
  std::vector<Line> lines_;
};

// The document as a C string literal, to be read in a failure message.
std::string quoted_document(std::string_view doc) {
  std::string out = "\"";
  for (char c : doc) {
    auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n\"\n\"";
    } else if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (b < 0x20 || b >= 0x7f) {
      static constexpr char kHex[] = "0123456789abcdef";
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
      out += "\"\"";  // so that a hex digit after it is not read into the escape
    } else {
      out += c;
    }
  }
  return out + "\"";
}

TEST(FastHeadDifferential, WhatTheQuickReaderTakesTheReferenceTakesTheSame) {
  Documents documents(kSeed);
  int taken = 0, with_head = 0, with_hook = 0, failures = 0;
  for (int i = 0; i < kDocuments && failures < 20; ++i) {
    const std::string doc = documents.next();
    ManifestHead quick;
    if (!detail::read_head_quick(doc, quick)) continue;
    ++taken;
    if (!quick.kind.empty() && !quick.name.empty()) ++with_head;
    if (quick.has_hook) ++with_hook;
    ManifestHead reference;
    std::string error;
    HeadRead read = detail::read_head_reference(doc, reference, error);
    bool same = read == HeadRead::kRead && error.empty() && reference.kind == quick.kind &&
                reference.name == quick.name && reference.has_hook == quick.has_hook &&
                reference.hook_types == quick.hook_types;
    if (!same) {
      ++failures;
      ADD_FAILURE() << "document " << i << ":\n"
                    << quoted_document(doc) << "\nquick: kind '" << quick.kind << "' name '"
                    << quick.name << "' hook " << quick.has_hook << " '" << quick.hook_types
                    << "'\nreference ("
                    << (read == HeadRead::kRead       ? "read"
                        : read == HeadRead::kDeclined ? "declined"
                                                      : "refused")
                    << "): kind '" << reference.kind << "' name '" << reference.name << "' hook "
                    << reference.has_hook << " '" << reference.hook_types << "' error '" << error
                    << "'";
    }
  }
  EXPECT_GE(taken, kMinTaken);
  EXPECT_GE(with_head, kMinTakenWithHead);
  EXPECT_GE(with_hook, kMinTakenWithHook);
}

}  // namespace
}  // namespace render::chart
