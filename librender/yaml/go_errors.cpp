// yaml.v2's error messages for the YAML errors yaml-cpp reports.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fast_load.hpp"
#include "render/yaml.hpp"

namespace render::yaml {
namespace {

constexpr std::size_t npos = std::string_view::npos;

// Where the lines of the text whose error is being worded start (go_error_message makes one for
// the call): the wording walks the lines up and down from many places, and counting from the top
// each time took seconds on a values file of 50,000 lines.
class LineIndex {
 public:
  explicit LineIndex(std::string_view text) : text_(text), outer_(current_) {
    starts_.push_back(0);
    for (std::size_t at = text.find('\n'); at != npos; at = text.find('\n', at + 1)) {
      starts_.push_back(at + 1);
    }
    current_ = this;
  }
  ~LineIndex() { current_ = outer_; }
  LineIndex(const LineIndex&) = delete;
  LineIndex& operator=(const LineIndex&) = delete;

  // The index made for `text` on this thread, if any.
  static const LineIndex* of(std::string_view text) {
    const LineIndex* index = current_;
    return index != nullptr && index->text_.data() == text.data() &&
                   index->text_.size() == text.size()
               ? index
               : nullptr;
  }
  std::string_view line(int n) const {
    if (n < 0 || static_cast<std::size_t>(n) >= starts_.size()) return {};
    const std::size_t start = starts_[static_cast<std::size_t>(n)];
    const std::size_t end = static_cast<std::size_t>(n) + 1 < starts_.size()
                                ? starts_[static_cast<std::size_t>(n) + 1] - 1
                                : text_.size();
    return text_.substr(start, end - start);
  }

 private:
  static thread_local const LineIndex* current_;
  std::string_view text_;
  std::vector<std::size_t> starts_;
  const LineIndex* outer_;
};
thread_local const LineIndex* LineIndex::current_ = nullptr;

// Line `line` (0-based) of the text, without its break; empty past the end.
std::string_view nth_line(std::string_view text, int line) {
  if (const LineIndex* index = LineIndex::of(text)) return index->line(line);
  std::size_t start = 0;
  for (int i = 0; i < line; ++i) {
    start = text.find('\n', start);
    if (start == npos) return {};
    ++start;
  }
  std::size_t end = text.find('\n', start);
  return text.substr(start, end == npos ? end : end - start);
}

// The 0-based line after `line` whose blanks the scanner reads up to a tab, reading on over blank
// lines where a key may start: the first with a tab among its leading blanks (a blank line's
// too), unless a line with content comes first.
std::optional<int> tab_line_after(std::string_view text, int line) {
  for (int next = line + 1;; ++next) {
    const std::string_view l = nth_line(text, next);
    const std::size_t content = l.find_first_not_of(" \t\r");
    if (l.substr(0, content).find('\t') != npos) return next;
    if (content != npos || offset_of(text, next, 0) >= text.size()) return std::nullopt;
  }
}

// The line yaml.v2 puts the end of the stream on: after the last break, a last line without a
// break of its own counting as ended.
int end_of_stream_line(std::string_view text) {
  return static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
         (!text.empty() && text.back() != '\n' ? 1 : 0);
}

// The 0-based line of the offset `at` of the text.
int line_at(std::string_view text, std::size_t at) {
  return static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
}

// Where the next token starts from `at` on: past blanks, line breaks and comments (a '#' at a
// line's start or after a blank); npos at the end.
std::size_t next_token(std::string_view text, std::size_t at) {
  while (at < text.size()) {
    const char c = text[at];
    if (c == '#' && (at == 0 || text[at - 1] == ' ' || text[at - 1] == '\t' ||
                     text[at - 1] == '\n' || text[at - 1] == '\r')) {
      at = text.find('\n', at);
      if (at == npos) return npos;
    } else if (c != ' ' && c != '\t' && c != '\r' && c != '\n') {
      return at;
    }
    ++at;
  }
  return npos;
}

// The line yaml.v2 names for a key without ':' that is a quoted scalar or a flow collection at
// `at` (on the 0-based `line0`): the key stops being one when the scanner's position passes to
// a later line after a token, right after that token. Within the key that is the line its
// closing quote is on, or that of the first token of a flow collection on a later line; past it,
// that of the next token (the end of the stream: a line break is counted at its end).
int enclosed_keyless_error_line(std::string_view text, std::size_t at, int line0) {
  // (A quoted scalar that does not close, or a flow collection, fails in another way first.)
  const int end_line = end_of_stream_line(text) + 1;
  const bool flow = text[at] == '[' || text[at] == '{';
  int depth = 0;
  do {
    at = next_token(text, at);
    if (at == npos) return end_line;
    if (line_at(text, at) > line0) {
      // A plain scalar there is read to its end, and the blanks and line breaks after it.
      if (std::string_view(",[]{}:\"'#").find(text[at]) == npos) {
        while (at < text.size() && std::string_view(",[]{}\n").find(text[at]) == npos &&
               !(text[at] == ':' && at + 1 < text.size() &&
                 std::string_view(" \t\r\n,[]{}").find(text[at + 1]) != npos)) {
          ++at;
        }
        at = next_token(text, at);
        if (at == npos) return end_line;
      }
      return line_at(text, at) + 1;
    }
    const char c = text[at];
    if (c == '"' || c == '\'') {
      const std::size_t length = quoted_end(text.substr(at));
      if (length == npos) return end_line;
      at += length;
      if (line_at(text, at - 1) > line0) return line_at(text, at - 1) + 1;
      continue;
    }
    if (c == '[' || c == '{') ++depth;
    if (c == ']' || c == '}') --depth;
    ++at;
  } while (flow && depth > 0);
  at = next_token(text, at);
  return at == npos ? end_line : line_at(text, at) + 1;
}

}  // namespace

int keyless_error_line(std::string_view text, int line0) {
  std::string_view first = nth_line(text, line0);
  const std::size_t indent = first.find_first_not_of(' ');
  if (indent != npos && (first[indent] == '"' || first[indent] == '\'' || first[indent] == '[' ||
                         first[indent] == '{')) {
    return enclosed_keyless_error_line(text, offset_of(text, line0, static_cast<int>(indent)),
                                       line0);
  }
  // A plain scalar goes on over the lines indented further than its own (none that starts a
  // comment or holds a ": "), blank lines among them. yaml.v2's scanner takes the line breaks
  // after it, up to the first line with anything else on it, and notices the missing ':' there.
  std::size_t at = offset_of(text, line0 + 1, 0);
  int line = line0 + 1;
  bool went_on = false;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::string_view l = text.substr(at, end == std::string_view::npos ? end : end - at);
    std::size_t content = l.find_first_not_of(" \t\r");
    if (content != std::string_view::npos) {
      std::size_t spaces = l.find_first_not_of(' ');
      bool continues = indent != std::string_view::npos && spaces == content && spaces > indent &&
                       l[content] != '#' && l.find(": ") == std::string_view::npos &&
                       l.back() != ':';
      if (!continues) return line + 1;
      went_on = true;
    }
    if (end == std::string_view::npos) break;
    at = end + 1;
    ++line;
  }
  // The end of the stream (1-based). A scalar that went on over lines ends on its last, where
  // the scanner notices; one on the key's line alone is noticed at the end, which counts a
  // line break after a last line without one.
  if (went_on && text.back() != '\n') return end_of_stream_line(text);
  return end_of_stream_line(text) + 1;
}

std::optional<std::size_t> ignored_tail(std::string_view text, std::string_view message, int line0,
                                        int col0) {
  if (message != YAML::ErrorMsg::FLOW_END || line0 <= 0 || col0 < 0) return std::nullopt;
  std::size_t at = offset_of(text, line0, col0);
  std::size_t line_start = offset_of(text, line0, 0);
  if (at >= text.size() || (text[at] != '}' && text[at] != ']') ||
      text.substr(line_start, at - line_start).find_first_not_of(' ') != std::string_view::npos) {
    return std::nullopt;
  }
  // The first line with content: only comments and blank lines before it, and indented further.
  for (std::size_t pos = 0; pos < line_start;) {
    std::size_t end = text.find('\n', pos);
    std::string_view line = text.substr(pos, end - pos);
    std::size_t first = line.find_first_not_of(" \t\r");
    if (first != std::string_view::npos && line[first] != '#') {
      if (line[first] == '%' || line.find('\t') < first ||
          first <= static_cast<std::size_t>(col0)) {
        return std::nullopt;
      }
      try {
        YAML::Load(std::string(text.substr(0, line_start)));
      } catch (const YAML::Exception&) {
        return std::nullopt;
      }
      return line_start;
    }
    pos = end + 1;
  }
  return std::nullopt;
}

std::optional<std::size_t> closed_root_scalar(std::string_view text, std::string_view message,
                                              std::size_t error) {
  using namespace YAML::ErrorMsg;
  if (message != FLOW_END && message != END_OF_MAP_FLOW && message != END_OF_SEQ_FLOW &&
      message != UNKNOWN_ANCHOR && message != MAP_VALUE) {
    return std::nullopt;
  }
  // The root's first line: only blank and comment lines before it (no directive, no "---").
  const std::size_t start = first_content_line(text);
  const std::size_t root = text.find_first_not_of(' ', start);
  if (root >= text.size() || text[root] == '\t' || text[root] == '%' ||
      text.substr(root).starts_with("---") || text.substr(root).starts_with("...")) {
    return std::nullopt;
  }
  // Where `from` on its line has nothing but blanks and perhaps a comment: the comment's start,
  // or the line's end; npos when something else follows.
  auto comment_or_end = [&](std::size_t from) -> std::size_t {
    const std::size_t eol = std::min(text.find('\n', from), text.size());
    const std::size_t next = text.find_first_not_of(" \t\r", from);
    if (next >= eol) return eol;
    return text[next] == '#' && next > from ? next : std::string_view::npos;
  };
  std::size_t end = std::string_view::npos;
  if (text[root] == '"' || text[root] == '\'') {
    const std::size_t closed = quoted_end(text.substr(root));
    if (closed == std::string_view::npos) return std::nullopt;
    const std::size_t after = comment_or_end(root + closed);
    if (after == std::string_view::npos) return std::nullopt;
    end = std::min(text.find('\n', after), text.size());
  } else {
    if (is_indicator(text[root])) return std::nullopt;
    // A plain scalar: a ':' before a blank (or at a line's end) before the comment makes it a
    // key, or the error; "---" and "..." lines end the document, as elsewhere.
    for (std::size_t line = root; line < text.size() && end == std::string_view::npos;) {
      const std::size_t eol = std::min(text.find('\n', line), text.size());
      const std::string_view l = text.substr(line, eol - line);
      if (line != root && (l.starts_with("---") || l.starts_with("..."))) return std::nullopt;
      const std::size_t first = l.find_first_not_of(" \t\r");
      if (line != root && first != std::string_view::npos && l[first] == '#') {
        end = line + first;
        break;
      }
      for (std::size_t k = line == root ? 0 : first; k < l.size() && first != npos; ++k) {
        if (l[k] == '#' && k > 0 && (l[k - 1] == ' ' || l[k - 1] == '\t')) {
          end = line + k;
          break;
        }
        if (l[k] == ':' &&
            (k + 1 == l.size() || l[k + 1] == ' ' || l[k + 1] == '\t' || l[k + 1] == '\r')) {
          // First on a later line, after the line breaks the scalar read: it ends there, and
          // the ':' starts the next token (no key, nor an error, before it).
          if (line != root && k == first) {
            end = line + k;
            break;
          }
          return std::nullopt;
        }
      }
      line = eol + 1;
    }
  }
  if (end == std::string_view::npos || end > error) return std::nullopt;
  // The next token after a line break: the scanner stops at a tab starting its line first.
  if ((end == text.size() || text[end] != ':') &&
      tab_line_after(text, static_cast<int>(std::count(text.begin(), text.begin() + end, '\n')))) {
    return std::nullopt;
  }
  return end;
}

namespace {

bool blank_or_end(std::string_view text, std::size_t at) {
  return at >= text.size() || text[at] == ' ' || text[at] == '\t' || text[at] == '\r' ||
         text[at] == '\n';
}

}  // namespace

bool starts_with_key(std::string_view rest) {
  if (rest.empty() || rest[0] == '[' || rest[0] == '{' || rest[0] == '#' || rest[0] == '|' ||
      rest[0] == '>') {
    return false;
  }
  std::size_t from = 0;
  if (rest[0] == '"' || rest[0] == '\'') {
    from = quoted_end(rest);
    if (from == npos) return false;
    from = std::min(rest.find_first_not_of(' ', from), rest.size());
    return from < rest.size() && rest[from] == ':' && blank_or_end(rest, from + 1);
  }
  for (std::size_t at = rest.find(':'); at != npos; at = rest.find(':', at + 1)) {
    std::size_t hash = rest.find(" #");
    if (hash != npos && hash < at) return false;
    if (blank_or_end(rest, at + 1)) return true;
  }
  return false;
}

namespace {

// A block collection that a line opens: a sequence at a '-' entry's column, or a mapping at a
// key's ("key:" or "? ").
struct Opened {
  std::size_t column;
  bool sequence;
};

// The block collections a line opens, left to right ("- - a: 1": sequences at 0 and 2, then a
// mapping at 4).
std::vector<Opened> opened_by(std::string_view line) {
  std::vector<Opened> out;
  std::size_t at = line.find_first_not_of(' ');
  while (at < line.size() && (line[at] == '-' || line[at] == '?') && blank_or_end(line, at + 1)) {
    out.push_back({at, line[at] == '-'});
    at = line.find_first_not_of(' ', at + 1);
  }
  if (at < line.size() && starts_with_key(line.substr(at))) out.push_back({at, false});
  return out;
}

// The indentation of a line with content, or npos for a blank or comment line.
std::size_t content_indent(std::string_view line) {
  std::size_t at = line.find_first_not_of(' ');
  if (at == npos || line[at] == '#' || line[at] == '\r') return npos;
  return at;
}

// The column of the block scalar header a line (not blank) ends in: '|' or '>' after a blank
// or at the line's start, then only indicators ('+', '-', digits), blanks and perhaps a comment
// ("| # c"); npos when there is none. `end` is set to the header's last character.
std::size_t block_scalar_header_at(std::string_view line, std::size_t& end) {
  std::size_t comment = line.find('#');  // the first '#' after a blank starts one
  while (comment != npos && comment > 0 && line[comment - 1] != ' ' && line[comment - 1] != '\t') {
    comment = line.find('#', comment + 1);
  }
  end = line.substr(0, comment).find_last_not_of(" \t");
  const std::size_t header = end == npos ? npos : line.find_last_of("|>", end);
  if (header == npos || line.find_first_not_of("+-0123456789", header + 1) <= end ||
      (header != 0 && line[header - 1] != ' ')) {
    return npos;
  }
  return header;
}

// Whether a line (not blank) ends in a block scalar's header.
bool block_scalar_header(std::string_view line) {
  std::size_t end = 0;
  return block_scalar_header_at(line, end) != npos;
}

// Whether what stands on a line before a column ends in a key's ':' or an entry's '-' (blanks
// after it left out): a node starts at the column.
bool after_key_or_entry(std::string_view before) {
  const std::size_t end = before.find_last_not_of(' ');
  if (end == npos) return false;
  return before[end] == ':' || (before[end] == '-' && (end == 0 || before[end - 1] == ' '));
}

// Whether the lines of a text are in a block scalar's text ("key: |" or ">" on a line above,
// every line with content between indented further than that one, and as far as the first of
// them), read line after line: inside() tells it for the line about to be given to step().
class BlockScalarLines {
 public:
  bool inside() const { return header_ != npos; }
  void step(std::string_view line) {
    if (line.find_first_not_of(" \t") == npos) return;  // blank
    const std::size_t indent = line.find_first_not_of(' ');
    if (content_ != npos && line[0] == ' ' && indent >= content_) return;  // text ("a: |" too)
    std::size_t end = 0;
    if (const std::size_t at = block_scalar_header_at(line, end); at != npos) {
      header_ = indent;
      content_ = npos;
      // (With an indentation indicator the text's indentation is not its first line's.)
      explicit_ = line.substr(at, end + 1 - at).find_first_of("0123456789") != npos;
    } else if (line[0] != ' ' || indent <= header_ || (content_ != npos && indent < content_)) {
      header_ = npos;  // a line left of the text's indentation ended it
      content_ = npos;
    } else if (content_ == npos && header_ != npos && !explicit_) {
      content_ = indent;  // the first line of text sets its indentation
    }
  }

 private:
  std::size_t header_ = npos;   // the indentation of the header's line (npos: none)
  std::size_t content_ = npos;  // the text's indentation, once its first line came (npos: not yet)
  bool explicit_ = false;       // the header has an indentation indicator
};

// A text read line after line from its first, with what BlockScalarLines tells of each line.
class Lines {
 public:
  explicit Lines(std::string_view text) : text_(text) {}
  // Moves to the next line while its 0-based number is below `before`: false past it or past
  // the text's end.
  bool next(int before) {
    if (number_ + 1 >= before || start_ > text_.size()) return false;
    const std::size_t stop = std::min(text_.find('\n', start_), text_.size());
    line_ = text_.substr(start_, stop - start_);
    start_ = stop + 1;
    ++number_;
    text_before_ = block_scalar_.inside();
    block_scalar_.step(line_);
    return true;
  }
  int number() const { return number_; }
  std::string_view line() const { return line_; }
  // Whether the line is a block scalar's text (its header is not).
  bool block_text() const { return block_scalar_.inside() && !block_scalar_header(line_); }
  // Whether a block scalar's text was open when the line came (the line may end it).
  bool after_block_text() const { return text_before_; }
  // Whether a block scalar's text goes on after the line.
  bool block_text_open() const { return block_scalar_.inside(); }

 private:
  std::string_view text_;
  std::size_t start_ = 0;
  int number_ = -1;
  std::string_view line_;
  bool text_before_ = false;
  BlockScalarLines block_scalar_;
};

// Where the node after a line's "- " entries (and "? " explicit keys) and its "key:" (a plain or
// quoted key on the line) starts: the line's size when nothing but a comment follows them,
// nullopt for a line with no token (blank, or a comment).
std::optional<std::size_t> past_entries_and_key(std::string_view line) {
  std::size_t at = line.find_first_not_of(' ');
  if (at == npos || line[at] == '#') return std::nullopt;
  for (;;) {
    if ((line[at] == '-' || line[at] == '?') && blank_or_end(line, at + 1)) {
      at = line.find_first_not_of(' ', at + 1);
      if (at == npos || line[at] == '#') return line.size();  // "-" or "?" alone
      continue;
    }
    if (!starts_with_key(line.substr(at))) return at;
    std::size_t colon = at;
    if (line[at] == '"' || line[at] == '\'') {
      colon = at + quoted_end(line.substr(at));
      colon = line.find(':', colon);
    } else {
      while (!(line[colon] == ':' && blank_or_end(line, colon + 1))) ++colon;
    }
    at = line.find_first_not_of(' ', colon + 1);
    if (at == npos || line[at] == '#') return line.size();  // "key:"
    return at;
  }
}

// Past the tags and anchors at `at` of a line (and the blanks after them): where the node they
// belong to starts, or the line's size when it starts on a later line (a comment after them).
std::size_t past_line_properties(std::string_view line, std::size_t at) {
  const std::size_t from = at;
  while (at < line.size() && (line[at] == '!' || line[at] == '&')) {
    const std::size_t space = line.find(' ', at);
    at = space == npos ? line.size() : std::min(line.find_first_not_of(' ', space), line.size());
  }
  return at > from && at < line.size() && line[at] == '#' ? line.size() : at;
}

// Whether a line that a plain scalar goes on over ends it there: a comment line, a ": " or " #"
// in it, or a ':' closing it. A blank line is the scalar's text.
bool ends_plain_scalar(std::string_view line) {
  const std::size_t first = line.find_first_not_of(" \t\r");
  if (first == npos) return false;
  return line[first] == '#' || line.find(": ") != npos || line.find(" #") != npos ||
         line.back() == ':';
}

// The column of the key or entry that owns a plain scalar begun on a line above 0-based `line`
// and going on over it (-1: the document's own scalar); nothing when `line` goes on no plain
// scalar. A plain scalar's later lines are its text while they are indented further than its
// owner: "- b2" or "kk" there are words, no entry nor key. A comment ends it, as does a ": " or
// " #" on a line it spans; so does a node that is no plain scalar. `depth` bounds the lines
// looked back over (unsure: nothing).
std::optional<long> plain_scalar_owner(std::string_view text, int line, int depth = 64) {
  auto blank = [&](int n) { return nth_line(text, n).find_first_not_of(" \t\r") == npos; };
  const std::string_view l = nth_line(text, line);
  const std::size_t indent = content_indent(l);
  if (indent == npos || depth == 0) return std::nullopt;  // (a comment: npos)
  int above = line - 1;  // the nearest line that is not blank (blank ones are the text's)
  while (above >= 0 && blank(above)) --above;
  if (above < 0) return std::nullopt;
  const std::string_view a = nth_line(text, above);
  const std::size_t a_indent = a.find_first_not_of(' ');
  if (a[a_indent] == '#' || (a_indent == 0 && (a.starts_with("---") || a.starts_with("...")))) {
    return std::nullopt;
  }
  std::optional<long> owner;
  if (std::optional<long> up = plain_scalar_owner(text, above, depth - 1)) {
    if (ends_plain_scalar(a)) return std::nullopt;  // a line the scalar spans
    owner = up;
  } else {
    std::optional<std::size_t> node = past_entries_and_key(a);
    // (Past a tag and an anchor: "!!str 5" goes on as the plain scalar "5" does.)
    if (node) node = past_line_properties(a, *node);
    if (!node || *node >= a.size() || is_indicator(a[*node]) || a.find(" #", *node) != npos) {
      return std::nullopt;
    }
    const std::vector<Opened> opened = opened_by(a);
    owner = opened.empty() ? -1L : static_cast<long>(opened.back().column);
  }
  if (static_cast<long>(indent) <= *owner) return std::nullopt;
  return owner;
}

// Quotes and flow collections read line after line as yaml.v2's scanner reads them: a quote
// opens a quoted scalar only where a token starts (inside a plain scalar, "don't", it is text;
// after an anchor or tag and a blank, one starts), an escape or a doubled quote stays inside
// one, and a comment ends the line.
class QuotesAndBrackets {
 public:
  // Reads `line` from `from`. A line of the block context with nothing left open above starts
  // a token there (the node after its entries and key).
  void read(std::string_view line, std::size_t from) {
    if (closed()) token_start_ = true;
    closed_at_ = npos;
    for (std::size_t i = from; i < line.size(); ++i) {
      const char c = line[i];
      if (quote_ != 0) {
        if (quote_ == '"' && c == '\\') {
          ++i;
        } else if (c == quote_ && quote_ == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
          ++i;
        } else if (c == quote_) {
          quote_ = 0;
          token_start_ = false;
          if (depth_ == 0) closed_at_ = i + 1;
        }
        continue;
      }
      if (c == ' ' || c == '\t') {
        token_start_ = token_start_ || property_;
        property_ = false;
        continue;
      }
      if (c == '#' && (i == 0 || line[i - 1] == ' ' || line[i - 1] == '\t')) break;
      const bool start = token_start_;
      token_start_ = c == '[' || c == '{' || c == ',' || (c == ':' && blank_or_end(line, i + 1));
      if (start && (c == '"' || c == '\'')) {
        quote_ = c;
      } else if (start && (c == '&' || c == '!')) {
        property_ = true;
      } else if (c == '[' || c == '{') {
        ++depth_;
      } else if (c == ']' || c == '}') {
        stray_close_ = stray_close_ || depth_ == 0;
        depth_ = std::max(depth_ - 1, 0);
        if (depth_ == 0) closed_at_ = i + 1;
      }
    }
  }
  // Nothing open: no quote, no flow collection.
  bool closed() const { return quote_ == 0 && depth_ == 0; }
  // A ']' or '}' that closed nothing came.
  bool stray_close() const { return stray_close_; }
  // Whether the last line read closed all that was open and nothing but blanks or a comment
  // follows on it.
  bool closed_at_end(std::string_view line) const {
    if (!closed() || closed_at_ == npos) return false;
    const std::size_t rest = line.find_first_not_of(" \t\r", closed_at_);
    return rest == npos || (line[rest] == '#' && rest > closed_at_);
  }

 private:
  int depth_ = 0;
  char quote_ = 0;
  bool token_start_ = true;  // where a quote opens a quoted scalar
  bool property_ = false;    // in an anchor or a tag: a token starts after it
  bool stray_close_ = false;
  std::size_t closed_at_ = npos;  // on the last line read, past what closed all that was open
};

// Whether `s`, a node's text on its line, closes every quote and bracket it opens, up to a
// comment (false: it does not, or is unsure).
bool balanced(std::string_view s) {
  QuotesAndBrackets scan;
  scan.read(s, 0);
  return scan.closed() && !scan.stray_close();
}

// Whether a line closes every quote and bracket it opens: its node after entries and a key, when
// that is a quoted scalar or a flow collection (false means unsure). The quotes and brackets of a
// plain scalar are its text ("a: b 'c").
bool closes_what_it_opens(std::string_view line) {
  std::optional<std::size_t> start = past_entries_and_key(line);
  if (!start || *start == line.size()) return true;
  const char c = line[*start];
  if (c == '"' || c == '\'' || c == '[' || c == '{' || c == '&' || c == '!' || c == '*') {
    return balanced(line.substr(*start));
  }
  return true;  // a plain scalar, a block scalar's header
}

// The first line before 0-based `before` that starts, after its indentation and any "- " entries,
// with ':' and a blank (no key before the value indicator) among a block collection's lines, not
// as the value of an explicit key ("? k" above at its column): yaml.v2's parser stops there
// ("did not find expected key"); yaml-cpp reads a null key and goes on. Nothing when there is
// none, or where a flow collection or a quote left open above makes it unsure.
std::optional<int> empty_key_line(std::string_view text, int before) {
  std::vector<std::string_view> above;  // the lines read so far
  for (Lines lines(text); lines.next(before);) {
    const std::string_view l = lines.line();
    above.push_back(l);
    if (!closes_what_it_opens(l)) return std::nullopt;
    if (lines.block_text()) continue;
    std::size_t at = l.find_first_not_of(' ');
    while (at != npos && l[at] == '-' && blank_or_end(l, at + 1)) {
      at = l.find_first_not_of(' ', at + 1);
    }
    if (at == npos || l[at] != ':' || !blank_or_end(l, at + 1)) continue;
    // The nearest line above indented no further: an explicit key there takes this value.
    bool value_of_explicit_key = false;
    for (std::size_t up = above.size() - 1; up-- > 0;) {
      const std::size_t indent = content_indent(above[up]);
      if (indent == npos || indent > at) continue;
      value_of_explicit_key = indent == at && above[up][indent] == '?';
      break;
    }
    if (!value_of_explicit_key) return lines.number();
  }
  return std::nullopt;
}

// The first line before 0-based `before` where a quoted scalar, the node after its "key:" or
// "- ", is followed on the line by a '[' or '{' ('- "x" {'): yaml.v2's parser stops at the
// bracket, where it wants what may follow a node; yaml-cpp reads a flow collection on. Its
// line and the bracket's column; nothing where a flow collection or a quote left open above
// makes it unsure.
std::optional<std::pair<int, std::size_t>> flow_after_quoted_node(std::string_view text,
                                                                  int before) {
  for (Lines lines(text); lines.next(before);) {
    const std::string_view l = lines.line();
    if (lines.block_text()) continue;
    const std::optional<std::size_t> node = past_entries_and_key(l);
    if (node && *node < l.size() && (l[*node] == '"' || l[*node] == '\'')) {
      const std::size_t length = quoted_end(l.substr(*node));
      const std::size_t next = length == npos ? npos : l.find_first_not_of(' ', *node + length);
      if (next != npos && (l[next] == '[' || l[next] == '{')) {
        return std::pair{lines.number(), next};
      }
    }
    if (!closes_what_it_opens(l)) return std::nullopt;
  }
  return std::nullopt;
}

// Whether the last token of a line (its content `line`, a comment after it left out) ends a
// node closed on the line that is not a plain scalar, or a plain scalar a comment follows: a key
// or entry with nothing after it ("key:", "-"), a quoted scalar, a flow collection, an anchor or
// a tag. After those the line break is read as a blank between tokens (a plain scalar that ends
// the line reads the breaks and blanks after it itself, where a tab has rules of its own).
// False where unsure.
bool ends_in_closed_token(std::string_view line) {
  std::optional<std::size_t> start = past_entries_and_key(line);
  if (!start) return false;
  if (*start == line.size()) return true;  // "key:" or "-"
  const std::size_t at = *start;
  std::string_view value = line.substr(at);
  std::size_t end = npos;  // one past the token
  if (value[0] == '"' || value[0] == '\'') {
    end = quoted_end(value);
  } else if (value[0] == '[' || value[0] == '{') {
    // A flow collection of plain words closed on the line (no quotes, no nested comment).
    int depth = 0;
    for (std::size_t i = 0; i < value.size(); ++i) {
      const char c = value[i];
      if (c == '"' || c == '\'' || c == '#') return false;
      if (c == '[' || c == '{') ++depth;
      if ((c == ']' || c == '}') && --depth == 0) {
        end = i + 1;
        break;
      }
    }
  } else if (value[0] == '&' || value[0] == '!') {
    end = value.find(' ');
    if (end == npos) end = value.size();
  } else {
    // A plain scalar ends where a comment starts; the comment and the line break after it are
    // read as blanks.
    std::size_t hash = value.find(" #");
    return hash != npos;
  }
  if (end == npos) return false;
  std::size_t rest = value.find_first_not_of(' ', end);
  return rest == npos || (value[rest] == '#' && value[rest - 1] == ' ');
}

// Where yaml.v2's scanner stops before its parser gets the first token of 0-based `line`, a
// token where a block collection wants its next key or entry: that token may be a simple key
// (a scalar, a flow collection, an alias or a property, not an indicator), and when the line
// ends with it closed, nothing on the line tells, so the scanner reads on to the next token and
// meets a tab starting the next line first ("found character that cannot start any token").
// The tab's line, if so.
std::optional<int> tab_after_pending_key(std::string_view text, int line) {
  const std::string_view l = nth_line(text, line);
  const std::size_t token = content_indent(l);
  if (token == npos || past_entries_and_key(l) != token || l[token] == '|' || l[token] == '>') {
    return std::nullopt;
  }
  if (!ends_in_closed_token(l)) {
    // More tokens after a closed first one ("'f' x # c", "&a f # c"): the scanner reads them
    // too while the first may still be a key; the line must end with one closed, a plain
    // scalar by its comment.
    std::size_t end = npos;  // past the first token
    if (l[token] == '"' || l[token] == '\'') {
      const std::size_t length = quoted_end(l.substr(token));
      if (length != npos) end = token + length;
    } else if (l[token] == '&' || l[token] == '!') {
      end = std::min(l.find(' ', token), l.size());
    }
    if (end == npos || end == l.size() || l[end] != ' ') return std::nullopt;
    const std::size_t next = l.find_first_not_of(' ', end);
    if (next == npos) return std::nullopt;
    if (l[next] == '"' || l[next] == '\'') {
      const std::size_t length = quoted_end(l.substr(next));
      const std::size_t rest = length == npos ? npos : l.find_first_not_of(' ', next + length);
      if (length == npos || (rest != npos && (l[rest] != '#' || l[rest - 1] != ' '))) {
        return std::nullopt;
      }
    } else if (is_indicator(l[next]) || l.find(" #", next) == npos ||
               l.substr(next, l.find(" #", next) - next).find(": ") != npos) {
      return std::nullopt;
    }
  }
  return tab_line_after(text, line);
}

// The first line before 0-based `before` that is indented further than the key or entry of the
// line with a token above it, when that line's node closed on it (a quoted scalar, a flow
// collection, a plain scalar a comment ends): yaml.v2 reads the deeper line as a token where the
// collection wants its next key or entry, and stops there. yaml-cpp may read on. Nothing where
// unsure (a flow collection or quote left open, a block scalar's text).
std::optional<int> deeper_line_after_closed_node(std::string_view text, int before) {
  std::string_view above;           // the nearest line with a token
  bool comment = false;             // a comment line since: it ended a plain scalar there
  bool after_block_scalar = false;  // the text of a block scalar above ended since
  for (Lines lines(text); lines.next(before);) {
    const std::string_view l = lines.line();
    if (!closes_what_it_opens(l)) return std::nullopt;
    if (lines.block_text()) continue;  // (`above` stays the block scalar's header line)
    // A line that ends a block scalar's text (a comment among them): the scalar is a node closed.
    if (lines.after_block_text()) after_block_scalar = true;
    const std::size_t indent = content_indent(l);
    if (indent == npos && l.find_first_not_of(" \t\r") != npos) comment = true;
    if (indent == npos || l.find('\t') != npos) continue;
    if (!above.empty()) {
      // Where the node of the line above starts, and the column of its key or entry.
      std::optional<std::size_t> node = past_entries_and_key(above);
      const std::size_t holder = above.find_first_not_of(' ');
      const bool closed = node && *node < above.size() &&
                          (ends_in_closed_token(above) || after_block_scalar ||
                           (comment && !is_indicator(above[*node])));
      if (closed && above[*node] != '&' && above[*node] != '!' && indent > holder) {
        std::size_t last = holder;  // the last key or entry before the node
        for (std::size_t at = holder; at < *node;) {
          last = at;
          if (above[at] == '-') {
            at = above.find_first_not_of(' ', at + 1);
            continue;
          }
          break;
        }
        if (indent > last) return lines.number();
      }
    }
    above = l;
    comment = false;
    after_block_scalar = false;
  }
  return std::nullopt;
}

// The innermost block collection whose indentation a token at column `col` of line `line`
// falls back to, once yaml.v2's scanner has closed those indented further: the rightmost
// collection left of `col` on its own line, else at or left of `col` on the nearest line above
// that opens one there. `indentless` is
// a sequence whose '-' stands at the column of the key it is the value of: it opens no
// indentation of its own, the mapping's goes on.
struct Enclosing {
  std::size_t column;
  bool sequence;
  bool indentless;
};

std::optional<Enclosing> enclosing(std::string_view text, int line, std::size_t col) {
  for (int above = line; above >= 0; --above) {
    std::string_view l = nth_line(text, above);
    std::size_t indent = content_indent(l);
    if (indent == npos || indent > col) continue;
    if (l.starts_with("---") || l.starts_with("...")) return std::nullopt;
    std::vector<Opened> opened = opened_by(l);
    // On the token's own line, only what opens left of it.
    if (above == line) std::erase_if(opened, [&](const Opened& o) { return o.column >= col; });
    if (opened.empty()) continue;  // a scalar's next line
    std::size_t pick = 0;
    while (pick + 1 < opened.size() && opened[pick + 1].column <= col) ++pick;
    Enclosing found{opened[pick].column, opened[pick].sequence, false};
    if (!found.sequence || pick != 0) return found;
    for (int up = above - 1; up >= 0; --up) {
      std::string_view u = nth_line(text, up);
      std::size_t at = content_indent(u);
      if (at == npos || at > found.column) continue;
      std::vector<Opened> keys = opened_by(u);
      if (at == found.column && !keys.empty() && keys.front().sequence) continue;  // an entry
      found.indentless = std::any_of(keys.begin(), keys.end(), [&](const Opened& o) {
        return o.column == found.column && !o.sequence;
      });
      break;
    }
    return found;
  }
  return std::nullopt;
}

// What yaml.v2's parser wanted where a token at column `col` stands where no node of the block
// collections around may start: the next '-' of a sequence, else a key.
const char* wanted_in_block(std::string_view text, int line, std::size_t col) {
  // Right after a double-quoted scalar that began on an earlier line, the collections around are
  // those of the line it began on (the lines it spans are its text, not keys or entries).
  const std::string_view l = nth_line(text, line);
  std::size_t before = std::min(col, l.size());
  while (before > 0 && l[before - 1] == ' ') --before;
  if (before > 0 && l[before - 1] == '"') {
    std::size_t open = offset_of(text, line, static_cast<int>(before) - 1);
    do {
      open = open == 0 ? npos : text.rfind('"', open - 1);
      // (A quote after an odd number of backslashes is escaped.)
    } while (open != npos && [&] {
      std::size_t slashes = 0;
      while (slashes < open && text[open - 1 - slashes] == '\\') ++slashes;
      return slashes % 2 == 1;
    }());
    if (open != npos && line_at(text, open) < line) {
      const int open_line = line_at(text, open);
      const std::size_t open_col = open - offset_of(text, open_line, 0);
      const std::string_view o = nth_line(text, open_line).substr(0, open_col);
      // Where a node starts: after "key:", "-", or at the line's indentation.
      if (o.find_first_not_of(' ') == npos || after_key_or_entry(o)) {
        line = open_line;
        col = open_col;
      }
    }
  }
  std::optional<Enclosing> e = enclosing(text, line, col);
  return e && e->sequence && !e->indentless ? "did not find expected '-' indicator"
                                            : "did not find expected key";
}

// A scalar alone on line `line` at column `col` must be a key when it stands at the indentation
// of the block collection it is in (yaml.v2's scanner then wants its ':'); further right it is
// a stray node, and before any collection the document's own scalar.
bool key_required(std::string_view text, int line, std::size_t col) {
  std::optional<Enclosing> e = enclosing(text, line, col);
  return e && e->column == col;
}

}  // namespace

bool inside_flow_collection(std::string_view text, int line) {
  QuotesAndBrackets scan;
  for (Lines lines(text); lines.next(line);) {
    const std::string_view l = lines.line();
    std::size_t from = 0;
    if (scan.closed()) {
      if (lines.block_text() || closes_what_it_opens(l)) continue;
      from = past_entries_and_key(l).value_or(0);
    }
    scan.read(l, from);
  }
  return !scan.closed();
}

std::optional<std::size_t> closed_root_collection(std::string_view text, std::size_t error) {
  // The root's first line: only blank and comment lines before it (no directive, no "---").
  const std::size_t start = first_content_line(text);
  if (start >= text.size()) return std::nullopt;
  const std::string_view first_line =
      text.substr(start, std::min(text.find('\n', start), text.size()) - start);
  const std::size_t column = first_line.find_first_not_of(' ');
  if (column == 0 || column == npos || first_line[column] == '\t') return std::nullopt;
  const std::string_view root = first_line.substr(column);
  const bool sequence = root[0] == '-' && blank_or_end(root, 1);
  if (!sequence && !starts_with_key(root)) return std::nullopt;
  // The first line after it that starts left of its column; every line before it closes what
  // it opens (a quote or flow collection going on over lines makes it unsure).
  for (std::size_t line = start; line < text.size();) {
    const std::size_t eol = std::min(text.find('\n', line), text.size());
    const std::string_view l = text.substr(line, eol - line);
    const std::size_t indent = content_indent(l);
    if (indent != npos && indent < column) {
      if (l.find('\t') < indent || line > error) return std::nullopt;
      // Its first token is what yaml.v2 reads past the root: an entry, or a key whose ':' is
      // on the line (a plain or closed quoted scalar; the scanner looks no further than the
      // ':'). Anything else the scanner may read on from, and fail in.
      const std::string_view token = l.substr(indent);
      if (token[0] == '-' && blank_or_end(token, 1)) return line;
      if (is_indicator(token[0]) && token[0] != '"' && token[0] != '\'') return std::nullopt;
      if (!starts_with_key(token)) return std::nullopt;
      return line;
    }
    if (!closes_what_it_opens(l)) return std::nullopt;
    line = eol + 1;
  }
  return std::nullopt;
}

FlowPlainScalar read_flow_plain(std::string_view text, std::size_t at, int block_indent) {
  FlowPlainScalar out;
  auto at_marker = [&]() {
    std::string_view rest = text.substr(at);
    return (at == 0 || text[at - 1] == '\n') && is_document_marker(rest);
  };
  std::size_t line = line_start(text, at);
  while (at < text.size() && !at_marker() && text[at] != '#') {
    const std::size_t from = at;
    while (!blank_or_end(text, at) && !(text[at] == ':' && blank_or_end(text, at + 1)) &&
           std::string_view(",?[]{}").find(text[at]) == npos) {
      ++at;
    }
    if (at > from) out.after_break = false;
    if (!blank_or_end(text, at) || at >= text.size()) break;
    for (; at < text.size() && blank_or_end(text, at); ++at) {
      if (text[at] == '\n') {
        out.after_break = true;
        line = at + 1;
      } else if (text[at] == '\t' && out.after_break && block_indent >= 0 &&
                 at - line <= static_cast<std::size_t>(block_indent)) {
        out.bad_tab = at;
        out.end = at;
        return out;
      }
    }
  }
  out.end = at;
  return out;
}

namespace {

// yaml.v2's tokens in a flow collection, for the one its parser stops at.
struct FlowToken {
  enum class Kind : std::uint8_t {
    kSequenceStart,
    kSequenceEnd,
    kMappingStart,
    kMappingEnd,
    kEntry,
    kKey,
    kValue,
    kNode,      // a scalar or an alias
    kProperty,  // an anchor
    kBlockEntry,
    kEnd,      // of the stream, or a document marker
    kUnknown,  // what scan_flow does not follow (the last token: the scan stops there)
    kBadTab,   // a tab where the scanner refuses it (the last token: its line counted from 1)
  };
  Kind kind;
  int line;
};

// Scans the flow collection that starts at `at` (on line `line`) as yaml.v2's scanner does, to
// its closing bracket (`end` is set to it), a document marker or the end of the text. What it
// does not follow (tags, characters that start no token, quotes left open, bad names) ends the
// tokens with a kUnknown: yaml.v2's parser may well stop before it gets there. `block_indent` is
// the indentation of the block collection around (-1: none or unknown): a plain scalar that goes
// on over a line break refuses a tab in that line's blanks left of the column after it, which
// ends the tokens with a kBadTab.
std::vector<FlowToken> scan_flow(std::string_view text, std::size_t at, int line, std::size_t& end,
                                 FlowQuestions* questions, int block_indent = -1) {
  using Kind = FlowToken::Kind;
  std::vector<FlowToken> tokens;
  // Per open collection, where a simple key would start (its token, its line): a ':' on that
  // line makes it a key. yaml.v2 forgets it at a line break, ',' or another key.
  struct SimpleKey {
    std::size_t token;
    int line;
  };
  std::vector<std::optional<SimpleKey>> keys;
  bool key_allowed = true;
  std::size_t line_start = yaml::line_start(text, at);
  auto advance = [&](std::size_t to) {
    for (; at < to; ++at) {
      if (text[at] == '\n') {
        ++line;
        line_start = at + 1;
      }
    }
  };
  auto at_marker = [&]() {
    std::string_view rest = text.substr(at);
    return at == line_start && is_document_marker(rest);
  };
  auto push = [&](Kind kind) { tokens.push_back({kind, line}); };
  auto save_key = [&]() {
    if (key_allowed) keys.back() = SimpleKey{tokens.size(), line};
  };
  for (;;) {
    while (at < text.size() && (blank_or_end(text, at) || text[at] == '#')) {
      std::size_t comment_end = text[at] == '#' ? std::min(text.find('\n', at), text.size()) : 0;
      advance(std::max(comment_end, at + 1));
    }
    for (std::optional<SimpleKey>& key : keys) {
      if (key && key->line < line) key.reset();
    }
    if (at >= text.size()) {
      tokens.push_back({Kind::kEnd, end_of_stream_line(text)});
      return tokens;
    }
    if (at_marker()) {
      push(Kind::kEnd);
      return tokens;
    }
    char c = text[at];
    if (c == '[' || c == '{') {
      if (!keys.empty()) save_key();
      push(c == '[' ? Kind::kSequenceStart : Kind::kMappingStart);
      keys.emplace_back();
      key_allowed = true;
      advance(at + 1);
    } else if (c == ']' || c == '}') {
      push(c == ']' ? Kind::kSequenceEnd : Kind::kMappingEnd);
      keys.pop_back();
      key_allowed = false;
      if (keys.empty()) {
        end = at;
        return tokens;
      }
      advance(at + 1);
    } else if (c == ',' || (c == '-' && blank_or_end(text, at + 1)) || c == '?') {
      if (c == '?' && !blank_or_end(text, at + 1)) questions->keys.push_back(at + 1);
      if (c == '?' && blank_or_end(text, at + 1)) questions->others = true;
      keys.back().reset();
      key_allowed = c != '?';
      push(c == ',' ? Kind::kEntry : c == '?' ? Kind::kKey : Kind::kBlockEntry);
      advance(at + 1);
    } else if (c == ':') {
      if (keys.back()) {
        tokens.insert(tokens.begin() + static_cast<std::ptrdiff_t>(keys.back()->token),
                      FlowToken{Kind::kKey, keys.back()->line});
        keys.back().reset();
      }
      key_allowed = false;
      push(Kind::kValue);
      advance(at + 1);
    } else if (c == '&' || c == '*') {
      std::size_t name_end = at + 1;
      while (name_end < text.size() && name_char(text[name_end])) ++name_end;
      if (name_end == at + 1 || (!blank_or_end(text, name_end) &&
                                 std::string_view("?:,]}%@`").find(text[name_end]) == npos)) {
        push(Kind::kUnknown);
        return tokens;
      }
      save_key();
      key_allowed = false;
      push(c == '&' ? Kind::kProperty : Kind::kNode);
      advance(name_end);
    } else if (c == '"' || c == '\'') {
      std::size_t length = quoted_end(text.substr(at));
      if (length == npos) {
        push(Kind::kUnknown);
        return tokens;
      }
      save_key();
      key_allowed = false;
      push(Kind::kNode);
      advance(at + length);
    } else if (is_indicator(c) && c != '-') {
      push(Kind::kUnknown);  // a tag, a block scalar's header, a character no token starts with
      return tokens;
    } else {
      save_key();
      push(Kind::kNode);
      const FlowPlainScalar plain = read_flow_plain(text, at, block_indent);
      if (plain.bad_tab) {
        advance(*plain.bad_tab);
        tokens.push_back({Kind::kBadTab, line + 1});
        return tokens;
      }
      advance(plain.end);
      if (at < text.size() && text[at] == '?') questions->others = true;
      // yaml.v2 allows a simple key after a scalar that ended on a later line.
      key_allowed = plain.after_break;
    }
  }
}

// yaml.v2's parser over a flow collection's tokens: where it stops, and its words.
class FlowParser {
 public:
  explicit FlowParser(const std::vector<FlowToken>& tokens) : tokens_(tokens) {}

  // Where it stops, and its words; nothing when yaml.v2's scanner gets to the kUnknown first.
  // The scanner hands the parser a token once it has read it, a key once it has read the ':' (the
  // key's token goes in before the scalar it marks), and a token that may be a simple key once it
  // has read the next one (to see whether a ':' follows).
  std::optional<std::pair<int, const char*>> error() {
    node();
    const Kind last = tokens_.back().kind;
    if (error_words_ != nullptr && (last == Kind::kUnknown || last == Kind::kBadTab)) {
      std::size_t read = std::min(next_, tokens_.size() - 1);  // where the parser stopped
      const Kind k = tokens_[read].kind;
      if (k == Kind::kKey) {
        while (read + 1 < tokens_.size() && tokens_[read].kind != Kind::kValue) ++read;
      } else if (k == Kind::kNode || k == Kind::kSequenceStart || k == Kind::kMappingStart ||
                 k == Kind::kProperty) {
        ++read;
      }
      if (read + 1 >= tokens_.size()) {
        // The scanner got there first: where it stops is unknown, or at the tab.
        if (last == Kind::kUnknown) return std::nullopt;
        return std::make_pair(tokens_.back().line,
                              "found a tab character that violates indentation");
      }
    }
    if (error_words_ == nullptr) return std::nullopt;
    return std::make_pair(error_line_, error_words_);
  }

 private:
  using Kind = FlowToken::Kind;

  Kind peek() const { return tokens_[std::min(next_, tokens_.size() - 1)].kind; }

  bool fail(const char* words) {
    error_line_ = tokens_[std::min(next_, tokens_.size() - 1)].line;
    error_words_ = words;
    return false;
  }

  bool node() {
    bool properties = false;
    for (; peek() == Kind::kProperty; ++next_) properties = true;
    switch (peek()) {
      case Kind::kNode:
        ++next_;
        return true;
      case Kind::kSequenceStart:
      case Kind::kMappingStart:
        return collection(peek() == Kind::kMappingStart);
      default:
        // Properties alone are an empty scalar's.
        return properties || fail("did not find expected node content");
    }
  }

  // A node unless the next token ends what holds it (an empty one).
  bool node_unless(Kind a, Kind b, Kind c) {
    Kind k = peek();
    return k == a || k == b || k == c || node();
  }

  bool collection(bool mapping) {
    const Kind close = mapping ? Kind::kMappingEnd : Kind::kSequenceEnd;
    ++next_;
    for (bool first = true;; first = false) {
      if (!first && peek() != close) {
        if (peek() != Kind::kEntry) {
          return fail(mapping ? "did not find expected ',' or '}'"
                              : "did not find expected ',' or ']'");
        }
        ++next_;
      }
      if (peek() == close) {
        ++next_;
        return true;
      }
      if (peek() == Kind::kKey && !mapping &&
          (tokens_[std::min(next_ + 1, tokens_.size() - 1)].kind == Kind::kValue ||
           tokens_[std::min(next_ + 1, tokens_.size() - 1)].kind == Kind::kEntry ||
           tokens_[std::min(next_ + 1, tokens_.size() - 1)].kind == close)) {
        // A key with nothing before its ':', ',' or ']' in a sequence: yaml.v2 passes over that
        // token too (libyaml does), then reads the pair's value.
        next_ += 2;
        if (peek() == Kind::kValue) {
          ++next_;
          if (!node_unless(Kind::kEntry, close, close)) return false;
        }
      } else if (peek() == Kind::kKey) {
        // An explicit or simple key, then its value if a ':' follows.
        ++next_;
        if (!node_unless(Kind::kValue, Kind::kEntry, close)) return false;
        if (peek() == Kind::kValue) {
          ++next_;
          if (!node_unless(Kind::kEntry, close, close)) return false;
        }
      } else if (!node()) {
        return false;  // a mapping's key without ':' has an empty value, an entry is the node
      }
    }
  }

  const std::vector<FlowToken>& tokens_;
  std::size_t next_ = 0;
  // Where the parse failed, and its words (no failure while error_words_ is null). Two plain
  // members, not an optional pair: GCC 12 at -O2 takes the optional's copy for a read of
  // uninitialised memory (-Wmaybe-uninitialized, an error in the project's own code).
  int error_line_ = 0;
  const char* error_words_ = nullptr;
};

// What yaml.v2's scanner finds wrong in a %YAML directive's line: it wants digits, a '.' and
// digits after the name.
const char* yaml_version_problem(std::string_view line) {
  std::size_t at = std::min(line.find_first_not_of(" \t", 5), line.size());
  auto digits = [&]() {
    std::size_t from = at;
    while (at < line.size() && line[at] >= '0' && line[at] <= '9') ++at;
    return at > from;
  };
  if (!digits()) return "did not find expected version number";
  if (at >= line.size() || line[at] != '.') return "did not find expected digit or '.' character";
  ++at;
  if (!digits()) return "did not find expected version number";
  return "did not find expected comment or line break";
}

// The first flow collection of the first document that yaml.v2's parser stops in: the line of
// the token it stops at, and its words. The block structure around is only skimmed: nodes that
// start a line or follow "- ", "? " or a key's ": ", with block scalars' text and quoted
// scalars passed over.
std::optional<std::pair<int, const char*>> flow_collection_error(
    std::string_view text, FlowQuestions* questions = nullptr) {
  bool content = false;
  std::size_t block_scalar = npos;  // lines indented further are a block scalar's text
  for (std::size_t at = 0; at < text.size();) {
    std::size_t line_end = std::min(text.find('\n', at), text.size());
    std::string_view l = text.substr(at, line_end - at);
    std::size_t indent = content_indent(l);
    if (block_scalar != npos && (indent == npos || indent > block_scalar)) {
      at = line_end + 1;
      continue;
    }
    block_scalar = npos;
    if (indent == npos) {
      at = line_end + 1;
      continue;
    }
    if (is_document_marker(l)) {
      if (content || l[0] == '.') return std::nullopt;  // yaml.v2 reads the first document only
      indent = 3;
    }
    // The indentation of the block collection whose entry or key comes last on the line so far
    // (-1: none yet), and where the last node started.
    int block = -1;
    std::size_t node = npos;
    bool closed = false;  // a node ended just before: no other may start here
    auto column = [&](std::size_t of) { return static_cast<int>(of - line_start(text, of)); };
    for (at += indent; at < line_end;) {
      char c = text[at];
      content = true;
      std::size_t skip_to = npos;
      const bool after_node = std::exchange(closed, false);
      if ((c == '-' || c == '?' || c == ':') && blank_or_end(text, at + 1)) {
        if (c != ':') block = column(at);
        if (c == ':' && node != npos) block = column(node);  // after a quoted key
        skip_to = at + 1;
      } else if ((c == '[' || c == '{') && after_node) {
        // ("x" {): yaml.v2's parser stops at the '{' where it wants what follows a node.
        return std::nullopt;
      } else if (c == '[' || c == '{') {
        int line = static_cast<int>(std::count(text.begin(), text.begin() + at, '\n'));
        std::size_t end = npos;
        FlowQuestions found;
        std::vector<FlowToken> tokens = scan_flow(text, at, line, end, &found, block);
        std::optional<std::pair<int, const char*>> error = FlowParser(tokens).error();
        if (!error && tokens.back().kind == FlowToken::Kind::kUnknown) return std::nullopt;
        if (questions && (!found.keys.empty() || (found.others && error))) {
          found.start = at;
          found.end = end;
          if (error) found.error = *error;
          *questions = std::move(found);
          return error;
        }
        if (error) return error;
        if (end == npos) return std::nullopt;
        skip_to = end + 1;
        closed = true;
      } else if (c == '"' || c == '\'') {
        std::size_t length = quoted_end(text.substr(at));
        if (length == npos) return std::nullopt;
        node = at;
        skip_to = at + length;
        closed = true;
      } else if (c == '&' || c == '!' || c == '*') {
        skip_to = std::min(text.find_first_of(" \t\r\n", at), text.size());
      } else if (c == '|' || c == '>') {
        block_scalar = indent;
      } else if (c != '#') {
        // A plain scalar: a node may follow its ": " if it is a key.
        std::string_view rest = text.substr(at, line_end - at);
        for (std::size_t colon = rest.find(':'); colon != npos; colon = rest.find(':', colon + 1)) {
          if (rest.find(" #") < colon) break;
          if (blank_or_end(rest, colon + 1)) {
            block = column(at);
            skip_to = at + colon + 1;
            break;
          }
        }
      }
      if (skip_to == npos) break;
      at = std::min(text.find_first_not_of(" \t", skip_to), text.size());
      line_end = std::min(text.find('\n', at), text.size());  // a flow or a quote may span lines
    }
    at = line_end + 1;
  }
  return std::nullopt;
}

}  // namespace

std::optional<FlowQuestions> flow_questions(std::string_view text) {
  FlowQuestions questions;
  flow_collection_error(text, &questions);
  if (questions.keys.empty() && !questions.others) return std::nullopt;
  return questions;
}

// yaml.v2's wording for the parse errors yaml-cpp reports. yaml.v2 names the line of a scanner
// error (1-based, omitted on the first line) and, for a parser error, the 0-based line of the
// token it stopped at (omitted when 0); the end of the stream counts as a line of its own.
std::string go_error_message(const Diagnostic& load_error, std::string_view text) {
  return go_error_message(load_error.message, std::max(load_error.location.line - 1, 0),
                          std::max(load_error.location.col - 1, 0), text);
}

std::string go_error_message(std::string_view msg, int line0, int col0, std::string_view text) {
  // load() read the text with yaml.v2's other line breaks as LFs; so do the lines here.
  std::optional<std::string> breaks = unicode_breaks_as_line_feeds(text);
  if (breaks) text = *breaks;
  // sigs.k8s.io/yaml's own words, after yaml.v2 has read the whole document, unless its
  // parser stopped at a ':' with no key before it (yaml-cpp reads a null key there).
  if (msg.starts_with("unsupported map key of type: ")) {
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n')) + 1;
    if (std::optional<int> empty = empty_key_line(text, lines)) {
      const std::string_view l = nth_line(text, *empty);
      const char* wanted = wanted_in_block(text, *empty, l.find_first_not_of(' '));
      return "yaml: " + (*empty != 0 ? "line " + std::to_string(*empty) + ": " : "") + wanted;
    }
    return std::string(msg);
  }
  // The reader's errors name no line, nor do the decoder's alias checks.
  if (is_reader_message(msg) || msg == "document contains excessive aliasing" ||
      (msg.starts_with("anchor '") && msg.ends_with("' value contains itself"))) {
    return "yaml: " + std::string(msg);
  }
  const LineIndex line_index(text);
  auto line_text = [&](int line) { return nth_line(text, line); };
  // Whether the line `line` is in the text of a block scalar (see BlockScalarLines).
  auto in_block_scalar = [&](int line) {
    Lines lines(text);
    while (lines.next(line)) {
    }
    return lines.block_text_open();
  };
  // The innermost flow collection open at the column of a line ('[' or '{'), or 0.
  auto open_flow = [&](int line, int col) {
    std::string_view l = line_text(line).substr(0, static_cast<std::size_t>(std::max(col, 0)));
    std::string open;
    for (char c : l) {
      if (c == '[' || c == '{') open += c;
      if ((c == ']' || c == '}') && !open.empty()) open.pop_back();
    }
    return open.empty() ? '\0' : open.back();
  };
  // Whether the column of a line is where a node must start: right after "key:" or a "-".
  auto at_node = [&](int line, int col) {
    return after_key_or_entry(
        line_text(line).substr(0, static_cast<std::size_t>(std::max(col, 0))));
  };
  // Whether the column of a line is where the document's node starts: nothing but blank,
  // comment and directive lines and a "---" before it.
  auto document_start = [&](int line, int col) {
    for (int above = 0; above < line; ++above) {
      std::string_view a = line_text(above);
      std::size_t at = content_indent(a);
      if (at != npos && a[at] != '%' && !is_document_marker(a, '-')) {
        return false;
      }
    }
    std::string_view before = line_text(line).substr(0, static_cast<std::size_t>(std::max(col, 0)));
    if (is_document_marker(before, '-')) before.remove_prefix(3);
    return before.find_first_not_of(" \t") == npos;
  };
  // Whether the line `line` holds a plain or quoted scalar alone, which can only be a key that
  // lacks its ':'.
  auto keyless = [&](int line) {
    std::string_view l = line_text(line);
    std::size_t first = l.find_first_not_of(" \t");
    if (first == std::string_view::npos) return false;
    std::string_view content = l.substr(first);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    return cannot_be_key(content, first == 0, text.substr(offset_of(text, line, 0) + first));
  };
  // Whether the line `line` holds a flow collection alone, with no ':' after it; or starts one
  // that goes on over the next lines, which is no key to yaml.v2 either way.
  auto flow_keyless = [&](int line) {
    std::string_view l = line_text(line);
    std::size_t at = content_indent(l);
    if (at == npos || (l[at] != '[' && l[at] != '{')) return false;
    for (int depth = 0; at < l.size(); ++at) {
      if (l[at] == '"' || l[at] == '\'') {
        std::size_t length = quoted_end(l.substr(at));
        if (length == npos) return true;
        at += length - 1;
      } else if (l[at] == '[' || l[at] == '{') {
        ++depth;
      } else if ((l[at] == ']' || l[at] == '}') && --depth == 0) {
        std::size_t next = l.find_first_not_of(" \t\r", at + 1);
        return next == npos || l[next] == '#';
      }
    }
    return true;
  };
  // The last character of the text that is not blank or in a comment.
  auto last_significant = [&]() {
    for (int line = static_cast<int>(std::count(text.begin(), text.end(), '\n')); line >= 0;
         --line) {
      std::string_view l = line_text(line);
      std::size_t first = l.find_first_not_of(" \t");
      if (first == std::string_view::npos || l[first] == '#') continue;
      std::size_t hash = l.find(" #");
      if (hash != std::string_view::npos) l = l.substr(0, hash);
      std::size_t last = l.find_last_not_of(" \t\r");
      if (last != std::string_view::npos) return l[last];
    }
    return '\0';
  };
  int eof_line = end_of_stream_line(text);
  std::string go;
  int shown = 0;
  bool scanner = true;
  bool unlined = false;  // the error names no line (unless one above takes its place)
  // The parser's error at the token starting 0-based `token_line` gives way to the scanner's at
  // a tab it meets first (see tab_after_pending_key).
  auto tab_before_parser = [&](int token_line) {
    if (std::optional<int> tab = tab_after_pending_key(text, token_line)) {
      go = "found character that cannot start any token";
      scanner = true;
      line0 = *tab;
    }
  };
  // The nearest line above `line` that is not blank, or -1.
  auto line_above = [&](int line) {
    for (int above = line - 1; above >= 0; --above) {
      if (line_text(above).find_first_not_of(" \t\r") != std::string_view::npos) return above;
    }
    return -1;
  };
  // Where a plain scalar that goes on over the lines down to `line` starts, when it starts a line
  // of its own after a node that closed (no value due there), right of the key column of the
  // block collection around: a stray token where that collection wants its next key or entry.
  // Its line and column.
  auto stray_plain_scalar = [&](int line) -> std::optional<std::pair<int, std::size_t>> {
    int start = line;
    for (int tries = 0; tries < 64 && plain_scalar_owner(text, start); ++tries) {
      start = line_above(start);
      if (start < 0) return std::nullopt;
    }
    if (start == line) return std::nullopt;
    const std::string_view s = line_text(start);
    const std::size_t col = content_indent(s);
    if (col == npos || past_entries_and_key(s) != col) return std::nullopt;
    const std::size_t scalar = past_line_properties(s, col);  // (its anchor or tag first)
    if (scalar >= s.size() || is_indicator(s[scalar]) || s[scalar] == '"' || s[scalar] == '\'') {
      return std::nullopt;
    }
    int prev = start - 1;  // the line with a token above
    while (prev >= 0 && content_indent(line_text(prev)) == npos) --prev;
    if (prev < 0) return std::nullopt;  // the document's own scalar
    const std::string_view p = line_text(prev);
    const std::optional<std::size_t> node = past_entries_and_key(p);
    if ((node && past_line_properties(p, *node) == p.size()) || block_scalar_header(p)) {
      return std::nullopt;  // a value due, the scalar's
    }
    const std::optional<Enclosing> e = enclosing(text, start, col);
    if (!e || col <= e->column) return std::nullopt;
    return std::make_pair(start, col);
  };
  auto indent_of = [&](int line) { return line_text(line).find_first_not_of(' '); };
  // The first line that starts a flow collection where a key is due and does not hold all of
  // it (or holds nothing after it), or -1.
  auto stale_flow_key = [&]() {
    const int lines = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
    for (int line = 0; line <= lines; ++line) {
      if (flow_keyless(line) && key_required(text, line, indent_of(line))) return line;
    }
    return -1;
  };
  // An error of a flow collection the text ends in.
  auto flow_left_open = [](std::string_view m) {
    return m.starts_with("did not find expected ',' or ") ||
           m.find("end of sequence flow not found") != std::string::npos ||
           m.find("end of map flow not found") != std::string::npos;
  };
  // The line of the quoted scalar or flow collection standing for a key over several lines
  // that the ':' at (line, col) follows, or -1: no key goes on over lines in yaml.v2.
  auto enclosed_key_above = [&](int line, int col) {
    for (int up = line - 1; up >= 0 && up >= line - 256; --up) {
      const std::size_t indent = indent_of(up);
      if (indent == npos) continue;
      const std::size_t open = offset_of(text, up, static_cast<int>(indent));
      std::size_t end = npos;  // one past the key's end
      if (text[open] == '"' || text[open] == '\'') {
        end = quoted_end(text.substr(open));
        if (end != npos) end += open;
      } else if (flow_keyless(up)) {
        FlowQuestions ignored;
        scan_flow(text, open, up, end, &ignored);
        if (end == npos) return -1;
        ++end;
      } else {
        continue;
      }
      if (end == npos || line_at(text, end - 1) != line ||
          text.find_first_not_of(" \t", end) != offset_of(text, line, col) ||
          !key_required(text, up, indent)) {
        return -1;
      }
      return up;
    }
    return -1;
  };
  // The column of the block mapping a line's key would belong to: its own when a key of the
  // mapping stands above it at that column, else that of the line it is nested under (-1 at the
  // top). A plain scalar goes on over the next lines indented deeper than that.
  auto block_indent = [&](int line) {
    std::size_t own = indent_of(line);
    for (int above = line - 1; above >= 0; --above) {
      std::string_view a = line_text(above);
      std::size_t at = a.find_first_not_of(' ');
      if (at == std::string_view::npos || a[at] == '#' || a[at] == '\r' || at > own) continue;
      return static_cast<long>(at);
    }
    return -1L;
  };
  // Where the key that a ':' at (line, col) ends starts on its line, when that is more than
  // 1024 characters before the ':' (yaml.v2's limit for a key on one line), or npos.
  auto long_key_start = [&](int line, int col) {
    std::string_view l = line_text(line);
    std::size_t at = l.find_first_not_of(' ');
    while (at != npos && at + 1 < l.size() && l[at] == '-' && l[at + 1] == ' ') {
      at = l.find_first_not_of(' ', at + 1);
    }
    auto colon = static_cast<std::size_t>(std::max(col, 0));
    if (at == npos || colon >= l.size() || l[colon] != ':' || colon < at || colon - at <= 1024) {
      return npos;
    }
    return at;
  };
  int above0 = line_above(line0);
  // A key without ':' whose scalar goes on over the lines down to `above0` (indented further):
  // the line it starts on, where yaml.v2 reads the key.
  if (above0 >= 0 && msg.find("illegal map value") != std::string::npos) {
    int up = above0;
    for (int tries = 0; tries < 64 && keyless(up); ++tries) {
      int next = line_above(up);
      if (next < 0 || !keyless(next) || indent_of(next) >= indent_of(up)) break;
      up = next;
    }
    if (up != above0 && keyless_error_line(text, up) - 1 == line0) above0 = up;
  }
  // The token yaml-cpp stopped at starts its line.
  const bool line_start = col0 >= 0 && indent_of(line0) == static_cast<std::size_t>(col0);
  if (msg.find("illegal map value") != std::string::npos && above0 >= 0 && keyless(above0) &&
      static_cast<long>(indent_of(line0)) <= block_indent(above0) &&
      key_required(text, above0, indent_of(above0)) && !plain_scalar_owner(text, above0)) {
    // yaml-cpp read a key without ':' and the next line as one scalar; yaml.v2 stopped at the
    // first for its missing ':'.
    go = kKeylessMessage;
    line0 = keyless_error_line(text, above0) - 1;
  } else if (std::size_t key = long_key_start(line0, col0);
             msg.find("illegal map value") != std::string::npos && key != npos &&
             key_required(text, line0, key)) {
    // A key that ends more than 1024 characters after it starts, at the indentation of its
    // mapping's keys: yaml.v2's scanner gives up on it as a key before the ':'.
    go = kKeylessMessage;
  } else if (int key_line = msg.find("illegal map value") != std::string::npos
                                ? enclosed_key_above(line0, std::max(col0, 0))
                                : -1;
             key_line >= 0) {
    // A quoted scalar or a flow collection over several lines, then the ':'.
    go = kKeylessMessage;
    line0 = keyless_error_line(text, key_line) - 1;
  } else if (std::optional<std::pair<int, std::size_t>> stray;
             msg.find("illegal map value") != std::string::npos &&
             (stray = stray_plain_scalar(line0))) {
    // A plain scalar over several lines before the ':', begun where its mapping wants the next
    // key: the scanner hands it over before it scans the ':' (a key's candidate goes stale at a
    // line break), and the parser stops at it.
    go = wanted_in_block(text, stray->first, stray->second);
    scanner = false;
    shown = stray->first;
  } else if (msg.find("illegal map value") != std::string::npos) {
    // A tab starting the line is the scanner's error where a key may start; in the next line of
    // the document's own plain scalar it is a blank like any other (no collection's indentation
    // to keep), and the ':' after it ends that scalar where no key may be.
    const bool root_scalar_goes_on = plain_scalar_owner(text, line0) == -1L;
    go = line_text(line0).starts_with("\t") && !root_scalar_goes_on
             ? "found character that cannot start any token"
             : "mapping values are not allowed in this context";
  } else if (std::optional<std::pair<int, const char*>> stop;
             msg.find("unknown token") != std::string::npos &&
             (stop = flow_collection_error(text)) && stop->first <= line0) {
    // A flow collection left open above, or the one the character is in: yaml.v2's parser stops
    // in it before its scanner gets to the character (flow_collection_error tells, on the
    // character's line, whether the parser's token comes first).
    go = stop->second;
    scanner = false;
    shown = stop->first;
  } else if (msg.find("unknown token") != std::string::npos) {
    go = "found character that cannot start any token";
  } else if (std::optional<std::pair<int, const char*>> flow_stop;
             (msg == kUnclosedQuoteMessage || msg.find("illegal EOF") != std::string::npos ||
              msg.find("end of string not found") != std::string::npos) &&
             (flow_stop = flow_collection_error(text))) {
    // A quote left open in a flow collection (or after one) whose parse fails first: yaml.v2's
    // scanner reads on to the open quote only when its parser asks for that token.
    go = flow_stop->second;
    scanner = false;
    shown = flow_stop->first;
  } else if (msg == kUnclosedQuoteMessage) {
    go = "found unexpected end of stream";
    line0 = static_cast<int>(std::count(text.begin(), text.end(), '\n'));  // at the very end
  } else if (msg == kKeylessMessage) {
    go = kKeylessMessage;
    line0 = keyless_error_line(text, line0) - 1;
  } else if (msg.find("unknown escape character") != std::string::npos) {
    go = "found unknown escape character";
  } else if (msg.starts_with("invalid unicode: ")) {  // a surrogate, or past U+10FFFF
    go = "found invalid Unicode character escape code";
  } else if (std::optional<std::pair<int, const char*>> stopped;
             msg.find("illegal block entry") != std::string::npos &&
             open_flow(line0, col0) == '\0' &&
             (!(stopped = flow_collection_error(text)) || stopped->first > line0)) {
    // (A flow collection yaml.v2's parser stops in further down comes after this.)
    go = line_text(line0).starts_with("\t")
             ? "found character that cannot start any token"
             : "block sequence entries are not allowed in this context";
  } else if (msg == kTagEndMessage) {
    go = "did not find expected whitespace or line break";
  } else if (msg == YAML::ErrorMsg::DOC_IN_SCALAR) {
    go = "found unexpected document indicator";  // a "---" or "..." line in a quoted scalar
  } else if (msg == kBlockScalarTabMessage) {
    go = "found a tab character where an indentation space is expected";
  } else if (msg.find("illegal tab when looking for indentation") != std::string::npos) {
    go = in_block_scalar(line0) ? "found a tab character where an indentation space is expected"
                                : "found a tab character that violates indentation";
  } else if (msg.find("alias not found after") != std::string::npos ||
             msg.find("anchor not found after") != std::string::npos ||
             msg.find("illegal character found while scanning") != std::string::npos ||
             msg == kBadNameMessage) {
    go = "did not find expected alphabetic or numeric character";
  } else if (msg.find("scanning hex number") != std::string::npos) {
    go = "did not find expected hexdecimal number";
    if (col0 == 0 && line0 > 0) --line0;  // yaml-cpp read on past the end of the escape's line
  } else if (msg.find("illegal map key") != std::string::npos) {
    go = "mapping keys are not allowed in this context";
  } else if (msg == kUnknownDirectiveMessage) {
    // yaml.v2 reads the name after '%' (letters, digits, '-' and '_'): none, or one followed by
    // anything but a blank, is an error of its own before the name is looked at.
    std::string_view l = line_text(line0);
    std::size_t end = 1;
    while (end < l.size() && (std::isalnum(static_cast<unsigned char>(l[end])) != 0 ||
                              l[end] == '-' || l[end] == '_')) {
      ++end;
    }
    go = end == 1                ? "could not find expected directive name"
         : !blank_or_end(l, end) ? "found unexpected non-alphabetical character"
                                 : "found unknown directive name";
  } else if (msg.starts_with("YAML directives must have") || msg.starts_with("bad YAML version")) {
    go = yaml_version_problem(line_text(line0));
  } else if (msg == "end of verbatim tag not found") {
    // "!<" then the URI and '>'.
    std::string_view l = line_text(line0);
    std::size_t uri = l.rfind("!<", static_cast<std::size_t>(std::max(col0, 0)));
    std::size_t end = uri == npos ? npos : uri + 2;
    while (end < l.size() && uri_char(l[end])) ++end;
    go = end == npos || end == uri + 2 ? "did not find expected tag URI"
                                       : "did not find the expected '>'";
  } else if (msg.find("unexpected character in block scalar") != std::string::npos) {
    go = "did not find expected comment or line break";  // after a block scalar's header
  } else if (msg.find("zero indentation for a block scalar") != std::string::npos) {
    go = "found an indentation indicator equal to 0";
  } else if (msg.find("illegal EOF") != std::string::npos ||
             msg.find("end of string not found") != std::string::npos) {
    go = "found unexpected end of stream";
    line0 = std::max(eof_line - 1, 0);
  } else if (msg == YAML::ErrorMsg::MULTIPLE_ANCHORS || msg == YAML::ErrorMsg::MULTIPLE_TAGS) {
    // A second anchor or tag for a node ("&a &b x"): yaml.v2's parser ends the node (an empty
    // one) before it, and the collection around finds that token where it wants its next key,
    // entry or ',' (yaml-cpp stops at the same token).
    scanner = false;
    shown = line0;
    if (const char open = open_flow(line0, col0); open != '\0') {
      go = open == '[' ? "did not find expected ',' or ']'" : "did not find expected ',' or '}'";
    } else {
      go = wanted_in_block(text, line0, static_cast<std::size_t>(std::max(col0, 0)));
    }
  } else if (msg.find("anchor") != std::string::npos) {
    std::string_view l = line_text(line0);
    std::string name;
    std::size_t star = l.find('*', static_cast<std::size_t>(col0));
    if (star != std::string_view::npos) {
      // yaml.v2 also ends the name at a ':' or '?' (load() read it so).
      for (std::size_t i = star + 1; i < l.size() && l[i] != ' ' && l[i] != ',' && l[i] != ']' &&
                                     l[i] != '}' && l[i] != ':' && l[i] != '?';
           ++i)
        name += l[i];
    }
    bool readable = std::all_of(name.begin(), name.end(), name_char);
    if (readable) {
      // yaml.v2's parser looks the anchor up where it reads the alias, and names no line.
      go = "unknown anchor '" + name + "' referenced";
      unlined = true;
    } else {
      go = "did not find expected alphabetic or numeric character";  // the scanner's
    }
  } else {
    scanner = false;
    if (msg == kEntryExpectedMessage && keyless(line0) &&
        key_required(text, line0, indent_of(line0))) {
      // A scalar alone at the sequence's indentation: yaml.v2's scanner wants its ':'.
      go = kKeylessMessage;
      scanner = true;
      line0 = keyless_error_line(text, line0) - 1;
    } else if (msg == kEntryExpectedMessage) {
      go = "did not find expected '-' indicator";
      shown = line0;
    } else if (msg == kDocumentStartMessage) {
      go = "did not find expected <document start>";
      shown = line0;
    } else if (msg == kIncompatibleVersionMessage ||
               msg.find("YAML major version too large") != std::string::npos) {
      go = kIncompatibleVersionMessage;
      shown = line0;
    } else if (msg == kDuplicateVersionMessage ||
               msg.find("repeated YAML directive") != std::string::npos) {
      go = kDuplicateVersionMessage;
      shown = line0;
    } else if (int stale = flow_left_open(msg) ? stale_flow_key() : -1; stale >= 0) {
      // A flow collection that begins where a key is due and goes on past its line: yaml.v2's
      // scanner gives up on the key at the next token, before the collection's end is missed.
      go = kKeylessMessage;
      scanner = true;
      line0 = enclosed_keyless_error_line(
                  text, offset_of(text, stale, static_cast<int>(indent_of(stale))), stale) -
              1;
    } else if (msg.starts_with("did not find expected ',' or ")) {
      go = std::string(msg);  // load()'s, in yaml.v2's words already
      shown = line0;
    } else if (msg == kNoNodeMessage || msg == kNoDocumentNodeMessage) {
      go = "did not find expected node content";
      shown = line0;
    } else if (msg == kEmptyKeyMessage) {
      go = open_flow(line0, col0) != '\0' ? "did not find expected node content"
                                          : "did not find expected key";
      shown = line0;
    } else if (std::optional<std::pair<int, const char*>> flow;
               (msg.find("illegal flow end") != std::string::npos ||
                msg.find("illegal block entry") != std::string::npos ||
                msg.find("end of sequence flow not found") != std::string::npos ||
                msg.find("end of map flow not found") != std::string::npos) &&
               (flow = flow_collection_error(text)) &&
               (msg.find("illegal flow end") == std::string::npos || flow->first <= line0)) {
      // Where yaml.v2's parser stops in a flow collection: a plain scalar there goes on over
      // line breaks up to a ": ", and a ':' on a later line than its key makes no key. (A ']'
      // or '}' that closes nothing, above a flow collection's error, is met first.)
      go = flow->second;
      shown = flow->first;
    } else if (msg.find("illegal block entry") != std::string::npos) {
      // "- " inside a flow collection: yaml.v2's parser finds no node there.
      go = "did not find expected node content";
      shown = line0;
    } else if (msg.find("illegal flow end") != std::string::npos && document_start(line0, col0)) {
      go = "did not find expected node content";  // where the document's node should start
      shown = line0;
    } else if (msg.find("illegal flow end") != std::string::npos) {
      // A ']' or '}' that closes nothing open. Inside another flow collection yaml.v2 wanted
      // that one's ',' or end; where a node must start ("a: ]", "- ]") it found no node; after
      // a block sequence's entry "- [1]]" it looks for the next entry, elsewhere for the next
      // key.
      std::string_view l = line_text(line0);
      std::size_t at = l.find_first_not_of(' ');
      bool entry = at != std::string_view::npos && l.substr(at).starts_with("- ") &&
                   at + 2 < l.size() && (l[at + 2] == '[' || l[at + 2] == '{');
      if (char open = open_flow(line0, col0); open != '\0') {
        go = open == '[' ? "did not find expected ',' or ']'" : "did not find expected ',' or '}'";
      } else if (at_node(line0, col0)) {
        go = "did not find expected node content";
      } else {
        go = entry ? "did not find expected '-' indicator"
                   : wanted_in_block(text, line0, static_cast<std::size_t>(std::max(col0, 0)));
      }
      shown = line0;
    } else if (msg.find("end of sequence flow not found") != std::string::npos ||
               msg.find("end of map flow not found") != std::string::npos) {
      // The text ends inside a flow collection: where a node was due (after the opening
      // bracket, a ',' or a ':'), yaml.v2 found none; else it wanted the ',' or the end.
      char last = last_significant();
      if (last == '[' || last == '{' || last == ',' || last == ':') {
        go = "did not find expected node content";
      } else {
        go = msg.find("sequence") != std::string::npos ? "did not find expected ',' or ']'"
                                                       : "did not find expected ',' or '}'";
      }
      // A collection left open meets the end of the text, which is where yaml.v2 reports it
      // (the text ends in a line break for it); one closed at the end failed at a token inside
      // it, on yaml-cpp's line.
      shown = last == ']' || last == '}' ? line0 : eof_line;
    } else if (const std::string_view token = line_text(line0).substr(
                   std::min(static_cast<std::size_t>(std::max(col0, 0)), line_text(line0).size()));
               (msg.find("end of sequence not found") != std::string::npos ||
                msg.find("end of map not found") != std::string::npos) &&
               (token.starts_with('*') || token.starts_with('&')) &&
               (token.size() == 1 || !name_char(token[1]))) {
      // An alias or anchor with no name where the collection ends for yaml-cpp: yaml.v2's
      // scanner fails on the token itself first.
      go = "did not find expected alphabetic or numeric character";
      scanner = true;
    } else if ((msg.find("end of sequence not found") != std::string::npos ||
                msg.find("end of map not found") != std::string::npos) &&
               line_text(line0)
                   .substr(static_cast<std::size_t>(std::max(col0, 0)))
                   .starts_with(',') &&
               at_node(line0, col0)) {
      // "a: ," / "- ,": a ',' where the value or entry should start.
      go = "did not find expected node content";
      shown = line0;
    } else if ((msg.find("end of sequence not found") != std::string::npos ||
                msg.find("end of map not found") != std::string::npos) &&
               line_start && (keyless(line0) || flow_keyless(line0)) &&
               key_required(text, line0, indent_of(line0))) {
      // A plain scalar alone on its line where a key or entry should be: yaml.v2's scanner
      // wants its ':' (at the first of several such lines).
      if (above0 >= 0 && keyless(above0) && indent_of(above0) == indent_of(line0) &&
          key_required(text, above0, indent_of(above0))) {
        line0 = above0;
      }
      go = kKeylessMessage;
      scanner = true;
      line0 = keyless_error_line(text, line0) - 1;
    } else if (msg.find("end of sequence not found") != std::string::npos ||
               msg.find("end of map not found") != std::string::npos ||
               msg.find("block map") != std::string::npos) {
      // A token where no node may start: inside a block sequence yaml.v2 was looking for the
      // next entry, inside a mapping for the next key.
      go = wanted_in_block(text, line0, static_cast<std::size_t>(std::max(col0, 0)));
      shown = line0;
      tab_before_parser(line0);
    } else {
      go = std::string(msg);
    }
  }
  // Whether the token line `from` starts with is a plain scalar that goes on over the lines down
  // to `to` (where the scanner, still reading it, meets the error first).
  auto plain_runs_to = [&](int from, int to) {
    const std::string_view l = line_text(from);
    const std::size_t at = content_indent(l);
    if (at == npos || is_indicator(l[at]) || starts_with_key(l.substr(at)) ||
        l.find(" #", at) != npos) {
      return false;
    }
    for (int k = from + 1; k < to; ++k) {
      if (ends_plain_scalar(line_text(k))) return false;
    }
    return true;
  };
  // A scalar alone where a key is due, on a line above yaml-cpp's error (which read it as part
  // of a longer scalar, or as a key): yaml.v2's scanner stops there for its missing ':', unless
  // a tab starts the next line with content (reading on over the blanks after the scalar, it
  // stops at that tab first).
  auto tab_follows = [&](int line) { return tab_line_after(text, line).has_value(); };
  for (Lines lines(text); lines.next(line0);) {
    if (!closes_what_it_opens(lines.line())) break;  // a flow collection or quote may go on
    const int line = lines.number();
    if (!lines.block_text() && keyless(line) && key_required(text, line, indent_of(line)) &&
        !tab_follows(line) && !plain_scalar_owner(text, line)) {
      go = kKeylessMessage;
      scanner = true;
      unlined = false;
      line0 = keyless_error_line(text, line) - 1;
      break;
    }
  }
  // Where yaml.v2's parser stops on a line above yaml-cpp's error (or on it): a ':' with no key
  // before it, or a line indented further after a node that closed on its line.
  if (std::optional<std::pair<int, std::size_t>> bracket = flow_after_quoted_node(text, line0)) {
    go = wanted_in_block(text, bracket->first, bracket->second);
    scanner = false;
    line0 = shown = bracket->first;
    unlined = false;
  } else if (std::optional<int> empty = empty_key_line(text, line0 + 1)) {
    go = wanted_in_block(text, *empty, content_indent(line_text(*empty)));
    scanner = false;
    line0 = shown = *empty;
    unlined = false;
  } else if (std::optional<int> deeper = deeper_line_after_closed_node(text, line0);
             deeper && !(scanner && go == "found a tab character that violates indentation" &&
                         plain_runs_to(*deeper, line0))) {
    go = wanted_in_block(text, *deeper, content_indent(line_text(*deeper)));
    scanner = false;
    line0 = shown = *deeper;
    unlined = false;
    tab_before_parser(*deeper);
  }
  // A tab among the blanks that start a line, in a block, after a token that a line break ends
  // as a blank (see ends_in_closed_token): yaml.v2's scanner takes no tab for a blank where a
  // key may start, stops at it, and fails there ("found character that cannot start any
  // token") before its parser gets to a later token. Lines read after a plain scalar, in a
  // block scalar, or where what is open is unsure, are left as they were.
  if (go != "found character that cannot start any token" || !scanner) {
    std::string_view before;    // the nearest line above with a token
    bool top = true;            // no such line yet
    bool comment = false;       // a comment line since: it ended a plain scalar there
    bool closed_above = false;  // `before` ended a flow collection or quote begun higher up
    QuotesAndBrackets open;     // what a line above opened and has not closed
    for (Lines lines(text); lines.next(line0 + 1);) {
      const std::string_view l = lines.line();
      if (!open.closed()) {
        // Inside a flow collection or quoted scalar (where the scanner takes a tab for a
        // blank): when it closes with nothing after it on the line, it is a token closed there
        // as one on a line of its own is; anything else there is unsure.
        open.read(l, 0);
        if (open.closed() && !open.closed_at_end(l)) break;
        before = l;
        closed_above = open.closed();
        continue;
      }
      std::size_t first = l.find_first_not_of(" \t");
      const bool tab = l.substr(0, first == npos ? l.size() : first).find('\t') != npos;
      // (Only blank and comment lines above: the document's node starts here.)
      if (tab && !lines.after_block_text() &&
          (top || comment || closed_above || ends_in_closed_token(before))) {
        go = "found character that cannot start any token";
        scanner = true;
        line0 = lines.number();
        break;
      }
      // A flow collection or quote the line opens goes on past it: read on as above. (The tab
      // before it on the line stops the scanner first.)
      if (!closes_what_it_opens(l)) {
        const std::optional<std::size_t> node = past_entries_and_key(l);
        if (!node || tab) break;
        open.read(l, *node);
        if (open.closed()) break;  // (unsure: a stray ']' or '}')
        top = false;
        comment = false;
        continue;
      }
      if (first != npos && l[first] != '#') {
        before = l;
        top = false;
        comment = false;
        closed_above = false;
      } else if (first != npos && !lines.block_text_open()) {
        comment = true;
      }
    }
  }
  if (scanner) shown = line0 != 0 ? line0 + 1 : 0;
  if (unlined && go.starts_with("unknown anchor")) shown = 0;
  std::string out = "yaml: ";
  if (shown != 0) out += "line " + std::to_string(shown) + ": ";
  return out + go;
}

}  // namespace render::yaml
