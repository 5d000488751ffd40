#include "view/ams_view.hpp"

#include <algorithm>
#include <cctype>

#include "report/colour_text.hpp"
#include "state/printer_model.hpp"

namespace bambu {
namespace {

constexpr int kExternalMain = 255;    // external spool of the main / only extruder
constexpr int kExternalDeputy = 254;  // external spool of the deputy (left) extruder
constexpr int kA2lUnitId = 16;        // the A2L's AMS lite
constexpr std::uint32_t kExtruderNotInitialised = 0xE;

bool IsHtId(int id) { return id >= 128 && id <= 135; }

bool BitSet(std::uint64_t bits, int bit) {
  return bit >= 0 && bit < 64 && ((bits >> bit) & 1U) != 0;
}

/// Bit of a unit in ams_exist_bits (protocol.md §5.1); nullopt for ids without one.
std::optional<int> UnitExistBit(int id) {
  if (id >= 0 && id <= 3) return id;
  if (IsHtId(id)) return 4 + (id - 128);
  if (id == kA2lUnitId) return 12;
  return std::nullopt;
}

/// Bit of a slot in tray_exist_bits / tray_is_bbl_bits (protocol.md §5.1).
std::optional<int> TrayBit(int id, int slot) {
  if (id >= 0 && id <= 3) return id * 4 + slot;
  if (IsHtId(id)) return 16 + (id - 128);
  if (id == kA2lUnitId) return 24 + slot;
  return std::nullopt;
}

std::optional<UnitModel> ModelFromInfo(std::uint32_t info) {
  switch (info & 0xFU) {
    case 1:
      return UnitModel::kAms;
    case 2:
    case 5:
      return UnitModel::kAmsLite;
    case 3:
      return UnitModel::kAms2Pro;
    case 4:
      return UnitModel::kAmsHt;
    default:
      return std::nullopt;
  }
}

std::optional<UnitModel> ModelFromPrefix(std::string_view prefix) {
  if (prefix == "ams") return UnitModel::kAms;
  if (prefix == "ams_f1") return UnitModel::kAmsLite;
  if (prefix == "n3f") return UnitModel::kAms2Pro;
  if (prefix == "n3s") return UnitModel::kAmsHt;
  return std::nullopt;
}

UnitModel ResolveModel(int id, const AmsUnitState& unit, const VersionState::AmsModule* module) {
  if (unit.info) {
    if (auto model = ModelFromInfo(*unit.info)) return *model;
  }
  if (module != nullptr) {
    if (auto model = ModelFromPrefix(module->prefix)) return *model;
  }
  if (IsHtId(id)) return UnitModel::kAmsHt;
  if (id == kA2lUnitId) return UnitModel::kAmsLite;
  return UnitModel::kAms;
}

int ResolveExtruder(const AmsUnitState& unit) {
  if (!unit.info) return 0;
  const std::uint32_t extruder = (*unit.info >> 8) & 0xFU;
  return extruder == kExtruderNotInitialised ? 0 : static_cast<int>(extruder);
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
  if (unit.info) {
    const std::uint32_t dry_status = (*unit.info >> 4) & 0xFU;
    view.drying = dry_status >= 1 && dry_status <= 3;
  }
  if (unit.dry_time_min && *unit.dry_time_min >= 0) {
    view.drying_remaining_seconds = *unit.dry_time_min * 60.0;
  }
}

bool HasType(const TrayState* tray) {
  return tray != nullptr && tray->tray_type && !tray->tray_type->empty();
}

/// Bambu RFID spool: a reported tag_uid with a non-'0' character (BS
/// IsBBL_Filament). tray_is_bbl_bits is not used: P1P and A1 firmware set it
/// for every occupied slot, untagged user-preset spools included (fixtures).
bool IsBambuSpool(const TrayState* tray) {
  return tray != nullptr && tray->rfid_tag.value_or(false);
}

/// `value` when it is known and above 0 ("0" means unset on the wire).
std::optional<double> Positive(const std::optional<double>& value) {
  if (value && *value > 0) return value;
  return std::nullopt;
}

/// Spool facts (weight, length, colours, remaining) of a loaded tray.
void FillSpool(TrayView& view, bool remain_tracked) {
  if (!view.loaded) return;
  const TrayState& tray = *view.tray;
  if (tray.tray_color) view.color = FormatColor(*tray.tray_color);
  if (tray.cols) view.colors = *tray.cols;
  view.spool_weight_grams = Positive(tray.tray_weight_g);
  if (auto length_mm = Positive(tray.total_len_mm)) view.spool_length_meters = *length_mm / 1000;
  view.nozzle_temp_min_c = Positive(tray.nozzle_temp_min_c);
  view.nozzle_temp_max_c = Positive(tray.nozzle_temp_max_c);
  const bool remain_valid = tray.remain && *tray.remain >= 0 && *tray.remain <= 100;
  if (!remain_tracked || !view.bambu_spool || !remain_valid) return;
  view.remaining_ratio = *tray.remain / 100.0;
  if (view.spool_weight_grams) {
    view.remaining_grams = *view.remaining_ratio * *view.spool_weight_grams;
  }
}

TrayView BuildUnitTray(const PrinterState& state, const UnitView& unit, int slot) {
  TrayView view;
  view.ams = unit.id;
  view.slot = slot;
  view.extruder = unit.extruder;
  if (unit.unit != nullptr) {
    auto it = unit.unit->trays.find(slot);
    if (it != unit.unit->trays.end()) view.tray = &it->second;
  }
  const std::optional<int> bit = TrayBit(unit.id, slot);
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
  view.model = ResolveModel(id, unit, module);
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

bool UnitPresent(const PrinterState& state, int id) {
  if (!state.ams_exist_bits) return true;
  const std::optional<int> bit = UnitExistBit(id);
  return !bit || BitSet(*state.ams_exist_bits, *bit);
}

TrayView BuildExternal(int id, const TrayState& tray) {
  TrayView view;
  view.ams = id;
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
  if (IsHtId(tray_now)) return MarkActive(view, tray_now, 0, 0);
  MarkActive(view, tray_now >> 2, tray_now & 3, 0);
}

void FillNozzles(PrinterView& view, const PrinterState& state) {
  for (const auto& [extruder, info] : state.extruders) {
    if (!info.temp) continue;
    view.nozzles.push_back({extruder, static_cast<double>(*info.temp & 0xFFFFU),
                            static_cast<double>(*info.temp >> 16)});
  }
  if (!view.nozzles.empty()) return;
  if (state.nozzle_temper || state.nozzle_target_temper) {
    view.nozzles.push_back({0, state.nozzle_temper, state.nozzle_target_temper});
  }
}

/// chamber_temper, else bits 0-15 of device.ctc.info.temp (X1 fw 01.09, H2); left out for
/// models without a chamber sensor. An unknown model keeps the value.
std::optional<double> ChamberTemperature(const PrinterState& state) {
  if (state.version.model && !HasChamberSensor(*state.version.model)) return std::nullopt;
  if (state.chamber_temper) return state.chamber_temper;
  if (state.ctc_temp) return static_cast<double>(*state.ctc_temp & 0xFFFFU);
  return std::nullopt;
}

}  // namespace

std::string_view UnitModelName(UnitModel model) {
  switch (model) {
    case UnitModel::kAms:
      return "ams";
    case UnitModel::kAmsLite:
      return "ams_lite";
    case UnitModel::kAms2Pro:
      return "ams_2_pro";
    case UnitModel::kAmsHt:
      return "ams_ht";
  }
  return "ams";
}

PrinterView BuildView(const PrinterState& state) {
  PrinterView view;
  for (const auto& [id, unit] : state.units) {  // std::map: sorted by id
    if (UnitPresent(state, id)) view.units.push_back(BuildUnit(state, id, unit));
  }
  for (int id : {kExternalMain, kExternalDeputy}) {
    auto it = state.external.find(id);
    if (it != state.external.end()) view.external.push_back(BuildExternal(id, it->second));
  }
  const bool has_snow =
      std::any_of(state.extruders.begin(), state.extruders.end(),
                  [](const auto& entry) { return entry.second.snow.has_value(); });
  if (has_snow) {
    MarkActiveFromSnow(view, state);
  } else if (state.tray_now) {
    MarkActiveFromTrayNow(view, *state.tray_now);
  }
  FillNozzles(view, state);
  view.chamber_c = ChamberTemperature(state);
  return view;
}

}  // namespace bambu
