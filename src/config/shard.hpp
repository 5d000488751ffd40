// Sharding: N exporter instances split one fleet with no coordination. Each printer
// belongs to exactly one shard, chosen by a stable hash of its serial.
//
// The assignment is part of the interface: it must never change between versions,
// or an upgrade would move printers between shards. It is
//   shard(serial, count) = JumpConsistentHash(FNV-1a-64(serial), count)
// FNV-1a 64: offset basis 0xcbf29ce484222325, prime 0x100000001b3, over the serial's
// bytes exactly as configured or listed by the cloud (no case folding, no trimming).
// Jump consistent hash: Lamping & Veach, "A Fast, Minimal Memory, Consistent Hash
// Algorithm" (2014), with its 64-bit LCG 2862933555777941757 and IEEE-754 doubles.
// Going from N to N+1 shards moves only about 1/(N+1) of the printers.
// tests/config/shard_test.cpp pins values of both functions.
#pragma once

#include <cstdint>
#include <string_view>

namespace bambu {

/// The `shard:` config section: this instance is shard `index` of `count` (0 ≤ index < count).
struct ShardConfig {
  int index = 0;
  int count = 1;
};

/// FNV-1a 64-bit hash of `text`'s bytes.
std::uint64_t Fnv1a64(std::string_view text);

/// Lamping & Veach jump consistent hash: a bucket 0..buckets-1 for `key`; 0 when buckets < 1.
int JumpConsistentHash(std::uint64_t key, int buckets);

/// The shard (0..count-1) that owns `serial`; 0 when count < 1.
int ShardOf(std::string_view serial, int count);

/// True when the instance configured by `shard` follows the printer `serial`.
bool OwnsSerial(const ShardConfig& shard, std::string_view serial);

}  // namespace bambu
