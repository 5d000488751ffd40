#include "metrics/fleet_collector.hpp"

#include <array>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <utility>

#include "base/hex_text.hpp"
#include "metrics/ams_metrics.hpp"
#include "metrics/exposition_writer.hpp"
#include "metrics/filament_metrics.hpp"
#include "metrics/job_metrics.hpp"
#include "metrics/session_labels.hpp"
#include "state/printer_up.hpp"
#include "view/ams_view.hpp"
#include "view/hms_view.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kUp{"bambu_up", MetricType::Gauge,
                         "1 when the MQTT session is connected and a report arrived within the "
                         "staleness window, else 0."};
constexpr FamilySpec kSessionState{"bambu_session_state", MetricType::Gauge,
                                   "Why bambu_up is what it is, value 1 for the current state: up, "
                                   "disconnected, waiting (connected, no report yet), no_reports "
                                   "(connected, nothing under the serial for 30 s), stale."};
constexpr FamilySpec kLastReport{"bambu_last_report_timestamp_seconds", MetricType::Gauge,
                                 "Unix time in seconds of the last report received."};
constexpr FamilySpec kMessages{"bambu_mqtt_messages_received_total", MetricType::Counter,
                               "MQTT reports received from the printer, accepted or not."};
constexpr FamilySpec kReconnects{"bambu_mqtt_reconnects_total", MetricType::Counter,
                                 "MQTT session reconnects after the first connect."};
constexpr FamilySpec kDisconnects{"bambu_mqtt_disconnects_total", MetricType::Counter,
                                  "Established MQTT sessions lost (closed by the broker, keepalive "
                                  "expired, socket error); not connect failures."};
constexpr FamilySpec kReportErrors{"bambu_report_errors_total", MetricType::Counter,
                                   "Reports rejected, by reason."};
constexpr FamilySpec kConnectFailures{"bambu_mqtt_connect_failures_total", MetricType::Counter,
                                      "Failed MQTT connection attempts, by reason."};
constexpr FamilySpec kPrinterInfo{"bambu_printer_info", MetricType::Gauge,
                                  "Printer identity, value 1: model and firmware (ota sw_ver) from "
                                  "get_version, configured name."};
constexpr FamilySpec kPrintState{"bambu_print_state", MetricType::Gauge,
                                 "Print state set over gcode_state: 1 for the current state, 0 "
                                 "for the others."};
constexpr FamilySpec kProgress{"bambu_print_progress_ratio", MetricType::Gauge,
                               "Print progress, ratio 0-1 (mc_percent / 100)."};
constexpr FamilySpec kRemaining{"bambu_print_remaining_seconds", MetricType::Gauge,
                                "Estimated print time left in seconds (mc_remaining_time minutes "
                                "x 60)."};
constexpr FamilySpec kLayer{"bambu_print_layer", MetricType::Gauge,
                            "Current print layer (layer_num)."};
constexpr FamilySpec kLayers{"bambu_print_layers", MetricType::Gauge,
                             "Total layers of the print (total_layer_num)."};
constexpr FamilySpec kNozzleTemp{"bambu_nozzle_temperature_celsius", MetricType::Gauge,
                                 "Nozzle temperature in degrees Celsius (nozzle_temper, or "
                                 "device.extruder.info temp bits 0-15)."};
constexpr FamilySpec kNozzleTarget{"bambu_nozzle_target_temperature_celsius", MetricType::Gauge,
                                   "Nozzle target temperature in degrees Celsius "
                                   "(nozzle_target_temper, or device.extruder.info temp bits "
                                   "16-31)."};
constexpr FamilySpec kNozzleInfo{"bambu_nozzle_info", MetricType::Gauge,
                                 "Nozzle mounted on an extruder, value 1: type (material), flow "
                                 "and diameter (mm) from device.nozzle.info[], else nozzle_type "
                                 "and nozzle_diameter."};
constexpr FamilySpec kBedTemp{"bambu_bed_temperature_celsius", MetricType::Gauge,
                              "Bed temperature in degrees Celsius (bed_temper)."};
constexpr FamilySpec kBedTarget{"bambu_bed_target_temperature_celsius", MetricType::Gauge,
                                "Bed target temperature in degrees Celsius (bed_target_temper)."};
constexpr FamilySpec kChamber{"bambu_chamber_temperature_celsius", MetricType::Gauge,
                              "Chamber temperature in degrees Celsius (device.ctc.info.temp bits "
                              "0-15, else chamber_temper)."};
constexpr FamilySpec kChamberTarget{"bambu_chamber_target_temperature_celsius", MetricType::Gauge,
                                    "Chamber target temperature in degrees Celsius "
                                    "(device.ctc.info.temp bits 16-31); 0 = no target."};
constexpr FamilySpec kWifi{"bambu_wifi_signal_dbm", MetricType::Gauge,
                           "Wi-Fi signal strength in dBm (wifi_signal)."};
constexpr FamilySpec kHmsErrors{"bambu_hms_errors", MetricType::Gauge,
                                "Number of active HMS entries (hms)."};
constexpr FamilySpec kHmsInfo{"bambu_hms_error_info", MetricType::Gauge,
                              "Active HMS entry, value 1: code from hms attr and code, module "
                              "attr bits 24-31, severity code bits 16-31; for AMS modules the "
                              "unit (ams, ams_name) and slot (slot, slot_name) it names."};

constexpr std::array<std::string_view, 8> kPrintStates = {
    "IDLE", "PREPARE", "RUNNING", "PAUSE", "FINISH", "FAILED", "SLICING", "UNKNOWN"};

std::string_view OrEmpty(const std::optional<std::string>& text) {
  return text ? std::string_view(*text) : std::string_view();
}

using Counts = std::map<std::string, std::uint64_t, std::less<>>;

/// Reasons exported at 0 from start-up, so rate() works from the first failure.
constexpr std::array<std::string_view, 1> kReportErrorReasons = {"invalid_json"};

/// One sample per reason: every reason of `always` (0 until counted), then any other counted one.
template <std::size_t N>
void AddByReason(MetricSink& out, const FamilySpec& spec, const LabelSet& labels,
                 const std::array<std::string_view, N>& always, const Counts& counts) {
  Counts all;
  for (std::string_view reason : always) all.emplace(reason, 0);
  for (const auto& [reason, count] : counts) all[reason] = count;
  for (const auto& [reason, count] : all) {
    out.Add(spec, labels.With({{"reason", reason}}), static_cast<double>(count));
  }
}

void AddSession(MetricSink& out, const LabelSet& labels, const PrinterEntry& printer,
                SessionState state, Instant now) {
  const bool up = state == SessionState::kUp;
  out.Add(kUp, labels.With({{"transport", TransportLabel(printer.identity.transport)}}),
          up ? 1 : 0);
  for (const auto& [each, label] : kSessionStateLabels) {
    out.Add(kSessionState, labels.With({{"state", label}}), each == state ? 1 : 0);
  }
  AddIf(out, kLastReport, labels, LastReportTimestamp(printer, now));
  out.Add(kMessages, labels, static_cast<double>(printer.counters.messages_received));
  out.Add(kReconnects, labels, static_cast<double>(printer.counters.reconnects));
  out.Add(kDisconnects, labels, static_cast<double>(printer.counters.disconnects));
  AddByReason(out, kReportErrors, labels, kReportErrorReasons, printer.counters.report_errors);
  for (const auto& [reason, label] : kConnectFailureLabels) {
    const std::uint64_t failures = printer.counters.connect_failures[static_cast<size_t>(reason)];
    out.Add(kConnectFailures, labels.With({{"reason", label}}), static_cast<double>(failures));
  }
  const VersionState& version = printer.state.version;
  out.Add(kPrinterInfo,
          labels.With({{"model", OrEmpty(version.model)},
                       {"firmware", OrEmpty(version.firmware)},
                       {"name", printer.identity.name}}),
          1);
}

void AddPrintState(MetricSink& out, const LabelSet& labels, const std::string& state) {
  std::string_view current = "UNKNOWN";
  for (std::string_view known : kPrintStates) {
    if (state == known) current = known;
  }
  for (std::string_view known : kPrintStates) {
    out.Add(kPrintState, labels.With({{"state", known}}), known == current ? 1 : 0);
  }
}

void AddHms(MetricSink& out, const LabelSet& labels, const std::vector<HmsEntry>& hms,
            const PrinterView& view) {
  out.Add(kHmsErrors, labels, static_cast<double>(hms.size()));
  for (const HmsView& entry : BuildHmsViews(hms, view)) {
    // Label values are views: the id texts must outlive `with`.
    const std::string ams = entry.ams ? std::to_string(*entry.ams) : std::string();
    const std::string slot = entry.slot ? std::to_string(*entry.slot) : std::string();
    LabelSet with =
        labels.With({{"code", entry.code}, {"module", entry.module}, {"severity", entry.severity}});
    if (entry.ams) with = with.With({{"ams", ams}});
    if (!entry.ams_name.empty()) with = with.With({{"ams_name", entry.ams_name}});
    if (entry.slot) with = with.With({{"slot", slot}});
    if (!entry.slot_name.empty()) with = with.With({{"slot_name", entry.slot_name}});
    out.Add(kHmsInfo, with, 1);
  }
}

void AddPrint(MetricSink& out, const LabelSet& labels, const PrinterState& state) {
  if (state.gcode_state) AddPrintState(out, labels, *state.gcode_state);
  if (state.mc_percent && *state.mc_percent >= 0 && *state.mc_percent <= 100) {
    out.Add(kProgress, labels, *state.mc_percent / 100);
  }
  if (state.mc_remaining_time && *state.mc_remaining_time >= 0) {
    out.Add(kRemaining, labels, *state.mc_remaining_time * 60);
  }
  AddIf(out, kLayer, labels, state.layer_num);
  AddIf(out, kLayers, labels, state.total_layer_num);
  AddIf(out, kBedTemp, labels, state.bed_temper);
  AddIf(out, kBedTarget, labels, state.bed_target_temper);
  AddIf(out, kWifi, labels, state.wifi_signal_dbm);
}

void AddChamberAndNozzles(MetricSink& out, const LabelSet& labels, const PrinterView& view) {
  AddIf(out, kChamber, labels, view.chamber.temperature_c);
  AddIf(out, kChamberTarget, labels, view.chamber.target_c);
  for (const NozzleView& nozzle : view.nozzles) {
    const std::string extruder = std::to_string(nozzle.extruder);
    const LabelSet with_extruder = labels.With({{"extruder", extruder}});
    AddIf(out, kNozzleTemp, with_extruder, nozzle.temperature_c);
    AddIf(out, kNozzleTarget, with_extruder, nozzle.target_c);
    if (nozzle.has_hardware) {
      out.Add(kNozzleInfo,
              with_extruder.With(
                  {{"type", nozzle.type}, {"flow", nozzle.flow}, {"diameter", nozzle.diameter}}),
              1);
    }
  }
}

void AddPrinter(MetricSink& out, const PrinterEntry& printer, const CollectOptions& options) {
  const LabelSet labels = {{"printer", printer.identity.name}, {"serial", printer.identity.serial}};
  const SessionState state = SessionStateOf(printer, options.now, options.stale_after_s);
  const bool up = state == SessionState::kUp;
  AddSession(out, labels, printer, state, options.now);
  AddFilamentCounters(out, labels, printer.filament);
  if (printer.state.has_report) AddJobCounters(out, labels, printer.tracker);
  if (!up && !options.keep_stale_series) return;
  AddPrint(out, labels, printer.state);
  const PrinterView view = BuildView(printer.state);
  if (printer.state.hms) AddHms(out, labels, *printer.state.hms, view);
  AddChamberAndNozzles(out, labels, view);
  AddPrintJob(out, labels, printer.job);
  AddRunningJob(out, labels, printer.tracker, view, options.third_party_spool_g);
  AddAmsMetrics(out, labels, view);
}

}  // namespace

void CollectFleet(const Fleet& fleet, const CollectOptions& options, MetricSink& out) {
  for (const auto& printer : fleet.printers()) AddPrinter(out, *printer, options);
}

void WriteFleetText(const Fleet& fleet, const CollectOptions& options, std::string& out) {
  ExpositionWriter writer;
  CollectFleet(fleet, options, writer);
  writer.Finish(out);
}

FleetCollector::FleetCollector(const Fleet& fleet, double stale_after_s, bool keep_stale_series,
                               std::optional<double> third_party_spool_g)
    : fleet_(fleet),
      stale_after_s_(stale_after_s),
      keep_stale_series_(keep_stale_series),
      third_party_spool_g_(third_party_spool_g) {}

void FleetCollector::Collect(Instant now, MetricSink& out) const {
  CollectFleet(fleet_,
               {.now = now,
                .stale_after_s = stale_after_s_,
                .keep_stale_series = keep_stale_series_,
                .third_party_spool_g = third_party_spool_g_},
               out);
}

}  // namespace bambu
