#include "template/lexer.hpp"

#include <algorithm>
#include <cstdio>
#include <iterator>

#include "render/utf8.hpp"
#include "template/functions/value_text.hpp"

namespace render::tmpl {
namespace {

constexpr std::string_view kLeft = "{{";
constexpr std::string_view kRight = "}}";

// Go's lexer counts only these four as space: U+00A0, U+3000 and the like are bad characters.
bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// Go's isAlphaNumeric: '_', a letter or a decimal digit of any script.
bool is_alnum_rune(long r) {
  if (r < 0x80) {
    return r == '_' || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || (r >= '0' && r <= '9');
  }
  const auto c = static_cast<char32_t>(r);
  return go_is_letter(c) || go_is_digit(c);
}
bool has_left_trim(std::string_view s) {
  return s.size() >= 2 && s[0] == '-' && is_space(s[1]);
}
bool has_right_trim(std::string_view s) {
  return s.size() >= 2 && is_space(s[0]) && s[1] == '-';
}

Item keyword(std::string_view w) {
  if (w == "block") return Item::kBlock;
  if (w == "break") return Item::kBreak;
  if (w == "continue") return Item::kContinue;
  if (w == "define") return Item::kDefine;
  if (w == "else") return Item::kElse;
  if (w == "end") return Item::kEnd;
  if (w == "if") return Item::kIf;
  if (w == "nil") return Item::kNil;
  if (w == "range") return Item::kRange;
  if (w == "template") return Item::kTemplate;
  if (w == "with") return Item::kWith;
  return Item::kIdentifier;
}

// Go's %#U of the character at s[i].
std::string describe_char(std::string_view s, std::size_t i) {
  std::size_t j = i;
  long cp = next_code_point(s, j);
  if (cp < 0) cp = 0xfffd;
  char buf[32];
  std::snprintf(buf, sizeof buf, "U+%04lX", cp);
  std::string out = buf;
  if (go_is_print(static_cast<char32_t>(cp))) {
    out += " '";
    if (cp == 0xfffd && j == i + 1) {
      out += "\xef\xbf\xbd";
    } else {
      out += s.substr(i, j - i);
    }
    out += "'";
  }
  return out;
}

class Lexer {
 public:
  explicit Lexer(std::string_view text) : in_(text) {}

  std::vector<Token> run() {
    while (!done_) lex_text();
    return std::move(tokens_);
  }

 private:
  void emit(Item type, std::size_t start, std::size_t end) {
    tokens_.push_back(Token{type, static_cast<std::uint32_t>(start),
                            std::string(in_.substr(start, end - start))});
  }
  void error(std::string message) { error_at(pos_, std::move(message)); }
  // Go's lexer places an error at the start of the item it was reading.
  void error_at(std::size_t at, std::string message) {
    tokens_.push_back(Token{Item::kError, static_cast<std::uint32_t>(at), std::move(message)});
    done_ = true;
  }
  char peek(std::size_t k = 0) const { return pos_ + k < in_.size() ? in_[pos_ + k] : '\0'; }
  bool at_end() const { return pos_ >= in_.size(); }
  // The right delimiter (with or without " -" before it) starts here.
  bool at_right_delim(bool* trim) const {
    std::string_view rest = in_.substr(pos_);
    if (has_right_trim(rest) && rest.substr(2).starts_with(kRight)) {
      *trim = true;
      return true;
    }
    *trim = false;
    return rest.starts_with(kRight);
  }
  // The length of the letter, digit or '_' at in_[i]; 0 for anything else (a byte that does not
  // start valid UTF-8 is U+FFFD to Go, not a letter).
  std::size_t alnum_length(std::size_t i) const {
    if (i >= in_.size()) return 0;
    std::size_t j = i;
    long r = next_code_point(in_, j);
    return r >= 0 && is_alnum_rune(r) ? j - i : 0;
  }
  void skip_alnum() {
    while (std::size_t n = alnum_length(pos_)) pos_ += n;
  }

  bool at_terminator() const {
    if (at_end()) return true;
    char c = in_[pos_];
    if (is_space(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '(') {
      return true;
    }
    return in_.substr(pos_).starts_with(kRight);
  }

  void lex_text() {
    std::size_t start = pos_;
    std::size_t found = in_.find(kLeft, pos_);
    if (found == std::string_view::npos) {
      if (start < in_.size()) emit(Item::kText, start, in_.size());
      tokens_.push_back(Token{Item::kEOF, static_cast<std::uint32_t>(in_.size()), {}});
      done_ = true;
      return;
    }
    std::size_t text_end = found;
    if (has_left_trim(in_.substr(found + kLeft.size()))) {
      while (text_end > start && is_space(in_[text_end - 1])) --text_end;
    }
    if (text_end > start) emit(Item::kText, start, text_end);
    pos_ = found;
    lex_left_delim();
  }

  void lex_left_delim() {
    std::size_t delim = pos_;
    pos_ += kLeft.size();
    bool trim = has_left_trim(in_.substr(pos_));
    std::size_t after_marker = trim ? 2 : 0;
    if (in_.substr(pos_ + after_marker).starts_with("/*")) {
      pos_ += after_marker;
      lex_comment();
      return;
    }
    emit(Item::kLeftDelim, delim, delim + kLeft.size());
    pos_ += after_marker;
    paren_depth_ = 0;
    lex_inside_action();
  }

  void lex_comment() {
    // Both errors are placed where the comment starts, which may be lines before its end.
    std::size_t start = pos_;
    pos_ += 2;
    std::size_t x = in_.find("*/", pos_);
    if (x == std::string_view::npos) return error_at(start, "unclosed comment");
    pos_ = x + 2;
    bool trim = false;
    if (!at_right_delim(&trim)) return error_at(start, "comment ends before closing delimiter");
    if (trim) pos_ += 2;
    pos_ += kRight.size();
    if (trim) skip_leading_space();
  }

  void skip_leading_space() {
    while (pos_ < in_.size() && is_space(in_[pos_])) ++pos_;
  }

  void lex_inside_action() {
    for (;;) {
      if (done_) return;
      bool trim = false;
      if (at_right_delim(&trim)) {
        if (paren_depth_ != 0) return error("unclosed left paren");
        if (trim) pos_ += 2;
        emit(Item::kRightDelim, pos_, pos_ + kRight.size());
        pos_ += kRight.size();
        if (trim) skip_leading_space();
        return;
      }
      if (at_end()) return error("unclosed action");
      std::size_t start = pos_;
      char c = in_[pos_];
      if (is_space(c)) {
        lex_space();
        continue;
      }
      ++pos_;
      switch (c) {
        case '=':
          emit(Item::kAssign, start, pos_);
          continue;
        case ':':
          if (peek() != '=') return error("expected :=");
          ++pos_;
          emit(Item::kDeclare, start, pos_);
          continue;
        case '|':
          emit(Item::kPipe, start, pos_);
          continue;
        case '"':
          lex_quote(start, '"', Item::kString, "unterminated quoted string");
          continue;
        case '\'':
          lex_quote(start, '\'', Item::kCharConstant, "unterminated character constant");
          continue;
        case '`': {
          std::size_t end = in_.find('`', pos_);
          if (end == std::string_view::npos) return error("unterminated raw quoted string");
          pos_ = end + 1;
          emit(Item::kRawString, start, pos_);
          continue;
        }
        case '$':
          lex_field_or_variable(start, Item::kVariable);
          continue;
        case '(':
          emit(Item::kLeftParen, start, pos_);
          ++paren_depth_;
          continue;
        case ')':
          if (--paren_depth_ < 0) return error_at(start, "unexpected right paren");
          emit(Item::kRightParen, start, pos_);
          continue;
        default:
          break;
      }
      if (c == '.' && !(peek() >= '0' && peek() <= '9')) {
        lex_field_or_variable(start, Item::kField);
        continue;
      }
      if (c == '.' || c == '+' || c == '-' || (c >= '0' && c <= '9')) {
        pos_ = start;
        lex_number();
        continue;
      }
      if (alnum_length(start) != 0) {
        pos_ = start;
        lex_identifier();
        continue;
      }
      if (static_cast<unsigned char>(c) < 0x80 && c >= 0x20 && c != 0x7f) {
        emit(Item::kChar, start, pos_);
        continue;
      }
      pos_ = start;
      return error("unrecognized character in action: " + describe_char(in_, start));
    }
  }

  void lex_space() {
    std::size_t start = pos_;
    int spaces = 0;
    while (pos_ < in_.size() && is_space(in_[pos_])) {
      ++pos_;
      ++spaces;
    }
    std::string_view tail = in_.substr(pos_ - 1);
    if (has_right_trim(tail) && tail.substr(2).starts_with(kRight)) {
      --pos_;  // the last space belongs to " -}}"
      if (spaces == 1) return;
    }
    emit(Item::kSpace, start, pos_);
  }

  void lex_quote(std::size_t start, char quote, Item type, const char* unterminated) {
    for (;;) {
      if (at_end()) return error_at(start, unterminated);
      char c = in_[pos_++];
      if (c == '\\') {
        if (at_end() || in_[pos_] == '\n') return error_at(start, unterminated);
        ++pos_;
        continue;
      }
      if (c == '\n') return error_at(start, unterminated);
      if (c == quote) break;
    }
    emit(type, start, pos_);
  }

  void lex_field_or_variable(std::size_t start, Item type) {
    if (at_terminator()) {
      emit(type == Item::kVariable ? Item::kVariable : Item::kDot, start, pos_);
      return;
    }
    skip_alnum();
    if (!at_terminator()) return error("bad character " + describe_char(in_, pos_));
    emit(type, start, pos_);
  }

  void lex_identifier() {
    std::size_t start = pos_;
    skip_alnum();
    if (!at_terminator()) return error("bad character " + describe_char(in_, pos_));
    std::string_view word = in_.substr(start, pos_ - start);
    Item type = keyword(word);
    if (type == Item::kIdentifier && (word == "true" || word == "false")) type = Item::kBool;
    emit(type, start, pos_);
  }

  bool accept(std::string_view set) {
    if (!at_end() && set.find(in_[pos_]) != std::string_view::npos) {
      ++pos_;
      return true;
    }
    return false;
  }
  void accept_run(std::string_view set) {
    while (accept(set)) {
    }
  }
  bool scan_number() {
    accept("+-");
    std::string_view digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    accept_run(digits);
    if (accept(".")) accept_run(digits);
    if (digits.size() == 11 && accept("eE")) {
      accept("+-");
      accept_run("0123456789_");
    }
    if (digits.size() == 23 && accept("pP")) {
      accept("+-");
      accept_run("0123456789_");
    }
    accept("i");
    // Go quotes the bad number with the whole character that follows it.
    if (std::size_t n = alnum_length(pos_)) {
      pos_ += n;
      return false;
    }
    return true;
  }
  void lex_number() {
    std::size_t start = pos_;
    if (!scan_number()) {
      return error("bad number syntax: " + go_quote(in_.substr(start, pos_ - start)));
    }
    if (peek() == '+' || peek() == '-') {
      // Go reads on for a complex constant ("1+2i"); anything else after the sign is a bad
      // number, quoted with what it read of it.
      if (!scan_number() || in_[pos_ - 1] != 'i') {
        return error("bad number syntax: " + go_quote(in_.substr(start, pos_ - start)));
      }
      return emit(Item::kComplex, start, pos_);
    }
    emit(Item::kNumber, start, pos_);
  }

  std::string_view in_;
  std::size_t pos_ = 0;
  int paren_depth_ = 0;
  bool done_ = false;
  std::vector<Token> tokens_;
};

}  // namespace

std::string describe(const Token& token) {
  if (token.type == Item::kEOF) return "EOF";
  if (token.type == Item::kError) return token.value;
  if (token.type > Item::kKeyword) return "<" + token.value + ">";
  std::string_view v = token.value;
  // %.10q: at most 10 characters, quoted, then "...".
  std::size_t i = 0;
  int runes = 0;
  while (i < v.size() && runes < 10) {
    next_code_point(v, i);
    ++runes;
  }
  if (i < v.size()) return go_quote(v.substr(0, i)) + "...";
  return go_quote(v);
}

std::vector<Token> lex(std::string_view text) {
  return Lexer(text).run();
}

}  // namespace render::tmpl
