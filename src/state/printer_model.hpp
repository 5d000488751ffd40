// Printer model and AMS modules from an info/get_version reply (protocol.md §5.9).
// Pure functions over the decoded module list.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_update.hpp"

namespace bambu {

/// Short model name for an `ota` product_name: "Bambu Lab X1-Carbon" → "X1C",
/// "Bambu Lab H2D Pro" → "H2D Pro". Unknown "Bambu Lab <x>" names give "<x>";
/// anything else gives nullopt.
std::optional<std::string> ModelFromProductName(std::string_view product_name);

/// Model from the AP board (`esp32`, `ap` or `rv1126` module) hw_ver and
/// project_name, for firmware whose `ota` module has no product_name.
std::optional<std::string> ModelFromApBoard(std::string_view hw_ver, std::string_view project);

/// Model of the printer whose get_version reply listed `modules`: the `ota`
/// product_name first, then the AP board fallback; nullopt when neither fits.
std::optional<std::string> DeriveModel(const std::vector<ModuleInfo>& modules);

/// False for models without a chamber sensor (P1P, P1S, A1, A1 mini, A2L), whose
/// chamber_temper is a constant placeholder; true for every other model.
bool HasChamberSensor(std::string_view model);

/// An AMS module name split into its prefix and unit id.
struct AmsModuleName {
  std::string_view prefix;  // "ams", "ams_f1", "n3f", "n3s"
  int unit_id = -1;         // 0..255
};

/// Parses "ams/0", "ams_f1/16", "n3f/2", "n3s/128"; nullopt for any other
/// module or a unit id outside 0..255.
std::optional<AmsModuleName> ParseAmsModuleName(std::string_view name);

}  // namespace bambu
