#include "state/printer_state.hpp"

#include <utility>

#include "state/printer_model.hpp"
#include "state/state_reset.hpp"

namespace bambu {
namespace {

template <typename T>
void Overwrite(std::optional<T>& target, const std::optional<T>& update) {
  if (update) target = *update;
}

/// The entry for `id`, created when new and `items` holds fewer than `cap`;
/// null when the cap is reached.
template <typename T>
T* FindOrCreate(std::map<int, T>& items, int id, std::size_t cap) {
  if (auto it = items.find(id); it != items.end()) return &it->second;
  if (items.size() >= cap) return nullptr;
  return &items[id];
}

/// Filament fields of a tray; `state` is kept.
void ClearFilament(TrayState& tray) {
  const std::optional<int> state = tray.state;
  tray = TrayState{};
  tray.state = state;
}

void MergeTray(TrayState& tray, const TrayUpdate& update) {
  // tray_type "" = slot not configured: drop stale filament fields (BB does the same).
  if (update.tray_type && update.tray_type->empty()) ClearFilament(tray);
  Overwrite(tray.state, update.state);
  Overwrite(tray.tray_type, update.tray_type);
  Overwrite(tray.tray_info_idx, update.tray_info_idx);
  Overwrite(tray.tray_sub_brands, update.tray_sub_brands);
  Overwrite(tray.tray_color, update.tray_color);
  Overwrite(tray.cols, update.cols);
  Overwrite(tray.rfid_tag, update.rfid_tag);
  Overwrite(tray.remain, update.remain);
  Overwrite(tray.tray_weight_g, update.tray_weight_g);
  Overwrite(tray.total_len_mm, update.total_len_mm);
  Overwrite(tray.nozzle_temp_min_c, update.nozzle_temp_min_c);
  Overwrite(tray.nozzle_temp_max_c, update.nozzle_temp_max_c);
  Overwrite(tray.k, update.k);
}

void MergeUnit(AmsUnitState& unit, const AmsUnitUpdate& update) {
  Overwrite(unit.humidity_index, update.humidity_index);
  Overwrite(unit.humidity_raw, update.humidity_raw);
  Overwrite(unit.temp_c, update.temp_c);
  Overwrite(unit.dry_time_min, update.dry_time_min);
  Overwrite(unit.info, update.info);
  if (!update.has_trays) return;
  for (const TrayUpdate& tray_update : update.trays) {
    if (tray_update.id < 0 || tray_update.id > kMaxTrayId) continue;
    if (TrayState* tray = FindOrCreate(unit.trays, tray_update.id, kMaxTraysPerUnit)) {
      MergeTray(*tray, tray_update);
    }
  }
}

/// tray_exist_bits "0" with power_on_flag false is the last report before
/// power-off, not "every slot empty" (protocol.md §3.5).
bool IsPowerOffExistBits(const AmsUpdate& ams) {
  return ams.tray_exist_bits == std::uint64_t{0} && ams.power_on_flag == false;
}

void MergeAms(PrinterState& state, const AmsUpdate& ams) {
  Overwrite(state.ams_exist_bits, ams.ams_exist_bits);
  if (!IsPowerOffExistBits(ams)) Overwrite(state.tray_exist_bits, ams.tray_exist_bits);
  Overwrite(state.tray_is_bbl_bits, ams.tray_is_bbl_bits);
  Overwrite(state.tray_now, ams.tray_now);
  if (!ams.has_units) return;
  for (const AmsUnitUpdate& unit_update : ams.units) {
    if (unit_update.id < 0 || unit_update.id > kMaxUnitId) continue;
    if (AmsUnitState* unit = FindOrCreate(state.units, unit_update.id, kMaxUnits)) {
      MergeUnit(*unit, unit_update);
    }
  }
}

/// vir_slot entries by wire id; the legacy vt_tray goes to 255 whatever its
/// id, and only on printers that never sent vir_slot (protocol.md §5.7).
void MergeExternal(PrinterState& state, const ReportUpdate& update) {
  if (update.has_vir_slot) {
    state.has_vir_slot = true;
    for (const TrayUpdate& slot : update.vir_slot) {
      if (slot.id != kExternalDeputyId && slot.id != kExternalMainId) continue;
      MergeTray(state.external[slot.id], slot);
    }
  }
  if (update.vt_tray && !state.has_vir_slot) {
    MergeTray(state.external[kExternalMainId], *update.vt_tray);
  }
}

void MergeExtruders(PrinterState& state, const ReportUpdate& update) {
  for (const ExtruderUpdate& extruder_update : update.extruders) {
    if (extruder_update.id < 0) continue;
    if (ExtruderState* extruder =
            FindOrCreate(state.extruders, extruder_update.id, kMaxExtruders)) {
      Overwrite(extruder->snow, extruder_update.snow);
      Overwrite(extruder->temp, extruder_update.temp);
    }
  }
}

void MergeScalars(PrinterState& state, const ReportUpdate& update) {
  Overwrite(state.gcode_state, update.gcode_state);
  Overwrite(state.mc_percent, update.mc_percent);
  Overwrite(state.mc_remaining_time, update.mc_remaining_time);
  Overwrite(state.layer_num, update.layer_num);
  Overwrite(state.total_layer_num, update.total_layer_num);
  Overwrite(state.nozzle_temper, update.nozzle_temper);
  Overwrite(state.nozzle_target_temper, update.nozzle_target_temper);
  Overwrite(state.bed_temper, update.bed_temper);
  Overwrite(state.bed_target_temper, update.bed_target_temper);
  Overwrite(state.chamber_temper, update.chamber_temper);
  Overwrite(state.ctc_temp, update.ctc_temp);
  Overwrite(state.wifi_signal_dbm, update.wifi_signal_dbm);
  Overwrite(state.hms, update.hms);
}

void MergePrint(PrinterState& state, const ReportUpdate& update) {
  if (update.msg == 0) ResetPrint(state, update);
  MergeScalars(state, update);
  MergeAms(state, update.ams);
  MergeExternal(state, update);
  MergeExtruders(state, update);
  state.has_report = true;
}

/// A get_version reply lists every module: AMS modules are replaced as a whole.
void MergeVersion(VersionState& version, const std::vector<ModuleInfo>& modules) {
  if (auto model = DeriveModel(modules)) version.model = std::move(*model);
  std::map<int, VersionState::AmsModule> ams_modules;
  for (const ModuleInfo& module : modules) {
    if (module.name == "ota" && !module.sw_ver.empty()) version.firmware = module.sw_ver;
    if (module.sn.empty()) continue;
    const auto ams_name = ParseAmsModuleName(module.name);
    if (!ams_name) continue;
    if (!ams_modules.contains(ams_name->unit_id) && ams_modules.size() >= kMaxUnits) continue;
    ams_modules[ams_name->unit_id] = {std::string(ams_name->prefix), module.hw_ver, module.sw_ver};
  }
  version.ams_modules = std::move(ams_modules);
}

}  // namespace

void Merge(PrinterState& state, const ReportUpdate& update) {
  if (update.has_version) MergeVersion(state.version, update.modules);
  if (update.cloud_online) state.cloud_online = update.cloud_online;
  if (update.has_print) MergePrint(state, update);
}

}  // namespace bambu
