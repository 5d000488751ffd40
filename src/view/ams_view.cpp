#include "view/ams_view.hpp"

#include <algorithm>
#include <cctype>

#include "base/float_precision.hpp"
#include "state/ams_units.hpp"
#include "view/ams_names.hpp"

namespace bambu {
namespace {

constexpr int kExternalMain = 255;    // external spool of the main / only extruder
constexpr int kExternalDeputy = 254;  // external spool of the deputy (left) extruder
constexpr std::uint32_t kExtruderNotInitialised = 0xE;

bool BitSet(std::uint64_t bits, int bit) {
  return bit >= 0 && bit < 64 && ((bits >> bit) & 1U) != 0;
}

int ResolveExtruder(const AmsUnitState& unit) {
  if (!unit.info) return 0;
  const std::uint32_t extruder = (*unit.info >> 8) & 0xFU;
  return extruder == kExtruderNotInitialised ? 0 : static_cast<int>(extruder);
}

/// Bambu Studio's DevAms::AmsIsDrying: checking (1), drying (2), error (5) and cannot-stop
/// (6); cooling (3), stopping (4) and the rest are not drying (protocol.md §5.12).
bool IsDrying(std::uint32_t dry_status) {
  return dry_status == 1 || dry_status == 2 || dry_status == 5 || dry_status == 6;
}

bool CanDry(UnitModel model) { return model == UnitModel::kAms2Pro || model == UnitModel::kAmsHt; }

int SlotCount(UnitModel model) { return model == UnitModel::kAmsHt ? 1 : 4; }

void FillSensors(UnitView& view, const AmsUnitState& unit) {
  if (view.model == UnitModel::kAmsLite) return;  // no humidity or temperature sensor
  if (unit.humidity_index && *unit.humidity_index >= 1 && *unit.humidity_index <= 5) {
    view.humidity_level = 6 - *unit.humidity_index;
  }
  if (unit.humidity_raw && *unit.humidity_raw >= 1 && *unit.humidity_raw <= 100) {
    view.humidity_ratio = *unit.humidity_raw / 100.0;
  }
  if (unit.temp_c && *unit.temp_c > 0 && *unit.temp_c <= 100) view.temperature_c = *unit.temp_c;
  if (!CanDry(view.model)) return;
  if (unit.info) view.drying = IsDrying((*unit.info >> 4) & 0xFU);
  if (unit.dry_time_min && *unit.dry_time_min >= 0) {
    view.drying_remaining_seconds = *unit.dry_time_min * 60.0;
  }
}

bool HasType(const TrayState* tray) { return tray != nullptr && HasFilamentType(*tray); }

/// Bambu RFID spool: tag_uid, not tray_is_bbl_bits: P1P and A1 firmware set that for every
/// occupied slot, untagged user-preset spools included (fixtures).
bool IsBambuSpool(const TrayState* tray) { return tray != nullptr && IsBambuSpool(*tray); }

/// `value` when it is known and above 0 ("0" means unset on the wire).
std::optional<double> Positive(const std::optional<double>& value) {
  if (value && *value > 0) return value;
  return std::nullopt;
}

/// Spool facts (weight, length, colours, remaining) of a loaded tray.
void FillSpool(TrayView& view, bool remain_tracked) {
  if (!view.loaded) return;
  const TrayState& tray = *view.tray;
  view.color = TrayColor(tray);
  if (tray.cols) view.colors = *tray.cols;
  view.spool_weight_grams = Positive(tray.tray_weight_g);
  if (auto length_mm = Positive(tray.total_len_mm)) view.spool_length_meters = *length_mm / 1000;
  view.nozzle_temp_min_c = Positive(tray.nozzle_temp_min_c);
  view.nozzle_temp_max_c = Positive(tray.nozzle_temp_max_c);
  if (tray.k) view.pressure_advance = AtFloatPrecision(*tray.k);
  view.spool_uuid = SpoolUuid(tray);
  // drying_temp / drying_time, else the P1/A1 names tray_temp / tray_time (protocol.md §5.18).
  view.drying_temp_c =
      Positive(tray.drying_temp_c) ? Positive(tray.drying_temp_c) : Positive(tray.tray_temp_c);
  const std::optional<double> hours =
      Positive(tray.drying_time_h) ? Positive(tray.drying_time_h) : Positive(tray.tray_time_h);
  if (hours) view.drying_time_s = *hours * 3600;
  const std::optional<int> remain = TrackedRemain(tray);
  if (!remain_tracked || !remain) return;
  view.remaining_ratio = *remain / 100.0;
  if (view.spool_weight_grams) {
    view.remaining_grams = *view.remaining_ratio * *view.spool_weight_grams;
  }
}

TrayView BuildUnitTray(const PrinterState& state, const UnitView& unit, int slot) {
  TrayView view;
  view.ams = unit.id;
  view.slot = slot;
  view.slot_name = SlotDisplayName(unit.id, slot);
  view.extruder = unit.extruder;
  if (unit.unit != nullptr) {
    auto it = unit.unit->trays.find(slot);
    if (it != unit.unit->trays.end()) view.tray = &it->second;
  }
  const std::optional<int> bit = TrayExistBit(unit.id, slot);
  view.present =
      state.tray_exist_bits && bit ? BitSet(*state.tray_exist_bits, *bit) : HasType(view.tray);
  view.loaded = view.present && HasType(view.tray);
  view.bambu_spool = IsBambuSpool(view.tray);
  FillSpool(view, true);
  return view;
}

UnitView BuildUnit(const PrinterState& state, int id, const AmsUnitState& unit) {
  UnitView view;
  view.id = id;
  view.unit = &unit;
  const auto module_it = state.version.ams_modules.find(id);
  const VersionState::AmsModule* module =
      module_it == state.version.ams_modules.end() ? nullptr : &module_it->second;
  view.model = ResolveUnitModel(state, id, unit);
  view.name = UnitDisplayName(id, view.model);
  view.extruder = ResolveExtruder(unit);
  if (module != nullptr) {
    view.hw_version = module->hw_ver;
    view.sw_version = module->sw_ver;
  }
  FillSensors(view, unit);
  for (int slot = 0; slot < SlotCount(view.model); ++slot) {
    view.trays.push_back(BuildUnitTray(state, view, slot));
  }
  return view;
}

TrayView BuildExternal(int id, const TrayState& tray, bool dual_nozzle) {
  TrayView view;
  view.ams = id;
  view.slot_name = ExternalDisplayName(id, dual_nozzle);
  view.extruder = id == kExternalDeputy ? 1 : 0;
  view.tray = &tray;
  view.present = HasType(&tray);
  view.loaded = view.present;
  view.bambu_spool = IsBambuSpool(&tray);
  FillSpool(view, false);  // external spool remain is meaningless
  return view;
}

TrayView* FindTray(PrinterView& view, int ams, int slot) {
  for (auto& tray : view.external) {
    if (tray.ams == ams && tray.slot == slot) return &tray;
  }
  for (auto& unit : view.units) {
    if (unit.id != ams) continue;
    for (auto& tray : unit.trays) {
      if (tray.slot == slot) return &tray;
    }
  }
  return nullptr;
}

void MarkActive(PrinterView& view, int ams, int slot, int extruder) {
  if (TrayView* tray = FindTray(view, ams, slot)) {
    tray->active = true;
    tray->extruder = extruder;
  }
}

/// device.extruder.info[].snow = (ams_id << 8) | slot (protocol.md §5.6).
void MarkActiveFromSnow(PrinterView& view, const PrinterState& state) {
  for (const auto& [extruder, info] : state.extruders) {
    if (!info.snow) continue;
    const int ams = (*info.snow >> 8) & 0xFF;
    const int slot = *info.snow & 0xFF;
    if (ams == kExternalMain || ams == kExternalDeputy) {
      if (slot == 0) MarkActive(view, ams, 0, extruder);
      continue;  // 0xFFFF / 0xFEFF: nothing loaded
    }
    MarkActive(view, ams, slot, extruder);
  }
}

/// Legacy ams.tray_now: 255 none, 254 external, 128..135 AMS HT, else (n >> 2, n & 3).
void MarkActiveFromTrayNow(PrinterView& view, int tray_now) {
  if (tray_now == 255 || tray_now < 0) return;
  if (tray_now == 254) return MarkActive(view, kExternalMain, 0, 0);
  if (IsAmsHtId(tray_now)) return MarkActive(view, tray_now, 0, 0);
  MarkActive(view, tray_now >> 2, tray_now & 3, 0);
}

}  // namespace

PrinterView BuildView(const PrinterState& state) {
  PrinterView view;
  for (const auto& [id, unit] : state.units) {  // std::map: sorted by id
    if (IsUnitPresent(state, id)) view.units.push_back(BuildUnit(state, id, unit));
  }
  const bool dual_nozzle = state.external.contains(kExternalDeputy) || state.extruders.size() > 1;
  // In the printer's order: Bambu Studio shows the left (deputy) extruder's spool in the left
  // panel and the main one's on the right (protocol.md §5.10), so Ext-L comes first.
  for (int id : {kExternalDeputy, kExternalMain}) {
    auto it = state.external.find(id);
    if (it != state.external.end()) {
      view.external.push_back(BuildExternal(id, it->second, dual_nozzle));
    }
  }
  const bool has_snow =
      std::any_of(state.extruders.begin(), state.extruders.end(),
                  [](const auto& entry) { return entry.second.snow.has_value(); });
  if (has_snow) {
    MarkActiveFromSnow(view, state);
  } else if (state.tray_now) {
    MarkActiveFromTrayNow(view, *state.tray_now);
  }
  view.nozzles = BuildNozzles(state);
  view.chamber = BuildChamber(state);
  return view;
}

}  // namespace bambu
