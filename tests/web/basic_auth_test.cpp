// Basic auth: header parsing, base64, bcrypt via crypt_r, the verified-credentials
// cache and the dummy-hash path for unknown users.
#include "web/basic_auth.hpp"

#include <crypt.h>
#include <doctest/doctest.h>

#include <array>
#include <cstring>
#include <memory>
#include <string>

namespace {

using bambu::BasicAuthenticator;

/// A fresh $2y$ bcrypt hash of `password` at cost 10, made with libxcrypt.
std::string BcryptHash(const std::string& password) {
  std::array<char, CRYPT_GENSALT_OUTPUT_SIZE> salt{};
  REQUIRE(crypt_gensalt_rn("$2y$", 10, nullptr, 0, salt.data(), static_cast<int>(salt.size())) !=
          nullptr);
  auto data = std::make_unique<crypt_data>();
  std::memset(data.get(), 0, sizeof(crypt_data));
  const char* hash = crypt_r(password.c_str(), salt.data(), data.get());
  REQUIRE(hash != nullptr);
  return hash;
}

TEST_CASE("base64 decoding: RFC 4648 vectors, bad length or characters are rejected") {
  CHECK(bambu::DecodeBase64("") == std::string());
  CHECK(bambu::DecodeBase64("Zg==") == std::string("f"));
  CHECK(bambu::DecodeBase64("Zm8=") == std::string("fo"));
  CHECK(bambu::DecodeBase64("Zm9v") == std::string("foo"));
  CHECK(bambu::DecodeBase64("Zm9vYmFy") == std::string("foobar"));
  CHECK(bambu::DecodeBase64("YWxpY2U6czNjcjN0") == std::string("alice:s3cr3t"));
  CHECK_FALSE(bambu::DecodeBase64("Zm9").has_value());
  CHECK_FALSE(bambu::DecodeBase64("Zm9*").has_value());
  CHECK_FALSE(bambu::DecodeBase64("Z===").has_value());
}

TEST_CASE("Authorization header parsing: scheme, user, password with colons, malformed") {
  const auto alice = bambu::ParseBasicAuthorization("Basic YWxpY2U6czNjcjN0");
  REQUIRE(alice.has_value());
  CHECK(alice->user == "alice");
  CHECK(alice->password == "s3cr3t");
  // "bob:pa:ss" — only the first colon separates user and password.
  const auto bob = bambu::ParseBasicAuthorization("basic Ym9iOnBhOnNz");
  REQUIRE(bob.has_value());
  CHECK(bob->user == "bob");
  CHECK(bob->password == "pa:ss");
  CHECK_FALSE(bambu::ParseBasicAuthorization("").has_value());
  CHECK_FALSE(bambu::ParseBasicAuthorization("Basic").has_value());
  CHECK_FALSE(bambu::ParseBasicAuthorization("Bearer YWxpY2U6czNjcjN0").has_value());
  CHECK_FALSE(bambu::ParseBasicAuthorization("Basic !!!!").has_value());
  CHECK_FALSE(bambu::ParseBasicAuthorization("Basic YWxpY2U=").has_value());  // "alice", no colon
}

TEST_CASE("constant-time equality") {
  CHECK(bambu::ConstantTimeEqual("abc", "abc"));
  CHECK_FALSE(bambu::ConstantTimeEqual("abc", "abd"));
  CHECK_FALSE(bambu::ConstantTimeEqual("abc", "abcd"));
  CHECK(bambu::ConstantTimeEqual("", ""));
}

TEST_CASE("bcrypt verification with crypt_r: right and wrong password, invalid hash") {
  const std::string hash = BcryptHash("s3cr3t");
  CHECK(hash.starts_with("$2y$10$"));
  CHECK(hash.size() == 60);
  CHECK(bambu::VerifyCryptHash("s3cr3t", hash));
  CHECK_FALSE(bambu::VerifyCryptHash("s3cr3T", hash));
  CHECK_FALSE(bambu::VerifyCryptHash("", hash));
  CHECK_FALSE(bambu::VerifyCryptHash("s3cr3t", "not-a-hash"));
}

TEST_CASE("BasicAuthenticator: right, wrong, unknown user, malformed header, cache hits") {
  BasicAuthenticator auth({{"alice", BcryptHash("s3cr3t")}});
  REQUIRE(auth.enabled());
  const std::string right = "Basic YWxpY2U6czNjcjN0";        // alice:s3cr3t
  const std::string wrong = "Basic YWxpY2U6d3Jvbmc=";        // alice:wrong
  const std::string unknown = "Basic bWFsbG9yeTpzM2NyM3Q=";  // mallory:s3cr3t
  CHECK(auth.Allows(right));
  CHECK(auth.hash_computations() == 1);
  CHECK(auth.Allows(right));  // cached: no second bcrypt
  CHECK(auth.hash_computations() == 1);
  CHECK_FALSE(auth.Allows(wrong));
  CHECK(auth.hash_computations() == 2);
  CHECK_FALSE(auth.Allows(wrong));  // failures are cached as failures
  CHECK(auth.hash_computations() == 2);
  CHECK_FALSE(auth.Allows(unknown));  // checked against the dummy hash: bcrypt runs too
  CHECK(auth.hash_computations() == 3);
  CHECK_FALSE(auth.Allows(""));
  CHECK_FALSE(auth.Allows("Basic"));
  CHECK_FALSE(auth.Allows("Basic %%%%"));
  CHECK(auth.hash_computations() == 3);  // malformed headers never reach bcrypt
  CHECK(auth.Allows(right));
  CHECK(auth.hash_computations() == 3);
}

TEST_CASE("BasicAuthenticator without users allows every request") {
  BasicAuthenticator auth({});
  CHECK_FALSE(auth.enabled());
  CHECK(auth.Allows(""));
  CHECK(auth.hash_computations() == 0);
}

}  // namespace
