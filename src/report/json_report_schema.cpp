#include "report/json_report_schema.hpp"

#include <array>
#include <cstddef>
#include <stdexcept>
#include <string_view>

#include "report/json_report_keys.hpp"
#include "report/wire_fields.hpp"

namespace bambu {
namespace {

using Line = SlotTable::value_type;
using Table = SlotTable;

constexpr Line& LineOf(Table& t, JsonCtx ctx) { return t[static_cast<std::size_t>(ctx)]; }

/// Places `slot` at `key`; a key twice in one object does not compile.
constexpr void Place(Line& line, std::string_view key, JsonSlot slot) {
  JsonSlot& place = line[static_cast<std::size_t>(kKeys.Find(key))];
  if (place.shape != JsonShape::kUnknown) throw std::logic_error("a key twice in one object");
  place = slot;
}

/// A field table's rows: scalars (or arrays) in each object the table reads.
template <class FieldTableT>
constexpr void AddFields(Table& t, const FieldTableT& table) {
  ForEachRow(table, [&](std::size_t index, const auto& row) {
    const JsonSlot slot =
        row.array == JsonCtx::kNone
            ? JsonSlot{JsonShape::kScalar, JsonCtx::kNone, static_cast<std::uint8_t>(index)}
            : JsonSlot{JsonShape::kArray, row.array, static_cast<std::uint8_t>(index)};
    if (row.inside != JsonCtx::kNone) {
      Place(LineOf(t, row.inside), row.key, slot);
      return;
    }
    for (JsonCtx object : table.objects) {
      if (object != JsonCtx::kNone) Place(LineOf(t, object), row.key, slot);
    }
  });
}

constexpr Table BuildTable() {
  Table t{};
  for (const ShapeRow& row : kShapeRows) {
    Line& line = LineOf(t, row.parent);
    if (row.key.empty()) {
      for (JsonSlot& slot : line) slot = {row.shape, row.child};
    } else {
      Place(line, row.key, {row.shape, row.child});
    }
  }
  ForEachFieldTable([&](const auto& table) { AddFields(t, table); });
  return t;
}

}  // namespace

constexpr SlotTable kSlotTable = BuildTable();

}  // namespace bambu
