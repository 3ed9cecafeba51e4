// The lexer: Go text/template's items, with the trim markers applied to the text around actions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace render::tmpl {

enum class Item : std::uint8_t {
  kError,  // value holds the message
  kEOF,
  kText,
  kComment,
  kLeftDelim,
  kRightDelim,
  kSpace,
  kIdentifier,
  kField,     // ".Name"
  kVariable,  // "$name" or "$"
  kNumber,
  kComplex,  // "1+2i"
  kCharConstant,
  kString,
  kRawString,
  kBool,
  kChar,  // any other printable ASCII character, e.g. ','
  kPipe,
  kLeftParen,
  kRightParen,
  kAssign,
  kDeclare,
  // Keywords (printed as <word> in errors).
  kKeyword,
  kBlock,
  kBreak,
  kContinue,
  kDot,
  kDefine,
  kElse,
  kEnd,
  kIf,
  kNil,
  kRange,
  kTemplate,
  kWith,
};

struct Token {
  Item type;
  std::uint32_t pos;
  std::string value;  // the item's text (for text items: after trimming)
};

// Go's item.String(), used in "unexpected X in Y" messages.
std::string describe(const Token& token);

// Lexes a whole template. The last token is kEOF or kError.
std::vector<Token> lex(std::string_view text);

}  // namespace render::tmpl
