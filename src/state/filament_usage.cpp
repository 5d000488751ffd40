#include "state/filament_usage.hpp"

#include <string_view>

#include "state/ams_units.hpp"

namespace bambu {
namespace {

/// PREPARE (heating, purge line), RUNNING and PAUSE (filament changes) use filament.
bool IsPrinting(const PrinterState& state) {
  if (!state.gcode_state) return false;
  const std::string_view gcode_state = *state.gcode_state;
  return gcode_state == "PREPARE" || gcode_state == "RUNNING" || gcode_state == "PAUSE";
}

/// Units whose trays count: present, and not an AMS lite, whose remain is 100 or 0 only, no
/// estimate to count from (protocol.md §5.16).
bool Counts(const PrinterState& state, int unit_id, const AmsUnitState& unit) {
  return IsUnitPresent(state, unit_id) &&
         ResolveUnitModel(state, unit_id, unit) != UnitModel::kAmsLite;
}

bool Equals(const std::string& seen, const std::optional<std::string>& now) {
  return now ? seen == *now : seen.empty();
}

}  // namespace

const FilamentKey FilamentUsage::kOverflowKey{"other", "other"};

void FilamentUsage::Observe(const PrinterState& state, const ReportUpdate& update) {
  const bool printing = IsPrinting(state);
  // A drop that arrives with the report ending the print still belongs to it.
  const bool count = printing || was_printing_;
  was_printing_ = printing;
  if (update.msg == 0 || update.ams.ams_exist_bits) {
    CompareAll(state, count);
  } else if (update.ams.has_units) {
    CompareUpdated(state, update.ams, count);
  }
}

void FilamentUsage::CompareAll(const PrinterState& state, bool printing) {
  ++round_;
  for (const auto& [unit_id, unit] : state.units) {
    if (!Counts(state, unit_id, unit)) continue;
    for (const auto& [slot, tray] : unit.trays) CompareTray(unit_id, slot, tray, printing);
  }
  std::erase_if(trays_, [this](const auto& entry) { return entry.second.round != round_; });
}

void FilamentUsage::CompareUpdated(const PrinterState& state, const AmsUpdate& ams, bool printing) {
  for (const AmsUnitUpdate& unit_update : ams.units) {
    const auto unit = state.units.find(unit_update.id);
    if (unit == state.units.end()) continue;
    const bool counts = Counts(state, unit->first, unit->second);
    for (const TrayUpdate& tray_update : unit_update.trays) {
      const auto tray = unit->second.trays.find(tray_update.id);
      if (tray == unit->second.trays.end()) continue;
      if (counts) {
        CompareTray(unit->first, tray->first, tray->second, printing);
      } else {
        trays_.erase({unit->first, tray->first});
      }
    }
  }
}

bool FilamentUsage::SameSpool(const TrayBaseline& seen, const TrayState& tray) {
  return Equals(seen.filament_id, tray.tray_info_idx) && Equals(seen.raw_color, tray.tray_color) &&
         Equals(seen.filament_type, tray.tray_type) &&
         seen.weight_g == tray.tray_weight_g.value_or(0);
}

void FilamentUsage::CompareTray(int unit_id, int slot, const TrayState& tray, bool printing) {
  const std::optional<int> remain = TrackedRemain(tray);
  const double weight_g = tray.tray_weight_g.value_or(0);
  if (!remain || !HasFilamentType(tray) || weight_g <= 0) {
    trays_.erase({unit_id, slot});  // not tracked: its next value starts a new baseline
    return;
  }
  auto [it, inserted] = trays_.try_emplace({unit_id, slot});
  TrayBaseline& seen = it->second;
  if (inserted || !SameSpool(seen, tray)) {
    seen.filament_id = tray.tray_info_idx.value_or("");
    seen.raw_color = tray.tray_color.value_or("");
    seen.filament_type = tray.tray_type.value_or("");
    seen.weight_g = weight_g;
    seen.key = CounterFor(tray);
  } else if (printing && *remain < seen.remain) {
    by_material_[seen.key] += (seen.remain - *remain) / 100.0 * weight_g;
  }
  seen.remain = *remain;
  seen.round = round_;
}

FilamentKey FilamentUsage::CounterFor(const TrayState& tray) {
  FilamentKey key{tray.tray_type.value_or(""), TrayColor(tray)};
  if (!by_material_.contains(key) && by_material_.size() >= kMaxMaterials) key = kOverflowKey;
  by_material_.try_emplace(key, 0.0);  // a new series starts at 0
  return key;
}

}  // namespace bambu
