// Nozzles and chamber of a printer as metrics.md describes them (protocol.md §5.6,
// §5.15): per-extruder temperatures, chamber temperature and target.
#pragma once

#include <optional>
#include <vector>

#include "state/printer_state.hpp"

namespace bambu {

struct NozzleView {
  int extruder = 0;
  std::optional<double> temperature_c;
  std::optional<double> target_c;
};

struct ChamberView {
  std::optional<double> temperature_c;  // device.ctc bits 0-15, else chamber_temper
  std::optional<double> target_c;       // device.ctc bits 16-31
};

/// Per extruder from device.extruder.info[].temp, else the single nozzle_temper pair.
std::vector<NozzleView> BuildNozzles(const PrinterState& state);

/// Bambu Studio parses print.chamber_temper, then device.ctc: ctc wins where both are sent.
/// Empty for models without a chamber sensor; an unknown model keeps the values.
ChamberView BuildChamber(const PrinterState& state);

}  // namespace bambu
