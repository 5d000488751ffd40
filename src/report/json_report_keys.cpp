#include "report/json_report_keys.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bambu {
namespace key_hash {
namespace {

constexpr std::uint64_t Word(std::string_view s, std::size_t from, std::size_t bytes) {
  std::uint64_t w = 0;
  for (std::size_t i = 0; i < bytes; ++i) {
    w |= std::uint64_t{static_cast<std::uint8_t>(s[from + i])} << (8 * i);
  }
  return w;
}

/// Words of `s` at compile time (byte by byte).
constexpr Words WordsOf(std::string_view s) {
  const std::size_t n = s.size();
  if (n >= 8) return {Word(s, 0, 8), Word(s, n - 8, 8), n};
  if (n >= 4) return {Word(s, 0, 4), Word(s, n - 4, 4), n};
  if (n == 0) return {};
  return {Word(s, 0, 1) | Word(s, n / 2, 1) << 8 | Word(s, n - 1, 1) << 16, 0, n};
}

/// The table for `seed`, or a table with seed 0 when two keys share a slot.
constexpr Table TableFor(std::uint64_t seed) {
  Table t;
  t.seed = seed;
  t.slots.fill(kEmpty);
  for (std::size_t k = 0; k < kKeys.size; ++k) {
    t.words[k] = WordsOf(kKeys.texts[k]);
    std::uint8_t& slot = t.slots[SlotOf(t.words[k], seed)];
    if (slot != kEmpty) return Table{};
    slot = static_cast<std::uint8_t>(k);
  }
  return t;
}

constexpr Table BuildTable() {
  // Starts at the first seed that fits the current keys (the search steps on from there).
  for (std::uint64_t seed = 0xD6E8FEB86659FD9Bu;; seed += 2) {
    if (Table t = TableFor(seed); t.seed != 0) return t;
  }
}

static_assert(kKeys.size < kEmpty, "key index does not fit");

}  // namespace

constinit const Table kTable = BuildTable();

bool MiddleMatches(std::size_t index, std::string_view text) {
  return std::memcmp(kKeys.texts[index].data() + 8, text.data() + 8, text.size() - 16) == 0;
}

}  // namespace key_hash
}  // namespace bambu
