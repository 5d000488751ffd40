// Access codes by serial: a directory of files named by serial and a `SERIAL: CODE` file.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "config/access_codes.hpp"
#include "config/config.hpp"
#include "config/secret_source.hpp"

namespace bambu {
namespace {

struct TempDir {
  std::string path;
  TempDir() {
    char pattern[] = "/tmp/bambu_codes_XXXXXX";
    path = ::mkdtemp(pattern);
  }
  ~TempDir() { std::filesystem::remove_all(path); }
  std::string Write(const std::string& name, const std::string& text, int mode = 0600) const {
    const std::string file = path + "/" + name;
    std::ofstream(file) << text;
    ::chmod(file.c_str(), static_cast<mode_t>(mode));
    return file;
  }
};

std::string ErrorOf(const std::string& yaml) {
  try {
    ParseConfig(yaml, "farm.yaml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("access codes: a directory and a file, merged") {
  TempDir dir;
  TempDir other;
  dir.Write("01P00A000000001", "12345678\n");
  dir.Write("01P00A000000002", "87654321");
  dir.Write(".hidden", "x");
  std::filesystem::create_directory(dir.path + "/..data");
  const std::string file =
      other.Write("codes.txt", "# farm\n\n01P00A000000003: abcd1234\n  01P00A000000004 :  q9 \r\n");
  const AccessCodes codes = LoadAccessCodes(dir.path, file);
  REQUIRE(codes.size() == 4);
  CHECK(codes.at("01P00A000000001").code == "12345678");
  CHECK(codes.at("01P00A000000001").source == dir.path + "/01P00A000000001");
  CHECK(codes.at("01P00A000000002").code == "87654321");
  CHECK(codes.at("01P00A000000003").code == "abcd1234");
  CHECK(codes.at("01P00A000000004").code == "q9");
  CHECK(codes.at("01P00A000000004").source == file);
}

TEST_CASE("access codes: errors name the file and key, never the code") {
  TempDir dir;
  const std::string open = dir.Write("01P00A000000001", "secret42", 0644);
  CHECK(ErrorOf("discovery:\n  access_codes_dir: " + dir.path + "\n  auto_add: true\n") ==
        "farm.yaml: discovery.access_codes_dir: " + open +
            " is open to group or others (mode 0644); make it private: chmod 600");
  ::chmod(open.c_str(), 0600);
  TempDir files;
  const std::string twice = files.Write("codes", "01P00A000000001: secret43\n");
  CHECK(ErrorOf("discovery:\n  access_codes_dir: " + dir.path + "\n  access_codes_file: " + twice +
                "\n") == "farm.yaml: discovery.access_codes_file: " + twice +
                             ": serial 01P00A000000001 already has a code in " + open);
  const std::string bad = files.Write("bad", "01P00A000000009 secret44\n");
  CHECK(ErrorOf("discovery:\n  access_codes_file: " + bad + "\n") ==
        "farm.yaml: discovery.access_codes_file: " + bad + ":1: expected \"SERIAL: CODE\"");
  const std::string spaced = files.Write("spaced", "a b: secret45\n");
  CHECK(ErrorOf("discovery:\n  access_codes_file: " + spaced + "\n") ==
        "farm.yaml: discovery.access_codes_file: " + spaced + ":1: not a printer serial");
  CHECK(ErrorOf("discovery:\n  access_codes_dir: /nonexistent/codes\n") ==
        "farm.yaml: discovery.access_codes_dir: /nonexistent/codes is not a directory");
  CHECK(ErrorOf("discovery:\n  auto_add: true\n") ==
        "farm.yaml: discovery.auto_add: needs access codes: set discovery.access_codes_dir or "
        "access_codes_file");
}

TEST_CASE("discovery config: defaults and validated keys") {
  TempDir dir;
  dir.Write("S1", "c");
  const Config config = ParseConfig(
      "discovery:\n  auto_add: true\n  access_codes_dir: " + dir.path + "\n", "farm.yaml");
  REQUIRE(config.discovery);
  CHECK(config.discovery->listen);
  CHECK(config.discovery->listen_address == "0.0.0.0:2021");
  CHECK(config.discovery->multicast);
  CHECK(config.discovery->mqtt_port == 8883);
  CHECK(config.discovery->expire_after_s == 600);
  CHECK(config.printers.empty());
  CHECK_FALSE(ParseConfig("printers:\n  - {serial: S1, host: h, access_code: c}\n", "x").discovery);
  CHECK(ErrorOf("discovery:\n  listen_address: \":2021\"\n") ==
        "farm.yaml: discovery.listen_address: must be \"IPv4:port\" such as \"0.0.0.0:2021\", "
        "got \":2021\"");
  CHECK(ErrorOf("discovery:\n  listen_address: 127.0.0.1:0\n") ==
        "farm.yaml: discovery.listen_address: must be \"IPv4:port\" such as \"0.0.0.0:2021\", "
        "got \"127.0.0.1:0\"");
  CHECK(ErrorOf("discovery:\n  listen: yes\n") == "farm.yaml: discovery.listen: unknown key");
  CHECK(ErrorOf("discovery:\n  multicast: sometimes\n") ==
        "farm.yaml: discovery.multicast: must be true or false, got \"sometimes\"");
  CHECK(ErrorOf("discovery:\n  expire_after: 10s\n") ==
        "farm.yaml: discovery.expire_after: must be at least 1m");
  CHECK(ErrorOf("discovery:\n  enabled: false\nprinters:\n  - {serial: S1, access_code: c}\n") ==
        "farm.yaml: printers[0].host: required (or turn on discovery: to use the announced "
        "address)");
}

}  // namespace bambu
