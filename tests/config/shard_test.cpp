// The serial → shard assignment is a compatibility promise (config/shard.hpp): these pinned
// values break when the hash changes. Expected values come from an independent reference
// implementation of FNV-1a 64 and jump consistent hash, not from this code.
#include "config/shard.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <string>
#include <vector>

namespace {

using bambu::Fnv1a64;
using bambu::JumpConsistentHash;
using bambu::OwnsSerial;
using bambu::ShardConfig;
using bambu::ShardOf;

/// 10,000 serial-like strings: five model prefixes and nine digits.
std::vector<std::string> TenThousandSerials() {
  static constexpr const char* kPrefixes[] = {"00M09A", "01P00A", "01S00C", "03919A", "0948AB"};
  std::vector<std::string> serials;
  for (int i = 0; i < 10000; ++i) {
    char digits[16];
    std::snprintf(digits, sizeof(digits), "%09d", i);
    serials.push_back(std::string(kPrefixes[i % 5]) + digits);
  }
  return serials;
}

}  // namespace

TEST_CASE("shard: FNV-1a 64 matches the published test vectors") {
  CHECK(Fnv1a64("") == 0xcbf29ce484222325ULL);
  CHECK(Fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
  CHECK(Fnv1a64("foobar") == 0x85944171f73967e8ULL);
  CHECK(Fnv1a64("00M09A351100123") == 0x5760bb56cf541d94ULL);
  CHECK(Fnv1a64("SIM000001") == 0x2ad460a2f96a6a27ULL);
}

TEST_CASE("shard: jump consistent hash matches the reference values") {
  CHECK(JumpConsistentHash(1, 1) == 0);
  CHECK(JumpConsistentHash(42, 57) == 43);
  CHECK(JumpConsistentHash(0xDEAD10CCULL, 666) == 361);
  CHECK(JumpConsistentHash(256, 1024) == 520);
  CHECK(JumpConsistentHash(1, 1000) == 549);
  CHECK(JumpConsistentHash(0, 10) == 0);
  CHECK(JumpConsistentHash(7, 0) == 0);
}

TEST_CASE("shard: pinned serial to shard values") {
  // serial, then its shard for count 2, 3, 4, 5, 16.
  struct Pin {
    const char* serial;
    int shards[5];
  };
  static constexpr Pin kPins[] = {
      {"00M09A351100123", {1, 2, 2, 2, 2}},  {"01P00A392800456", {0, 2, 2, 2, 2}},
      {"03919C461600789", {0, 0, 3, 3, 13}}, {"0948AB510200011", {1, 1, 1, 1, 8}},
      {"SIM000001", {0, 2, 3, 3, 15}},       {"SIM000020", {0, 0, 0, 0, 6}},
  };
  static constexpr int kCounts[] = {2, 3, 4, 5, 16};
  for (const Pin& pin : kPins) {
    for (int i = 0; i < 5; ++i) {
      CAPTURE(pin.serial);
      CAPTURE(kCounts[i]);
      CHECK(ShardOf(pin.serial, kCounts[i]) == pin.shards[i]);
    }
    CHECK(ShardOf(pin.serial, 1) == 0);
  }
}

TEST_CASE("shard: every serial is owned by exactly one of N shards") {
  const auto serials = TenThousandSerials();
  for (int count = 1; count <= 5; ++count) {
    for (const std::string& serial : serials) {
      int owners = 0;
      for (int index = 0; index < count; ++index) {
        owners += OwnsSerial(ShardConfig{index, count}, serial) ? 1 : 0;
      }
      CAPTURE(serial);
      CAPTURE(count);
      REQUIRE(owners == 1);
    }
  }
}

TEST_CASE("shard: four shards are balanced within 20 % of the mean") {
  const auto serials = TenThousandSerials();
  std::vector<int> owned(4, 0);
  for (const std::string& serial : serials) ++owned[ShardOf(serial, 4)];
  const double mean = 10000.0 / 4;
  for (int index = 0; index < 4; ++index) {
    CAPTURE(index);
    CHECK(owned[index] >= 0.8 * mean);
    CHECK(owned[index] <= 1.2 * mean);
  }
}

TEST_CASE("shard: growing from 4 to 5 shards moves only the new shard's share") {
  const auto serials = TenThousandSerials();
  int moved = 0;
  for (const std::string& serial : serials) {
    const int before = ShardOf(serial, 4);
    const int after = ShardOf(serial, 5);
    if (before != after) {
      ++moved;
      CHECK(after == 4);  // a printer only ever moves to the new shard
    }
  }
  CHECK(moved == 2009);
}

TEST_CASE("shard: a single shard owns everything") {
  CHECK(OwnsSerial(ShardConfig{}, "00M09A351100123"));
  CHECK(OwnsSerial(ShardConfig{0, 1}, ""));
  CHECK_FALSE(OwnsSerial(ShardConfig{0, 2}, "00M09A351100123"));
  CHECK(OwnsSerial(ShardConfig{1, 2}, "00M09A351100123"));
}
