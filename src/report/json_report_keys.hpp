// The JSON keys the report decoder understands, and a constant-time lookup
// from key text to Key (a compile-time perfect hash table keyed by a multiplicative
// hash of the length and the first and last eight bytes; one probe, two word
// compares per hit, plus the middle of keys over 16 characters).
// The keys are those of the schema rows and of the field tables, each once.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "report/json_report_schema.hpp"
#include "report/wire_fields.hpp"

namespace bambu {

/// A key the decoder reads, in any context: 1 + its index in kKeys. A key
/// means something only together with the object it appears in (e.g. "info"
/// at the root is the get_version reply, inside an AMS unit the hex bitfield).
enum class Key : std::uint8_t { kUnknown = 0 };

/// Every distinct key text of the schema rows and the field tables.
struct KeySet {
  static constexpr std::size_t kCapacity = 128;
  std::array<std::string_view, kCapacity> texts{};
  std::size_t size = 0;

  constexpr void Add(std::string_view text) {
    if (text.empty() || Find(text) != Key::kUnknown) return;
    if (size == kCapacity) throw std::length_error("KeySet::kCapacity too small");
    texts[size++] = text;
  }
  constexpr Key Find(std::string_view text) const {
    for (std::size_t i = 0; i < size; ++i) {
      if (texts[i] == text) return static_cast<Key>(i + 1);
    }
    return Key::kUnknown;
  }
};

constexpr KeySet BuildKeySet() {
  KeySet keys;
  for (const ShapeRow& row : kShapeRows) keys.Add(row.key);
  ForEachFieldTable([&](const auto& table) {
    ForEachRow(table, [&](std::size_t, const auto& row) { keys.Add(row.key); });
  });
  return keys;
}

inline constexpr KeySet kKeys = BuildKeySet();
inline constexpr std::size_t kKeyCount = kKeys.size + 1;  // with kUnknown
static_assert(kKeyCount <= 255, "Key does not fit in a byte");

/// The Key of a text the decoder reads; does not compile for any other text.
consteval Key KeyOf(std::string_view text) {
  const Key key = kKeys.Find(text);
  if (key == Key::kUnknown) throw std::invalid_argument("not a key of the decoder");
  return key;
}

namespace key_hash {

static_assert(std::endian::native == std::endian::little, "word loads are read little-endian");

inline constexpr std::size_t kSlotBits = 10;
inline constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;
inline constexpr std::uint8_t kEmpty = 0xFF;

/// A key's first and last (up to) 8 bytes as little-endian words, and its length: for keys of
/// up to 16 characters the whole text, compared in two word compares. 1-3 characters: the
/// first, middle and last in `head`.
struct Words {
  std::uint64_t head = 0;
  std::uint64_t tail = 0;
  std::size_t size = 0;
};

template <class T>
T Load(const char* p) {
  T v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

/// The words of a text at run time (word loads, never outside the text).
inline Words LoadWords(std::string_view s) {
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

/// Built at compile time in json_report_keys.cpp (the seed search runs there only).
extern const Table kTable;

/// The middle of a key over 16 characters, which its words leave out, equals that of `text`
/// (of the same length).
bool MiddleMatches(std::size_t index, std::string_view text);

}  // namespace key_hash

/// The Key for `text`, or Key::kUnknown. Inline: the decoder looks up every key it reads.
inline Key LookupKey(std::string_view text) {
  using namespace key_hash;
  const Words w = LoadWords(text);
  const std::uint8_t index = kTable.slots[SlotOf(w, kTable.seed)];
  if (index == kEmpty) return Key::kUnknown;
  const Words& key = kTable.words[index];
  if (key.head != w.head || key.tail != w.tail || key.size != w.size) return Key::kUnknown;
  if (w.size > 16 && !MiddleMatches(index, text)) return Key::kUnknown;
  return static_cast<Key>(index + 1);
}

/// The slot of every key in every context (built in json_report_schema.cpp).
using SlotTable =
    std::array<std::array<JsonSlot, kKeyCount>, static_cast<std::size_t>(JsonCtx::kCount)>;
extern const SlotTable kSlotTable;

/// The slot of `key` inside `parent`; inside arrays the key is irrelevant and
/// the element slot is returned. Inline: the decoder asks for every value.
inline JsonSlot ClassifyKey(JsonCtx parent, Key key) {
  return kSlotTable[static_cast<std::size_t>(parent)][static_cast<std::size_t>(key)];
}

}  // namespace bambu
