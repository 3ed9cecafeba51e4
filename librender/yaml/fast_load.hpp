// The fast path of yaml::load for plain block-style values files (see fast_load.cpp).
#pragma once

#include <optional>
#include <string_view>

#include "render/value.hpp"
#include "render/yaml.hpp"

namespace render::yaml {

// The document's value as load() gives it, or nullopt when the text uses anything this path
// does not read (load() then takes yaml-cpp's path, which reports the errors). Positions are not
// recorded. Throws Error for a line among a mapping's keys that cannot be one (kKeylessMessage)
// and for a quoted value that never closes (kUnclosedQuoteMessage), which yaml-cpp lets pass.
// Sets *non_finite (when given) to whether a float read is NaN or infinite.
std::optional<Value> fast_load(std::string_view text, const LoadOptions& options,
                               bool* non_finite = nullptr);

// What fast_load throws (E_PARSE, at the line) for a plain scalar where a mapping needs a key, a
// document yaml.v2 refuses and yaml-cpp would let pass. go_error_message() words it as yaml.v2.
inline constexpr const char* kKeylessMessage = "could not find expected ':'";
// And for a quoted value that never closes (at the quote; yaml.v2 reports the end of the text).
inline constexpr const char* kUnclosedQuoteMessage = "unclosed quoted scalar";
// What load() throws where yaml-cpp reads a second document that yaml.v2 refuses: a line after
// a top-level block sequence that is not an entry, and content after a directive (%YAML) with
// no "---" before it (both at the line of that content).
inline constexpr const char* kEntryExpectedMessage = "a sequence entry ('- ') is expected here";
inline constexpr const char* kDocumentStartMessage = "a document start ('---') is expected here";
// And where a ',' stands where a document's node should start (yaml-cpp would loop forever).
inline constexpr const char* kNoNodeMessage = "a node is expected here, not ','";
// And where a "..." comes first, before the first document's node.
inline constexpr const char* kNoDocumentNodeMessage = "a node is expected before the '...'";
// And for a tab among the spaces that indent a block scalar's line (at the tab).
inline constexpr const char* kBlockScalarTabMessage =
    "a block scalar's lines are indented with spaces, not a tab";
// And for a tag not followed by a blank or a line break (at what follows it).
inline constexpr const char* kTagEndMessage = "a tag is followed by a blank or a line break";
inline constexpr const char* kEmptyKeyMessage = "a key is expected before ':'";
inline constexpr const char* kIncompatibleVersionMessage = "found incompatible YAML document";
inline constexpr const char* kDuplicateVersionMessage = "found duplicate %YAML directive";
// What yaml.v2 takes into an anchor's or alias's name: ASCII letters, digits, '_' and '-'.
inline bool name_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '-';
}
// The characters yaml.v2 takes into a tag's URI (after the '!').
inline bool uri_char(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         std::string_view("-_;/?:@&=+$,.!~*'()[]%").find(c) != std::string_view::npos;
}
inline constexpr const char* kBadNameMessage =
    "an anchor's or alias's name holds only letters, digits, '_' and '-', then a blank";
inline constexpr const char* kUnknownDirectiveMessage =
    "an unknown directive (%YAML and %TAG are the known ones)";

}  // namespace render::yaml
