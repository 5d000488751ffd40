#include "cloud/cloud_token.hpp"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <doctest/doctest.h>

namespace bambu {
namespace {

void Write(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << text;
}

}  // namespace

TEST_CASE("JWT exp claim, opaque tokens have none") {
  // header {"alg":"RS256","typ":"JWT"}, payload {"username":"u_1234567890","exp":1767225600,...}
  constexpr std::string_view kJwt =
      "eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9."
      "eyJ1c2VybmFtZSI6InVfMTIzNDU2Nzg5MCIsImV4cCI6MTc2NzIyNTYwMCwiaWF0IjoxNzU5NDQ5NjAwfQ.c2ln";
  const auto exp = JwtExpiry(kJwt);
  REQUIRE(exp.has_value());
  CHECK(*exp == 1767225600);
  CHECK_FALSE(JwtExpiry("AAB3kT9xopaqueToken0123456789").has_value());
  CHECK_FALSE(JwtExpiry("a.b.c").has_value());
  CHECK_FALSE(JwtExpiry("eyJhbGciOiJub25lIn0.e30.").has_value());  // payload {} has no exp
  CHECK_FALSE(JwtExpiry("x.!!!.y").has_value());
}

TEST_CASE("token file: token line and optional expiry") {
  const TokenFile parsed = ParseTokenFile("abc.def.ghi\nexpires_at=1767225600\n");
  CHECK(parsed.token == "abc.def.ghi");
  REQUIRE(parsed.expires_at.has_value());
  CHECK(*parsed.expires_at == 1767225600);
  CHECK(FormatTokenFile(parsed) == "abc.def.ghi\nexpires_at=1767225600\n");
  const TokenFile bare = ParseTokenFile("  opaqueToken123\r\n");
  CHECK(bare.token == "opaqueToken123");
  CHECK_FALSE(bare.expires_at.has_value());
  CHECK(FormatTokenFile(bare) == "opaqueToken123\n");
  CHECK(ParseTokenFile("").token.empty());
  CHECK_FALSE(ParseTokenFile("t\nexpires_at=soon\n").expires_at.has_value());
}

TEST_CASE("token expiry: JWT claim first, else the file's expires_at") {
  TokenFile jwt{"eyJhbGciOiJub25lIn0.eyJleHAiOjE3NjcyMjU2MDB9.", 1800000000};  // {"exp":1767225600}
  CHECK(*TokenExpiry(jwt) == 1767225600);
  TokenFile opaque{"opaque", 1800000000};
  CHECK(*TokenExpiry(opaque) == 1800000000);
  CHECK_FALSE(TokenExpiry(TokenFile{"opaque", std::nullopt}).has_value());
}

TEST_CASE("token source: file read, rejection snapshot, change detection") {
  char pattern[] = "/tmp/cloud_token_test.XXXXXX";
  const std::string dir = ::mkdtemp(pattern);
  const std::string path = dir + "/token";
  CloudTokenSource source("", path);
  std::string error;
  CHECK_FALSE(source.Load(error).has_value());
  CHECK(error == "cannot read cloud token file " + path);
  Write(path, "\n");
  CHECK_FALSE(source.Load(error).has_value());
  CHECK(error.find("is empty") != std::string::npos);
  Write(path, "tok-1\nexpires_at=1800000000\n");
  auto loaded = source.Load(error);
  REQUIRE(loaded.has_value());
  CHECK(loaded->token == "tok-1");
  CHECK(*loaded->expires_at == 1800000000);
  source.MarkRejected();
  CHECK_FALSE(source.ChangedSinceRejected());
  Write(path, "tok-2\n");
  CHECK(source.ChangedSinceRejected());
  CHECK(source.Load(error)->token == "tok-2");
  source.MarkRejected();
  CHECK_FALSE(source.ChangedSinceRejected());
  std::filesystem::remove(path);
  CHECK(source.ChangedSinceRejected());  // gone counts as a change (and then fails to load)
  std::filesystem::remove_all(dir);

  CloudTokenSource inline_source(" tok-inline \n", "");
  CHECK(inline_source.Load(error)->token == "tok-inline");
  inline_source.MarkRejected();
  CHECK_FALSE(inline_source.ChangedSinceRejected());  // an inline token never changes
}

}  // namespace bambu
