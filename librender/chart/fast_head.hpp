// The document head of a typical rendered manifest, read without building a YAML tree.
#pragma once

#include <string>
#include <string_view>

#include "chart/manifests.hpp"

namespace render::chart {

// True when `document` is in the block-style subset this reader proves well-formed; then `head`
// holds what parse_manifest_head would give. False means: use parse_manifest_head.
bool fast_manifest_head(std::string_view document, ManifestHead& head);

// What the fast reader made of a document: read (`head` holds it), declined (the full path
// decides), or refused as yaml.v2 refuses it (`error` holds yaml.v2's message, "yaml: line N:
// ...").
enum class HeadRead { kRead, kDeclined, kRefused };
// fast_manifest_head, with what yaml.v2 refuses that yaml-cpp would take for part of a block
// scalar or let pass: an empty sequence entry followed by a key at its column in a sequence
// indented past its owner, or a plain scalar where its mapping needs a key. One pass over the
// lines serves all of them. With `pending_entry`, an empty entry found past where the reader
// stopped (unsure of what comes before it) declines instead, its 0-based line there, for the
// full path to weigh.
HeadRead read_head_fast(std::string_view document, ManifestHead& head, std::string& error,
                        int* pending_entry = nullptr);

// yaml.v2's error for an empty entry followed by a key at its column, at 0-based `line`.
std::string empty_entry_error(int line);

// parse_manifest_head through a full YAML tree (what the fast reader defers to). `empty_entry`:
// the 0-based line of an empty entry the fast reader found (see read_head_fast), yaml.v2's
// error unless the document fails before that line.
bool full_manifest_head(std::string_view document, ManifestHead& head, std::string& error,
                        int empty_entry = -1);

// The two readers read_head_fast is made of, apart, so that tests can hold one against the
// other: whatever the one-loop reader takes, the reference must take too, with the same head.
namespace detail {

// The one-loop reader alone: true when it takes `document` (then `head` holds its head).
bool read_head_quick(std::string_view document, ManifestHead& head);

// read_head_fast without the one-loop reader: the reference reader, with yaml.v2's errors.
HeadRead read_head_reference(std::string_view document, ManifestHead& head, std::string& error);

}  // namespace detail

}  // namespace render::chart
