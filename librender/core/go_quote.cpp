#include "render/go_quote.hpp"

#include "render/utf8.hpp"

namespace render {

void append_go_quote(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  std::size_t i = 0;
  while (i < text.size()) {
    // A run of printable ASCII other than '"' and '\\' is copied as it is, in one go.
    if (std::size_t run = quote_safe_prefix(text.substr(i)); run != 0) {
      out.append(text.data() + i, run);
      i += run;
      continue;
    }
    std::size_t start = i;
    long cp = next_code_point(text, i);
    if (cp < 0) {  // an invalid byte
      i = start + 1;
      unsigned char b = static_cast<unsigned char>(text[start]);
      out += "\\x";
      out += kHex[b >> 4];
      out += kHex[b & 15];
      continue;
    }
    char32_t c = static_cast<char32_t>(cp);
    switch (c) {
      case '"':
        out += "\\\"";
        continue;
      case '\\':
        out += "\\\\";
        continue;
      case '\a':
        out += "\\a";
        continue;
      case '\b':
        out += "\\b";
        continue;
      case '\f':
        out += "\\f";
        continue;
      case '\n':
        out += "\\n";
        continue;
      case '\r':
        out += "\\r";
        continue;
      case '\t':
        out += "\\t";
        continue;
      case '\v':
        out += "\\v";
        continue;
      default:
        break;
    }
    if (go_is_print(c)) {
      out.append(text.substr(start, i - start));
    } else if (c < 0x80) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else if (c < 0x10000) {
      out += "\\u";
      for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(c >> shift) & 15];
    } else {
      out += "\\U";
      for (int shift = 28; shift >= 0; shift -= 4) out += kHex[(c >> shift) & 15];
    }
  }
  out += '"';
}

std::string go_quote(std::string_view text) {
  std::string out;
  append_go_quote(out, text);
  return out;
}

std::string go_quote_rune(char32_t rune) {
  if (rune == '\'') return "'\\''";
  if (rune == '"') return "'\"'";
  std::string utf8;
  append_utf8(utf8, rune);
  std::string q = go_quote(utf8);
  return "'" + q.substr(1, q.size() - 2) + "'";
}

}  // namespace render
