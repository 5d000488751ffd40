#include "view/toolhead_view.hpp"

#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

#include "state/printer_model.hpp"

namespace bambu {
namespace {

constexpr std::uint32_t kLow16 = 0xFFFFU;
constexpr int kFirstRackNozzle = 0x10;  // H2C rack nozzles: not on an extruder

double LowHalf(std::uint32_t packed) { return static_cast<double>(packed & kLow16); }
double HighHalf(std::uint32_t packed) { return static_cast<double>(packed >> 16); }

/// Material of a type code's last two characters, or a name the printer spells out.
std::string NozzleMaterial(std::string_view type) {
  for (std::string_view name : {"hardened_steel", "stainless_steel", "tungsten_carbide"}) {
    if (type == name) return std::string(name);
  }
  if (type.size() >= 4) {
    const std::string_view code = type.substr(2, 2);
    if (code == "00") return "stainless_steel";
    if (code == "01") return "hardened_steel";
    if (code == "05") return "tungsten_carbide";
  }
  return "unknown";
}

/// Flow type of a type code's second character (Bambu Studio's table); "" for a name.
std::string NozzleFlow(std::string_view type) {
  if (type.size() < 4 || type.find('_') != std::string_view::npos) return "";
  switch (type[1]) {
    case 'S':
    case 'A':
    case 'X':
      return "standard";
    case 'H':
    case 'E':
      return "high_flow";
    case 'U':
      return "tpu_high_flow";
    case 'B':
      return "e3d_high_flow";
    default:
      return "";
  }
}

/// One decimal, as Bambu Studio rounds it; "" for none.
std::string Diameter(const std::optional<double>& mm) {
  if (!mm || *mm <= 0) return "";
  char text[16];
  std::snprintf(text, sizeof text, "%.1f", std::round(*mm * 10) / 10);
  return text;
}

void SetHardware(NozzleView& view, const std::optional<std::string>& type,
                 const std::optional<double>& diameter_mm) {
  view.has_hardware = true;
  view.type = NozzleMaterial(type.value_or(""));
  view.flow = NozzleFlow(type.value_or(""));
  view.diameter = Diameter(diameter_mm);
}

}  // namespace

std::vector<NozzleView> BuildNozzles(const PrinterState& state) {
  std::map<int, NozzleView> by_extruder;
  for (const auto& [extruder, info] : state.extruders) {
    if (!info.temp) continue;
    NozzleView& view = by_extruder[extruder];
    view.temperature_c = LowHalf(*info.temp);
    view.target_c = HighHalf(*info.temp);
  }
  if (by_extruder.empty() && (state.nozzle_temper || state.nozzle_target_temper)) {
    by_extruder[0].temperature_c = state.nozzle_temper;
    by_extruder[0].target_c = state.nozzle_target_temper;
  }
  // device.nozzle.info[] replaces the older print-level pair (protocol.md §5.17).
  bool listed = false;
  for (const auto& [id, nozzle] : state.nozzles) {
    if (id >= kFirstRackNozzle) continue;
    SetHardware(by_extruder[id], nozzle.type, nozzle.diameter_mm);
    listed = true;
  }
  if (!listed && (state.nozzle_type || state.nozzle_diameter_mm)) {
    SetHardware(by_extruder[0], state.nozzle_type, state.nozzle_diameter_mm);
  }
  std::vector<NozzleView> nozzles;
  for (auto& [extruder, view] : by_extruder) {
    view.extruder = extruder;
    nozzles.push_back(std::move(view));
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
    chamber.target_c = state.ctt;
  }
  return chamber;
}

}  // namespace bambu
