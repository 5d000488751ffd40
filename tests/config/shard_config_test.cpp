// The `shard:` section of exporter.yaml.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"

namespace {

constexpr const char* kPrinters =
    "printers:\n  - serial: 01P00A392800456\n    host: 192.168.1.50\n    access_code: "
    "\"93817465\"\n";

/// The error ParseConfig throws for `shard_yaml` + one printer, or "" when it parses.
std::string ShardError(const std::string& shard_yaml) {
  try {
    bambu::ParseConfig(shard_yaml + kPrinters, "exporter.yaml");
  } catch (const bambu::ConfigError& error) {
    return error.what();
  }
  return "";
}

}  // namespace

TEST_CASE("config shard: absent means one shard owning everything") {
  const bambu::Config config = bambu::ParseConfig(kPrinters, "exporter.yaml");
  CHECK(config.shard.index == 0);
  CHECK(config.shard.count == 1);
}

TEST_CASE("config shard: index and count are read") {
  const bambu::Config config =
      bambu::ParseConfig(std::string("shard:\n  index: 2\n  count: 3\n") + kPrinters, "x.yaml");
  CHECK(config.shard.index == 2);
  CHECK(config.shard.count == 3);
  const bambu::Config flow =
      bambu::ParseConfig(std::string("shard: {index: 0, count: 2}\n") + kPrinters, "x.yaml");
  CHECK(flow.shard.index == 0);
  CHECK(flow.shard.count == 2);
  const bambu::Config count_only =
      bambu::ParseConfig(std::string("shard: {count: 4}\n") + kPrinters, "x.yaml");
  CHECK(count_only.shard.index == 0);
  CHECK(count_only.shard.count == 4);
}

TEST_CASE("config shard: invalid values name the file and the key") {
  CHECK(ShardError("shard: {index: 2, count: 2}\n") ==
        "exporter.yaml: shard.index: must be below shard.count (2), got 2");
  CHECK(ShardError("shard: {index: 1}\n") ==
        "exporter.yaml: shard.index: must be below shard.count (1), got 1");
  CHECK(ShardError("shard: {index: 0, count: 0}\n") ==
        "exporter.yaml: shard.count: must be a whole number 1..65536, got \"0\"");
  CHECK(ShardError("shard: {index: -1, count: 2}\n") ==
        "exporter.yaml: shard.index: must be a whole number 0..65535, got \"-1\"");
  CHECK(ShardError("shard: {index: 0, count: two}\n") ==
        "exporter.yaml: shard.count: must be a whole number 1..65536, got \"two\"");
  CHECK(ShardError("shard: {index: 0.5, count: 2}\n") ==
        "exporter.yaml: shard.index: must be a whole number 0..65535, got \"0.5\"");
  CHECK(ShardError("shard: {index: 0, count: 2, replicas: 2}\n") ==
        "exporter.yaml: shard.replicas: unknown key");
  CHECK(ShardError("shard: 2\n") == "exporter.yaml: shard: must be a mapping with index and count");
  CHECK(ShardError("shard: {index: [1], count: 2}\n") ==
        "exporter.yaml: shard.index: must be a string");
}
