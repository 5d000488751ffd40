#include "view/toolhead_view.hpp"

#include "state/printer_model.hpp"

namespace bambu {
namespace {

constexpr std::uint32_t kLow16 = 0xFFFFU;

double LowHalf(std::uint32_t packed) { return static_cast<double>(packed & kLow16); }
double HighHalf(std::uint32_t packed) { return static_cast<double>(packed >> 16); }

}  // namespace

std::vector<NozzleView> BuildNozzles(const PrinterState& state) {
  std::vector<NozzleView> nozzles;
  for (const auto& [extruder, info] : state.extruders) {
    if (!info.temp) continue;
    nozzles.push_back({extruder, LowHalf(*info.temp), HighHalf(*info.temp)});
  }
  if (nozzles.empty() && (state.nozzle_temper || state.nozzle_target_temper)) {
    nozzles.push_back({0, state.nozzle_temper, state.nozzle_target_temper});
  }
  return nozzles;
}

ChamberView BuildChamber(const PrinterState& state) {
  ChamberView chamber;
  if (state.version.model && !HasChamberSensor(*state.version.model)) return chamber;
  if (state.ctc_temp) {
    chamber.temperature_c = LowHalf(*state.ctc_temp);
    chamber.target_c = HighHalf(*state.ctc_temp);
  } else {
    chamber.temperature_c = state.chamber_temper;
  }
  return chamber;
}

}  // namespace bambu
