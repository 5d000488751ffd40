// ReportDecoder: exact values from real payloads (tests/fixtures), lenient
// field forms, and hostile input.
#include "report/report_decoder.hpp"

#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>

#include "fixture_text.hpp"

namespace bambu {
namespace {

using test::ReadFixture;

struct Decoded {
  DecodeStatus status;
  ReportUpdate update;
};

Decoded DecodeText(std::string_view payload) {
  ReportDecoder decoder;
  Decoded d;
  d.status = decoder.Decode(payload, d.update);
  return d;
}

Decoded DecodeFixture(const std::string& name) {
  Decoded d = DecodeText(ReadFixture(name));
  REQUIRE_FALSE(d.status.rejected.has_value());
  return d;
}

const AmsUnitUpdate& UnitById(const ReportUpdate& u, int id) {
  for (const auto& unit : u.ams.units) {
    if (unit.id == id) return unit;
  }
  FAIL("no unit " << id);
  return u.ams.units.front();
}

}  // namespace

TEST_CASE("P1S full report (rdiger36): print fields, one AMS, vt_tray") {
  const Decoded d = DecodeFixture("rdiger36-spoolman_P1S-AMS_full.json");
  const ReportUpdate& u = d.update;
  CHECK(d.status.fields_ignored == 0);
  CHECK(u.has_print);
  CHECK(u.msg == 0);
  CHECK(u.gcode_state == "FINISH");
  CHECK(u.nozzle_temper == 15.0625);
  CHECK(u.nozzle_target_temper == 0.0);
  CHECK(u.bed_temper == 12.0);
  CHECK(u.chamber_temper == 5.0);
  CHECK(u.mc_percent == 100.0);
  CHECK(u.mc_remaining_time == 0.0);
  CHECK(u.layer_num == 260.0);
  CHECK(u.total_layer_num == 260.0);
  CHECK(u.wifi_signal_dbm == -68.0);
  REQUIRE(u.hms.has_value());
  CHECK(u.hms->empty());

  CHECK(u.ams.has_units);
  REQUIRE(u.ams.units.size() == 1);
  const AmsUnitUpdate& unit = u.ams.units[0];
  CHECK(unit.id == 0);
  CHECK(unit.humidity_index == 5);
  CHECK(unit.temp_c == 0.0);
  CHECK_FALSE(unit.humidity_raw.has_value());
  CHECK_FALSE(unit.dry_time_min.has_value());
  CHECK_FALSE(unit.info.has_value());
  CHECK(unit.has_trays);
  REQUIRE(unit.trays.size() == 4);
  const TrayUpdate& t0 = unit.trays[0];
  CHECK(t0.id == 0);
  CHECK(t0.remain == 83);
  REQUIRE(t0.k.has_value());
  CHECK(*t0.k == doctest::Approx(0.02));
  CHECK(t0.tray_color == "5E43B7FF");
  CHECK(t0.tray_type == "PLA");
  CHECK(t0.tray_info_idx == "GFA00");
  CHECK(t0.tray_sub_brands == "PLA Basic");
  CHECK(t0.tray_weight_g == 1000.0);
  CHECK(t0.nozzle_temp_min_c == 190.0);
  CHECK(t0.nozzle_temp_max_c == 230.0);
  REQUIRE(t0.cols.has_value());
  CHECK(*t0.cols == "#5E43B7");
  CHECK_FALSE(t0.state.has_value());
  CHECK_FALSE(t0.total_len_mm.has_value());
  CHECK(unit.trays[3].tray_color == "000000FF");
  CHECK(unit.trays[3].id == 3);

  CHECK(u.ams.ams_exist_bits == 0x1u);
  CHECK(u.ams.tray_exist_bits == 0xfu);
  CHECK(u.ams.tray_is_bbl_bits == 0xfu);
  CHECK(u.ams.tray_now == 255);
  CHECK(u.ams.power_on_flag == true);

  REQUIRE(u.vt_tray.has_value());
  CHECK(u.vt_tray->id == 254);
  CHECK(u.vt_tray->tray_type == "");
  CHECK(u.vt_tray->tray_color == "00000000");
  CHECK(u.vt_tray->remain == 0);
  CHECK_FALSE(u.has_vir_slot);
  CHECK(u.extruders.empty());
  CHECK_FALSE(u.has_version);
  CHECK_FALSE(u.cloud_online.has_value());
}

TEST_CASE("P1S delta-1: only the fields present are set") {
  const Decoded d = DecodeFixture("rdiger36-spoolman_P1S_delta-1.json");
  const ReportUpdate& u = d.update;
  CHECK(u.has_print);
  CHECK(u.msg == 1);
  CHECK(u.bed_temper == 11.96875);
  CHECK(u.wifi_signal_dbm == -67.0);
  CHECK_FALSE(u.nozzle_temper.has_value());
  CHECK_FALSE(u.gcode_state.has_value());
  CHECK_FALSE(u.hms.has_value());
  CHECK_FALSE(u.ams.has_units);
  CHECK_FALSE(u.ams.tray_exist_bits.has_value());
  CHECK_FALSE(u.vt_tray.has_value());
}

TEST_CASE("X1C with 2 AMS, AMS 2 Pro and AMS HT") {
  const Decoded d = DecodeFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
  const ReportUpdate& u = d.update;
  CHECK(d.status.fields_ignored == 0);
  CHECK(u.ams.ams_exist_bits == 0x17u);
  CHECK(u.ams.tray_exist_bits == 0x10effu);
  REQUIRE(u.ams.units.size() == 4);
  CHECK(u.ams.units[0].id == 0);
  CHECK(u.ams.units[1].id == 1);
  const AmsUnitUpdate& pro = UnitById(u, 2);
  CHECK(pro.info == 0x142023u);
  CHECK(pro.dry_time_min == 583);
  CHECK(pro.humidity_index == 4);
  CHECK(pro.humidity_raw == 9.0);
  CHECK(pro.temp_c == 65.0);
  REQUIRE(pro.trays.size() == 4);
  CHECK(pro.trays[0].state == 0);
  CHECK_FALSE(pro.trays[0].tray_type.has_value());
  CHECK(pro.trays[2].remain == 62);
  CHECK(pro.trays[2].total_len_mm == 330000.0);
  const AmsUnitUpdate& ht = UnitById(u, 128);
  CHECK(ht.info == 0x2004u);
  CHECK(ht.temp_c == 45.2);
  REQUIRE(ht.trays.size() == 1);
  CHECK(ht.trays[0].id == 0);
  CHECK(ht.trays[0].tray_type == "PA-CF");
  CHECK(ht.trays[0].tray_sub_brands == "PAHT-CF");
  CHECK(ht.trays[0].state == 11);
  REQUIRE(u.vt_tray.has_value());
  CHECK(u.vt_tray->id == 255);
  CHECK(u.has_vir_slot);
  REQUIRE(u.vir_slot.size() == 1);
  CHECK(u.vir_slot[0].id == 255);
  CHECK(u.vir_slot[0].total_len_mm == 330000.0);
  // X1C also has print.device.extruder.
  REQUIRE(u.extruders.size() == 1);
  CHECK(u.extruders[0].snow == 65535);
  CHECK(u.extruders[0].temp == 26u);
}

TEST_CASE("H2D drying: AMS 2 Pro and AMS HT drying, trays with only id and state") {
  const Decoded d = DecodeFixture("ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json");
  const ReportUpdate& u = d.update;
  CHECK(d.status.fields_ignored == 0);
  CHECK(u.ams.ams_exist_bits == 0x13u);
  REQUIRE(u.ams.units.size() == 3);
  const AmsUnitUpdate& unit0 = UnitById(u, 0);
  CHECK(unit0.temp_c == 24.7);
  CHECK(unit0.info == 0x1001u);
  const AmsUnitUpdate& pro = UnitById(u, 1);
  CHECK(pro.dry_time_min == 692);
  CHECK(pro.info == 0x1123u);
  CHECK(pro.humidity_index == 5);
  CHECK(pro.humidity_raw == 8.0);
  CHECK(pro.temp_c == 55.9);
  REQUIRE(pro.trays.size() == 4);
  for (const TrayUpdate& t : pro.trays) {
    CHECK(t.state == 10);
    CHECK_FALSE(t.tray_type.has_value());
    CHECK_FALSE(t.remain.has_value());
    CHECK_FALSE(t.cols.has_value());
  }
  CHECK(pro.trays[3].id == 3);
  const AmsUnitUpdate& ht = UnitById(u, 128);
  CHECK(ht.humidity_index == 0);
  CHECK(ht.temp_c == 81.0);
  CHECK(ht.dry_time_min == 450);
  CHECK(ht.info == 0x142024u);
  REQUIRE(ht.trays.size() == 1);
  CHECK(ht.trays[0].state == 10);
  REQUIRE(u.vir_slot.size() == 2);
  CHECK(u.vir_slot[0].id == 254);
  CHECK(u.vir_slot[1].id == 255);
  REQUIRE(u.extruders.size() == 2);
  CHECK(u.extruders[1].id == 1);
  CHECK(u.extruders[1].snow == 65279);
}

TEST_CASE("H2D with 2 AMS 2 Pro: extruders under print.device, no msg key") {
  const Decoded d = DecodeFixture("ha-bambulab_H2D-2xAMS2Pro_full.json");
  const ReportUpdate& u = d.update;
  CHECK_FALSE(u.msg.has_value());
  CHECK(u.gcode_state == "RUNNING");
  CHECK(u.ams.tray_now == 3);
  REQUIRE(u.extruders.size() == 2);
  CHECK(u.extruders[0].id == 0);
  CHECK(u.extruders[0].snow == 259);
  CHECK(u.extruders[0].temp == 16056565u);
  CHECK((*u.extruders[0].temp & 0xFFFFu) == 245u);
  CHECK(u.extruders[1].temp == 47u);
  CHECK(UnitById(u, 0).info == 0x2103u);
  CHECK(UnitById(u, 1).trays[3].remain == 51);
  CHECK(UnitById(u, 1).trays[3].tray_type == "PETG");
}

TEST_CASE("H2D delta: device.extruder.state alone is not read") {
  const Decoded d = DecodeFixture("ha-bambulab_H2D_delta-extruder-state.json");
  CHECK(d.status.fields_ignored == 0);
  CHECK(d.update.has_print);
  CHECK(d.update.extruders.empty());
  CHECK_FALSE(d.update.msg.has_value());
}

TEST_CASE("A2L: AMS lite as unit 16, sparse trays, vir_slot only") {
  const Decoded d = DecodeFixture("ha-bambulab_A2L-AMSlite_full.json");
  const ReportUpdate& u = d.update;
  REQUIRE(u.ams.units.size() == 1);
  const AmsUnitUpdate& lite = u.ams.units[0];
  CHECK(lite.id == 16);
  CHECK(lite.info == 0x30001005u);
  CHECK(lite.humidity_raw == 0.0);
  CHECK(u.ams.ams_exist_bits == 0x1000u);
  CHECK(u.ams.tray_exist_bits == 0x2000000u);
  REQUIRE(lite.trays.size() == 4);
  CHECK_FALSE(lite.trays[0].state.has_value());
  CHECK(lite.trays[1].remain == -1);
  CHECK(lite.trays[1].tray_type == "PETG");
  CHECK_FALSE(u.vt_tray.has_value());
  REQUIRE(u.vir_slot.size() == 1);
  CHECK(u.vir_slot[0].id == 255);
}

TEST_CASE("hms entries are decoded (X1Plus fixture)") {
  const Decoded d = DecodeFixture("ha-bambulab_X1C-X1Plus-fw-misc_full.json");
  REQUIRE(d.update.hms.has_value());
  REQUIRE(d.update.hms->size() == 1);
  CHECK((*d.update.hms)[0] == HmsEntry{201327360u, 196615u});
  CHECK(d.update.ams.tray_now == 128);
  CHECK(d.update.ams.units.at(0).id == 128);
}

TEST_CASE("get_version replies") {
  SUBCASE("X1C multi-AMS") {
    const Decoded d = DecodeFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json");
    const ReportUpdate& u = d.update;
    CHECK(u.has_version);
    CHECK_FALSE(u.has_print);
    REQUIRE(u.modules.size() == 10);
    CHECK(u.modules[0].name == "ota");
    CHECK(u.modules[0].product_name == "Bambu Lab X1-Carbon");
    CHECK(u.modules[0].sw_ver == "01.09.00.01");
    CHECK(u.modules[3].name == "n3f/2");
    CHECK(u.modules[3].hw_ver == "N3F05");
    CHECK(u.modules[3].sw_ver == "02.00.19.68");
    CHECK(u.modules[4].name == "n3s/128");
    CHECK(u.modules[4].sn == "MOCK-X1CMULTIAMS-AMS128");
    CHECK(u.modules[4].project_name.empty());
  }
  SUBCASE("A2L (command before module)") {
    const Decoded d = DecodeFixture("ha-bambulab_A2L-AMSlite_get_version.json");
    REQUIRE(d.update.modules.size() == 6);
    CHECK(d.update.has_version);
    CHECK(d.update.modules[4].name == "ams_f1/16");
    CHECK(d.update.modules[4].product_name == "AMS lite");
    CHECK(d.update.modules[4].hw_ver == "AMS_F102");
  }
  SUBCASE("OpenBambuAPI X1C") {
    const Decoded d = DecodeFixture("openbambuapi_X1C_get_version.json");
    REQUIRE(d.update.modules.size() == 5);
    CHECK(d.update.modules[3].sw_ver == "00.00.10.48/00.00.10.48");
    CHECK(d.update.modules[1].hw_ver == "AP05");
  }
  SUBCASE("info with another command is not a version reply") {
    const Decoded d = DecodeText(R"({"info":{"module":[{"name":"ota"}],"command":"other"}})");
    CHECK_FALSE(d.update.has_version);
    CHECK(d.update.modules.empty());
  }
}

TEST_CASE("every fixture decodes without rejection") {
  for (const char* name :
       {"ha-bambulab_A1-AMSlite_full.json", "ha-bambulab_H2C-AMS2Pro_full.json",
        "ha-bambulab_H2D-AMS-AMSHT_full.json", "ha-bambulab_H2DPro-AMS2Pro-AMSHT_full.json",
        "ha-bambulab_P1P-AMS_full.json", "ha-bambulab_P1P-noAMS_full.json",
        "ha-bambulab_P2S-AMS2Pro_full.json", "openbambuapi_X1C_full.json",
        "ha-bambulab_H2D_delta-nozzle-info.json", "ha-bambulab_H2D_delta-stat-door-open.json",
        "openbambuapi_X1C_mc_print-push_info-ams-humidity.json"}) {
    CAPTURE(name);
    const Decoded d = DecodeFixture(name);
    CHECK(d.status.fields_ignored == 0);
  }
  // Spot checks.
  CHECK(DecodeFixture("ha-bambulab_P1P-noAMS_full.json").update.ams.tray_now == 254);
  CHECK(DecodeFixture("ha-bambulab_P1P-noAMS_full.json").update.ams.units.empty());
  CHECK(DecodeFixture("openbambuapi_X1C_full.json").update.ams.units[0].trays[0].id == 0);
  CHECK(DecodeFixture("ha-bambulab_H2C-AMS2Pro_full.json").update.ams.units[0].dry_time_min == 716);
}

TEST_CASE("ReasonName gives the metric label values") {
  CHECK(ReasonName(RejectReason::kInvalidJson) == "invalid_json");
  CHECK(ReasonName(RejectReason::kNotAnObject) == "not_an_object");
  CHECK(ReasonName(RejectReason::kTooLarge) == "too_large");
  CHECK(ReasonName(RejectReason::kTooDeep) == "too_deep");
}

TEST_CASE("rejections") {
  SUBCASE("too large: checked before parsing") {
    ReportDecoder small(16);
    ReportUpdate out;
    CHECK(small.Decode(R"({"print":{"msg":0}})", out).rejected == RejectReason::kTooLarge);
    CHECK(small.Decode(R"({"print":{}})", out).rejected == std::nullopt);
  }
  SUBCASE("2 MB payload against the 1 MiB default") {
    std::string big = R"({"print":{"gcode_state":")" + std::string(2 << 20, 'a') + R"("}})";
    CHECK(DecodeText(big).status.rejected == RejectReason::kTooLarge);
    ReportDecoder roomy(4 << 20);
    ReportUpdate out;
    const DecodeStatus status = roomy.Decode(big, out);
    CHECK_FALSE(status.rejected.has_value());
    REQUIRE(out.gcode_state.has_value());
    CHECK(out.gcode_state->size() == std::size_t{2 << 20});
  }
  SUBCASE("too deep: 100 nested levels, known or skipped") {
    std::string deep;
    for (int i = 0; i < 100; ++i) deep += R"({"a":)";
    deep += "1";
    for (int i = 0; i < 100; ++i) deep += "}";
    CHECK(DecodeText(deep).status.rejected == RejectReason::kTooDeep);
    const std::string arrays =
        R"({"print":{"x":)" + std::string(100, '[') + std::string(100, ']') + "}}";
    CHECK(DecodeText(arrays).status.rejected == RejectReason::kTooDeep);
    const std::string ok =
        R"({"print":{"x":)" + std::string(20, '[') + std::string(20, ']') + R"(,"msg":1}})";
    CHECK(DecodeText(ok).update.msg == 1);
  }
  SUBCASE("invalid JSON") {
    for (std::string_view bad :
         {std::string_view(""), std::string_view(R"({"print":)"), std::string_view(R"({"a":1} x)"),
          std::string_view(R"({"a":1}{"b":2})"), std::string_view(R"({'a':1})"),
          std::string_view(R"({"a":1,})"),
          std::string_view("{\"print\":{\"gcode_state\":\"a\xff\xfe\"}}"),
          std::string_view("{\"a\":\"\xc3\"}")}) {
      CAPTURE(bad);
      CHECK(DecodeText(bad).status.rejected == RejectReason::kInvalidJson);
    }
  }
  SUBCASE("top level not an object") {
    for (std::string_view bad : {"[1,2]", "\"print\"", "42", "null", "true", "[{\"print\":{}}]"}) {
      CAPTURE(bad);
      CHECK(DecodeText(bad).status.rejected == RejectReason::kNotAnObject);
    }
  }
}

TEST_CASE("wrong types leave the field unset, count it, keep the rest") {
  SUBCASE("ams as a string") {
    const Decoded d = DecodeText(R"({"print":{"ams":"x","bed_temper":20}})");
    CHECK_FALSE(d.status.rejected.has_value());
    CHECK(d.status.fields_ignored == 1);
    CHECK_FALSE(d.update.ams.has_units);
    CHECK(d.update.bed_temper == 20.0);
  }
  SUBCASE("tray as an object, humidity as an array, remain unparseable") {
    const Decoded d = DecodeText(
        R"({"print":{"ams":{"ams":[{"id":"0","tray":{"id":"0"},"humidity":[1],"temp":"21.5"},)"
        R"({"id":"1","tray":[{"id":"2","remain":"abc","tray_type":"PLA"}]}],"tray_now":"1"}}})");
    CHECK(d.status.fields_ignored == 3);
    REQUIRE(d.update.ams.units.size() == 2);
    const AmsUnitUpdate& u0 = d.update.ams.units[0];
    CHECK_FALSE(u0.has_trays);
    CHECK_FALSE(u0.humidity_index.has_value());
    CHECK(u0.temp_c == 21.5);
    const TrayUpdate& t = d.update.ams.units[1].trays.at(0);
    CHECK(t.id == 2);
    CHECK_FALSE(t.remain.has_value());
    CHECK(t.tray_type == "PLA");
    CHECK(d.update.ams.tray_now == 1);
  }
  SUBCASE("print as an array, scalars of the wrong kind") {
    const Decoded d =
        DecodeText(R"({"print":[1],"info":{"command":"get_version","module":{"name":"ota"}}})");
    CHECK(d.status.fields_ignored == 2);
    CHECK_FALSE(d.update.has_print);
    CHECK(d.update.has_version);
    CHECK(d.update.modules.empty());
  }
  SUBCASE("unusable scalar values") {
    const Decoded d = DecodeText(
        R"({"print":{"msg":"full","gcode_state":7,"wifi_signal":"strong","nozzle_temper":null,)"
        R"("mc_percent":true,"ams":{"tray_exist_bits":"xyz","ams_exist_bits":"","power_on_flag":"yes",)"
        R"("tray_is_bbl_bits":-1},"chamber_temper":31}})");
    CHECK(d.status.fields_ignored == 9);
    CHECK_FALSE(d.update.msg.has_value());
    CHECK_FALSE(d.update.gcode_state.has_value());
    CHECK_FALSE(d.update.wifi_signal_dbm.has_value());
    CHECK_FALSE(d.update.nozzle_temper.has_value());
    CHECK_FALSE(d.update.mc_percent.has_value());
    CHECK_FALSE(d.update.ams.tray_exist_bits.has_value());
    CHECK_FALSE(d.update.ams.ams_exist_bits.has_value());
    CHECK_FALSE(d.update.ams.power_on_flag.has_value());
    CHECK_FALSE(d.update.ams.tray_is_bbl_bits.has_value());
    CHECK(d.update.chamber_temper == 31.0);
  }
  SUBCASE("units, trays and extruders without a usable id are dropped") {
    const Decoded d = DecodeText(
        R"({"print":{"ams":{"ams":[{"temp":"20.0"},{"id":"x"},{"id":-1},{"id":"3","tray":[)"
        R"({"remain":5},{"id":"1"}]}]},"vt_tray":{"tray_type":"PLA"},"vir_slot":[{"id":"254"},{}],)"
        R"("device":{"extruder":{"info":[{"snow":3},{"id":1,"snow":"259"}]},)"
        R"("nozzle":{"info":[{"diameter":0.4},{"id":1,"diameter":0.6}]}},"hms":[{"attr":1}]}})");
    REQUIRE(d.update.ams.units.size() == 1);
    CHECK(d.update.ams.units[0].id == 3);
    REQUIRE(d.update.ams.units[0].trays.size() == 1);
    CHECK(d.update.ams.units[0].trays[0].id == 1);
    CHECK_FALSE(d.update.vt_tray.has_value());
    REQUIRE(d.update.vir_slot.size() == 1);
    REQUIRE(d.update.extruders.size() == 1);
    CHECK(d.update.extruders[0].snow == 259);
    REQUIRE(d.update.nozzles.size() == 1);
    CHECK(d.update.nozzles[0].id == 1);
    CHECK(d.update.nozzles[0].diameter_mm == 0.6);
    REQUIRE(d.update.hms.has_value());
    CHECK(d.update.hms->empty());
    // 3 units (+2 unusable ids), 1 tray, vt_tray, 1 vir_slot, 1 extruder, 1 nozzle, 1 hms item.
    CHECK(d.status.fields_ignored == 11);
  }
}

TEST_CASE("lenient forms: numbers as strings and strings as numbers") {
  const Decoded d = DecodeText(
      R"({"print":{"msg":"1","nozzle_temper":"221.5","bed_temper":"60","mc_percent":"5",)"
      R"("wifi_signal":-70,"hms":[{"attr":"117506048","code":131073}],)"
      R"("ams":{"tray_now":3,"tray_exist_bits":15,"ams_exist_bits":"0x3","power_on_flag":1,)"
      R"("ams":[{"id":2,"humidity":4,"humidity_raw":23,"temp":26.5,"dry_time":"30","info":4097,)"
      R"("tray":[{"id":0,"state":"11","remain":"42","k":"0.025","tray_weight":250,)"
      R"("total_len":"330000","nozzle_temp_min":190,"cols":["FF0000FF",3,"00FF00FF"]}]}]},)"
      R"("device":{"extruder":{"state":"274","info":[{"id":"0","temp":"16056565"}]}}}})");
  const ReportUpdate& u = d.update;
  CHECK(d.status.fields_ignored == 1);  // the 3 in cols
  CHECK(u.msg == 1);
  CHECK(u.nozzle_temper == 221.5);
  CHECK(u.bed_temper == 60.0);
  CHECK(u.mc_percent == 5.0);
  CHECK(u.wifi_signal_dbm == -70.0);
  REQUIRE(u.hms.has_value());
  REQUIRE(u.hms->size() == 1);
  CHECK((*u.hms)[0] == HmsEntry{117506048u, 131073u});
  CHECK(u.ams.tray_now == 3);
  CHECK(u.ams.tray_exist_bits == 15u);
  CHECK(u.ams.ams_exist_bits == 3u);
  CHECK(u.ams.power_on_flag == true);
  const AmsUnitUpdate& unit = u.ams.units.at(0);
  CHECK(unit.id == 2);
  CHECK(unit.humidity_index == 4);
  CHECK(unit.humidity_raw == 23.0);
  CHECK(unit.temp_c == 26.5);
  CHECK(unit.dry_time_min == 30);
  CHECK(unit.info == 4097u);
  const TrayUpdate& t = unit.trays.at(0);
  CHECK(t.state == 11);
  CHECK(t.remain == 42);
  CHECK(t.k == 0.025);
  CHECK(t.tray_weight_g == 250.0);
  CHECK(t.total_len_mm == 330000.0);
  CHECK(t.nozzle_temp_min_c == 190.0);
  CHECK(t.cols == "#FF0000,#00FF00");
  CHECK(u.extruders.at(0).temp == 16056565u);
}

TEST_CASE("unknown keys anywhere are skipped without counting") {
  const Decoded d = DecodeText(
      R"({"print":{"upgrade_state":{"new_ver_list":[{"ams":"x","id":"bad"}]},"foo":[1,{"x":[2]}],)"
      R"("ams":{"zzz":{"ams":5},"ams":[{"id":"0","new_thing":{"tray":"x"},"tray":[{"id":"1",)"
      R"("tray_id_name":"A00-K0","xcam_info":"00"}]}]},"device":{"holder":{"info":[{"id":"q"}]}}},)"
      R"("mc_print":{"param":"x"},"system":{"command":"ledctrl"},"device":{"extruder":{"state":5}}})");
  CHECK_FALSE(d.status.rejected.has_value());
  CHECK(d.status.fields_ignored == 0);
  REQUIRE(d.update.ams.units.size() == 1);
  CHECK(d.update.ams.units[0].trays.at(0).id == 1);
  CHECK(d.update.extruders.empty());
}

TEST_CASE("keys and strings split by escapes arrive in parts") {
  const Decoded d = DecodeText(
      R"({"print":{"ams":{"tr\u0061y_now":"7"},"gcode_st\u0061te":"RUN\u004eING","\u006dsg":0}})");
  CHECK(d.update.ams.tray_now == 7);
  CHECK(d.update.gcode_state == "RUNNING");
  CHECK(d.update.msg == 0);
}

TEST_CASE("duplicate keys: the last one wins") {
  const Decoded d = DecodeText(
      R"({"print":{"bed_temper":1,"bed_temper":2,"ams":{"ams":[{"id":"0","tray":[{"id":"0",)"
      R"("remain":5,"remain":"abc"}]}],"ams":[]}}})");
  CHECK(d.update.bed_temper == 2.0);
  CHECK(d.update.ams.has_units);
  CHECK(d.update.ams.units.empty());
  const Decoded d2 = DecodeText(R"({"print":{"ams":{"ams":[{"id":"0","tray":[{"id":"0",)"
                                R"("remain":5,"remain":"abc"}]}]}}})");
  CHECK_FALSE(d2.update.ams.units.at(0).trays.at(0).remain.has_value());
}

TEST_CASE("caps: 1000 units keep 64, 100 trays keep 16") {
  std::string units = R"({"print":{"ams":{"ams":[)";
  for (int i = 0; i < 1000; ++i) {
    if (i > 0) units += ",";
    units += R"({"id":")" + std::to_string(i) + R"(","temp":"20.0"})";
  }
  units += "]}}}";
  const Decoded d = DecodeText(units);
  CHECK_FALSE(d.status.rejected.has_value());
  REQUIRE(d.update.ams.units.size() == 64);
  CHECK(d.update.ams.units.back().id == 63);
  CHECK(d.status.fields_ignored == 936);

  std::string trays = R"({"print":{"ams":{"ams":[{"id":"0","tray":[)";
  for (int i = 0; i < 100; ++i) trays += std::string(i > 0 ? "," : "") + R"({"id":"1"})";
  trays += "]}]}}}";
  const Decoded t = DecodeText(trays);
  CHECK(t.update.ams.units.at(0).trays.size() == 16);
  CHECK(t.status.fields_ignored == 84);
}

TEST_CASE("cloud presence events") {
  CHECK(DecodeText(R"({"event":{"event":"client.connected"}})").update.cloud_online == true);
  CHECK(DecodeText(R"({"event":{"event":"client.disconnected"}})").update.cloud_online == false);
  CHECK_FALSE(DecodeText(R"({"event":{"event":"other"}})").update.cloud_online.has_value());
}

TEST_CASE("one decoder reused: each Decode starts from an empty update") {
  ReportDecoder decoder;
  ReportUpdate out;
  REQUIRE_FALSE(decoder.Decode(ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"), out)
                    .rejected.has_value());
  CHECK(out.ams.units.size() == 4);
  CHECK(decoder.Decode(R"({"print":{"ams":)", out).rejected == RejectReason::kInvalidJson);
  CHECK(decoder.Decode("[1]", out).rejected == RejectReason::kNotAnObject);
  const DecodeStatus status =
      decoder.Decode(ReadFixture("rdiger36-spoolman_P1S_delta-2.json"), out);
  CHECK_FALSE(status.rejected.has_value());
  CHECK(status.fields_ignored == 0);
  CHECK(out.msg == 1);
  CHECK(out.bed_temper == 12.0);
  CHECK(out.ams.units.empty());
  CHECK_FALSE(out.vt_tray.has_value());
  CHECK(out.extruders.empty());
}

TEST_CASE("a reused update holds exactly what a new one would, whatever came before") {
  // The decoder empties a used update without freeing its buffers (report/update_recycler):
  // every field the earlier reports set must be gone, and nothing else may differ.
  const std::string reports[] = {
      ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"),
      ReadFixture("rdiger36-spoolman_P1S_delta-1.json"),
      ReadFixture("ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json"),
      R"({"print":{"ams":{"ams":[{"id":"0","tray":[{"id":"2","remain":87}]}]},"msg":1}})",
      ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json"),
      ReadFixture("ha-bambulab_H2D_delta-nozzle-info.json"),
      R"({"print":{"bed_temper":50,"ams":{"ams":[{"id":"1"}],"ams":[{"id":"0","tray":[]}]}},)"
      R"("print":{"mc_percent":3},"event":{"event":"client.connected"}})",
      ReadFixture("rdiger36-spoolman_P1S-AMS_full.json"),
      ReadFixture("rdiger36-spoolman_P1S_delta-2.json"),
  };
  ReportDecoder reused;
  ReportUpdate out;
  for (const std::string& report : reports) {
    CAPTURE(report.substr(0, 60));
    const DecodeStatus status = reused.Decode(report, out);
    const Decoded fresh = DecodeText(report);
    CHECK(status.rejected == fresh.status.rejected);
    CHECK(status.fields_ignored == fresh.status.fields_ignored);
    CHECK(out == fresh.update);
  }
  CHECK(out.bed_temper == 12.0);  // delta-2 sets bed_temper and wifi_signal only
  CHECK(out.wifi_signal_dbm == -68.0);
  CHECK_FALSE(out.gcode_state.has_value());
  CHECK(out.ams == AmsUpdate{});
}

}  // namespace bambu

namespace bambu {

TEST_CASE("device.ctc.info.temp is decoded, other ctc and device keys are skipped") {
  const Decoded h2d = DecodeFixture("ha-bambulab_H2D-AMS-AMSHT_full.json");
  CHECK(h2d.update.ctc_temp == 3932208u);  // 0x3C0030: 48 °C now, 60 °C target
  CHECK(h2d.update.chamber_temper == 49);
  const Decoded x1c = DecodeFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
  CHECK(x1c.update.ctc_temp == 25u);
  CHECK_FALSE(x1c.update.chamber_temper.has_value());
  const Decoded odd = DecodeText(
      R"({"print":{"device":{"ctc":{"state":1,"info":{"temp":"41","hum":3}},"temp":9}}})");
  CHECK_FALSE(odd.status.rejected.has_value());
  CHECK(odd.status.fields_ignored == 0);
  CHECK(odd.update.ctc_temp == 41u);
}

}  // namespace bambu
