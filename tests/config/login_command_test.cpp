#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

#include "config/command_line.hpp"

namespace {

using bambu::CommandLineError;
using bambu::ParseCommandLine;

}  // namespace

TEST_CASE("command line: login subcommand flags") {
  const auto flags = ParseCommandLine(
      {"login", "--token-file=/tmp/tok", "--region", "china", "--account", "maker@example.com",
       "--api-base-url=https://127.0.0.1:4443", "--ca-file", "/tmp/ca.pem"});
  REQUIRE(flags.login.has_value());
  CHECK(flags.login->token_file == "/tmp/tok");
  CHECK(flags.login->region == "china");
  CHECK(flags.login->account == "maker@example.com");
  CHECK(flags.login->api_base_url == "https://127.0.0.1:4443");
  CHECK(flags.login->ca_file == "/tmp/ca.pem");
}

TEST_CASE("command line: login defaults and errors") {
  const auto flags = ParseCommandLine({"login"});
  REQUIRE(flags.login.has_value());
  CHECK(flags.login->token_file == "bambu-cloud.token");
  CHECK(flags.login->region == "global");
  CHECK(flags.login->account.empty());
  CHECK_FALSE(ParseCommandLine({"--log.level=debug"}).login.has_value());
  CHECK_THROWS_WITH_AS(ParseCommandLine({"login", "--region=europe"}),
                       "login: --region: expected global or china, got \"europe\"",
                       CommandLineError);
  CHECK_THROWS_WITH_AS(ParseCommandLine({"login", "--password=x"}),
                       "login: unknown flag --password", CommandLineError);
  CHECK_THROWS_WITH_AS(ParseCommandLine({"login", "--token-file"}),
                       "login: --token-file needs a non-empty value", CommandLineError);
}
