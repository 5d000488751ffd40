#include "metrics/ams_metrics.hpp"

#include <optional>
#include <string>

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kAmsInfo{"bambu_ams_info", MetricType::Gauge,
                              "AMS unit present (ams_exist_bits), value 1; model from info bits "
                              "0-3 or the get_version module, extruder from info bits 8-11, "
                              "ams_name as Bambu Studio shows it (AMS-1, AMS HT-1)."};
constexpr FamilySpec kHumidityLevel{
    "bambu_ams_humidity_level", MetricType::Gauge,
    "AMS humidity level on the app scale, 1 (driest) to 5 (wettest): 6 - humidity (wire index)."};
constexpr FamilySpec kHumidityRatio{
    "bambu_ams_humidity_ratio", MetricType::Gauge,
    "AMS relative humidity, ratio 0-1 (humidity_raw percent / 100)."};
constexpr FamilySpec kAmsTemperature{"bambu_ams_temperature_celsius", MetricType::Gauge,
                                     "AMS temperature in degrees Celsius (temp)."};
constexpr FamilySpec kDrying{"bambu_ams_drying", MetricType::Gauge,
                             "1 while the AMS dry status (info bits 4-7) is checking, drying, "
                             "error or cannot-stop (Bambu Studio AmsIsDrying), else 0."};
constexpr FamilySpec kDryingRemaining{
    "bambu_ams_drying_remaining_seconds", MetricType::Gauge,
    "AMS remaining drying time in seconds (dry_time minutes x 60)."};
constexpr FamilySpec kTrayPresent{
    "bambu_tray_present", MetricType::Gauge,
    "1 when the slot holds a spool (tray_exist_bits; external spool: tray_type set), else 0."};
constexpr FamilySpec kTrayInfo{"bambu_tray_info", MetricType::Gauge,
                               "Loaded tray, value 1: tray_type, tray_info_idx, tray_sub_brands, "
                               "tray_color and cols as #RRGGBB, vendor from the RFID tag_uid, "
                               "slot_name as the printer shows it (A1, HT slot A, Ext), tray_uuid "
                               "of an identified spool."};
constexpr FamilySpec kTrayActive{
    "bambu_tray_active", MetricType::Gauge,
    "1 for the tray feeding the extruder now (tray_now or extruder snow), else 0."};
constexpr FamilySpec kRemainingRatio{
    "bambu_tray_remaining_ratio", MetricType::Gauge,
    "Filament left on a tracked Bambu spool, ratio 0-1 (remain percent / 100)."};
constexpr FamilySpec kRemainingGrams{"bambu_tray_remaining_grams", MetricType::Gauge,
                                     "Filament left in grams (remain / 100 x tray_weight)."};
constexpr FamilySpec kSpoolWeight{"bambu_tray_spool_weight_grams", MetricType::Gauge,
                                  "Spool net filament weight in grams (tray_weight)."};
constexpr FamilySpec kSpoolLength{"bambu_tray_spool_length_meters", MetricType::Gauge,
                                  "Spool filament length in meters (total_len mm / 1000)."};
constexpr FamilySpec kNozzleMin{"bambu_tray_nozzle_temperature_min_celsius", MetricType::Gauge,
                                "Recommended minimum nozzle temperature in degrees Celsius "
                                "(nozzle_temp_min)."};
constexpr FamilySpec kNozzleMax{"bambu_tray_nozzle_temperature_max_celsius", MetricType::Gauge,
                                "Recommended maximum nozzle temperature in degrees Celsius "
                                "(nozzle_temp_max)."};
constexpr FamilySpec kDryingTemp{"bambu_tray_drying_temperature_celsius", MetricType::Gauge,
                                 "Recommended drying temperature of the tray's filament in "
                                 "degrees Celsius (drying_temp, or tray_temp)."};
constexpr FamilySpec kDryingTime{"bambu_tray_drying_time_seconds", MetricType::Gauge,
                                 "Recommended drying time of the tray's filament in seconds "
                                 "(drying_time, or tray_time, hours x 3600)."};
constexpr FamilySpec kPressureAdvance{"bambu_tray_pressure_advance", MetricType::Gauge,
                                      "Pressure advance factor K of the tray (k), unitless."};

void AddUnit(MetricSink& out, const LabelSet& printer, const UnitView& unit) {
  const std::string ams = std::to_string(unit.id);
  const std::string extruder = std::to_string(unit.extruder);
  const LabelSet labels = printer.With({{"ams", ams}});
  out.Add(kAmsInfo,
          labels.With({{"model", UnitModelName(unit.model)},
                       {"ams_name", unit.name},
                       {"extruder", extruder},
                       {"hw_version", unit.hw_version},
                       {"sw_version", unit.sw_version}}),
          1);
  if (unit.humidity_level) out.Add(kHumidityLevel, labels, *unit.humidity_level);
  AddIf(out, kHumidityRatio, labels, unit.humidity_ratio);
  AddIf(out, kAmsTemperature, labels, unit.temperature_c);
  if (unit.drying) out.Add(kDrying, labels, *unit.drying ? 1 : 0);
  AddIf(out, kDryingRemaining, labels, unit.drying_remaining_seconds);
}

std::string_view OrEmpty(const std::optional<std::string>& text) {
  return text ? std::string_view(*text) : std::string_view();
}

/// Views into `tray`, which must outlive the returned set.
LabelSet TrayInfoLabels(const LabelSet& labels, const TrayView& tray) {
  const TrayState& state = *tray.tray;
  return labels.With({{"filament_type", OrEmpty(state.tray_type)},
                      {"filament_id", OrEmpty(state.tray_info_idx)},
                      {"name", OrEmpty(state.tray_sub_brands)},
                      {"color", tray.color},
                      {"colors", tray.colors},
                      {"vendor", tray.bambu_spool ? "bambu" : "other"},
                      {"slot_name", tray.slot_name},
                      {"tray_uuid", tray.spool_uuid}});
}

void AddTray(MetricSink& out, const LabelSet& printer, const TrayView& tray) {
  const std::string ams = std::to_string(tray.ams);
  const std::string slot = std::to_string(tray.slot);
  const LabelSet labels = printer.With({{"ams", ams}, {"slot", slot}});
  out.Add(kTrayPresent, labels, tray.present ? 1 : 0);
  if (tray.present || tray.active) {
    const std::string extruder = std::to_string(tray.extruder);
    out.Add(kTrayActive, labels.With({{"extruder", extruder}}), tray.active ? 1 : 0);
  }
  if (!tray.loaded) return;
  out.Add(kTrayInfo, TrayInfoLabels(labels, tray), 1);
  AddIf(out, kRemainingRatio, labels, tray.remaining_ratio);
  AddIf(out, kRemainingGrams, labels, tray.remaining_grams);
  AddIf(out, kSpoolWeight, labels, tray.spool_weight_grams);
  AddIf(out, kSpoolLength, labels, tray.spool_length_meters);
  AddIf(out, kNozzleMin, labels, tray.nozzle_temp_min_c);
  AddIf(out, kNozzleMax, labels, tray.nozzle_temp_max_c);
  AddIf(out, kPressureAdvance, labels, tray.pressure_advance);
  AddIf(out, kDryingTemp, labels, tray.drying_temp_c);
  AddIf(out, kDryingTime, labels, tray.drying_time_s);
}

}  // namespace

void AddAmsMetrics(MetricSink& out, const LabelSet& printer, const PrinterView& view) {
  for (const UnitView& unit : view.units) {
    AddUnit(out, printer, unit);
    for (const TrayView& tray : unit.trays) AddTray(out, printer, tray);
  }
  for (const TrayView& tray : view.external) AddTray(out, printer, tray);
}

}  // namespace bambu
