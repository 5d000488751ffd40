// Limits on configured strings that become labels and log fields (name, serial, host) and on
// every other string: the error names the file and the key and never echoes the value.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "config/config_reader.hpp"
#include "config_error.hpp"

namespace bambu {
namespace {

using test::ErrorOf;

/// One printer with the given name, serial and host (quoted YAML scalars).
std::string OnePrinter(const std::string& name, const std::string& serial,
                       const std::string& host) {
  return "printers:\n  - name: \"" + name + "\"\n    serial: \"" + serial + "\"\n    host: \"" +
         host + "\"\n    access_code: \"12345678\"\n";
}

}  // namespace

TEST_CASE(
    "config: name, serial and host at their limits pass, one byte more fails naming the key") {
  const std::string name(kMaxNameBytes, 'n');
  const std::string serial(kMaxSerialBytes, 's');
  const std::string host(kMaxHostBytes, 'h');
  const Config config = ParseConfig(OnePrinter(name, serial, host), "exporter.yaml");
  CHECK(config.printers.at(0).name == name);
  CHECK(config.printers.at(0).serial == serial);
  CHECK(config.printers.at(0).host == host);

  CHECK(ErrorOf(OnePrinter(name + "n", serial, host)) ==
        "exporter.yaml: printers[0].name: too long: at most 128 bytes, got 129");
  CHECK(ErrorOf(OnePrinter(name, serial + "s", host)) ==
        "exporter.yaml: printers[0].serial: too long: at most 64 bytes, got 65");
  CHECK(ErrorOf(OnePrinter(name, serial, host + "h")) ==
        "exporter.yaml: printers[0].host: too long: at most 269 bytes, got 270");
}

TEST_CASE("config: a 10 MB printer name is refused without echoing it") {
  const std::string error = ErrorOf(OnePrinter(std::string(10 * 1024 * 1024, 'x'), "S1", "h"));
  CHECK(error == "exporter.yaml: printers[0].name: too long: at most 128 bytes, got 10485760");
}

TEST_CASE("config: control characters in a name, serial or host are refused") {
  CHECK(ErrorOf(OnePrinter("two\\nlines", "S1", "h")) ==
        "exporter.yaml: printers[0].name: must not contain control characters (newlines, tabs, "
        "...)");
  CHECK(ErrorOf(OnePrinter("n", "S\\t1", "h")) ==
        "exporter.yaml: printers[0].serial: must not contain control characters (newlines, "
        "tabs, ...)");
  CHECK(ErrorOf(OnePrinter("n", "S1", "h\\x7f")) ==
        "exporter.yaml: printers[0].host: must not contain control characters (newlines, tabs, "
        "...)");
}

TEST_CASE("config: every other string is limited to 4096 bytes") {
  const std::string yaml = OnePrinter("n", "S1", "h") + "    tls:\n      ca_file: \"" +
                           std::string(kMaxConfigStringBytes + 1, 'p') + "\"\n";
  CHECK(ErrorOf(yaml) ==
        "exporter.yaml: printers[0].tls.ca_file: too long: at most 4096 bytes, "
        "got 4097");
}

}  // namespace bambu
