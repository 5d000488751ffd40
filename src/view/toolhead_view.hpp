// Nozzles and chamber of a printer as metrics.md describes them (protocol.md §5.6,
// §5.15, §5.17): per-extruder temperatures and nozzle hardware, chamber temperature and target.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "state/printer_state.hpp"

namespace bambu {

struct NozzleView {
  int extruder = 0;
  std::optional<double> temperature_c;
  std::optional<double> target_c;
  bool has_hardware = false;  // the printer reported the nozzle mounted on this extruder
  std::string type;           // "hardened_steel", "stainless_steel", "tungsten_carbide", "unknown"
  std::string flow;           // "standard", "high_flow", "tpu_high_flow", "e3d_high_flow", ""
  std::string diameter;       // millimetres, one decimal: "0.4"; "" when not reported
};

struct ChamberView {
  std::optional<double> temperature_c;  // device.ctc bits 0-15, else chamber_temper
  std::optional<double> target_c;       // device.ctc bits 16-31, else ctt
};

/// Per extruder, by extruder: temperatures from device.extruder.info[].temp, else the single
/// nozzle_temper pair; hardware from device.nozzle.info[], else nozzle_type/nozzle_diameter.
std::vector<NozzleView> BuildNozzles(const PrinterState& state);

/// Bambu Studio parses print.chamber_temper / ctt, then device.ctc: ctc wins where both are
/// sent. Empty for models without a chamber sensor; an unknown model keeps the values.
ChamberView BuildChamber(const PrinterState& state);

}  // namespace bambu
