#include "web/ams_json_view.hpp"

#include <cmath>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>

#include <boost/json/value.hpp>

#include "base/hex_text.hpp"
#include "metrics/session_labels.hpp"
#include "state/printer_up.hpp"
#include "view/ams_view.hpp"
#include "web/json_number.hpp"

namespace bambu {
namespace {

namespace json = boost::json;

json::value Number(double value) { return JsonNumber(value); }

json::value Number(std::int64_t value) { return json::value(value); }

template <typename T>
json::value OrNull(const std::optional<T>& value) {
  if (!value) return nullptr;
  if constexpr (std::is_arithmetic_v<T> && !std::is_same_v<T, bool>) {
    return Number(
        static_cast<std::conditional_t<std::is_integral_v<T>, std::int64_t, double>>(*value));
  } else {
    return json::value(*value);
  }
}

/// A wire string, or null when it was never sent or is empty ("" = not configured).
json::value StringOrNull(const std::optional<std::string>& text) {
  if (!text || text->empty()) return nullptr;
  return json::value(*text);
}

json::value NonEmptyOrNull(std::string_view text) {
  if (text.empty()) return nullptr;
  return json::value(text);
}

/// A raw state value, shown only when the view kept the derived value (i.e. it is valid).
template <typename Raw, typename Derived>
json::value IfValid(const std::optional<Derived>& derived, const std::optional<Raw>& raw) {
  if (!derived) return nullptr;
  return OrNull(raw);
}

/// "#AABBCC,#DDEEFF" → ["#AABBCC", "#DDEEFF"].
json::array SplitColors(std::string_view colors) {
  json::array out;
  while (!colors.empty()) {
    const auto comma = colors.find(',');
    if (const auto item = colors.substr(0, comma); !item.empty()) out.emplace_back(item);
    colors = comma == std::string_view::npos ? std::string_view{} : colors.substr(comma + 1);
  }
  return out;
}

/// Remaining percentage 0..100 from the view's ratio (the wire value is an integer percent).
json::value RemainPercent(const TrayView& view) {
  if (!view.remaining_ratio) return nullptr;
  return json::value(static_cast<std::int64_t>(std::lround(*view.remaining_ratio * 100)));
}

json::value HexOrNull(const std::optional<std::uint32_t>& bits) {
  if (!bits) return nullptr;
  return json::value(UpperHex(*bits));
}

json::object TrayJson(const TrayView& view) {
  static const TrayState kNeverReported;
  const TrayState& tray = view.tray != nullptr ? *view.tray : kNeverReported;
  json::object out;
  out["tray_id"] = view.slot;
  out["slot_name"] = NonEmptyOrNull(view.slot_name);
  out["present"] = view.present;
  out["active"] = view.active;
  out["filament_type"] = view.loaded ? StringOrNull(tray.tray_type) : nullptr;
  out["filament_id"] = view.loaded ? StringOrNull(tray.tray_info_idx) : nullptr;
  out["name"] = view.loaded ? StringOrNull(tray.tray_sub_brands) : nullptr;
  out["color"] = NonEmptyOrNull(view.color);
  out["colors"] = SplitColors(view.colors);
  out["vendor"] = view.loaded ? json::value(view.bambu_spool ? "bambu" : "other") : nullptr;
  out["remain"] = RemainPercent(view);
  out["remaining_grams"] = OrNull(view.remaining_grams);
  out["spool_weight"] = OrNull(view.spool_weight_grams);
  out["total_len"] = IfValid(view.spool_length_meters, tray.total_len_mm);  // mm, as on the wire
  out["nozzle_temp_min"] = OrNull(view.nozzle_temp_min_c);
  out["nozzle_temp_max"] = OrNull(view.nozzle_temp_max_c);
  out["k"] = OrNull(view.pressure_advance);
  out["tray_uuid"] = NonEmptyOrNull(view.spool_uuid);
  out["drying_temp"] = OrNull(view.drying_temp_c);  // °C
  out["drying_time"] =
      view.drying_time_s ? Number(*view.drying_time_s / 3600) : json::value(nullptr);  // hours
  return out;
}

json::object UnitJson(const UnitView& view) {
  static const AmsUnitState kNeverReported;
  const AmsUnitState& unit = view.unit != nullptr ? *view.unit : kNeverReported;
  json::object out;
  out["unit_id"] = view.id;
  out["model"] = UnitModelName(view.model);
  out["name"] = view.name;
  out["software_version"] = NonEmptyOrNull(view.sw_version);
  out["hardware_version"] = NonEmptyOrNull(view.hw_version);
  out["tray_count"] = view.trays.size();
  out["temperature"] = OrNull(view.temperature_c);
  out["humidity"] = OrNull(view.humidity_level);
  out["humidity_raw"] = IfValid(view.humidity_ratio, unit.humidity_raw);
  out["dry_time"] = IfValid(view.drying_remaining_seconds, unit.dry_time_min);
  out["info"] = HexOrNull(unit.info);
  out["extruder"] = view.extruder;
  json::array trays;
  for (const TrayView& tray : view.trays) trays.emplace_back(TrayJson(tray));
  out["trays"] = std::move(trays);
  return out;
}

}  // namespace

json::array PrinterListJson(const Fleet& fleet, Instant now, double stale_after_s) {
  json::array out;
  for (const auto& printer : fleet.printers()) {
    json::object item;
    item["name"] = printer->identity.name;
    item["serial"] = printer->identity.serial;
    item["model"] = StringOrNull(printer->state.version.model);
    item["transport"] = TransportLabel(printer->identity.transport);
    item["up"] = IsPrinterUp(*printer, now, stale_after_s);
    item["last_report_timestamp"] = OrNull(LastReportTimestamp(*printer, now));
    out.emplace_back(std::move(item));
  }
  return out;
}

json::object AmsJson(const PrinterEntry& printer) {
  const PrinterView view = BuildView(printer.state);
  json::array units;
  std::size_t total_trays = 0;
  for (const UnitView& unit : view.units) {
    total_trays += unit.trays.size();
    units.emplace_back(UnitJson(unit));
  }
  json::array external;
  for (const TrayView& tray : view.external) {
    json::object item = TrayJson(tray);
    item["ams"] = tray.ams;
    external.emplace_back(std::move(item));
  }
  json::object out;
  out["device_id"] = printer.identity.serial;
  out["has_ams"] = !view.units.empty();
  out["total_trays"] = total_trays;
  out["ams_units"] = std::move(units);
  out["external_spool"] = std::move(external);
  return out;
}

}  // namespace bambu
