// Grams of filament used by one printer, per material and colour, counted from drops of
// `remain` on Bambu RFID spools while the printer prints (protocol.md §5.16). Fed the merged
// state after every report; the counters only grow and start at 0 when a spool of a new
// material and colour is first loaded.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "state/printer_state.hpp"

namespace bambu {

/// Material and colour of a spool as the tray series label them (tray_type, TrayColor).
struct FilamentKey {
  std::string filament_type;
  std::string color;
  auto operator<=>(const FilamentKey&) const = default;
};

class FilamentUsage {
 public:
  /// Counters kept per printer; further materials count under kOverflowKey.
  static constexpr std::size_t kMaxMaterials = 64;
  static const FilamentKey kOverflowKey;  // {"other", "other"}

  /// Folds in the state after `update` was merged: the trays the update carried are compared
  /// with their last values (every tray after a full report or a change of AMS units).
  void Observe(const PrinterState& state, const ReportUpdate& update);

  /// Grams used per material and colour since the exporter started.
  const std::map<FilamentKey, double>& grams_by_material() const { return by_material_; }

 private:
  /// What a tracked tray held at the last comparison.
  struct TrayBaseline {
    std::string filament_id;  // tray_info_idx
    std::string raw_color;    // tray_color as sent
    std::string filament_type;
    double weight_g = 0;
    int remain = 0;           // percent
    FilamentKey key;          // the counter it adds to
    std::uint64_t round = 0;  // last Observe that saw it
  };

  static bool SameSpool(const TrayBaseline& seen, const TrayState& tray);
  void CompareAll(const PrinterState& state, bool printing);
  void CompareUpdated(const PrinterState& state, const AmsUpdate& ams, bool printing);
  void CompareTray(int unit_id, int slot, const TrayState& tray, bool printing);
  FilamentKey CounterFor(const TrayState& tray);

  std::map<FilamentKey, double> by_material_;
  std::map<std::pair<int, int>, TrayBaseline> trays_;  // by (unit id, slot)
  std::uint64_t round_ = 0;
  bool was_printing_ = false;
};

}  // namespace bambu
