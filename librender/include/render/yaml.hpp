// YAML as Helm reads and writes it: YAML 1.1 scalar resolution (yaml.v2) and an emitter that
// writes what Helm's toYaml writes (sorted keys, unindented sequences, YAML 1.1-safe quoting).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "render/diagnostic.hpp"
#include "render/value.hpp"

namespace render::yaml {

// What a plain (unquoted) scalar means under YAML 1.1 as yaml.v2 resolves it.
struct PlainScalar {
  enum class Kind { kNull, kBool, kInt, kFloat, kString };
  Kind kind = Kind::kString;
  bool boolean = false;
  std::int64_t integer = 0;
  // kInt past int64's range: yaml.v2 reads it as a uint64 (unsigned text, ParseUint), whose
  // bits `integer` holds.
  bool uint64_only = false;
  double number = 0;
  std::uint64_t unsigned_integer() const { return static_cast<std::uint64_t>(integer); }
  // A kInt or kFloat as the float64 Helm's values hold after their JSON step.
  double to_double() const {
    if (kind == Kind::kFloat) return number;
    return uint64_only ? static_cast<double>(unsigned_integer()) : static_cast<double>(integer);
  }
  // A kInt as Go's %d writes it.
  std::string integer_text() const {
    return uint64_only ? std::to_string(unsigned_integer()) : std::to_string(integer);
  }
};

// y/n/yes/no/on/off/true/false (lower, Capitalized or UPPER) are booleans; ~, null and the
// empty scalar are null; integers in any base Go's ParseInt(s, 0, 64) reads, with '_' removed
// (0x1F, 0777 octal, 0b101, +1), and unsigned ones only ParseUint reads (0xFFFFFFFFFFFFFFFF,
// uint64_only); floats ([-+]?(.5|1|1.|1.5)(e[-+]?3)?, .inf, .nan); anything
// else, timestamps included, is a string.
PlainScalar resolve_plain(std::string_view text);

// yaml.v2's (and yaml.v3's) parseTimestamp: whether time.Parse reads the text with one of
// "2006-1-2T15:4:5.999999999Z07:00" (also with a lower-case t), "2006-1-2 15:4:5.999999999" or
// "2006-1-2". Such a plain scalar is a timestamp to them: toYaml quotes it.
bool go_yaml_timestamp(std::string_view text);

// How sigs.k8s.io/yaml names a plain (untagged) map key after yaml.v2 resolved it: booleans
// "true"/"false", integers in decimal ("0x1F" and "017" are "31" and "15"), floats as
// strconv.FormatFloat(f, 'g', -1, 32) ("1.50" is "1.5", "1e3" is "1000", ".inf"), anything else
// as written. A null key and an integer only uint64 holds have no name: `trouble` says which
// (and `unsigned_key` holds the integer), for unsupported_key_message.
enum class KeyTrouble { kNone, kNull, kUint64 };
std::string plain_key_name(std::string_view text, KeyTrouble& trouble, std::uint64_t& unsigned_key);
// Go's %#v of a uint64: "0x" and lowercase hex digits.
std::string go_uint64_syntax(std::uint64_t v);
// "unsupported map key of type: uint64, key: 0x..., value: <value_syntax>", as Helm words it.
std::string unsupported_key_message(KeyTrouble trouble, std::uint64_t unsigned_key,
                                    std::string_view value_syntax);

// A YAML indicator character: what a plain scalar may not start with ('-', '?' and ':' only when
// a space or the end follows them, which callers check).
bool is_indicator(char c);

// yaml.v2 also breaks lines at U+0085, U+2028, U+2029 and a CR without a LF after it, where
// yaml-cpp reads them as content: the text with each of them as a LF (nullopt: there are none).
// Where a U+2028 or U+2029 breaks a scalar's lines, yaml.v2 keeps it in the scalar's text (a LF
// there folds to a space or stays a LF), so that text reads differently; what yaml.v2 refuses is
// the same either way.
std::optional<std::string> unicode_breaks_as_line_feeds(std::string_view text);

// Where the quoted scalar that `text` starts with ('...' or "...") ends: one past its closing
// quote, or npos when it does not close in `text`.
std::size_t quoted_end(std::string_view text);

// Whether a line standing among a block mapping's keys (`content` after its indentation) can be
// no key at all: a plain or quoted scalar with no ": " after it and no ':' at its end (yaml.v2:
// "could not find expected ':'", noticed on the next line), "-x" and "--" among them, or a
// quoted scalar that closes on a later line (`to_end`: the text from `content`'s start to the
// end of the document; empty: not looked at). A document marker ("..." or "---") in the first
// column is not one; flow collections and other indicators are left undecided (false).
bool cannot_be_key(std::string_view content, bool first_column, std::string_view to_end = {});

// yaml.v2's float syntax, ^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$ (also what yaml.v3
// resolves as a float).
bool yaml_style_float(std::string_view s);

struct LoadOptions {
  std::string file;    // for messages
  int max_depth = 64;  // nesting of sequences and mappings
  std::size_t max_nodes =
      1u << 20;  // nodes visited, aliases expanded: a "billion laughs" stops here
  bool refuse_duplicate_keys = true;
  // Refuse tags outside the core schema (!!str !!int !!float !!bool !!null !!map !!seq): the
  // project's own inputs. Otherwise tags are read as Helm reads values (yaml.v2): !!binary is
  // decoded, !!timestamp checked, the text of a scalar with any other tag is a string, and a
  // collection's tag is ignored. Either way a core tag the text does not resolve to (!!int x)
  // is an error.
  bool refuse_unknown_tags = true;
  // Record the positions of values and keys (Loaded::values, Loaded::keys). Chart values only
  // need the value, and skipping the JSON pointers saves an allocation per node.
  bool record_positions = true;
};

// A YAML document as Helm loads values: plain scalars resolved with YAML 1.1 rules, every
// number a float64 (Value::number), quoted scalars strings, "<<" merge keys applied, tags as
// LoadOptions::refuse_unknown_tags says. Positions (1-based line, col) of values and keys are
// recorded by JSON pointer. An empty document is an empty map. Throws render::Error: E_PARSE with
// file:line:col, E_LIMIT for the depth and node budgets.
struct Loaded {
  Value value;
  std::map<std::string, std::pair<int, int>> values;  // pointer -> (line, col)
  std::map<std::string, std::pair<int, int>> keys;
  // Whether any float in `value` is NaN or infinite (first_non_finite() then names the first).
  bool non_finite = false;
};
Loaded load(std::string_view text, const LoadOptions& options);

// What sigs.k8s.io/yaml's JSON step cannot write in a loaded value: the first NaN or infinity in
// encoding order (map keys sorted), as encoding/json names it ("+Inf", "-Inf", "NaN").
std::optional<std::string> first_non_finite(const Value& v);

// Helm's toYaml: the value's YAML without the final newline. Map keys in yaml.v2's natural
// order; block sequences not indented under their key; numbers as JSON would print them
// (integral floats as integers); strings plain when YAML 1.1 would read them back as the same
// string, else single- or double-quoted, or a literal block for multi-line text; long plain and
// single-quoted strings folded after 80 columns.
std::string to_yaml(const Value& value);

// What yaml.v2's reader refuses before any parsing: bytes that are not UTF-8, and characters YAML
// does not allow (C0 controls other than tab, line feed and carriage return; DEL; C1 controls
// other than NEL; surrogates; U+FFFE and U+FFFF). The first such place and yaml.v2's words for
// it ("control characters are not allowed", "invalid leading UTF-8 octet", ...). Nothing for a
// text that starts with a UTF-16 byte order mark (yaml.v2 decodes that as UTF-16).
struct ReaderProblem {
  std::size_t offset = 0;
  std::string_view message;
};
std::optional<ReaderProblem> reader_problem(std::string_view text);
// Whether `message` is one of those.
bool is_reader_message(std::string_view message);
// yaml.v2 decodes its input 512 bytes at a time, ahead of where it parses: whether it has met
// `problem` by the time it stops at a parse error at byte `error_offset`.
bool reads_problem_first(const ReaderProblem& problem, std::size_t error_offset);
// yaml.v2's text for `problem` ("yaml: control characters are not allowed") when it meets it
// before stopping at byte `error_offset` (a parse error's place, or the text's size when the text
// parses), else nothing.
std::optional<std::string> reader_error(const std::optional<ReaderProblem>& problem,
                                        std::size_t error_offset);
// The byte offset of 0-based `line0`, `col0` in `text` (clamped to its end).
std::size_t offset_of(std::string_view text, int line0, int col0);
// Where the line holding byte `at` of `text` starts.
std::size_t line_start(std::string_view text, std::size_t at);
// Whether `rest` (a line from a node's start) is a simple key: a quoted scalar or plain text
// followed by ':' and a blank or the end of the line, before any comment.
bool starts_with_key(std::string_view rest);

// A plain scalar of a flow collection as yaml.v2's scanner reads it from its first character at
// `at`: words, each up to a blank, ": " or a flow indicator, and the blanks and line breaks after
// them, up to what ends it (a flow indicator, ": ", a comment or a document marker). Among the
// blanks that start a line it goes on to, yaml.v2 refuses a tab at a column of at most
// `block_indent`, the indentation of the block collection around (-1: none): "found a tab
// character that violates indentation".
struct FlowPlainScalar {
  std::size_t end = 0;                 // where it ends (the refused tab, if any)
  bool after_break = false;            // a line break after its last word
  std::optional<std::size_t> bad_tab;  // where a refused tab stops the scanner
};
FlowPlainScalar read_flow_plain(std::string_view text, std::size_t at, int block_indent);

// Where yaml.v2 stops reading a text whose first document's root node starts indented (after
// comment lines) and is followed by a line starting further left with '}' or ']': the root ends
// there, and yaml.v2 reads that one flow-end token (which it does not check) and no further,
// where yaml-cpp reads on and refuses it (`message` at 0-based `line0`, `col0`). The offset of
// that line when the error is that refusal and yaml-cpp reads the text before the line, else
// nothing. ("# {{ toPrettyJson .Values.x }}" makes such a tail.)
std::optional<std::size_t> ignored_tail(std::string_view text, std::string_view message, int line0,
                                        int col0);

// Whether 0-based `line` starts inside a flow collection that a line above opened and has not
// closed (a line there is no block entry nor key); true where a quote makes it unsure.
bool inside_flow_collection(std::string_view text, int line);

// Whether `line`, from a line's first column on, starts with a document marker as yaml.v2's
// scanner takes one: "---" (`which` '-'), "..." ('.') or either (0), then a blank, a line
// break or the end.
inline bool is_document_marker(std::string_view line, char which = 0) {
  if (line.size() < 3 || (line[0] != '-' && line[0] != '.') || (which != 0 && line[0] != which) ||
      line[1] != line[0] || line[2] != line[0]) {
    return false;
  }
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r' ||
         line[3] == '\n';
}

// Where the text's first line with content starts, past blank lines and comment lines (a tab
// among a line's leading blanks is content: yaml.v2 refuses it there), or the text's size.
std::size_t first_content_line(std::string_view text);

// What yaml.v2 refuses at the start of the first document, where yaml-cpp may read on: a tab
// where the document's first token should start, a "..." line before the document's node.
// Throws load()'s error for it (E_PARSE, at its place), unless a problem of yaml.v2's reader
// (`reader`: reader_problem of the text, asked for only when needed) comes before it.
void check_document_start(std::string_view text, const LoadOptions& options,
                          const std::function<const std::optional<ReaderProblem>&()>& reader);

// Where the first document's root node ends when it is a scalar closed before `error` (an
// offset): a quoted scalar (nothing but a comment after it on its line), or a plain one that a
// comment ends (on its line, or on a line of its own: a plain scalar goes on over lines, blank
// ones among them, until then). yaml.v2 then ends the document at the next token, which it scans
// but does not parse: a ']', an unclosed '{', an alias never defined or a ':' on a later line
// there are no errors of the document's (`message`, yaml-cpp's, is one of those). The offset
// where the text to read ends (the line after the quoted scalar, or the comment), else nothing.
std::optional<std::size_t> closed_root_scalar(std::string_view text, std::string_view message,
                                              std::size_t error);

// Where the first document's root node ends when it is a block collection that starts indented
// (after comment lines) and a line further left follows, at or before `error` (an offset):
// yaml.v2 then ends the document at that line's first token, which it scans only up to a key's
// ':' (or an entry's '-'), and reads no further. That line's offset, when its first token is an
// entry or a key on the line, else nothing.
std::optional<std::size_t> closed_root_collection(std::string_view text, std::size_t error);

// Where yaml.v2 stops reading, before an error yaml-cpp reported (`message` at 0-based `line0`,
// `col0`): the ignored_tail, closed_root_scalar or closed_root_collection above, or the first
// "..." line (a document's end) at or before the error, after the first document's content began
// (a "---" or "..." line inside a quoted scalar is an error of its own). The text before that
// offset is what to read; nothing when yaml.v2 meets the error too.
std::optional<std::size_t> stop_before_error(std::string_view text, std::string_view message,
                                             int line0, int col0);

// Whether a document's only content is a tag other than !!null ("!", "!!str", "!!map"), perhaps
// with an anchor, which yaml.v2 decodes as "" (yaml-cpp reads a null and keeps no tag on it).
bool tag_alone(std::string_view text);

// yaml.v2 reads a '?' in a flow collection as a key indicator wherever a token may start (and
// ends a plain scalar there), where yaml-cpp reads one only before a blank. The first flow
// collection of the first document that holds such a '?', as yaml.v2 reads it: nothing when the
// text has none, or its block structure is past what is followed here.
struct FlowQuestions {
  std::size_t start = 0;                // the collection's '[' or '{'
  std::size_t end = std::string::npos;  // its closing bracket, if any
  std::vector<std::size_t> keys;        // just past each '?' read as a key before a non-blank
  // A plain scalar ends at a '?', or one before a blank is a key: yaml-cpp reads no differently
  // unless yaml.v2 fails (after an anchor: "[&a ?b]").
  bool others = false;
  std::optional<std::pair<int, std::string>> error;  // yaml.v2's parser error: 0-based line, words
};
std::optional<FlowQuestions> flow_questions(std::string_view text);

// yaml.v2's text ("yaml: line N: did not find expected key") for a parse error yaml-cpp reported
// as `message` at the 0-based `line0`/`col0` of `text`.
std::string go_error_message(std::string_view message, int line0, int col0, std::string_view text);
// The same for the error load() threw, placed by its diagnostic's 1-based line and column.
std::string go_error_message(const Diagnostic& load_error, std::string_view text);
// The line (1-based) yaml.v2 names for a key without ':' on the 0-based line `line0`: its scanner
// notices on the next line that is not blank (a comment's included), or at the end.
int keyless_error_line(std::string_view text, int line0);

// Appends to_yaml(value) to `out`.
void append_yaml(const Value& value, std::string& out);

// Go's encoding/json of a value, as Helm's toJson gives it: map keys sorted, no spaces, numbers
// as encoding/json prints float64, "<", ">" and "&" escaped as \u003c \u003e \u0026 unless
// `escape_html` is false (toRawJson), U+2028/U+2029 escaped, invalid UTF-8 as U+FFFD.
std::string to_json(const Value& value, bool escape_html = true);

// json.MarshalIndent(value, "", "  "), as toPrettyJson gives it.
std::string to_pretty_json(const Value& value);

// yaml.v2's key order: compare rune by rune; letters by code point; a letter after a non-letter;
// digit runs numerically. With `v3`, yaml.v3's: a letter right after equal digits comes before
// a non-letter.
bool natural_less(std::string_view a, std::string_view b, bool v3 = false);

}  // namespace render::yaml
