#include "view/hms_view.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <utility>

#include "base/hex_text.hpp"
#include "view/ams_names.hpp"

namespace bambu {
namespace {

constexpr std::uint32_t kModuleAms = 0x07;      // AMS and AMS 2 Pro
constexpr std::uint32_t kModuleAmsLite = 0x12;  // AMS lite (0xFF: the A1's spool holder)
constexpr std::uint32_t kModuleAmsHt = 0x18;
constexpr std::uint32_t kNumberExternalMain = 0xFF;    // vir_slot / vt_tray id 255
constexpr std::uint32_t kNumberExternalDeputy = 0xFE;  // id 254, left extruder
constexpr int kFirstHtId = 128;

std::string_view SeverityOf(std::uint32_t code) {
  switch (code >> 16) {
    case 1:
      return "fatal";
    case 2:
      return "serious";
    case 3:
      return "common";
    case 4:
      return "info";
    default:
      return "unknown";
  }
}

std::string DisplayCode(const HmsEntry& entry) {
  return UpperHex(entry.attr >> 16, 4) + "_" + UpperHex(entry.attr & 0xFFFFU, 4) + "_" +
         UpperHex(entry.code >> 16, 4) + "_" + UpperHex(entry.code & 0xFFFFU, 4);
}

bool IsAmsModule(std::uint32_t module) {
  return module == kModuleAms || module == kModuleAmsLite || module == kModuleAmsHt;
}

/// Unit id of module number `number` (attr bits 16-23): AMS and AMS lite number their units
/// like the report's ams[].id; AMS HT numbers 0-7 (and 0x80-0x87) stand for ids 128-135.
int UnitIdOf(std::uint32_t module, std::uint32_t number) {
  if (module == kModuleAmsHt) return kFirstHtId + static_cast<int>(number & 0x7FU);
  return static_cast<int>(number);
}

UnitModel ModelOf(std::uint32_t module) {
  if (module == kModuleAmsLite) return UnitModel::kAmsLite;
  if (module == kModuleAmsHt) return UnitModel::kAmsHt;
  return UnitModel::kAms;
}

/// The 0-based slot a part byte (attr bits 8-15) names: parts 0x20-0x23 (filament ran out)
/// and 0x70-0x73 (cannot pull the filament out) carry it in the low nibble; an AMS HT has one
/// slot, so only nibble 0 is a slot there.
std::optional<int> SlotOf(std::uint32_t module, std::uint32_t part) {
  const std::uint32_t kind = part >> 4;
  const int nibble = static_cast<int>(part & 0xFU);
  if (kind != 0x2 && kind != 0x7) return std::nullopt;
  const int slots = module == kModuleAmsHt ? 1 : 4;
  if (nibble >= slots) return std::nullopt;
  return nibble;
}

const UnitView* FindUnit(const PrinterView& printer, int id) {
  auto it = std::find_if(printer.units.begin(), printer.units.end(),
                         [id](const UnitView& unit) { return unit.id == id; });
  return it == printer.units.end() ? nullptr : &*it;
}

void LocateExternal(HmsView& view, int id, const PrinterView& printer) {
  view.ams = id;
  view.slot = 0;
  bool dual = false;
  for (const TrayView& tray : printer.external) {
    if (tray.ams == id) view.slot_name = tray.slot_name;
    dual = dual || tray.ams == static_cast<int>(kNumberExternalDeputy);
  }
  if (view.slot_name.empty()) {
    view.slot_name = ExternalDisplayName(id, dual || id == static_cast<int>(kNumberExternalDeputy));
  }
}

void LocateUnit(HmsView& view, std::uint32_t module, std::uint32_t number, std::uint32_t part,
                const PrinterView& printer) {
  const int id = UnitIdOf(module, number);
  view.ams = id;
  const UnitView* unit = FindUnit(printer, id);
  view.ams_name = unit ? unit->name : UnitDisplayName(id, ModelOf(module));
  view.slot = SlotOf(module, part);
  if (!view.slot) return;
  if (unit != nullptr) {
    for (const TrayView& tray : unit->trays) {
      if (tray.slot == *view.slot) view.slot_name = tray.slot_name;
    }
  }
  if (view.slot_name.empty()) view.slot_name = SlotDisplayName(id, *view.slot);
}

HmsView ViewOf(const HmsEntry& entry, const PrinterView& printer) {
  HmsView view;
  view.code = DisplayCode(entry);
  const std::uint32_t module = entry.attr >> 24;
  view.module = UpperHex(module, 2);
  view.severity = SeverityOf(entry.code);
  if (!IsAmsModule(module)) return view;
  const std::uint32_t number = (entry.attr >> 16) & 0xFFU;
  const std::uint32_t part = (entry.attr >> 8) & 0xFFU;
  if (number == kNumberExternalMain || number == kNumberExternalDeputy) {
    LocateExternal(view, static_cast<int>(number), printer);
  } else {
    LocateUnit(view, module, number, part, printer);
  }
  return view;
}

}  // namespace

std::vector<HmsView> BuildHmsViews(const std::vector<HmsEntry>& hms, const PrinterView& printer) {
  std::vector<HmsView> views;
  std::set<std::pair<std::uint32_t, std::uint32_t>> seen;
  for (const HmsEntry& entry : hms) {
    if (!seen.emplace(entry.attr, entry.code).second) continue;
    views.push_back(ViewOf(entry, printer));
  }
  return views;
}

}  // namespace bambu
