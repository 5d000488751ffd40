#include "report/json_report_keys.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bambu {
namespace {

constexpr std::size_t kSlotBits = 9;
constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
constexpr std::uint8_t kEmpty = 0xFF;

/// Cheap hash: length and the first, quarter, middle and last characters (keys are short
/// ASCII words), mixed by `seed`; the seed is chosen at compile time so that no
/// two keys share a slot (a perfect hash: one probe per lookup).
constexpr std::uint32_t HashOf(std::string_view s, std::uint32_t seed) {
  const auto n = static_cast<std::uint32_t>(s.size());
  std::uint32_t h = n * 0x9E3779B1u;
  if (n != 0) {
    h ^= static_cast<std::uint8_t>(s[0]) * 0x85EBCA77u;
    h ^= static_cast<std::uint8_t>(s[n / 4]) * 0x165667B1u;  // product_name / project_name
    h ^= static_cast<std::uint8_t>(s[n / 2]) * 0xC2B2AE3Du;
    h ^= static_cast<std::uint8_t>(s[n - 1]) * 0x27D4EB2Fu;
  }
  h ^= h >> 15;
  return h * (seed * 2 + 1);
}

constexpr std::size_t SlotOf(std::uint32_t hash) { return hash >> (32 - kSlotBits); }

struct Entry {
  std::uint32_t hash = 0;       // HashOf(name): most misses end here without a compare
  std::uint8_t index = kEmpty;  // into kKeys.texts, kEmpty when free
};

struct Table {
  std::array<Entry, kSlots> entries{};
  std::uint32_t seed = 0;
};

/// The table for `seed`, or a table with seed 0 when two keys share a slot.
constexpr Table TableFor(std::uint32_t seed) {
  Table t;
  t.seed = seed;
  for (std::size_t k = 0; k < kKeys.size; ++k) {
    const std::uint32_t hash = HashOf(kKeys.texts[k], seed);
    Entry& entry = t.entries[SlotOf(hash)];
    if (entry.index != kEmpty) return Table{};
    entry = {hash, static_cast<std::uint8_t>(k)};
  }
  return t;
}

constexpr Table BuildTable() {
  for (std::uint32_t seed = 0x2C1B3C6Du;; seed += 0x10000) {
    if (Table t = TableFor(seed); t.seed != 0) return t;
  }
}

constexpr Table kTable = BuildTable();
static_assert(kKeys.size < kEmpty, "key index does not fit");

std::uint64_t Load8(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

std::uint32_t Load4(const char* p) {
  std::uint32_t v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// a == b for two texts of the same size, by machine words (overlapping loads at
/// the end, never reading outside either text).
bool SameSizedText(const char* a, const char* b, std::size_t n) {
  if (n >= 8) {
    for (std::size_t i = 0; i + 8 < n; i += 8) {
      if (Load8(a + i) != Load8(b + i)) return false;
    }
    return Load8(a + n - 8) == Load8(b + n - 8);
  }
  if (n >= 4) return Load4(a) == Load4(b) && Load4(a + n - 4) == Load4(b + n - 4);
  for (std::size_t i = 0; i < n; ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

Key LookupKey(std::string_view text) {
  const std::uint32_t hash = HashOf(text, kTable.seed);
  const Entry& e = kTable.entries[SlotOf(hash)];
  if (e.hash != hash || e.index == kEmpty) return Key::kUnknown;
  const std::string_view name = kKeys.texts[e.index];
  if (name.size() != text.size()) return Key::kUnknown;
  return SameSizedText(name.data(), text.data(), text.size()) ? static_cast<Key>(e.index + 1)
                                                              : Key::kUnknown;
}

}  // namespace bambu
