#include "state/printer_model.hpp"

#include <array>
#include <cctype>
#include <charconv>
#include <utility>

namespace bambu {
namespace {

constexpr std::string_view kBrandPrefix = "Bambu Lab ";

/// ota product_name (without the brand prefix) → short model name.
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kProductModels{{
    {"X1-Carbon", "X1C"},
    {"X1 Carbon", "X1C"},
    {"X1C", "X1C"},
    {"X1", "X1"},
    {"X1E", "X1E"},
    {"P1P", "P1P"},
    {"P1S", "P1S"},
    {"P2S", "P2S"},
    {"A1", "A1"},
    {"A1 mini", "A1 mini"},
    {"A2L", "A2L"},
    {"H2D", "H2D"},
    {"H2D Pro", "H2D Pro"},
    {"H2C", "H2C"},
    {"H2S", "H2S"},
    {"X2D", "X2D"},
}};

/// Models that send a constant chamber_temper (5) but have no chamber sensor.
constexpr std::array<std::string_view, 5> kNoChamberSensor{"P1P", "P1S", "A1", "A1 mini", "A2L"};

constexpr std::array<std::string_view, 4> kAmsPrefixes{"ams", "ams_f1", "n3f", "n3s"};

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

bool IsApBoard(std::string_view module_name) {
  return module_name == "esp32" || module_name == "ap" || module_name == "rv1126";
}

}  // namespace

std::optional<std::string> ModelFromProductName(std::string_view product_name) {
  if (!product_name.starts_with(kBrandPrefix)) return std::nullopt;
  const std::string_view product = product_name.substr(kBrandPrefix.size());
  if (product.empty()) return std::nullopt;
  for (const auto& [name, model] : kProductModels) {
    if (EqualsIgnoreCase(product, name)) return std::string(model);
  }
  return std::string(product);
}

std::optional<std::string> ModelFromApBoard(std::string_view hw_ver, std::string_view project) {
  if (project == "N1") return "A1 mini";
  if (hw_ver == "AP04" && project == "C11") return "P1P";
  if (hw_ver == "AP04" && project == "C12") return "P1S";
  if (hw_ver == "AP05" && project == "N2S") return "A1";
  if (hw_ver == "AP05" && project.empty()) return "X1C";
  if (hw_ver == "AP02") return "X1E";
  return std::nullopt;
}

std::optional<std::string> DeriveModel(const std::vector<ModuleInfo>& modules) {
  for (const ModuleInfo& module : modules) {
    if (module.name != "ota") continue;
    if (auto model = ModelFromProductName(module.product_name)) return model;
  }
  for (const ModuleInfo& module : modules) {
    if (!IsApBoard(module.name)) continue;
    if (auto model = ModelFromApBoard(module.hw_ver, module.project_name)) return model;
  }
  return std::nullopt;
}

bool HasChamberSensor(std::string_view model) {
  for (std::string_view without : kNoChamberSensor) {
    if (EqualsIgnoreCase(model, without)) return false;
  }
  return true;
}

std::optional<AmsModuleName> ParseAmsModuleName(std::string_view name) {
  const std::size_t slash = name.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  const std::string_view prefix = name.substr(0, slash);
  const std::string_view digits = name.substr(slash + 1);
  for (std::string_view known : kAmsPrefixes) {
    if (prefix != known) continue;
    int id = -1;
    const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), id);
    if (ec != std::errc() || end != digits.data() + digits.size() || id < 0 || id > 255) {
      return std::nullopt;
    }
    return AmsModuleName{known, id};
  }
  return std::nullopt;
}

}  // namespace bambu
