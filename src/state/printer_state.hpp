// Typed merged state of one printer, built from ReportUpdates (protocol.md §3.5).
// Pure: no I/O, no clocks. Owned by the event-loop thread.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "report/report_update.hpp"

namespace bambu {

/// Merged fields of one tray (AMS slot or external spool).
struct TrayState : TrayFields {};

/// Merged fields of one AMS unit; trays keyed by slot id.
struct AmsUnitState : AmsUnitFields {
  std::map<int, TrayState> trays;
};

struct ExtruderState : ExtruderFields {};

/// What get_version told us about the printer and its AMS modules.
struct VersionState {
  std::optional<std::string> model;     // "X1C", "P1S", "A1", "H2D", ... (derived)
  std::optional<std::string> firmware;  // ota module sw_ver
  /// AMS modules by unit id: prefix ("ams", "ams_f1", "n3f", "n3s"), hw, sw.
  struct AmsModule {
    std::string prefix;
    std::string hw_ver;
    std::string sw_ver;
  };
  std::map<int, AmsModule> ams_modules;
};

/// The merged state of one printer's reports: the print-level and AMS
/// container fields (wire_fields.hpp), units, trays and extruders by id.
struct PrinterState : PrintFields, AmsFields {
  std::map<int, AmsUnitState> units;       // by unit id
  std::map<int, TrayState> external;       // by 254 / 255 (normalised, see merge)
  std::map<int, ExtruderState> extruders;  // by extruder id

  VersionState version;
  std::optional<bool> cloud_online;

  bool has_report = false;    // at least one print report merged
  bool has_vir_slot = false;  // this printer ever sent vir_slot; then vt_tray is ignored
};

/// Limits that keep state bounded whatever a printer sends.
inline constexpr std::size_t kMaxUnits = 16;
inline constexpr std::size_t kMaxTraysPerUnit = 8;
inline constexpr std::size_t kMaxExtruders = 4;
inline constexpr int kMaxUnitId = 255;         // unit ids merged: 0..255
inline constexpr int kMaxTrayId = 15;          // tray ids merged: 0..15
inline constexpr int kExternalDeputyId = 254;  // external spool, left extruder (vir_slot)
inline constexpr int kExternalMainId = 255;    // external spool, right / only extruder

/// Folds `update` into `state`: msg 0 replaces the print part, anything else
/// merges; units, trays, vir_slot entries and extruders merge by id.
/// get_version replies update `state.version` only.
void Merge(PrinterState& state, const ReportUpdate& update);

}  // namespace bambu
