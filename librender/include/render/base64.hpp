// Base64 as Go's encoding/base64 StdEncoding writes and reads it: Sprig's b64enc/b64dec and
// YAML's !!binary values.
#pragma once

#include <string>
#include <string_view>

namespace render {

// Padded, standard alphabet.
std::string base64_encode(std::string_view src);

// base64.StdEncoding.DecodeString: '\r' and '\n' are skipped, padding is required. On failure
// false, with Go's error text in `error` ("illegal base64 data at input byte N").
bool base64_decode(std::string_view src, std::string& out, std::string& error);

}  // namespace render
