// SHA-256 (FIPS 180-4), for content hashes in the generated-files manifest and for sha256sum.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace render {

std::array<std::uint8_t, 32> sha256(std::string_view data);

// Lowercase hex of the digest, as sha256sum prints it.
std::string sha256_hex(std::string_view data);

// sha256 uses the processor's SHA extensions where it has them; for tests, both ways.
namespace detail {
bool sha256_has_hardware();
std::array<std::uint8_t, 32> sha256_on(bool hardware, std::string_view data);
}  // namespace detail

}  // namespace render
