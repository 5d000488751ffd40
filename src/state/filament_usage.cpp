#include "state/filament_usage.hpp"

#include <algorithm>

#include "state/ams_units.hpp"
#include "state/print_job.hpp"
#include "state/same_text.hpp"

namespace bambu {
namespace {

/// Units whose trays count: present, and not an AMS lite, whose remain is 100 or 0 only, no
/// estimate to count from (protocol.md §5.16).
bool Counts(const PrinterState& state, int unit_id, const AmsUnitState& unit) {
  return IsUnitPresent(state, unit_id) &&
         ResolveUnitModel(state, unit_id, unit) != UnitModel::kAmsLite;
}

bool Equals(const std::string& seen, const std::optional<std::string>& now) {
  return now ? SameText(seen, *now) : seen.empty();
}

/// Whether `update` carries a field SameSpool reads. A tray's state changes only by the updates
/// merged into it, and every update of a tray is compared here (or the whole AMS is, after msg 0
/// and a change of units), so a tray updated without one still holds its baseline's spool.
bool CarriesSpoolFields(const TrayUpdate& update) {
  return update.tray_type || update.tray_info_idx || update.tray_color || update.tray_weight_g ||
         update.tray_uuid;
}

}  // namespace

const FilamentKey FilamentUsage::kOverflowKey{"other", "other"};

double FilamentUsage::Observe(const PrinterState& state, const ReportUpdate& update) {
  const bool printing = IsPrinting(state);
  // A drop that arrives with the report ending the print still belongs to it.
  const bool count = printing || was_printing_;
  was_printing_ = printing;
  added_g_ = 0;
  ++round_;
  if (update.msg == 0 || update.ams.ams_exist_bits) {
    CompareAll(state, count);
  } else if (update.ams.has_units) {
    CompareUpdated(state, update.ams, count);
  }
  return added_g_;
}

std::vector<FilamentUsage::LoadedSpool> FilamentUsage::LoadedSpools() const {
  std::vector<LoadedSpool> loaded;
  for (const auto& [slot, seen] : trays_) {
    if (seen.uuid.empty()) continue;
    const auto spool = by_spool_.find(seen.uuid);
    if (spool != by_spool_.end()) {
      loaded.push_back({spool->first, &spool->second.key, spool->second.grams});
    }
  }
  std::sort(loaded.begin(), loaded.end(),
            [](const LoadedSpool& a, const LoadedSpool& b) { return a.uuid < b.uuid; });
  loaded.erase(
      std::unique(loaded.begin(), loaded.end(),
                  [](const LoadedSpool& a, const LoadedSpool& b) { return a.uuid == b.uuid; }),
      loaded.end());
  return loaded;
}

void FilamentUsage::CompareAll(const PrinterState& state, bool printing) {
  for (const auto& [unit_id, unit] : state.units) {
    if (!Counts(state, unit_id, unit)) continue;
    for (const auto& [slot, tray] : unit.trays) {
      CompareTray(unit_id, slot, tray, printing, SpoolFields::kMayDiffer);
    }
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
        const SpoolFields spool_fields =
            CarriesSpoolFields(tray_update) ? SpoolFields::kMayDiffer : SpoolFields::kUnchanged;
        CompareTray(unit->first, tray->first, tray->second, printing, spool_fields);
      } else {
        trays_.erase({unit->first, tray->first});
      }
    }
  }
}

bool FilamentUsage::SameSpool(const TrayBaseline& seen, const TrayState& tray) {
  // A spool's uuid is the tray_uuid text itself: the same text needs no check of its digits.
  const bool same_uuid = seen.uuid.empty() ? SpoolUuid(tray).empty()
                                           : tray.tray_uuid && SameText(*tray.tray_uuid, seen.uuid);
  return seen.weight_g == tray.tray_weight_g.value_or(0) && same_uuid &&
         Equals(seen.filament_id, tray.tray_info_idx) && Equals(seen.raw_color, tray.tray_color) &&
         Equals(seen.filament_type, tray.tray_type);
}

void FilamentUsage::CompareTray(int unit_id, int slot, const TrayState& tray, bool printing,
                                SpoolFields spool_fields) {
  const std::optional<int> remain = TrackedRemain(tray);
  const double weight_g = tray.tray_weight_g.value_or(0);
  if (!remain || !HasFilamentType(tray) || weight_g <= 0) {
    trays_.erase({unit_id, slot});  // not tracked: its next value starts a new baseline
    return;
  }
  auto [it, inserted] = trays_.try_emplace({unit_id, slot});
  TrayBaseline& seen = it->second;
  if (inserted || (spool_fields == SpoolFields::kMayDiffer && !SameSpool(seen, tray))) {
    seen.filament_id = tray.tray_info_idx.value_or("");
    seen.raw_color = tray.tray_color.value_or("");
    seen.filament_type = tray.tray_type.value_or("");
    seen.uuid = SpoolUuid(tray);
    seen.weight_g = weight_g;
    seen.key = CounterFor(tray);
    if (!seen.uuid.empty()) RememberSpool(seen.uuid, seen.key);
  } else if (printing && *remain < seen.remain) {
    const double grams = (seen.remain - *remain) / 100.0 * weight_g;
    (holding_ ? held_ : by_material_)[seen.key] += grams;
    if (auto spool = by_spool_.find(seen.uuid); spool != by_spool_.end()) {
      spool->second.grams += grams;
    }
    added_g_ += grams;
  }
  seen.remain = *remain;
  seen.round = round_;
  if (seen.uuid.empty()) return;  // no spool: nothing of it is counted (RememberSpool)
  if (auto spool = by_spool_.find(seen.uuid); spool != by_spool_.end()) {
    spool->second.round = round_;
  }
}

void FilamentUsage::RememberSpool(const std::string& uuid, const FilamentKey& key) {
  if (by_spool_.contains(uuid)) return;  // a spool back in a slot counts on from where it was
  if (by_spool_.size() >= kMaxSpools) {
    // Forget the spool compared longest ago that is not in a slot now.
    const auto loaded = [this](const std::string& candidate) {
      return std::any_of(trays_.begin(), trays_.end(),
                         [&](const auto& tray) { return tray.second.uuid == candidate; });
    };
    auto oldest = by_spool_.end();
    for (auto it = by_spool_.begin(); it != by_spool_.end(); ++it) {
      if (loaded(it->first)) continue;
      if (oldest == by_spool_.end() || it->second.round < oldest->second.round) oldest = it;
    }
    if (oldest != by_spool_.end()) by_spool_.erase(oldest);
  }
  by_spool_.emplace(uuid, SpoolCount{key, 0.0, round_});
}

void FilamentUsage::ReleaseHeld() {
  for (const auto& [key, grams] : held_) by_material_[key] += grams;
  held_.clear();
  holding_ = false;
}

void FilamentUsage::DiscardHeld() {
  held_.clear();
  holding_ = false;
}

void FilamentUsage::AddPlanned(const FilamentKey& key, double grams) {
  if (grams <= 0) return;
  by_material_[CounterFor(key)] += grams;
}

FilamentKey FilamentUsage::CounterFor(const TrayState& tray) {
  return CounterFor(FilamentKey{tray.tray_type.value_or(""), TrayColor(tray)});
}

FilamentKey FilamentUsage::CounterFor(FilamentKey key) {
  if (!by_material_.contains(key) && by_material_.size() >= kMaxMaterials) key = kOverflowKey;
  by_material_.try_emplace(key, 0.0);  // a new series starts at 0
  return key;
}

}  // namespace bambu
