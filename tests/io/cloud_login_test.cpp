#include "io/cloud/cloud_login.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <sstream>

#include <doctest/doctest.h>

#include "broker_harness.hpp"
#include "cloud/cloud_token.hpp"
#include "fake_cloud_harness.hpp"

namespace bambu {
namespace {

constexpr const char* kLogin = "/v1/user-service/user/login";
constexpr const char* kSendCode = "/v1/user-service/user/sendemail/code";

LoginOptions OptionsFor(const test::FakeCloud& fake) {
  LoginOptions options;
  options.base_url = fake.base_url();
  options.ca_file = fake.ca_file();
  options.token_file = fake.dir() + "/token";
  options.timeout_s = 10;
  return options;
}

unsigned FileMode(const std::string& path) {
  struct stat st {};
  REQUIRE(::stat(path.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("login: password, then e-mail code, token file written with mode 0600") {
  test::FakeCloud fake;
  const LoginOptions options = OptionsFor(fake);
  std::istringstream in("maker@example.com\ns3cret\n123456\n");
  std::ostringstream out;
  REQUIRE(RunLogin(options, in, out) == 0);
  const TokenFile saved = ParseTokenFile(test::ReadFile(options.token_file));
  CHECK(saved.token == "tok-1");
  REQUIRE(saved.expires_at.has_value());  // opaque token: now + expiresIn (7776000 s)
  CHECK(*saved.expires_at > 1700000000 + 7776000);
  CHECK(FileMode(options.token_file) == 0600);
  CHECK(out.str().find("A login code was sent to maker@example.com") != std::string::npos);
  CHECK(out.str().find("Token written to") != std::string::npos);
  CHECK(out.str().find("s3cret") == std::string::npos);
  CHECK(out.str().find("tok-1") == std::string::npos);
  CHECK(fake.CountRequests(kLogin, 200) == 2);
  CHECK(fake.CountRequests(kSendCode, 200) == 1);
}

TEST_CASE("login: an expired code sends a new one, a wrong code is asked again") {
  test::FakeCloud fake;
  LoginOptions options = OptionsFor(fake);
  options.account = "maker@example.com";
  test::WriteFile(options.token_file, "old-token\n");  // replaced, and made private
  ::chmod(options.token_file.c_str(), 0644);
  fake.Control(R"({"login_mode":"code_expired","count":1})");
  std::istringstream in("s3cret\n111111\n999999\n123456\n");
  std::ostringstream out;
  REQUIRE(RunLogin(options, in, out) == 0);
  CHECK(out.str().find("The code has expired; sending a new one.") != std::string::npos);
  CHECK(out.str().find("Wrong code; try again.") != std::string::npos);
  CHECK(ParseTokenFile(test::ReadFile(options.token_file)).token == "tok-1");
  CHECK(FileMode(options.token_file) == 0600);
  CHECK(fake.CountRequests(kSendCode, 200) == 2);
  CHECK(fake.CountRequests(kLogin, 400) == 2);
  CHECK(fake.CountRequests(kLogin, 200) == 2);
}

TEST_CASE("login: a wrong password fails without writing a token") {
  test::FakeCloud fake;
  const LoginOptions options = OptionsFor(fake);
  std::istringstream in("maker@example.com\nnope\n");
  std::ostringstream out;
  CHECK(RunLogin(options, in, out) == 1);
  CHECK(out.str().find("Login failed: login answered HTTP 400 (API error: wrong password") !=
        std::string::npos);
  CHECK_FALSE(std::filesystem::exists(options.token_file));
}

}  // namespace bambu
