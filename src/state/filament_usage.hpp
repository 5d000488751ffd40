// Grams of filament used by one printer, per material and colour and per spool (tray_uuid).
// Per spool: drops of `remain` on Bambu RFID spools while the printer prints (protocol.md
// §5.16). Per material and colour: the job's plan at its end (AddPlanned, protocol.md §7.5)
// where a plan was asked for, else the same drops of remain. Fed the merged state after every
// report; the counters only grow and start at 0 when a spool of a new material and colour, or
// a new spool, is first loaded.
#pragma once

#include <compare>
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

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
  /// Spools remembered per printer (the least recently loaded ones are forgotten first).
  static constexpr std::size_t kMaxSpools = 64;

  /// A spool (tray_uuid) loaded now, with the grams counted for it on this printer.
  struct LoadedSpool {
    std::string_view uuid;
    const FilamentKey* key;  // its material and colour
    double grams;
  };

  /// Folds in the state after `update` was merged: the trays the update carried are compared
  /// with their last values (every tray after a full report or a change of AMS units).
  /// Returns the grams this report added.
  double Observe(const PrinterState& state, const ReportUpdate& update);

  /// From now until ReleaseHeld or DiscardHeld, drops of remain add to the per-spool counters
  /// only; the per-material grams they would add are held back (a job whose plan will count).
  void HoldDrops() { holding_ = true; }
  /// Adds the held grams to the per-material counters and counts drops there again (the job
  /// ended, or its plan failed, without a plan: today's rule).
  void ReleaseHeld();
  /// Forgets the held grams and counts drops per material again (the plan counted the job).
  void DiscardHeld();
  bool holding() const { return holding_; }
  /// Adds `grams` of a job's plan to the counter of `key`'s material and colour.
  void AddPlanned(const FilamentKey& key, double grams);

  /// Grams used per material and colour since the exporter started.
  const std::map<FilamentKey, double>& grams_by_material() const { return by_material_; }

  /// The identified spools loaded now, by tray_uuid, with their grams since the exporter started
  /// (kept while a spool is out of the printer, up to kMaxSpools).
  std::vector<LoadedSpool> LoadedSpools() const;

 private:
  /// What a tracked tray held at the last comparison.
  struct TrayBaseline {
    std::string filament_id;  // tray_info_idx
    std::string raw_color;    // tray_color as sent
    std::string filament_type;
    std::string uuid;  // tray_uuid, "" when none
    double weight_g = 0;
    int remain = 0;           // percent
    FilamentKey key;          // the counter it adds to
    std::uint64_t round = 0;  // last Observe that saw it
  };

  /// Whether the fields SameSpool reads may differ from the tray's baseline.
  enum class SpoolFields { kMayDiffer, kUnchanged };

  static bool SameSpool(const TrayBaseline& seen, const TrayState& tray);
  void CompareAll(const PrinterState& state, bool printing);
  void CompareUpdated(const PrinterState& state, const AmsUpdate& ams, bool printing);
  void CompareTray(int unit_id, int slot, const TrayState& tray, bool printing,
                   SpoolFields spool_fields);
  FilamentKey CounterFor(const TrayState& tray);
  FilamentKey CounterFor(FilamentKey key);
  void RememberSpool(const std::string& uuid, const FilamentKey& key);

  /// Grams counted for one spool, and when it was last compared.
  struct SpoolCount {
    FilamentKey key;
    double grams = 0;
    std::uint64_t round = 0;
  };

  std::map<FilamentKey, double> by_material_;
  std::map<std::string, SpoolCount, std::less<>> by_spool_;  // by tray_uuid
  std::map<std::pair<int, int>, TrayBaseline> trays_;        // by (unit id, slot)
  std::map<FilamentKey, double> held_;  // per-material grams held back (HoldDrops)
  bool holding_ = false;
  std::uint64_t round_ = 0;
  double added_g_ = 0;  // by the current Observe
  bool was_printing_ = false;
};

}  // namespace bambu
