#include "state/printer_state.hpp"

#include <cstdint>
#include <optional>
#include <utility>

#include "state/printer_model.hpp"
#include "state/state_reset.hpp"

namespace bambu {
namespace {

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
  MergeFields(kTrayFields, tray, update);
}

void MergeUnit(AmsUnitState& unit, const AmsUnitUpdate& update) {
  MergeFields(kAmsUnitFields, unit, update);
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
  const std::optional<std::uint64_t> tray_exist_bits = state.tray_exist_bits;
  MergeFields(kAmsFields, state, ams);
  if (IsPowerOffExistBits(ams)) state.tray_exist_bits = tray_exist_bits;  // kept through power-off
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
      MergeFields(kExtruderFields, *extruder, extruder_update);
    }
  }
}

void MergePrint(PrinterState& state, const ReportUpdate& update) {
  if (update.msg == 0) ResetPrint(state, update);
  MergeFields(kPrintFields, state, update);
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
