// yaml.v2's error messages for the YAML errors yaml-cpp reports.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>

#include "fast_load.hpp"
#include "render/yaml.hpp"

namespace render::yaml {

int keyless_error_line(std::string_view text, int line0) {
  std::size_t at = offset_of(text, line0 + 1, 0);
  int line = line0 + 1;
  while (at < text.size()) {
    std::size_t end = text.find('\n', at);
    std::string_view l = text.substr(at, end == std::string_view::npos ? end : end - at);
    if (l.find_first_not_of(" \t\r") != std::string_view::npos) return line + 1;
    if (end == std::string_view::npos) break;
    at = end + 1;
    ++line;
  }
  // The end of the stream, on the line after the last break; yaml.v2 ends a last line that has
  // no break of its own first.
  int breaks = static_cast<int>(std::count(text.begin(), text.end(), '\n'));
  return breaks + (!text.empty() && text.back() != '\n' ? 1 : 0) + 1;
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

// yaml.v2's wording for the parse errors yaml-cpp reports. yaml.v2 names the line of a scanner
// error (1-based, omitted on the first line) and, for a parser error, the 0-based line of the
// token it stopped at (omitted when 0); the end of the stream counts as a line of its own.
std::string go_error_message(std::string_view msg, int line0, int col0, std::string_view text) {
  // sigs.k8s.io/yaml's own words, after yaml.v2 has read the whole document.
  if (msg.starts_with("unsupported map key of type: ")) return std::string(msg);
  // The reader's errors name no line, nor do the decoder's alias checks.
  if (is_reader_message(msg) || msg == "document contains excessive aliasing" ||
      (msg.starts_with("anchor '") && msg.ends_with("' value contains itself"))) {
    return "yaml: " + std::string(msg);
  }
  auto line_text = [&](int line) {
    std::size_t start = 0;
    for (int i = 0; i < line && start != std::string_view::npos; ++i) {
      start = text.find('\n', start);
      if (start != std::string_view::npos) ++start;
    }
    if (start == std::string_view::npos) return std::string_view();
    std::size_t end = text.find('\n', start);
    return text.substr(start, end == std::string_view::npos ? end : end - start);
  };
  // Whether the line `line` is indented as the entries of a block sequence just above it.
  auto in_block_sequence = [&](int line) {
    std::string_view l = line_text(line);
    std::size_t indent = l.find_first_not_of(' ');
    if (indent == std::string_view::npos) return false;
    for (int above = line - 1; above >= 0; --above) {
      std::string_view a = line_text(above);
      std::size_t ai = a.find_first_not_of(' ');
      if (ai == std::string_view::npos || a[ai] == '#') continue;  // blank or comment
      if (ai > indent) continue;                                   // deeper: inside an entry
      return ai == indent && a[ai] == '-' && (ai + 1 == a.size() || a[ai + 1] == ' ');
    }
    return false;
  };
  // Whether the line `line` is in the text of a block scalar ("key: |" or ">" above it, every
  // line between indented).
  auto in_block_scalar = [&](int line) {
    for (int above = line - 1; above >= 0; --above) {
      std::string_view a = line_text(above);
      std::size_t end = a.find_last_not_of(" \t");
      if (end == std::string_view::npos) continue;  // blank
      std::size_t header = a.find_last_of("|>", end);
      if (header != std::string_view::npos &&
          a.find_first_not_of("+-0123456789", header + 1) > end &&
          (header == 0 || a[header - 1] == ' ')) {
        return true;
      }
      if (a[0] != ' ') return false;  // a line at the left margin that opens none
    }
    return false;
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
    std::string_view before = line_text(line).substr(0, static_cast<std::size_t>(std::max(col, 0)));
    std::size_t end = before.find_last_not_of(' ');
    if (end == std::string_view::npos) return false;
    return before[end] == ':' || (before[end] == '-' && (end == 0 || before[end - 1] == ' '));
  };
  // Whether the line `line` holds a plain or quoted scalar alone, which can only be a key that
  // lacks its ':'.
  auto keyless = [&](int line) {
    std::string_view l = line_text(line);
    std::size_t first = l.find_first_not_of(" \t");
    if (first == std::string_view::npos) return false;
    std::string_view content = l.substr(first);
    if (!content.empty() && content.back() == '\r') content.remove_suffix(1);
    return cannot_be_key(content, first == 0);
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
  int eof_line = static_cast<int>(std::count(text.begin(), text.end(), '\n')) +
                 (!text.empty() && text.back() != '\n' ? 1 : 0);
  std::string go;
  int shown = 0;
  bool scanner = true;
  // The nearest line above `line` that is not blank, or -1.
  auto line_above = [&](int line) {
    for (int above = line - 1; above >= 0; --above) {
      if (line_text(above).find_first_not_of(" \t\r") != std::string_view::npos) return above;
    }
    return -1;
  };
  auto indent_of = [&](int line) { return line_text(line).find_first_not_of(' '); };
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
  int above0 = line_above(line0);
  if (msg.find("illegal map value") != std::string::npos && above0 >= 0 && keyless(above0) &&
      static_cast<long>(indent_of(line0)) <= block_indent(above0)) {
    // yaml-cpp read a key without ':' and the next line as one scalar; yaml.v2 stopped at the
    // first for its missing ':'.
    go = kKeylessMessage;
    line0 = keyless_error_line(text, above0) - 1;
  } else if (msg.find("illegal map value") != std::string::npos) {
    go = line_text(line0).starts_with("\t") ? "found character that cannot start any token"
                                            : "mapping values are not allowed in this context";
  } else if (msg.find("unknown token") != std::string::npos) {
    go = "found character that cannot start any token";
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
  } else if (msg.find("illegal block entry") != std::string::npos &&
             open_flow(line0, col0) == '\0') {
    go = line_text(line0).starts_with("\t")
             ? "found character that cannot start any token"
             : "block sequence entries are not allowed in this context";
  } else if (msg.find("illegal tab when looking for indentation") != std::string::npos) {
    go = in_block_scalar(line0) ? "found a tab character where an indentation space is expected"
                                : "found a tab character that violates indentation";
  } else if (msg.find("alias not found after") != std::string::npos ||
             msg.find("anchor not found after") != std::string::npos || msg == kBadNameMessage) {
    go = "did not find expected alphabetic or numeric character";
  } else if (msg.find("scanning hex number") != std::string::npos) {
    go = "did not find expected hexdecimal number";
    if (col0 == 0 && line0 > 0) --line0;  // yaml-cpp read on past the end of the escape's line
  } else if (msg.find("illegal map key") != std::string::npos) {
    go = "mapping keys are not allowed in this context";
  } else if (msg == kUnknownDirectiveMessage) {
    go = "found unknown directive name";
  } else if (msg.find("unexpected character in block scalar") != std::string::npos) {
    go = "did not find expected comment or line break";  // after a block scalar's header
  } else if (msg.find("zero indentation for a block scalar") != std::string::npos) {
    go = "found an indentation indicator equal to 0";
  } else if (msg.find("illegal EOF") != std::string::npos ||
             msg.find("end of string not found") != std::string::npos) {
    go = "found unexpected end of stream";
    line0 = std::max(eof_line - 1, 0);
  } else if (msg.find("anchor") != std::string::npos) {
    std::string_view l = line_text(line0);
    std::string name;
    std::size_t star = l.find('*', static_cast<std::size_t>(col0));
    if (star != std::string_view::npos) {
      for (std::size_t i = star + 1;
           i < l.size() && l[i] != ' ' && l[i] != ',' && l[i] != ']' && l[i] != '}'; ++i)
        name += l[i];
    }
    bool readable = std::all_of(name.begin(), name.end(), name_char);
    if (readable) {
      go = "unknown anchor '" + name + "' referenced";
      line0 = 0;  // the decoder's error: no line
    } else {
      go = "did not find expected alphabetic or numeric character";  // the scanner's
    }
  } else {
    scanner = false;
    if (msg == kEntryExpectedMessage) {
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
    } else if (msg == kNoNodeMessage) {
      go = "did not find expected node content";
      shown = line0;
    } else if (msg == kEmptyKeyMessage) {
      go = open_flow(line0, col0) != '\0' ? "did not find expected node content"
                                          : "did not find expected key";
      shown = line0;
    } else if (msg.find("illegal block entry") != std::string::npos) {
      // "- " inside a flow collection: yaml.v2's parser finds no node there.
      go = "did not find expected node content";
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
        go = entry ? "did not find expected '-' indicator" : "did not find expected key";
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
               keyless(line0)) {
      // A plain scalar alone on its line where a key or entry should be: yaml.v2's scanner
      // wants its ':'.
      go = kKeylessMessage;
      scanner = true;
      line0 = keyless_error_line(text, line0) - 1;
    } else if (msg.find("end of sequence not found") != std::string::npos) {
      go = "did not find expected '-' indicator";
      shown = line0;
    } else if (msg.find("end of map not found") != std::string::npos ||
               msg.find("block map") != std::string::npos) {
      // Inside a block sequence (an entry "- " above at the same indentation), yaml.v2 was
      // looking for the next entry.
      go = in_block_sequence(line0) ? "did not find expected '-' indicator"
                                    : "did not find expected key";
      shown = line0;
    } else {
      go = std::string(msg);
    }
  }
  if (scanner) shown = line0 != 0 ? line0 + 1 : 0;
  std::string out = "yaml: ";
  if (shown != 0) out += "line " + std::to_string(shown) + ": ";
  return out + go;
}

}  // namespace render::yaml
