#include "config/command_line.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

using bambu::CommandLine;
using bambu::CommandLineError;
using bambu::ParseCommandLine;

namespace {

std::string ErrorOf(const std::vector<std::string_view>& args) {
  try {
    ParseCommandLine(args);
  } catch (const CommandLineError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("command line: defaults") {
  const CommandLine flags = ParseCommandLine({});
  CHECK(flags.config_file == "exporter.yaml");
  CHECK(flags.config_check == false);
  CHECK(flags.listen_address.has_value() == false);
  CHECK(flags.log_level == bambu::log::Level::kInfo);
  CHECK(flags.log_format == bambu::log::Format::kLogfmt);
  CHECK(flags.telemetry_path == "/metrics");
  CHECK(flags.show_version == false);
  CHECK(flags.show_help == false);
}

TEST_CASE("command line: --flag=value and --flag value") {
  const CommandLine a = ParseCommandLine({"--config.file=/etc/bambu/exporter.yaml",
                                          "--web.listen-address=127.0.0.1:19593",
                                          "--log.level=debug", "--config.check"});
  CHECK(a.config_file == "/etc/bambu/exporter.yaml");
  CHECK(a.listen_address == "127.0.0.1:19593");
  CHECK(a.log_level == bambu::log::Level::kDebug);
  CHECK(a.config_check == true);

  const CommandLine b = ParseCommandLine(
      {"--config.file", "other.yaml", "--web.listen-address", ":0", "--log.level", "warn"});
  CHECK(b.config_file == "other.yaml");
  CHECK(b.listen_address == ":0");
  CHECK(b.log_level == bambu::log::Level::kWarn);
  CHECK(b.config_check == false);
}

TEST_CASE("command line: --web.telemetry-path and --log.format") {
  const CommandLine a =
      ParseCommandLine({"--web.telemetry-path=/bambu/metrics", "--log.format=json"});
  CHECK(a.telemetry_path == "/bambu/metrics");
  CHECK(a.log_format == bambu::log::Format::kJson);
  const CommandLine b = ParseCommandLine({"--web.telemetry-path", "/", "--log.format", "logfmt"});
  CHECK(b.telemetry_path == "/");
  CHECK(b.log_format == bambu::log::Format::kLogfmt);
}

TEST_CASE("command line: boolean flags") {
  CHECK(ParseCommandLine({"--version"}).show_version == true);
  CHECK(ParseCommandLine({"--help"}).show_help == true);
  CHECK(ParseCommandLine({"-h"}).show_help == true);
  CHECK(ParseCommandLine({"--config.check=true"}).config_check == true);
  CHECK(ParseCommandLine({"--config.check=false"}).config_check == false);
  // A boolean flag does not consume the next argument.
  const CommandLine flags = ParseCommandLine({"--config.check", "--config.file", "x.yaml"});
  CHECK(flags.config_check == true);
  CHECK(flags.config_file == "x.yaml");
}

TEST_CASE("command line: the last occurrence wins") {
  CHECK(ParseCommandLine({"--log.level=error", "--log.level=info"}).log_level ==
        bambu::log::Level::kInfo);
}

TEST_CASE("command line: errors") {
  CHECK(ErrorOf({"--web.listen-adress=:1"}) == "unknown flag --web.listen-adress");
  CHECK(ErrorOf({"--config.file"}) == "--config.file needs a value");
  CHECK(ErrorOf({"--config.file="}) == "--config.file needs a non-empty value");
  CHECK(ErrorOf({"--log.level=verbose"}) ==
        "--log.level: expected debug, info, warn or error, got \"verbose\"");
  CHECK(ErrorOf({"--log.format=text"}) == "--log.format: expected logfmt or json, got \"text\"");
  CHECK(ErrorOf({"--web.telemetry-path=metrics"}) ==
        "--web.telemetry-path: expected a path starting with / (no query, no spaces), got "
        "\"metrics\"");
  CHECK(ErrorOf({"--web.telemetry-path=/m?x=1"}) ==
        "--web.telemetry-path: expected a path starting with / (no query, no spaces), got "
        "\"/m?x=1\"");
  CHECK(ErrorOf({"--web.telemetry-path="}) == "--web.telemetry-path needs a non-empty value");
  CHECK(ErrorOf({"--config.check=yes"}) == "--config.check: expected true or false, got \"yes\"");
  CHECK(ErrorOf({"exporter.yaml"}) == "unexpected argument \"exporter.yaml\"");
  CHECK(ErrorOf({"-v"}) == "unexpected argument \"-v\"");
  CHECK(ErrorOf({"--"}) == "unexpected argument \"--\"");
}

TEST_CASE("command line: usage lists every flag") {
  const std::string usage = bambu::UsageText("bambu_exporter");
  CHECK(usage.starts_with("usage: bambu_exporter [flags]\n"));
  for (const char* flag : {"--config.file=PATH", "--config.check", "--web.listen-address=HOST:PORT",
                           "--log.level=LEVEL", "--log.format=FORMAT", "--web.telemetry-path=PATH",
                           "--version", "--help"}) {
    CAPTURE(flag);
    CHECK(usage.find(flag) != std::string::npos);
  }
}
