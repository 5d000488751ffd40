// pugixml over slice_info.config as Bambu Studio writes it (docs/protocol.md §7.3): <config>,
// <plate> elements each with <metadata key value>, <object> and <filament> children.
#include "jobs/slice_info.hpp"

#include <pugixml.hpp>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <string>

namespace bambu {
namespace {

// Bounds far beyond any printer's build volume or queue: a value outside them is a broken file.
constexpr double kMaxGrams = 50'000;       // 50 kg
constexpr double kMaxMetres = 100'000;     // 100 km
constexpr double kMaxPredictionS = 1e7;    // ~115 days
constexpr long long kMaxFilamentId = 255;  // slicer filament numbers
constexpr int kMaxExtruder = 16;           // filament_maps values

/// A number written by the slicer: the whole text, finite, within [0, max].
std::optional<double> Amount(const char* text, double max) {
  const std::string_view view(text);
  double value = 0;
  const auto [end, error] = std::from_chars(view.data(), view.data() + view.size(), value);
  if (view.empty() || error != std::errc() || end != view.data() + view.size()) return std::nullopt;
  if (!std::isfinite(value) || value < 0 || value > max) return std::nullopt;
  return value;
}

std::optional<long long> Integer(std::string_view text) {
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::optional<int> PlateIndex(const pugi::xml_node& plate) {
  const pugi::xml_node index = plate.find_child_by_attribute("metadata", "key", "index");
  if (!index) return std::nullopt;
  const std::optional<long long> value = Integer(index.attribute("value").value());
  if (!value || *value < 0 || *value > 9999) return std::nullopt;
  return static_cast<int>(*value);
}

/// The plate to read: the one whose index is `plate`, or with `plate` 0 the only one.
pugi::xml_node FindPlate(const pugi::xml_node& config, int plate) {
  pugi::xml_node found;
  int count = 0;
  for (pugi::xml_node node : config.children("plate")) {
    ++count;
    if (plate == 0) {
      found = node;
    } else if (PlateIndex(node) == plate) {
      return node;
    }
  }
  return plate == 0 && count == 1 ? found : pugi::xml_node();
}

/// An optional metadata amount: absent is fine, present must be valid.
bool OptionalAmount(const pugi::xml_node& plate, const char* key, double max,
                    std::optional<double>& out) {
  const pugi::xml_node node = plate.find_child_by_attribute("metadata", "key", key);
  if (!node) return true;
  out = Amount(node.attribute("value").value(), max);
  return out.has_value();
}

/// "2 1 2 2" (or comma-separated): the logical extruder of each project filament.
bool FilamentMaps(const pugi::xml_node& plate, std::vector<int>& out) {
  const pugi::xml_node node = plate.find_child_by_attribute("metadata", "key", "filament_maps");
  if (!node) return true;
  const std::string_view text = node.attribute("value").value();
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" ,", start);
    if (end == std::string_view::npos) end = text.size();
    if (end > start) {
      const std::optional<long long> value = Integer(text.substr(start, end - start));
      if (!value || *value < 0 || *value > kMaxExtruder) return false;
      out.push_back(static_cast<int>(*value));
    }
    start = end + 1;
  }
  return true;
}

bool Filament(const pugi::xml_node& node, PlanFilament& out) {
  const std::optional<long long> id = Integer(node.attribute("id").value());
  const std::optional<double> grams = Amount(node.attribute("used_g").value(), kMaxGrams);
  const std::optional<double> metres = Amount(node.attribute("used_m").value(), kMaxMetres);
  if (!id || *id < 1 || *id > kMaxFilamentId || !grams || !metres) return false;
  out.id = static_cast<int>(*id);
  out.tray_info_idx = node.attribute("tray_info_idx").value();
  out.type = node.attribute("type").value();
  out.color = node.attribute("color").value();
  out.used_g = *grams;
  out.used_m = *metres;
  return true;
}

bool Object(const pugi::xml_node& node, PlanObject& out) {
  const std::optional<long long> id = Integer(node.attribute("identify_id").value());
  if (!id || *id < 0) return false;
  out.identify_id = *id;
  out.name = node.attribute("name").value();
  out.skipped = std::string_view(node.attribute("skipped").value()) == "true";
  return true;
}

PlanRead Decode(const pugi::xml_node& plate_node) {
  JobPlan plan;
  plan.plate = PlateIndex(plate_node).value_or(0);
  bool valid = OptionalAmount(plate_node, "prediction", kMaxPredictionS, plan.prediction_s) &&
               OptionalAmount(plate_node, "weight", kMaxGrams, plan.weight_g) &&
               FilamentMaps(plate_node, plan.filament_maps);
  for (pugi::xml_node node : plate_node.children("filament")) {
    valid = valid && Filament(node, plan.filaments.emplace_back());
  }
  for (pugi::xml_node node : plate_node.children("object")) {
    valid = valid && Object(node, plan.objects.emplace_back());
  }
  if (!valid) return {std::nullopt, PlanFailure::kBadValues};
  return {std::move(plan), PlanFailure::kNone};
}

}  // namespace

PlanRead ParseSliceInfo(std::string_view xml, int plate) {
  pugi::xml_document document;
  const pugi::xml_parse_result parsed =
      document.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_doctype);
  if (!parsed) return {std::nullopt, PlanFailure::kBadXml};
  for (pugi::xml_node node : document.children()) {
    if (node.type() == pugi::node_doctype) return {std::nullopt, PlanFailure::kBadXml};
  }
  const pugi::xml_node config = document.child("config");
  if (!config) return {std::nullopt, PlanFailure::kBadXml};
  const pugi::xml_node plate_node = FindPlate(config, plate);
  if (!plate_node) return {std::nullopt, PlanFailure::kPlateMissing};
  return Decode(plate_node);
}

}  // namespace bambu
