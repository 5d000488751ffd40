// CollectFleet: the /metrics families of metrics.md from hand-built states.
#include <doctest/doctest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include <prometheus/check_names.h>

#include "metric_family_builder.hpp"
#include "metrics/fleet_collector.hpp"
#include "metrics_test_util.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

using Labels = std::map<std::string, std::string>;

constexpr double kNow = 1'790'000'000;

const prometheus::MetricFamily* FindFamily(const std::vector<prometheus::MetricFamily>& families,
                                           const std::string& name) {
  for (const auto& family : families) {
    if (family.name == name) return &family;
  }
  return nullptr;
}

Labels LabelsOf(const prometheus::ClientMetric& sample) {
  Labels out;
  for (const auto& label : sample.label) out[label.name] = label.value;
  return out;
}

/// Samples of `name` whose labels include every pair of `match`.
std::vector<const prometheus::ClientMetric*> Samples(
    const std::vector<prometheus::MetricFamily>& families, const std::string& name,
    const Labels& match = {}) {
  std::vector<const prometheus::ClientMetric*> out;
  const auto* family = FindFamily(families, name);
  if (family == nullptr) return out;
  for (const auto& sample : family->metric) {
    const Labels labels = LabelsOf(sample);
    const bool matches = std::all_of(match.begin(), match.end(), [&](const auto& pair) {
      auto it = labels.find(pair.first);
      return it != labels.end() && it->second == pair.second;
    });
    if (matches) out.push_back(&sample);
  }
  return out;
}

/// The value of the single sample of `name` matching `match`; fails the test otherwise.
double Value(const std::vector<prometheus::MetricFamily>& families, const std::string& name,
             const Labels& match = {}) {
  const auto samples = Samples(families, name, match);
  REQUIRE_MESSAGE(samples.size() == 1, name);
  const auto* family = FindFamily(families, name);
  return family->type == prometheus::MetricType::Counter ? samples[0]->counter.value
                                                         : samples[0]->gauge.value;
}

TrayState Tray(std::string type, std::string tag_uid, int remain) {
  TrayState tray;
  tray.tray_type = std::move(type);
  tray.rfid_tag = tag_uid.find_first_not_of('0') != std::string::npos;
  tray.remain = remain;
  return tray;
}

/// A connected X1-like printer with one AMS, an AMS HT and both external spools.
PrinterEntry& AddBusyPrinter(Fleet& fleet) {
  PrinterEntry& printer = fleet.Add({"workshop", "00M09A350100001", Transport::kLan});
  printer.connected = true;
  printer.last_report_unix = kNow - 10;
  printer.last_report_mono = kNow - 10;
  printer.counters.messages_received = 42;
  printer.counters.reconnects = 2;
  printer.counters.report_errors["too_large"] = 3;
  PrinterState& state = printer.state;
  state.has_report = true;
  state.version.model = "X1C";
  state.version.firmware = "01.09.00.01";
  state.version.ams_modules[0] = {"ams", "AMS08", "00.00.06.49"};
  state.gcode_state = "RUNNING";
  state.mc_percent = 42;
  state.mc_remaining_time = 61;
  state.layer_num = 12;
  state.total_layer_num = 200;
  state.nozzle_temper = 219.5;
  state.nozzle_target_temper = 220;
  state.bed_temper = 55;
  state.chamber_temper = 31;
  state.wifi_signal_dbm = -68;
  state.hms = std::vector<HmsEntry>{{0x07002000, 0x00020001}, {0x0C00C000, 0x00030002}};
  state.ams_exist_bits = 0x11;
  state.tray_exist_bits = 0x10003;
  state.tray_now = 1;
  auto& ams = state.units[0];
  ams.info = 0x1001;
  ams.humidity_index = 2;
  ams.humidity_raw = 35;
  ams.temp_c = 24.8;
  ams.trays[0] = Tray("PLA", "5F1B2C3D00000000", 80);
  ams.trays[0].tray_info_idx = "GFA01";
  ams.trays[0].tray_sub_brands = "PLA Matte";
  ams.trays[0].tray_color = "F98C36FF";
  ams.trays[0].tray_weight_g = 1000;
  ams.trays[1] = Tray("PETG", "0000000000000000", -1);
  ams.trays[1].tray_info_idx = "GFL99";
  ams.trays[1].tray_color = "0000FFFF";
  ams.trays[1].k = 0.02;
  auto& ht = state.units[128];
  ht.info = 0x2004;
  ht.humidity_index = 0;
  ht.humidity_raw = 12;
  ht.temp_c = 25.0;
  ht.dry_time_min = 0;
  ht.trays[0] = Tray("ABS", "0000000000000000", 0);
  state.external[255] = Tray("TPU", "0000000000000000", 0);
  state.external[254] = Tray("", "0000000000000000", 0);
  return printer;
}

std::vector<prometheus::MetricFamily> Collect(const Fleet& fleet, bool keep_stale = false) {
  CollectOptions options;
  options.now = test::At(kNow);
  options.stale_after_s = 300;
  options.keep_stale_series = keep_stale;
  return FleetFamilies(fleet, options);
}

}  // namespace

TEST_CASE("printer families: session, counters, print state, temperatures, HMS") {
  Fleet fleet;
  AddBusyPrinter(fleet);
  const auto families = Collect(fleet);
  const Labels printer = {{"printer", "workshop"}, {"serial", "00M09A350100001"}};
  const auto up = Samples(families, "bambu_up");
  REQUIRE(up.size() == 1);
  CHECK(LabelsOf(*up[0]) ==
        Labels{{"printer", "workshop"}, {"serial", "00M09A350100001"}, {"transport", "lan"}});
  CHECK(up[0]->gauge.value == 1);
  CHECK(Value(families, "bambu_last_report_timestamp_seconds") == kNow - 10);
  CHECK(Value(families, "bambu_mqtt_messages_received_total") == 42);
  CHECK(Value(families, "bambu_mqtt_reconnects_total") == 2);
  CHECK(Value(families, "bambu_report_errors_total", {{"reason", "too_large"}}) == 3);
  CHECK(Value(families, "bambu_report_errors_total", {{"reason", "invalid_json"}}) == 0);
  CHECK(Value(families, "bambu_printer_info",
              {{"model", "X1C"}, {"firmware", "01.09.00.01"}, {"name", "workshop"}}) == 1);
  CHECK(Samples(families, "bambu_print_state").size() == 8);
  CHECK(Value(families, "bambu_print_state", {{"state", "RUNNING"}}) == 1);
  CHECK(Value(families, "bambu_print_state", {{"state", "IDLE"}}) == 0);
  CHECK(Value(families, "bambu_print_progress_ratio") == doctest::Approx(0.42));
  CHECK(Value(families, "bambu_print_remaining_seconds") == 3660);
  CHECK(Value(families, "bambu_print_layer") == 12);
  CHECK(Value(families, "bambu_print_layers") == 200);
  CHECK(Value(families, "bambu_nozzle_temperature_celsius", {{"extruder", "0"}}) == 219.5);
  CHECK(Value(families, "bambu_nozzle_target_temperature_celsius", {{"extruder", "0"}}) == 220);
  CHECK(Value(families, "bambu_bed_temperature_celsius") == 55);
  CHECK_FALSE(FindFamily(families, "bambu_bed_target_temperature_celsius"));
  CHECK(Value(families, "bambu_chamber_temperature_celsius") == 31);
  CHECK(Value(families, "bambu_wifi_signal_dbm") == -68);
  CHECK(Value(families, "bambu_hms_errors") == 2);
  CHECK(Value(families, "bambu_hms_error_info",
              {{"code", "0700_2000_0002_0001"},
               {"module", "07"},
               {"severity", "serious"},
               {"ams", "0"},
               {"ams_name", "AMS-1"},
               {"slot", "0"},
               {"slot_name", "A1"}}) == 1);
  CHECK(Value(families, "bambu_hms_error_info",
              {{"code", "0C00_C000_0003_0002"}, {"module", "0C"}, {"severity", "common"}}) == 1);
  CHECK(Samples(families, "bambu_up", printer).size() == 1);
}

TEST_CASE("unknown gcode_state maps to UNKNOWN") {
  Fleet fleet;
  AddBusyPrinter(fleet).state.gcode_state = "SOMETHING_NEW";
  const auto families = Collect(fleet);
  CHECK(Value(families, "bambu_print_state", {{"state", "UNKNOWN"}}) == 1);
  CHECK(Value(families, "bambu_print_state", {{"state", "RUNNING"}}) == 0);
}

TEST_CASE("AMS unit families") {
  Fleet fleet;
  AddBusyPrinter(fleet);
  const auto families = Collect(fleet);
  const auto info = Samples(families, "bambu_ams_info");
  REQUIRE(info.size() == 2);
  CHECK(LabelsOf(*info[0]) == Labels{{"ams", "0"},
                                     {"ams_name", "AMS-1"},
                                     {"extruder", "0"},
                                     {"hw_version", "AMS08"},
                                     {"model", "ams"},
                                     {"printer", "workshop"},
                                     {"serial", "00M09A350100001"},
                                     {"sw_version", "00.00.06.49"}});
  CHECK(LabelsOf(*info[1])["model"] == "ams_ht");
  CHECK(LabelsOf(*info[1])["ams_name"] == "AMS HT-1");
  CHECK(Value(families, "bambu_ams_humidity_level", {{"ams", "0"}}) == 4);
  CHECK(Samples(families, "bambu_ams_humidity_level", {{"ams", "128"}}).empty());
  CHECK(Value(families, "bambu_ams_humidity_ratio", {{"ams", "0"}}) == doctest::Approx(0.35));
  CHECK(Value(families, "bambu_ams_humidity_ratio", {{"ams", "128"}}) == doctest::Approx(0.12));
  CHECK(Value(families, "bambu_ams_temperature_celsius", {{"ams", "0"}}) == doctest::Approx(24.8));
  CHECK(Samples(families, "bambu_ams_drying", {{"ams", "0"}}).empty());
  CHECK(Value(families, "bambu_ams_drying", {{"ams", "128"}}) == 0);
  CHECK(Value(families, "bambu_ams_drying_remaining_seconds", {{"ams", "128"}}) == 0);
}

TEST_CASE("tray families") {
  Fleet fleet;
  AddBusyPrinter(fleet);
  const auto families = Collect(fleet);
  // 4 slots of AMS 0, 1 of HT 128, external 255 and 254.
  CHECK(Samples(families, "bambu_tray_present").size() == 7);
  CHECK(Value(families, "bambu_tray_present", {{"ams", "0"}, {"slot", "1"}}) == 1);
  CHECK(Value(families, "bambu_tray_present", {{"ams", "0"}, {"slot", "2"}}) == 0);
  CHECK(Value(families, "bambu_tray_present", {{"ams", "128"}, {"slot", "0"}}) == 1);
  CHECK(Value(families, "bambu_tray_present", {{"ams", "255"}, {"slot", "0"}}) == 1);
  CHECK(Value(families, "bambu_tray_present", {{"ams", "254"}, {"slot", "0"}}) == 0);

  const auto info = Samples(families, "bambu_tray_info", {{"ams", "0"}, {"slot", "0"}});
  REQUIRE(info.size() == 1);
  CHECK(LabelsOf(*info[0]) == Labels{{"ams", "0"},
                                     {"color", "#F98C36"},
                                     {"colors", ""},
                                     {"filament_id", "GFA01"},
                                     {"filament_type", "PLA"},
                                     {"name", "PLA Matte"},
                                     {"printer", "workshop"},
                                     {"serial", "00M09A350100001"},
                                     {"slot", "0"},
                                     {"slot_name", "A1"},
                                     {"tray_uuid", ""},
                                     {"vendor", "bambu"}});
  CHECK(Value(families, "bambu_tray_info", {{"ams", "0"}, {"slot", "1"}, {"vendor", "other"}}) ==
        1);
  CHECK(Value(families, "bambu_tray_info", {{"ams", "255"}, {"filament_type", "TPU"}}) == 1);
  CHECK(Samples(families, "bambu_tray_info").size() == 4);  // 0/0, 0/1, 128/0, 255/0

  // tray_now 1 = AMS 0 slot 1.
  CHECK(Value(families, "bambu_tray_active", {{"ams", "0"}, {"slot", "1"}, {"extruder", "0"}}) ==
        1);
  CHECK(Value(families, "bambu_tray_active", {{"ams", "0"}, {"slot", "0"}}) == 0);
  CHECK(Samples(families, "bambu_tray_active", {{"ams", "0"}, {"slot", "2"}}).empty());
  CHECK(Samples(families, "bambu_tray_active").size() == 4);

  CHECK(Value(families, "bambu_tray_remaining_ratio", {{"ams", "0"}, {"slot", "0"}}) ==
        doctest::Approx(0.8));
  CHECK(Value(families, "bambu_tray_remaining_grams", {{"ams", "0"}, {"slot", "0"}}) ==
        doctest::Approx(800));
  CHECK(Value(families, "bambu_tray_spool_weight_grams", {{"ams", "0"}, {"slot", "0"}}) == 1000);
  CHECK(Samples(families, "bambu_tray_remaining_ratio").size() == 1);  // remain -1 / 0 non-RFID
  CHECK(Value(families, "bambu_tray_pressure_advance", {{"ams", "0"}, {"slot", "1"}}) ==
        doctest::Approx(0.02));
}

TEST_CASE("a stale printer keeps session series and loses state series") {
  Fleet fleet;
  PrinterEntry& printer = AddBusyPrinter(fleet);
  printer.last_report_unix = kNow - 301;
  printer.last_report_mono = kNow - 301;
  SUBCASE("default") {
    const auto families = Collect(fleet);
    CHECK(Value(families, "bambu_up") == 0);
    CHECK(Value(families, "bambu_last_report_timestamp_seconds") == kNow - 301);
    CHECK(Value(families, "bambu_mqtt_messages_received_total") == 42);
    CHECK(Value(families, "bambu_printer_info", {{"model", "X1C"}}) == 1);
    CHECK_FALSE(FindFamily(families, "bambu_tray_present"));
    CHECK_FALSE(FindFamily(families, "bambu_ams_info"));
    CHECK_FALSE(FindFamily(families, "bambu_print_state"));
    CHECK_FALSE(FindFamily(families, "bambu_nozzle_temperature_celsius"));
  }
  SUBCASE("keep_stale_series") {
    const auto families = Collect(fleet, true);
    CHECK(Value(families, "bambu_up") == 0);
    CHECK(Samples(families, "bambu_tray_present").size() == 7);
  }
  SUBCASE("disconnected counts as not up") {
    printer.last_report_unix = kNow;
    printer.last_report_mono = kNow;
    printer.connected = false;
    CHECK(Value(Collect(fleet), "bambu_up") == 0);
  }
}

TEST_CASE("a printer that never reported has session series only") {
  Fleet fleet;
  fleet.Add({"", "01P00A000000002", Transport::kCloud});
  const auto families = Collect(fleet);
  CHECK(Value(families, "bambu_up", {{"printer", "01P00A000000002"}, {"transport", "cloud"}}) == 0);
  CHECK(Value(families, "bambu_mqtt_messages_received_total") == 0);
  CHECK(Value(families, "bambu_mqtt_reconnects_total") == 0);
  CHECK(Value(families, "bambu_mqtt_disconnects_total") == 0);
  CHECK(Value(families, "bambu_report_errors_total", {{"reason", "invalid_json"}}) == 0);
  for (const char* reason : {"bad_credentials", "tls", "unreachable", "other"}) {
    CAPTURE(reason);
    CHECK(Value(families, "bambu_mqtt_connect_failures_total", {{"reason", reason}}) == 0);
  }
  CHECK(Value(families, "bambu_printer_info", {{"model", ""}, {"firmware", ""}}) == 1);
  CHECK_FALSE(FindFamily(families, "bambu_last_report_timestamp_seconds"));
  std::vector<std::string> names;
  for (const auto& family : families) names.push_back(family.name);
  CHECK(names == std::vector<std::string>{
                     "bambu_mqtt_connect_failures_total", "bambu_mqtt_disconnects_total",
                     "bambu_mqtt_messages_received_total", "bambu_mqtt_reconnects_total",
                     "bambu_printer_info", "bambu_report_errors_total", "bambu_session_state",
                     "bambu_up"});
  CHECK(Value(families, "bambu_session_state", {{"state", "disconnected"}}) == 1);
  CHECK(Samples(families, "bambu_session_state").size() == 5);
}

TEST_CASE("connect failures are exported by reason, lost sessions as disconnects") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "01P00A000000003", Transport::kLan});
  for (int i = 0; i < 3; ++i) OnConnectFailed(printer, ConnectFailure::kTls);
  OnConnectFailed(printer, ConnectFailure::kBadCredentials);
  OnSessionConnected(printer, test::At(kNow));
  OnConnectionLost(printer);
  OnSessionConnected(printer, test::At(kNow));
  OnSessionStopped(printer);
  const auto families = Collect(fleet);
  CHECK(Value(families, "bambu_mqtt_disconnects_total") == 1);
  CHECK(Value(families, "bambu_mqtt_reconnects_total") == 1);
  CHECK(Value(families, "bambu_mqtt_connect_failures_total", {{"reason", "tls"}}) == 3);
  CHECK(Value(families, "bambu_mqtt_connect_failures_total", {{"reason", "bad_credentials"}}) == 1);
  CHECK(Value(families, "bambu_mqtt_connect_failures_total", {{"reason", "unreachable"}}) == 0);
  CHECK(Value(families, "bambu_mqtt_connect_failures_total", {{"reason", "other"}}) == 0);
}

TEST_CASE("families sorted, names valid, labels sorted, one-line HELP, promtool accepts") {
  Fleet fleet;
  AddBusyPrinter(fleet);
  PrinterEntry& second = fleet.Add({"garage", "22E8BJ000000003", Transport::kLan});
  second.connected = true;
  second.last_report_unix = kNow;
  second.last_report_mono = kNow;
  second.state.extruders[0].temp = (220U << 16) | 218U;
  second.state.extruders[0].snow = 0xFF00;
  second.state.extruders[1].temp = 30U;
  second.state.extruders[1].snow = 0xFEFF;
  second.state.external[255] = Tray("PLA", "0000000000000000", 0);
  second.state.external[254] = Tray("PETG", "0000000000000000", 0);
  const auto families = Collect(fleet);
  CHECK(Value(families, "bambu_nozzle_temperature_celsius",
              {{"printer", "garage"}, {"extruder", "1"}}) == 30);
  CHECK(Value(families, "bambu_tray_active",
              {{"printer", "garage"}, {"ams", "255"}, {"extruder", "0"}}) == 1);
  CHECK(Value(families, "bambu_tray_active",
              {{"printer", "garage"}, {"ams", "254"}, {"extruder", "1"}}) == 0);
  REQUIRE(families.size() > 30);
  for (std::size_t i = 0; i < families.size(); ++i) {
    const auto& family = families[i];
    CAPTURE(family.name);
    if (i > 0) CHECK(families[i - 1].name < family.name);
    CHECK(prometheus::CheckMetricName(family.name));
    CHECK(family.name.rfind("bambu_", 0) == 0);
    CHECK_FALSE(family.help.empty());
    CHECK(family.help.find('\n') == std::string::npos);
    CHECK(family.metric.size() > 0);
    CHECK((family.type == prometheus::MetricType::Counter) ==
          (family.name.size() > 6 && family.name.ends_with("_total")));
    for (const auto& sample : family.metric) {
      CHECK(sample.timestamp_ms == 0);
      CHECK(std::is_sorted(sample.label.begin(), sample.label.end()));
      for (const auto& label : sample.label) CHECK(prometheus::CheckLabelName(label.name));
    }
  }
  const auto check = test::PromtoolCheckMetrics(test::Serialize(families));
  INFO(check.output);
  CHECK(check.exit_code == 0);
}

}  // namespace bambu

namespace bambu {

/// The families `collector` writes at scrape time `now`.
std::vector<prometheus::MetricFamily> Scrape(const Collector& collector, double now) {
  MetricFamilyBuilder builder;
  collector.Collect(test::At(now), builder);
  return builder.Take();
}

TEST_CASE("FleetCollector judges staleness at each scrape's time") {
  Fleet fleet;
  AddBusyPrinter(fleet);
  const FleetCollector collector(fleet, 300);
  CHECK(Value(Scrape(collector, kNow), "bambu_up") == 1);
  const auto stale = Scrape(collector, kNow + 1000);  // last report 1010 s old
  CHECK(Value(stale, "bambu_up") == 0);
  CHECK_FALSE(FindFamily(stale, "bambu_tray_present"));
  const FleetCollector keeping(fleet, 300, true);
  CHECK(Samples(Scrape(keeping, kNow + 1000), "bambu_tray_present").size() == 7);
}

}  // namespace bambu
