#include "config/shard.hpp"

namespace bambu {

std::uint64_t Fnv1a64(std::string_view text) {
  constexpr std::uint64_t kOffsetBasis = 0xcbf29ce484222325ULL;
  constexpr std::uint64_t kPrime = 0x100000001b3ULL;
  std::uint64_t hash = kOffsetBasis;
  for (char c : text) {
    hash ^= static_cast<std::uint8_t>(c);
    hash *= kPrime;
  }
  return hash;
}

int JumpConsistentHash(std::uint64_t key, int buckets) {
  std::int64_t bucket = -1;
  std::int64_t next = 0;
  while (next < buckets) {
    bucket = next;
    key = key * 2862933555777941757ULL + 1;
    next = static_cast<std::int64_t>(
        static_cast<double>(bucket + 1) *
        (static_cast<double>(1LL << 31) / static_cast<double>((key >> 33) + 1)));
  }
  return bucket < 0 ? 0 : static_cast<int>(bucket);
}

int ShardOf(std::string_view serial, int count) {
  return JumpConsistentHash(Fnv1a64(serial), count);
}

bool OwnsSerial(const ShardConfig& shard, std::string_view serial) {
  return shard.count <= 1 || ShardOf(serial, shard.count) == shard.index;
}

}  // namespace bambu
