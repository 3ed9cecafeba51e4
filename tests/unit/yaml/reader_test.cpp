#include <gtest/gtest.h>

#include <string>

#include "render/diagnostic.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

std::string problem_at(std::string_view text, std::size_t* offset = nullptr) {
  auto p = reader_problem(text);
  if (!p) return "";
  if (offset != nullptr) *offset = p->offset;
  return std::string(p->message);
}

// One byte in plain text, at every place around the eight-byte steps of the scan: refused
// exactly when yaml.v2 refuses it alone, and found where it is.
TEST(ReaderProblem, FindsEveryOddSingleByteAtEveryPlace) {
  for (int byte = 0; byte < 256; ++byte) {
    bool allowed = byte == '\t' || byte == '\n' || byte == '\r' || (byte >= 0x20 && byte < 0x7F);
    for (std::size_t at = 0; at < 26; ++at) {
      std::string text = "key: some plain text here\n";
      text[at] = static_cast<char>(byte);
      std::size_t offset = 0;
      std::string message = problem_at(text, &offset);
      if (allowed) {
        EXPECT_EQ(message, "") << byte << " at " << at;
        continue;
      }
      std::size_t width = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : 2;
      if (byte < 0x80) {
        EXPECT_EQ(message, "control characters are not allowed") << byte;
        EXPECT_EQ(offset, at) << byte << " at " << at;
      } else if (byte < 0xC0 || byte >= 0xF8) {
        EXPECT_EQ(message, "invalid leading UTF-8 octet") << byte;
        EXPECT_EQ(offset, at) << byte << " at " << at;
      } else if (at + width > text.size()) {
        EXPECT_EQ(message, "incomplete UTF-8 octet sequence") << byte << " at " << at;
        EXPECT_EQ(offset, at) << byte << " at " << at;
      } else {
        // A lead byte followed by ASCII: the next byte is no trailing octet.
        EXPECT_EQ(message, "invalid trailing UTF-8 octet") << byte << " at " << at;
        EXPECT_EQ(offset, at + 1) << byte << " at " << at;
      }
    }
  }
}

TEST(ReaderProblem, ReadsUtf8AsYamlV2Does) {
  EXPECT_EQ(problem_at("caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80 \xef\xbf\xbd"), "");
  EXPECT_EQ(problem_at("nel: \xc2\x85"), "");           // NEL is allowed
  EXPECT_EQ(problem_at("private: \xee\x80\x80"), "");   // U+E000
  EXPECT_EQ(problem_at("last: \xf4\x8f\xbf\xbf"), "");  // U+10FFFF
  EXPECT_EQ(problem_at("c1: \xc2\x80"), "control characters are not allowed");
  EXPECT_EQ(problem_at("nonchar: \xef\xbf\xbe"), "control characters are not allowed");
  EXPECT_EQ(problem_at("nonchar: \xef\xbf\xbf"), "control characters are not allowed");
  EXPECT_EQ(problem_at("overlong: \xc0\x80"), "invalid length of a UTF-8 sequence");
  EXPECT_EQ(problem_at("overlong: \xe0\x80\xaf"), "invalid length of a UTF-8 sequence");
  EXPECT_EQ(problem_at("surrogate: \xed\xa0\x80"), "invalid Unicode character");
  EXPECT_EQ(problem_at("beyond: \xf4\x90\x80\x80"), "invalid Unicode character");
  EXPECT_EQ(problem_at("cut: \xe2\x82"), "incomplete UTF-8 octet sequence");
  std::size_t offset = 0;
  EXPECT_EQ(problem_at("cut: \xe2\x82x", &offset), "invalid trailing UTF-8 octet");
  EXPECT_EQ(offset, 7u);  // the trailing octet that is not one
}

TEST(ReaderProblem, ByteOrderMarks) {
  EXPECT_EQ(problem_at("\xef\xbb\xbf"
                       "a: 1\n"),
            "");
  // UTF-16 is decoded by yaml.v2, not checked here.
  EXPECT_EQ(problem_at(std::string_view("\xff\xfe"
                                        "a\0:\0\x01\0",
                                        8)),
            "");
  EXPECT_EQ(problem_at("a: \xef\xbb\xbf"), "");  // U+FEFF later on is an allowed character
}

// yaml.v2 decodes 512 bytes at a time: a problem in the part it decoded before a parse error
// stopped it wins, one further on does not.
TEST(ReaderProblem, ReadFirstByChunks) {
  ReaderProblem early{100, "control characters are not allowed"};
  EXPECT_TRUE(reads_problem_first(early, 0));
  EXPECT_TRUE(reads_problem_first(early, 5000));
  ReaderProblem late{700, "control characters are not allowed"};
  EXPECT_FALSE(reads_problem_first(late, 10));
  EXPECT_FALSE(reads_problem_first(late, 500));
  EXPECT_TRUE(reads_problem_first(late, 510));  // it looks a few characters ahead
  EXPECT_TRUE(reads_problem_first(late, 600));
  // And the words for it, when it comes first.
  EXPECT_EQ(reader_error(late, 10), std::nullopt);
  EXPECT_EQ(reader_error(late, 600), "yaml: control characters are not allowed");
  EXPECT_EQ(reader_error(std::nullopt, 600), std::nullopt);
}

TEST(ReaderProblem, LoadRefusesWithTheProblemsPlace) {
  LoadOptions options;
  try {
    load("a: 1\nb: \"x\x01y\"\n", options);
    FAIL() << "loaded";
  } catch (const Error& e) {
    const Diagnostic& d = e.diagnostics().front();
    EXPECT_EQ(d.message, "control characters are not allowed");
    EXPECT_EQ(d.location.line, 2);
    EXPECT_EQ(d.location.col, 6);
    EXPECT_EQ(go_error_message(d.message, 1, 5, "a: 1\nb: \"x\x01y\"\n"),
              "yaml: control characters are not allowed");
  }
  // Past the first document, which is all yaml.v2 reads, and more than a chunk further on...
  std::string text = "a: 1\n---\n" + std::string(1000, '#') + "\nb: \x01\n";
  EXPECT_NO_THROW(load(text, options));
  // ...but not within the chunk yaml.v2 decoded to find the end of the first.
  EXPECT_THROW(load("a: 1\n---\nb: \x01\n", options), Error);
}

}  // namespace
}  // namespace render::yaml
