#include "report/json_report_keys.hpp"

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

namespace bambu {
namespace {

static_assert(std::endian::native == std::endian::little, "word loads are read little-endian");

constexpr std::size_t kSlotBits = 10;
constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
constexpr std::uint8_t kEmpty = 0xFF;

/// A key's first and last (up to) 8 bytes as little-endian words, and its length: for keys of
/// up to 16 characters the whole text, compared in two word compares. 1-3 characters: the
/// first, middle and last in `head`.
struct Words {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  std::size_t size = 0;
};

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

template <class T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// WordsOf at run time (word loads, never outside the text).
Words LoadWords(std::string_view s) {
  const char* p = s.data();
  const std::size_t n = s.size();
  if (n >= 8) return {Load<std::uint64_t>(p), Load<std::uint64_t>(p + n - 8), n};
  if (n >= 4) return {Load<std::uint32_t>(p), Load<std::uint32_t>(p + n - 4), n};
  if (n == 0) return {};
  const auto byte = [p](std::size_t i) { return std::uint64_t{static_cast<std::uint8_t>(p[i])}; };
  return {byte(0) | byte(n / 2) << 8 | byte(n - 1) << 16, 0, n};
}

/// Multiplicative hash of the words; `seed` (odd) is chosen at compile time so that no two
/// keys share a slot (a perfect hash: one probe per lookup).
constexpr std::size_t SlotOf(const Words& w, std::uint64_t seed) {
  const std::uint64_t h = (w.head ^ (w.tail * 0x9E3779B97F4A7C15u) ^ w.size) * seed;
  return static_cast<std::size_t>(h >> (64 - kSlotBits));
}

struct Table {
  std::array<std::uint8_t, kSlots> slots{};      // index into kKeys.texts, kEmpty when free
  std::array<Words, KeySet::kCapacity> words{};  // by key index
  std::uint64_t seed = 0;
};

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

constexpr Table kTable = BuildTable();
static_assert(kKeys.size < kEmpty, "key index does not fit");

}  // namespace

Key LookupKey(std::string_view text) {
  const Words w = LoadWords(text);
  const std::uint8_t index = kTable.slots[SlotOf(w, kTable.seed)];
  if (index == kEmpty) return Key::kUnknown;
  const Words& key = kTable.words[index];
  if (key.head != w.head || key.tail != w.tail || key.size != w.size) return Key::kUnknown;
  // Over 16 characters the words leave out the middle.
  if (w.size > 16 && std::memcmp(kKeys.texts[index].data() + 8, text.data() + 8, w.size - 16)) {
    return Key::kUnknown;
  }
  return static_cast<Key>(index + 1);
}

}  // namespace bambu
