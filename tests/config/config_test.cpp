#include "config/config.hpp"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <unistd.h>

#include "config_error.hpp"

namespace {

using bambu::Config;
using bambu::ConfigError;
using bambu::ParseConfig;
using bambu::test::ErrorOf;

constexpr const char* kSecret = "93817465";

/// A scratch directory removed at the end of the test.
class TempDir {
 public:
  TempDir() {
    path_ = std::filesystem::temp_directory_path() /
            ("bambu_config_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter_++));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& content) const {
    const auto file = path_ / name;
    std::ofstream(file, std::ios::binary) << content;
    return file.string();
  }
  std::string Path(const std::string& name) const { return (path_ / name).string(); }

 private:
  static inline int counter_ = 0;
  std::filesystem::path path_;
};

std::string Printer(const std::string& serial, const std::string& extra = "") {
  return "  - serial: " + serial + "\n    host: 192.168.1.50\n    access_code: \"" + kSecret +
         "\"\n" + extra;
}

}  // namespace

TEST_CASE("config: a full valid file gives exact values") {
  TempDir dir;
  const std::string ca = dir.Write("ca.pem", "not checked for content\n");
  const std::string code_file = dir.Write("code", std::string(kSecret) + "\n");
  ::setenv("BAMBU_TEST_ACCESS_CODE", "55554444", 1);
  const std::string yaml =
      "listen_address: \"127.0.0.1:19593\"\n"
      "stale_after: 90s\n"
      "keep_stale_series: true\n"
      "printers:\n"
      "  - name: workshop-x1c\n"
      "    serial: 00M09A350100123\n"
      "    host: 192.168.1.50\n"
      "    port: 18883\n"
      "    access_code: \"01234567\"\n"
      "    tls:\n"
      "      ca_file: " +
      ca +
      "\n"
      "  - serial: 01P00A400200456\n"
      "    host: p1s.lan\n"
      "    access_code_file: " +
      code_file +
      "\n"
      "    tls:\n"
      "      insecure: true\n"
      "  - serial: 03919A3B0300789\n"
      "    host: 10.0.0.7\n"
      "    access_code_env: BAMBU_TEST_ACCESS_CODE\n";
  const Config config = ParseConfig(yaml, "exporter.yaml");
  CHECK(config.source_path == "exporter.yaml");
  CHECK(config.listen_address == "127.0.0.1:19593");
  CHECK(config.stale_after_s == 90.0);
  CHECK(config.keep_stale_series == true);
  REQUIRE(config.printers.size() == 3);

  const auto& x1c = config.printers[0];
  CHECK(x1c.name == "workshop-x1c");
  CHECK(x1c.serial == "00M09A350100123");
  CHECK(x1c.host == "192.168.1.50");
  CHECK(x1c.port == 18883);
  CHECK(x1c.access_code == "01234567");
  CHECK(x1c.tls.ca_file == ca);
  CHECK(x1c.tls.insecure == false);

  const auto& p1s = config.printers[1];
  CHECK(p1s.name == "01P00A400200456");  // defaults to the serial
  CHECK(p1s.host == "p1s.lan");
  CHECK(p1s.port == 8883);
  CHECK(p1s.access_code == kSecret);  // trailing newline trimmed
  CHECK(p1s.tls.insecure == true);
  CHECK(p1s.tls.ca_file == bambu::DefaultCaFile());

  CHECK(config.printers[2].access_code == "55554444");
  ::unsetenv("BAMBU_TEST_ACCESS_CODE");
}

TEST_CASE("config: defaults for the top-level keys") {
  const Config config = ParseConfig("printers:\n" + Printer("SERIAL1"), "exporter.yaml");
  CHECK(config.listen_address == ":9593");
  CHECK(config.stale_after_s == 600.0);
  CHECK(config.keep_stale_series == false);
  REQUIRE(config.printers.size() == 1);
  CHECK(config.printers[0].tls.ca_file == bambu::DefaultCaFile());
  CHECK(config.printers[0].tls.insecure == false);
}

TEST_CASE("config: mqtt_keepalive defaults to 15 s and reaches every session") {
  const Config defaults = ParseConfig("printers:\n" + Printer("SERIAL1"), "exporter.yaml");
  CHECK(defaults.mqtt_keepalive_s == 15);
  CHECK(defaults.printers[0].mqtt_keepalive_s == 15);

  const Config config = ParseConfig("mqtt_keepalive: 1m\nprinters:\n" + Printer("SERIAL1") +
                                        Printer("SERIAL2") + "cloud:\n  token: abc\n",
                                    "exporter.yaml");
  CHECK(config.mqtt_keepalive_s == 60);
  CHECK(config.printers[0].mqtt_keepalive_s == 60);
  CHECK(config.printers[1].mqtt_keepalive_s == 60);
  REQUIRE(config.cloud.has_value());
  CHECK(config.cloud->mqtt_keepalive_s == 60);
  CHECK(ParseConfig("mqtt_keepalive: 5s\nprinters:\n" + Printer("S"), "x").mqtt_keepalive_s == 5);
  CHECK(ParseConfig("mqtt_keepalive: 10m\nprinters:\n" + Printer("S"), "x").mqtt_keepalive_s ==
        600);
}

TEST_CASE("config: a bad mqtt_keepalive names the file and the key") {
  const std::string printers = "printers:\n" + Printer("SERIAL1");
  // 1e31s is far beyond an int (found by config_fuzz: it was cast before the range check).
  for (const char* bad :
       {"4s", "11m", "1.5s", "90s500ms", "soon", "0", "-15s", "1e31s", "99999999999999999999h"}) {
    CAPTURE(bad);
    CHECK(
        ErrorOf("mqtt_keepalive: " + std::string(bad) + "\n" + printers) ==
        "exporter.yaml: mqtt_keepalive: must be a whole number of seconds from 5s to 10m, got \"" +
            std::string(bad) + "\"");
  }
  CHECK(ErrorOf("mqtt_keepalive: [15]\n" + printers) ==
        "exporter.yaml: mqtt_keepalive: must be a string");
}

TEST_CASE("config: the default CA file is the shipped Bambu bundle") {
  const std::string ca = bambu::DefaultCaFile();
  CHECK(ca.ends_with("bambu-ca-bundle.pem"));
  CHECK(std::filesystem::is_regular_file(ca));
}

TEST_CASE("config: secret file with CRLF is trimmed") {
  TempDir dir;
  const std::string file = dir.Write("code", "12345678\r\n");
  const Config config = ParseConfig(
      "printers:\n  - serial: S1\n    host: h\n    access_code_file: " + file + "\n", "x.yaml");
  CHECK(config.printers[0].access_code == "12345678");
}

TEST_CASE("config: every error names the file and the key path") {
  CHECK(ErrorOf("printers:\n" + Printer("S1") + "    colour: red\n") ==
        "exporter.yaml: printers[0].colour: unknown key");
  CHECK(ErrorOf("stale_afterr: 5m\n") == "exporter.yaml: stale_afterr: unknown key");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    tls:\n      verify: true\n")) ==
        "exporter.yaml: printers[0].tls.verify: unknown key");
  CHECK(ErrorOf("printers:\n" + Printer("S1") + "  - host: h\n    access_code: x\n") ==
        "exporter.yaml: printers[1].serial: required");
  CHECK(ErrorOf("printers:\n  - serial: S1\n    access_code: x\n") ==
        "exporter.yaml: printers[0].host: required (or turn on discovery: to use the announced "
        "address)");
  CHECK(ErrorOf("printers:\n" + Printer("S1") + Printer("S1")) ==
        "exporter.yaml: printers[1].serial: duplicate serial \"S1\"");
  for (const std::string serial : {"S/1", "S+", "#", "S 1"}) {
    CHECK(ErrorOf("printers:\n" + Printer("\"" + serial + "\"")) ==
          "exporter.yaml: printers[0].serial: must be one MQTT topic level: no '/', '+', '#' or "
          "spaces");
  }
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    name: a\n") + Printer("S2", "    name: a\n")) ==
        "exporter.yaml: printers[1].name: duplicate name \"a\"");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    port: 70000\n")) ==
        "exporter.yaml: printers[0].port: must be a port number 1..65535, got \"70000\"");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    port: 0\n")) ==
        "exporter.yaml: printers[0].port: must be a port number 1..65535, got \"0\"");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    port: mqtt\n")) ==
        "exporter.yaml: printers[0].port: must be a port number 1..65535, got \"mqtt\"");
  CHECK(ErrorOf("stale_after: 5 minutes\n") ==
        "exporter.yaml: stale_after: must be a duration such as \"90s\", \"5m\" or \"1h\", got "
        "\"5 minutes\"");
  CHECK(ErrorOf("keep_stale_series: maybe\n") ==
        "exporter.yaml: keep_stale_series: must be true or false, got \"maybe\"");
  CHECK(ErrorOf("listen_address: localhost\n") ==
        "exporter.yaml: listen_address: must be \"host:port\" or \":port\", got \"localhost\"");
  CHECK(ErrorOf("printers:\n" + Printer("S1") + "    port: 1\n    port: 2\n") ==
        "exporter.yaml: printers[0].port: duplicate key");
  CHECK(ErrorOf("printers: {}\n") == "exporter.yaml: printers: must be a list");
  CHECK(ErrorOf("") == "exporter.yaml: (document): empty; expected a mapping");
}

TEST_CASE("config: access code sources") {
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n") ==
        "exporter.yaml: printers[0].access_code: required: set one of access_code, "
        "access_code_file, access_code_env (or put a code for this serial in "
        "discovery.access_codes_dir/_file)");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    access_code_env: HOME\n")) ==
        "exporter.yaml: printers[0].access_code: set only one of access_code, access_code_file, "
        "access_code_env");
  ::unsetenv("BAMBU_TEST_MISSING_CODE");
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n"
                "    access_code_env: BAMBU_TEST_MISSING_CODE\n") ==
        "exporter.yaml: printers[0].access_code_env: environment variable BAMBU_TEST_MISSING_CODE "
        "is not set");
  ::setenv("BAMBU_TEST_EMPTY_CODE", "", 1);
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n"
                "    access_code_env: BAMBU_TEST_EMPTY_CODE\n") ==
        "exporter.yaml: printers[0].access_code_env: environment variable BAMBU_TEST_EMPTY_CODE "
        "is empty");
  ::unsetenv("BAMBU_TEST_EMPTY_CODE");
  TempDir dir;
  const std::string missing = dir.Path("absent");
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n    access_code_file: " + missing +
                "\n") == "exporter.yaml: printers[0].access_code_file: cannot read " + missing +
                             ": No such file or directory");
  const std::string blank = dir.Write("blank", "\n");
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n    access_code_file: " + blank + "\n") ==
        "exporter.yaml: printers[0].access_code_file: " + blank + " is empty");
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: h\n    access_code: \"\"\n") ==
        "exporter.yaml: printers[0].access_code: must not be empty");
}

TEST_CASE("config: YAML syntax errors name the file and the line") {
  CHECK(ErrorOf("printers:\n  - serial: S1\n    host: [unclosed\n") ==
        "exporter.yaml: line 4, column 1: invalid YAML: end of sequence flow not found");
  const std::string bad_indent = ErrorOf("stale_after: 5m\nprinters:\n  - serial: S1\n bad: [\n");
  CHECK(bad_indent.starts_with("exporter.yaml: line 4, column "));
}

TEST_CASE("config: a missing file is named") {
  CHECK_THROWS_WITH_AS(bambu::LoadConfig("/nonexistent/bambu/exporter.yaml"),
                       "/nonexistent/bambu/exporter.yaml: cannot read: No such file or directory",
                       ConfigError);
}

TEST_CASE("config: a directory is not a config file") {
  TempDir dir;
  const std::string path = dir.Path("");
  CHECK_THROWS_WITH_AS(bambu::LoadConfig(path), (path + ": is a directory").c_str(), ConfigError);
}

TEST_CASE("config: LoadConfig names the path in errors") {
  TempDir dir;
  const std::string path = dir.Write("exporter.yaml", "printers:\n  - host: h\n");
  CHECK_THROWS_WITH_AS(bambu::LoadConfig(path), (path + ": printers[0].serial: required").c_str(),
                       ConfigError);
}

TEST_CASE("config: a missing explicit CA file is an error unless insecure") {
  TempDir dir;
  const std::string ca = dir.Path("missing-ca.pem");
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    tls:\n      ca_file: " + ca + "\n")) ==
        "exporter.yaml: printers[0].tls.ca_file: file not found: " + ca);
  CHECK(ErrorOf("printers:\n" + Printer("S1", "    tls:\n      ca_file: " + ca +
                                                  "\n      insecure: true\n")) == "");
}

TEST_CASE("config: the access code never appears in an error message") {
  const std::vector<std::string> broken = {
      "printers:\n" + Printer("S1", "    access_code_env: HOME\n"),
      "printers:\n" + Printer("S1", "    access_code_file: /x\n"),
      "printers:\n" + Printer("S1", "    port: -1\n"),
      "printers:\n" + Printer("S1", "    unknown: 1\n"),
      "printers:\n  - serial: S1\n    host: h\n    access_code: [" + std::string(kSecret) + "]\n",
      "printers:\n  - serial: S1\n    host: h\n    access_code: {a: " + std::string(kSecret) +
          "}\n",
      "printers:\n  - serial: S1\n    host: h\n    access_code: [\"" + std::string(kSecret) +
          "\"\n",
      "printers:\n  - serial: S1\n    host: h\n    access_code: {" + std::string(kSecret) + "\n",
      "printers:\n  - serial: S1\n    host: h\n    access_code: \"" + std::string(kSecret) +
          "\"\n   bad: 1\n",
  };
  for (const std::string& yaml : broken) {
    const std::string error = ErrorOf(yaml);
    CAPTURE(yaml);
    CHECK(!error.empty());
    CHECK(error.find(kSecret) == std::string::npos);
  }
}

TEST_CASE("config: durations") {
  double s = 0;
  CHECK(bambu::ParseDuration("90s", s));
  CHECK(s == 90.0);
  CHECK(bambu::ParseDuration("5m", s));
  CHECK(s == 300.0);
  CHECK(bambu::ParseDuration("1h", s));
  CHECK(s == 3600.0);
  CHECK(bambu::ParseDuration("1h30m", s));
  CHECK(s == 5400.0);
  CHECK(bambu::ParseDuration("250ms", s));
  CHECK(s == 0.25);
  CHECK(bambu::ParseDuration("2d", s));
  CHECK(s == 172800.0);
  CHECK(bambu::ParseDuration("120", s));
  CHECK(s == 120.0);
  CHECK(bambu::ParseDuration("1.5", s));
  CHECK(s == 1.5);
  for (const char* bad : {"", "m", "5x", "-5s", "5 m", "inf", "nan", "1h-3m", "s5"}) {
    CAPTURE(bad);
    double unchanged = 42;
    CHECK_FALSE(bambu::ParseDuration(bad, unchanged));
    CHECK(unchanged == 42.0);
  }
  CHECK(ErrorOf("stale_after: 0s\n").starts_with("exporter.yaml: stale_after: must be a duration"));
}

TEST_CASE("config: a cloud section with a token file and overrides") {
  TempDir dir;
  const std::string ca = dir.Write("ca.pem", "-----BEGIN CERTIFICATE-----\n");
  const Config config = ParseConfig(
      "cloud:\n  region: china\n  token_file: /var/lib/bambu/token\n  devices_interval: 90s\n"
      "  tasks_interval: 1h\n  state_file: /var/lib/bambu/tasks.json\n"
      "  mqtt_broker: ssl://127.0.0.1:18883\n  ca_file: " +
          ca + "\n",
      "exporter.yaml");
  CHECK(config.printers.empty());
  REQUIRE(config.cloud.has_value());
  const bambu::CloudConfig& cloud = *config.cloud;
  CHECK(cloud.region == "china");
  CHECK(cloud.api_base_url == "https://api.bambulab.cn");
  CHECK(cloud.mqtt_broker == "ssl://127.0.0.1:18883");
  CHECK(cloud.token_file == "/var/lib/bambu/token");
  CHECK(cloud.token.empty());
  CHECK(cloud.devices_interval_s == 90.0);
  CHECK(cloud.tasks_interval_s == 3600.0);
  CHECK(cloud.state_file == "/var/lib/bambu/tasks.json");
  CHECK(cloud.ca_file == ca);
}

TEST_CASE("config: cloud defaults, with LAN printers alongside") {
  const Config config = ParseConfig(
      "printers:\n" + Printer("S1") + "cloud:\n  token: \"" + kSecret + "\"\n", "exporter.yaml");
  REQUIRE(config.printers.size() == 1);
  REQUIRE(config.cloud.has_value());
  CHECK(config.cloud->region == "global");
  CHECK(config.cloud->api_base_url == "https://api.bambulab.com");
  CHECK(config.cloud->mqtt_broker == "ssl://us.mqtt.bambulab.com:8883");
  CHECK(config.cloud->token == kSecret);
  CHECK(config.cloud->devices_interval_s == 300.0);
  CHECK(config.cloud->tasks_interval_s == 600.0);
  CHECK(config.cloud->state_file.empty());
  CHECK(config.cloud->ca_file.empty());
}

TEST_CASE("config: cloud token from the environment") {
  ::setenv("BAMBU_TEST_CLOUD_TOKEN", "env-token-42", 1);
  const Config config =
      ParseConfig("cloud:\n  token_env: BAMBU_TEST_CLOUD_TOKEN\n", "exporter.yaml");
  ::unsetenv("BAMBU_TEST_CLOUD_TOKEN");
  REQUIRE(config.cloud.has_value());
  CHECK(config.cloud->token == "env-token-42");
  CHECK(config.cloud->token_file.empty());
  CHECK(ErrorOf("cloud:\n  token_env: BAMBU_TEST_CLOUD_TOKEN\n") ==
        "exporter.yaml: cloud.token_env: environment variable BAMBU_TEST_CLOUD_TOKEN is not set");
}

TEST_CASE("config: cloud section errors name the key and never the token") {
  CHECK(ErrorOf("cloud:\n  token: t\n  colour: red\n") ==
        "exporter.yaml: cloud.colour: unknown key");
  CHECK(ErrorOf(std::string("cloud:\n  token: ") + kSecret + "\n  token_file: /tmp/t\n") ==
        "exporter.yaml: cloud.token: set only one of token, token_file, token_env");
  CHECK(ErrorOf("cloud:\n  region: global\n") ==
        "exporter.yaml: cloud.token: required: set one of token, token_file, token_env");
  CHECK(ErrorOf("cloud:\n  token: t\n  region: europe\n") ==
        "exporter.yaml: cloud.region: must be global or china, got \"europe\"");
  CHECK(ErrorOf("cloud:\n  token: t\n  devices_interval: often\n") ==
        "exporter.yaml: cloud.devices_interval: must be a duration such as \"90s\", \"5m\" or "
        "\"1h\", got \"often\"");
  CHECK(ErrorOf("cloud:\n  token: t\n  tasks_interval: 0s\n") ==
        "exporter.yaml: cloud.tasks_interval: must be a duration such as \"90s\", \"5m\" or "
        "\"1h\", got \"0s\"");
  CHECK(ErrorOf("cloud:\n  token: t\n  ca_file: /nonexistent/ca.pem\n") ==
        "exporter.yaml: cloud.ca_file: file not found: /nonexistent/ca.pem");
  CHECK(ErrorOf("cloud: [1]\n") == "exporter.yaml: cloud: must be a mapping");
  CHECK(ErrorOf("listen_address: \":9593\"\n") ==
        "exporter.yaml: printers: required: configure at least one printer, a cloud section or "
        "discovery.auto_add");
}

TEST_CASE("config: third_party_spool_grams is unset by default, a whole number of grams") {
  const std::string printers = "printers:\n" + Printer("SERIAL1");
  CHECK_FALSE(ParseConfig(printers, "exporter.yaml").third_party_spool_g.has_value());
  CHECK(ParseConfig("third_party_spool_grams: 1000\n" + printers, "exporter.yaml")
            .third_party_spool_g == 1000);
  for (const char* bad : {"0", "-1", "10001", "1kg", "[1000]"}) {
    CAPTURE(bad);
    const std::string error =
        ErrorOf("third_party_spool_grams: " + std::string(bad) + "\n" + printers);
    CHECK(error.starts_with("exporter.yaml: third_party_spool_grams: "));
  }
}
