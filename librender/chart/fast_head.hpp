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
// ..."): an empty sequence entry followed by a key at its column in a sequence indented past its
// owner, or a plain scalar where its mapping needs a key (which yaml-cpp would take for part of a
// block scalar or let pass). One pass over the lines serves all of them.
enum class HeadRead { kRead, kDeclined, kRefused };
HeadRead read_head_fast(std::string_view document, ManifestHead& head, std::string& error);

// parse_manifest_head through a full YAML tree (what the fast reader defers to).
bool full_manifest_head(std::string_view document, ManifestHead& head, std::string& error);

// The two readers read_head_fast is made of, apart, so that tests can hold one against the
// other: whatever the one-loop reader takes, the reference must take too, with the same head.
namespace detail {

// The one-loop reader alone: true when it takes `document` (then `head` holds its head).
bool read_head_quick(std::string_view document, ManifestHead& head);

// read_head_fast without the one-loop reader: the reference reader, with yaml.v2's errors.
HeadRead read_head_reference(std::string_view document, ManifestHead& head, std::string& error);

}  // namespace detail

}  // namespace render::chart
