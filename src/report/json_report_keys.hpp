// The JSON keys the report decoder understands, and a constant-time lookup
// from key text to Key (a compile-time perfect hash table keyed by a multiplicative
// hash of the length and the first and last eight bytes; one probe, two word
// compares per hit, plus the middle of keys over 16 characters).
// The keys are those of the schema rows and of the field tables, each once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
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

/// The Key for `text`, or Key::kUnknown.
Key LookupKey(std::string_view text);

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
