// Go's strconv.Atoi, shared by --set's list indexes and the schema's formats.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace render {

// strconv.Atoi on a 64-bit platform: an optional sign and decimal digits in int64's range. On
// failure, empty with Go's NumError text in `error` ("strconv.Atoi: parsing \"x\": invalid
// syntax", "...: value out of range").
std::optional<long long> go_atoi(std::string_view s, std::string& error);

}  // namespace render
