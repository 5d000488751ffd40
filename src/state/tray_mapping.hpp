// Which tray fed each slicer filament of a job (protocol.md §7.4): the report's print.mapping
// where the printer sends it, else the project_file echo's ams_mapping2, then its flat
// ams_mapping; with none of them (a P1/A1 job the exporter joined late) the active tray for a
// single-filament job, else a loaded tray of the filament's type and colour. Pure.
#pragma once

#include <compare>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "jobs/job_plan.hpp"
#include "report/wire_fields.hpp"
#include "state/filament_usage.hpp"
#include "state/printer_state.hpp"

namespace bambu {

/// A tray: an AMS unit's slot (unit 0..3 AMS / AMS 2 Pro / AMS lite, 16 A2L AMS lite,
/// 128..135 AMS HT) or an external spool (unit 254 left, 255 right or only; slot 0).
struct TrayRef {
  int unit = -1;
  int slot = 0;
  bool external() const { return unit == kExternalDeputyId || unit == kExternalMainId; }
  auto operator<=>(const TrayRef&) const = default;
};

/// Which rule mapped a job's filaments to trays; MappingRuleLabel gives its label.
enum class MappingRule : std::uint8_t {
  kMapping,      // print.mapping
  kAmsMapping2,  // the project_file echo's ams_mapping2
  kAmsMapping,   // the echo's flat ams_mapping
  kActiveTray,   // single-filament job: the tray loaded (tray_now)
  kTypeColor,    // a loaded tray of the filament's type and colour
  kUnmapped,     // none of the above
};
inline constexpr std::size_t kMappingRuleKinds = 6;

/// "mapping", "ams_mapping2", "ams_mapping", "active_tray", "type_color", "unmapped".
std::string_view MappingRuleLabel(MappingRule rule);

/// One value of print.mapping: (ams_id << 8) | slot; 65535 (any low byte 0xFF) = not used.
std::optional<TrayRef> DecodeMappingValue(int value);
/// One entry of ams_mapping2: {255, 255} = not used; ams_id 254/255 = external spool.
std::optional<TrayRef> DecodeAmsSlot(const AmsSlotRef& ref);
/// One value of the flat ams_mapping: -1 = not used or external; 0..15 AMS v/4 slot v%4,
/// 24..27 A2L AMS lite, 128..135 AMS HT, 254/255 external.
std::optional<TrayRef> DecodeAmsMappingValue(int value);

/// The mapping arrays a job's reports carried (the last seen of each).
struct MappingSources {
  std::optional<FilamentMapping> mapping;
  std::optional<AmsSlotMapping> ams_mapping2;
  std::optional<FilamentMapping> ams_mapping;
};

/// The plan's grams that one tray (or, unmapped, one slicer filament) feeds.
struct PlannedTray {
  std::optional<TrayRef> tray;  // unset: no tray known for the filament
  FilamentKey key;              // the tray's material and colour (the plan's when unmapped)
  double grams = 0;             // sum of used_g of the filaments it feeds
  double metres = 0;
  auto operator<=>(const PlannedTray&) const = default;
};

struct JobMapping {
  MappingRule rule = MappingRule::kUnmapped;
  std::vector<PlannedTray> trays;  // mapped trays by TrayRef, then unmapped filaments
};

/// Maps every filament of `plan` with used_g > 0 to a tray by the first rule that applies,
/// reading the trays' material and colour from `state`.
JobMapping MapPlan(const JobPlan& plan, const MappingSources& sources, const PrinterState& state);

/// The tray `ref` in `state`, or nullptr.
const TrayState* FindTray(const PrinterState& state, const TrayRef& ref);

}  // namespace bambu
