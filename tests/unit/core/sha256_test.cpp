#include "render/sha256.hpp"

#include <gtest/gtest.h>

#include <string>

namespace render {
namespace {

// FIPS 180-4 example vectors and the padding boundaries (55, 56, 64 bytes).
TEST(Sha256, KnownVectors) {
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  EXPECT_EQ(sha256_hex(std::string(55, 'a')),
            "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318");
  EXPECT_EQ(sha256_hex(std::string(56, 'a')),
            "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a");
  EXPECT_EQ(sha256_hex(std::string(64, 'a')),
            "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb");
  EXPECT_EQ(sha256_hex(std::string(1000000, 'a')),
            "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

// The processor's SHA extensions (where this machine has them) and the portable rounds give the
// same digest for every length across the padding boundaries and several blocks, and the
// portable rounds give the FIPS digest on their own.
TEST(Sha256, HardwareAndPortableRoundsAgree) {
  std::string data;
  std::uint32_t x = 2463534242u;
  for (int i = 0; i < 300; ++i) {
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    data.push_back(static_cast<char>(x));
  }
  for (std::size_t n = 0; n <= data.size(); ++n) {
    std::string_view part(data.data(), n);
    ASSERT_EQ(detail::sha256_on(true, part), detail::sha256_on(false, part)) << "length " << n;
    ASSERT_EQ(sha256(part), detail::sha256_on(false, part)) << "length " << n;
  }
  auto abc = detail::sha256_on(false, "abc");
  EXPECT_EQ(abc[0], 0xba);
  EXPECT_EQ(abc[31], 0xad);
}

}  // namespace
}  // namespace render
