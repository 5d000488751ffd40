// A printer family no fixture covers ("Bambu Lab X9": an AMS 2 Pro as unit 1 on
// the deputy extruder, an AMS HT as unit 129, vir_slot 254/255, per-extruder
// snow and temperatures, chamber from device.ctc) decodes by the same rules.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

constexpr const char* kVersion =
    R"json({"info":{"command":"get_version","sequence_id":"1","module":[
  {"name":"ota","product_name":"Bambu Lab X9","sw_ver":"01.00.02.00","hw_ver":"OTA","sn":"X9SN"},
  {"name":"n3f/1","product_name":"AMS 2 Pro (2)","sw_ver":"02.00.20.01","hw_ver":"N3F05","sn":"N3F1"},
  {"name":"n3s/129","product_name":"AMS HT (2)","sw_ver":"02.00.19.70","hw_ver":"N3S05","sn":"N3S2"},
  {"name":"n3s/130","product_name":"AMS HT (3)","sw_ver":"02.00.19.70","hw_ver":"N3S05","sn":""}]}})json";

// Unit 1 (info 2103: AMS 2 Pro, not drying, extruder 1): slot 0 a Bambu PLA,
// slot 2 a third-party PETG with remain -1, slots 1 and 3 empty.
// Unit 129 (info 2024: AMS HT, drying, extruder 0): humidity "0" = no index.
// ams_exist_bits 0x22 = unit 1 (bit 1) + HT 129 (bit 4 + 1).
// tray_exist_bits 0x20050 = unit 1 slots 0 and 2 (bits 4, 6) + HT 129 (bit 16 + 1).
// snow: extruder 0 ← 0x8100 (HT 129 slot 0), extruder 1 ← 0x0100 (unit 1 slot 0).
constexpr const char* kReport = R"json({"print":{"command":"push_status","msg":0,
  "gcode_state":"RUNNING","mc_percent":40,"mc_remaining_time":"15","layer_num":12,
  "total_layer_num":300,"bed_temper":"65.0","bed_target_temper":65,"wifi_signal":"-51dBm",
  "hms":[{"attr":117571584,"code":131073}],
  "ams":{"ams_exist_bits":"22","tray_exist_bits":"20050","tray_is_bbl_bits":"10",
    "tray_now":"0","power_on_flag":true,"ams":[
    {"id":"1","info":"2103","humidity":"2","humidity_raw":"61","temp":"27.5","dry_time":0,
     "tray":[
      {"id":"0","state":11,"tray_type":"PLA","tray_info_idx":"GFA00","tray_sub_brands":"PLA Basic",
       "tray_color":"FF6A13FF","cols":["FF6A13FF"],"tag_uid":"1A2B3C4D00000000","remain":80,
       "tray_weight":"1000","total_len":330000,"nozzle_temp_min":"190","nozzle_temp_max":"230"},
      {"id":"1","state":0},
      {"id":"2","state":11,"tray_type":"PETG","tray_info_idx":"GFG99","tray_sub_brands":"",
       "tray_color":"00AE42FF","tag_uid":"0000000000000000","remain":-1,"tray_weight":"0",
       "nozzle_temp_min":"220","nozzle_temp_max":"260"},
      {"id":"3","state":0}]},
    {"id":"129","info":"2024","humidity":"0","humidity_raw":"12","temp":"65.0","dry_time":120,
     "tray":[{"id":"0","state":9,"tray_type":"ABS","tray_info_idx":"GFB99","tray_color":"000000FF",
       "tag_uid":"0000000000000000","remain":-1,"tray_weight":"0"}]}]},
  "vir_slot":[
    {"id":"254","tray_type":"PLA","tray_info_idx":"GFL99","tray_color":"FFFFFFFF",
     "tag_uid":"0000000000000000","remain":0,"tray_weight":"0","nozzle_temp_min":"190",
     "nozzle_temp_max":"240"},
    {"id":"255","tray_type":"","tray_color":"00000000","remain":0}],
  "device":{"ctc":{"info":{"temp":2490406},"state":0},
    "extruder":{"state":18,"info":[
      {"id":0,"snow":33024,"temp":14418139},
      {"id":1,"snow":256,"temp":13631668}]}}}})json";

std::vector<std::string> SampleLines(const Fleet& fleet) { return test::SeriesLines(fleet); }

}  // namespace

TEST_CASE("an unseen printer family decodes by the same rules") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "X9");
  REQUIRE(fleet.Ingest(printer, kVersion, test::At(test::kGoldenNow)));
  REQUIRE(fleet.Ingest(printer, kReport, test::At(test::kGoldenNow)));
  const std::vector<std::string> expected = {
      R"(bambu_ams_drying{ams="1",printer="test",serial="X9"} 0)",
      R"(bambu_ams_drying{ams="129",printer="test",serial="X9"} 1)",
      R"(bambu_ams_drying_remaining_seconds{ams="1",printer="test",serial="X9"} 0)",
      R"(bambu_ams_drying_remaining_seconds{ams="129",printer="test",serial="X9"} 7200)",
      R"(bambu_ams_humidity_level{ams="1",printer="test",serial="X9"} 4)",
      R"(bambu_ams_humidity_ratio{ams="1",printer="test",serial="X9"} 0.61)",
      R"(bambu_ams_humidity_ratio{ams="129",printer="test",serial="X9"} 0.12)",
      R"(bambu_ams_info{ams="1",ams_name="AMS 2 PRO-2",extruder="1",hw_version="N3F05",model="ams_2_pro",printer="test",serial="X9",sw_version="02.00.20.01"} 1)",
      R"(bambu_ams_info{ams="129",ams_name="AMS HT-2",extruder="0",hw_version="N3S05",model="ams_ht",printer="test",serial="X9",sw_version="02.00.19.70"} 1)",
      R"(bambu_ams_temperature_celsius{ams="1",printer="test",serial="X9"} 27.5)",
      R"(bambu_ams_temperature_celsius{ams="129",printer="test",serial="X9"} 65)",
      R"(bambu_bed_target_temperature_celsius{printer="test",serial="X9"} 65)",
      R"(bambu_bed_temperature_celsius{printer="test",serial="X9"} 65)",
      R"(bambu_chamber_target_temperature_celsius{printer="test",serial="X9"} 38)",
      R"(bambu_chamber_temperature_celsius{printer="test",serial="X9"} 38)",
      // The tagged 1 kg PLA at 80 % is tracked: its counter starts at 0.
      R"(bambu_filament_used_grams_total{color="#FF6A13",filament_type="PLA",printer="test",serial="X9"} 0)",
      R"(bambu_hms_error_info{ams="2",ams_name="AMS-3",code="0702_0000_0002_0001",module="07",printer="test",serial="X9",severity="serious"} 1)",
      R"(bambu_hms_errors{printer="test",serial="X9"} 1)",
      R"(bambu_last_report_timestamp_seconds{printer="test",serial="X9"} 1790000000)",
      R"(bambu_mqtt_connect_failures_total{printer="test",reason="bad_credentials",serial="X9"} 0)",
      R"(bambu_mqtt_connect_failures_total{printer="test",reason="other",serial="X9"} 0)",
      R"(bambu_mqtt_connect_failures_total{printer="test",reason="tls",serial="X9"} 0)",
      R"(bambu_mqtt_connect_failures_total{printer="test",reason="unreachable",serial="X9"} 0)",
      R"(bambu_mqtt_disconnects_total{printer="test",serial="X9"} 0)",
      R"(bambu_mqtt_messages_received_total{printer="test",serial="X9"} 2)",
      R"(bambu_mqtt_reconnects_total{printer="test",serial="X9"} 0)",
      R"(bambu_nozzle_target_temperature_celsius{extruder="0",printer="test",serial="X9"} 220)",
      R"(bambu_nozzle_target_temperature_celsius{extruder="1",printer="test",serial="X9"} 208)",
      R"(bambu_nozzle_temperature_celsius{extruder="0",printer="test",serial="X9"} 219)",
      R"(bambu_nozzle_temperature_celsius{extruder="1",printer="test",serial="X9"} 180)",
      R"(bambu_print_layer{printer="test",serial="X9"} 12)",
      R"(bambu_print_layers{printer="test",serial="X9"} 300)",
      R"(bambu_print_progress_ratio{printer="test",serial="X9"} 0.4)",
      R"(bambu_print_remaining_seconds{printer="test",serial="X9"} 900)",
      R"(bambu_print_state{printer="test",serial="X9",state="IDLE"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="PREPARE"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="RUNNING"} 1)",
      R"(bambu_print_state{printer="test",serial="X9",state="PAUSE"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="FINISH"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="FAILED"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="SLICING"} 0)",
      R"(bambu_print_state{printer="test",serial="X9",state="UNKNOWN"} 0)",
      R"(bambu_printer_info{firmware="01.00.02.00",model="X9",name="test",printer="test",serial="X9"} 1)",
      R"(bambu_report_errors_total{printer="test",reason="invalid_json",serial="X9"} 0)",
      R"(bambu_session_state{printer="test",serial="X9",state="disconnected"} 0)",
      R"(bambu_session_state{printer="test",serial="X9",state="no_reports"} 0)",
      R"(bambu_session_state{printer="test",serial="X9",state="stale"} 0)",
      R"(bambu_session_state{printer="test",serial="X9",state="up"} 1)",
      R"(bambu_session_state{printer="test",serial="X9",state="waiting"} 0)",
      // Unit 1: slot 0 feeds extruder 1 (snow 0x0100); slots 1, 3 empty: no active series.
      R"(bambu_tray_active{ams="1",extruder="1",printer="test",serial="X9",slot="0"} 1)",
      R"(bambu_tray_active{ams="1",extruder="1",printer="test",serial="X9",slot="2"} 0)",
      // HT 129 (info bits 8-11 = 0) feeds extruder 0, and snow 0x8100 says it is loaded.
      R"(bambu_tray_active{ams="129",extruder="0",printer="test",serial="X9",slot="0"} 1)",
      // External spool 254 (left) feeds extruder 1; 255 is not configured.
      R"(bambu_tray_active{ams="254",extruder="1",printer="test",serial="X9",slot="0"} 0)",
      R"(bambu_tray_info{ams="1",color="#FF6A13",colors="#FF6A13",filament_id="GFA00",filament_type="PLA",name="PLA Basic",printer="test",serial="X9",slot="0",slot_name="B1",tray_uuid="",vendor="bambu"} 1)",
      R"(bambu_tray_info{ams="1",color="#00AE42",colors="",filament_id="GFG99",filament_type="PETG",name="",printer="test",serial="X9",slot="2",slot_name="B3",tray_uuid="",vendor="other"} 1)",
      R"(bambu_tray_info{ams="129",color="#000000",colors="",filament_id="GFB99",filament_type="ABS",name="",printer="test",serial="X9",slot="0",slot_name="B",tray_uuid="",vendor="other"} 1)",
      R"(bambu_tray_info{ams="254",color="#FFFFFF",colors="",filament_id="GFL99",filament_type="PLA",name="",printer="test",serial="X9",slot="0",slot_name="Ext-L",tray_uuid="",vendor="other"} 1)",
      R"(bambu_tray_nozzle_temperature_max_celsius{ams="1",printer="test",serial="X9",slot="0"} 230)",
      R"(bambu_tray_nozzle_temperature_max_celsius{ams="1",printer="test",serial="X9",slot="2"} 260)",
      R"(bambu_tray_nozzle_temperature_max_celsius{ams="254",printer="test",serial="X9",slot="0"} 240)",
      R"(bambu_tray_nozzle_temperature_min_celsius{ams="1",printer="test",serial="X9",slot="0"} 190)",
      R"(bambu_tray_nozzle_temperature_min_celsius{ams="1",printer="test",serial="X9",slot="2"} 220)",
      R"(bambu_tray_nozzle_temperature_min_celsius{ams="254",printer="test",serial="X9",slot="0"} 190)",
      R"(bambu_tray_present{ams="1",printer="test",serial="X9",slot="0"} 1)",
      R"(bambu_tray_present{ams="1",printer="test",serial="X9",slot="1"} 0)",
      R"(bambu_tray_present{ams="1",printer="test",serial="X9",slot="2"} 1)",
      R"(bambu_tray_present{ams="1",printer="test",serial="X9",slot="3"} 0)",
      R"(bambu_tray_present{ams="129",printer="test",serial="X9",slot="0"} 1)",
      R"(bambu_tray_present{ams="254",printer="test",serial="X9",slot="0"} 1)",
      R"(bambu_tray_present{ams="255",printer="test",serial="X9",slot="0"} 0)",
      R"(bambu_tray_remaining_grams{ams="1",printer="test",serial="X9",slot="0"} 800)",
      R"(bambu_tray_remaining_ratio{ams="1",printer="test",serial="X9",slot="0"} 0.8)",
      R"(bambu_tray_spool_length_meters{ams="1",printer="test",serial="X9",slot="0"} 330)",
      R"(bambu_tray_spool_weight_grams{ams="1",printer="test",serial="X9",slot="0"} 1000)",
      R"(bambu_up{printer="test",serial="X9",transport="lan"} 1)",
      R"(bambu_wifi_signal_dbm{printer="test",serial="X9"} -51)",
  };
  CHECK(SampleLines(fleet) == expected);
}

}  // namespace bambu

namespace bambu {

TEST_CASE("an unseen printer family: the JSON view by the same rules") {
  namespace json = boost::json;
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "X9");
  REQUIRE(fleet.Ingest(printer, kVersion, test::At(test::kGoldenNow)));
  REQUIRE(fleet.Ingest(printer, kReport, test::At(test::kGoldenNow)));
  const json::object ams = AmsJson(printer);
  CHECK(ams.at("has_ams") == true);
  CHECK(ams.at("total_trays") == 5);
  const json::array& units = ams.at("ams_units").as_array();
  REQUIRE(units.size() == 2);
  const json::object& pro = units[0].as_object();
  CHECK(pro.at("unit_id") == 1);
  CHECK(pro.at("model") == "ams_2_pro");
  CHECK(pro.at("humidity") == 4);
  CHECK(pro.at("humidity_raw") == 61);
  CHECK(pro.at("dry_time") == 0);
  CHECK(pro.at("info") == "2103");
  CHECK(pro.at("extruder") == 1);
  const json::array& pro_trays = pro.at("trays").as_array();
  CHECK(pro_trays[0].at("remain") == 80);
  CHECK(pro_trays[0].at("active") == true);
  CHECK(pro_trays[2].at("remain").is_null());  // remain -1 never leaks
  CHECK(pro_trays[2].at("vendor") == "other");
  const json::object& ht = units[1].as_object();
  CHECK(ht.at("unit_id") == 129);
  CHECK(ht.at("model") == "ams_ht");
  CHECK(ht.at("humidity").is_null());  // wire index "0" = none
  CHECK(ht.at("humidity_raw") == 12);
  CHECK(ht.at("dry_time") == 120);
  CHECK(ht.at("tray_count") == 1);
  const json::array& external = ams.at("external_spool").as_array();
  REQUIRE(external.size() == 2);
  CHECK(external[0].at("ams") == 254);  // the printer's order: Ext-L, then Ext-R
  CHECK(external[0].at("filament_type") == "PLA");
  CHECK(external[1].at("ams") == 255);
  CHECK(external[1].at("present") == false);
}

}  // namespace bambu
