#include "state/state_reset.hpp"

#include <algorithm>
#include <array>
#include <map>
#include <utility>

namespace bambu {
namespace {

/// The ids a merge into an empty map creates, in order: distinct, at most `cap` (≤ 16).
class IdList {
 public:
  explicit IdList(std::size_t cap) : cap_(std::min(cap, kCapacity)) {}
  void Add(int id) {
    if (std::find(begin(), end(), id) != end() || size_ >= cap_) return;
    ids_[size_++] = id;
  }
  const int* begin() const { return ids_.data(); }
  const int* end() const { return ids_.data() + size_; }

 private:
  static constexpr std::size_t kCapacity = 16;
  std::array<int, kCapacity> ids_{};
  std::size_t size_ = 0;
  std::size_t cap_;
};
static_assert(kMaxUnits <= 16 && kMaxTraysPerUnit <= 16 && kMaxExtruders <= 16);

/// The nodes of `old` whose id is in `ids`, each passed to `reset`; `old` keeps the rest.
template <class T, class Reset>
std::map<int, T> KeepNodes(std::map<int, T>& old, const IdList& ids, Reset&& reset) {
  std::map<int, T> kept;
  for (int id : ids) {
    auto node = old.extract(id);
    if (node.empty()) continue;
    reset(id, node.mapped());
    kept.insert(std::move(node));
  }
  return kept;
}

IdList UnitIds(const ReportUpdate& update) {
  IdList ids(kMaxUnits);
  if (!update.ams.has_units) return ids;
  for (const AmsUnitUpdate& unit : update.ams.units) {
    if (unit.id >= 0 && unit.id <= kMaxUnitId) ids.Add(unit.id);
  }
  return ids;
}

IdList TrayIds(const ReportUpdate& update, int unit_id) {
  IdList ids(kMaxTraysPerUnit);
  for (const AmsUnitUpdate& unit : update.ams.units) {
    if (unit.id != unit_id || !unit.has_trays) continue;
    for (const TrayUpdate& tray : unit.trays) {
      if (tray.id >= 0 && tray.id <= kMaxTrayId) ids.Add(tray.id);
    }
  }
  return ids;
}

IdList ExternalIds(const ReportUpdate& update, bool had_vir_slot) {
  IdList ids(2);
  if (update.has_vir_slot) {
    for (const TrayUpdate& slot : update.vir_slot) {
      if (slot.id == kExternalDeputyId || slot.id == kExternalMainId) ids.Add(slot.id);
    }
  }
  if (update.vt_tray && !had_vir_slot && !update.has_vir_slot) ids.Add(kExternalMainId);
  return ids;
}

IdList ExtruderIds(const ReportUpdate& update) {
  IdList ids(kMaxExtruders);
  for (const ExtruderUpdate& extruder : update.extruders) {
    if (extruder.id >= 0) ids.Add(extruder.id);
  }
  return ids;
}

void ClearTray(int, TrayState& tray) { tray = TrayState{}; }

}  // namespace

void ResetPrint(PrinterState& state, const ReportUpdate& update) {
  std::map<int, AmsUnitState> units = std::move(state.units);
  std::map<int, TrayState> external = std::move(state.external);
  std::map<int, ExtruderState> extruders = std::move(state.extruders);
  PrinterState fresh;
  fresh.version = std::move(state.version);
  fresh.cloud_online = state.cloud_online;
  fresh.has_vir_slot = state.has_vir_slot;
  state = std::move(fresh);

  state.units = KeepNodes(units, UnitIds(update), [&](int id, AmsUnitState& unit) {
    std::map<int, TrayState> trays = std::move(unit.trays);
    unit = AmsUnitState{};
    unit.trays = KeepNodes(trays, TrayIds(update, id), ClearTray);
  });
  state.external = KeepNodes(external, ExternalIds(update, state.has_vir_slot), ClearTray);
  state.extruders = KeepNodes(extruders, ExtruderIds(update),
                              [](int, ExtruderState& extruder) { extruder = ExtruderState{}; });
}

}  // namespace bambu
