// BuildView: the AMS rules of metrics.md on hand-built states.
#include <doctest/doctest.h>

#include "view/ams_view.hpp"

namespace bambu {
namespace {

TrayState LoadedTray(std::string type, std::string tag_uid = "0000000000000000") {
  TrayState tray;
  tray.tray_type = std::move(type);
  tray.rfid_tag = tag_uid.find_first_not_of('0') != std::string::npos;
  return tray;
}

const TrayView* FindTray(const PrinterView& view, int ams, int slot) {
  for (const auto& tray : view.external) {
    if (tray.ams == ams && tray.slot == slot) return &tray;
  }
  for (const auto& unit : view.units) {
    for (const auto& tray : unit.trays) {
      if (unit.id == ams && tray.slot == slot) return &tray;
    }
  }
  return nullptr;
}

int CountActive(const PrinterView& view) {
  int count = 0;
  for (const auto& unit : view.units) {
    for (const auto& tray : unit.trays) count += tray.active ? 1 : 0;
  }
  for (const auto& tray : view.external) count += tray.active ? 1 : 0;
  return count;
}

}  // namespace

TEST_CASE("unit presence follows ams_exist_bits, else every unit with state") {
  PrinterState state;
  state.units[0];
  state.units[1];
  state.units[128];
  SUBCASE("bits unknown: all units, sorted by id") {
    const PrinterView view = BuildView(state);
    REQUIRE(view.units.size() == 3);
    CHECK(view.units[0].id == 0);
    CHECK(view.units[1].id == 1);
    CHECK(view.units[2].id == 128);
  }
  SUBCASE("bits 0x11: unit 0 and HT 128 (bit 4); unit 1 left out") {
    state.ams_exist_bits = 0x11;
    const PrinterView view = BuildView(state);
    REQUIRE(view.units.size() == 2);
    CHECK(view.units[0].id == 0);
    CHECK(view.units[1].id == 128);
  }
  SUBCASE("A2L unit 16 is bit 12") {
    state.units.clear();
    state.units[16];
    state.ams_exist_bits = 0x1000;
    CHECK(BuildView(state).units.size() == 1);
    state.ams_exist_bits = 0x1;
    CHECK(BuildView(state).units.empty());
  }
}

TEST_CASE("unit model from info bits, get_version prefix, then id") {
  PrinterState state;
  state.units[0].info = 0x1001;
  state.units[1].info = 0x2103;
  state.units[2];
  state.units[3];
  state.units[128];
  state.units[16].info = 0x30001005;
  state.version.ams_modules[2] = {"ams_f1", "AMS_F102", "00.00.07.89"};
  state.version.ams_modules[3] = {"n3s", "N3S05", "00.00.01.12"};
  const PrinterView view = BuildView(state);
  REQUIRE(view.units.size() == 6);
  CHECK(view.units[0].model == UnitModel::kAms);
  CHECK(view.units[0].extruder == 0);
  CHECK(view.units[1].model == UnitModel::kAms2Pro);
  CHECK(view.units[1].extruder == 1);
  CHECK(view.units[2].model == UnitModel::kAmsLite);
  CHECK(view.units[2].hw_version == "AMS_F102");
  CHECK(view.units[2].sw_version == "00.00.07.89");
  CHECK(view.units[3].model == UnitModel::kAmsHt);
  CHECK(view.units[4].id == 16);
  CHECK(view.units[4].model == UnitModel::kAmsLite);
  CHECK(view.units[5].model == UnitModel::kAmsHt);
  CHECK(view.units[5].trays.size() == 1);
  CHECK(view.units[0].trays.size() == 4);
  CHECK(UnitModelName(UnitModel::kAms2Pro) == "ams_2_pro");
  CHECK(UnitModelName(UnitModel::kAmsHt) == "ams_ht");
}

TEST_CASE("extruder 0xE (not initialised) counts as extruder 0") {
  PrinterState state;
  state.units[0].info = 0xE01;
  CHECK(BuildView(state).units[0].extruder == 0);
}

TEST_CASE("humidity, temperature and drying readings") {
  PrinterState state;
  SUBCASE("AMS: index 2 is level 4, raw 23 is 0.23, temp 26.2") {
    auto& unit = state.units[0];
    unit.info = 0x1001;
    unit.humidity_index = 2;
    unit.humidity_raw = 23;
    unit.temp_c = 26.2;
    unit.dry_time_min = 0;
    const UnitView view = BuildView(state).units[0];
    CHECK(view.humidity_level == 4);
    CHECK(view.humidity_ratio == doctest::Approx(0.23));
    CHECK(view.temperature_c == doctest::Approx(26.2));
    CHECK_FALSE(view.drying.has_value());  // an AMS cannot dry
    CHECK_FALSE(view.drying_remaining_seconds.has_value());
  }
  SUBCASE("AMS HT: index 0 gives no level; drying with 450 min left") {
    auto& unit = state.units[128];
    unit.info = 0x2024;  // type 4, dry status 2
    unit.humidity_index = 0;
    unit.humidity_raw = 0;
    unit.temp_c = 81.0;
    unit.dry_time_min = 450;
    const UnitView view = BuildView(state).units[0];
    CHECK_FALSE(view.humidity_level.has_value());
    CHECK_FALSE(view.humidity_ratio.has_value());
    CHECK(view.temperature_c == doctest::Approx(81.0));
    CHECK(view.drying == true);
    CHECK(view.drying_remaining_seconds == doctest::Approx(27000));
  }
  SUBCASE("AMS 2 Pro idle: drying 0") {
    auto& unit = state.units[1];
    unit.info = 0x2003;
    unit.dry_time_min = 0;
    const UnitView view = BuildView(state).units[0];
    CHECK(view.drying == false);
    CHECK(view.drying_remaining_seconds == doctest::Approx(0));
  }
  SUBCASE("AMS lite: no sensor series whatever it sends") {
    auto& unit = state.units[0];
    unit.info = 0x1002;
    unit.humidity_index = 5;
    unit.humidity_raw = 30;
    unit.temp_c = 0.0;
    const UnitView view = BuildView(state).units[0];
    CHECK_FALSE(view.humidity_level.has_value());
    CHECK_FALSE(view.humidity_ratio.has_value());
    CHECK_FALSE(view.temperature_c.has_value());
  }
  SUBCASE("out of range readings are left out") {
    auto& unit = state.units[0];
    unit.humidity_index = 6;
    unit.humidity_raw = 101;
    unit.temp_c = 0.0;
    const UnitView view = BuildView(state).units[0];
    CHECK_FALSE(view.humidity_level.has_value());
    CHECK_FALSE(view.humidity_ratio.has_value());
    CHECK_FALSE(view.temperature_c.has_value());
    unit.temp_c = 100.5;
    CHECK_FALSE(BuildView(state).units[0].temperature_c.has_value());
  }
}

TEST_CASE("tray presence from tray_exist_bits, every slot listed") {
  PrinterState state;
  state.units[0].trays[0] = LoadedTray("PLA");
  state.units[0].trays[2] = LoadedTray("PETG");
  state.units[128].trays[0] = LoadedTray("ABS");
  state.units[1];
  SUBCASE("bits known") {
    state.tray_exist_bits = 0x10001;  // unit 0 slot 0, HT 128 (bit 16)
    const PrinterView view = BuildView(state);
    const TrayView* slot0 = FindTray(view, 0, 0);
    REQUIRE(slot0 != nullptr);
    CHECK(slot0->present);
    CHECK(slot0->loaded);
    CHECK_FALSE(FindTray(view, 0, 2)->present);  // configured but no spool
    CHECK_FALSE(FindTray(view, 0, 2)->loaded);
    CHECK(FindTray(view, 0, 3)->tray == nullptr);  // never reported, still listed
    CHECK(FindTray(view, 128, 0)->present);
    CHECK(view.units[1].trays.size() == 4);
  }
  SUBCASE("bits unknown: present when a filament type is set") {
    const PrinterView view = BuildView(state);
    CHECK(FindTray(view, 0, 2)->present);
    CHECK_FALSE(FindTray(view, 0, 1)->present);
  }
  SUBCASE("A2L unit 16 slot 1 is bit 25") {
    state.units.clear();
    state.units[16].info = 0x30001005;
    state.units[16].trays[1] = LoadedTray("PLA");
    state.tray_exist_bits = 0x2000000;
    const PrinterView view = BuildView(state);
    CHECK(FindTray(view, 16, 1)->present);
    CHECK_FALSE(FindTray(view, 16, 0)->present);
  }
}

TEST_CASE("remaining filament only for loaded, tracked Bambu spools") {
  PrinterState state;
  auto& trays = state.units[0].trays;
  trays[0] = LoadedTray("PLA", "5F1B2C3D00000000");
  trays[0].remain = 75;
  trays[0].tray_weight_g = 1000;
  trays[0].total_len_mm = 330000;
  trays[0].nozzle_temp_min_c = 190;
  trays[0].nozzle_temp_max_c = 230;
  trays[0].tray_color = "f98c36ff";
  trays[0].cols = "#F98C36,#0000FF";  // cols ["F98C36FF", "00000000", "0000FFFF"] decoded
  trays[1] = LoadedTray("PLA", "5F1B2C3D00000000");
  trays[1].remain = -1;
  trays[2] = LoadedTray("PETG");  // third-party spool: remain not shown
  trays[2].remain = 40;
  trays[2].tray_weight_g = 0;
  trays[2].tray_color = "00000000";
  state.tray_exist_bits = 0x7;
  const PrinterView view = BuildView(state);
  const TrayView& bambu = *FindTray(view, 0, 0);
  CHECK(bambu.bambu_spool);
  CHECK(bambu.remaining_ratio == doctest::Approx(0.75));
  CHECK(bambu.remaining_grams == doctest::Approx(750));
  CHECK(bambu.spool_weight_grams == doctest::Approx(1000));
  CHECK(bambu.spool_length_meters == doctest::Approx(330));
  CHECK(bambu.nozzle_temp_min_c == doctest::Approx(190));
  CHECK(bambu.nozzle_temp_max_c == doctest::Approx(230));
  CHECK(bambu.color == "#F98C36");
  CHECK(bambu.colors == "#F98C36,#0000FF");
  CHECK_FALSE(FindTray(view, 0, 1)->remaining_ratio.has_value());
  const TrayView& other = *FindTray(view, 0, 2);
  CHECK_FALSE(other.bambu_spool);
  CHECK_FALSE(other.remaining_ratio.has_value());
  CHECK_FALSE(other.spool_weight_grams.has_value());
  CHECK(other.color.empty());
}

TEST_CASE("vendor bambu only for an RFID tag_uid, tray_is_bbl_bits is ignored") {
  PrinterState state;
  state.units[1].trays[2].tray_type = "PLA";
  state.units[1].trays[2].remain = 10;
  state.tray_is_bbl_bits = 1U << 6;  // unit 1 slot 2: P1P/A1 set it for untagged spools too
  SUBCASE("no tag_uid: not a Bambu spool, no remaining value") {
    const PrinterView view = BuildView(state);  // kept alive: tray points into it
    const TrayView& tray = *FindTray(view, 1, 2);
    CHECK_FALSE(tray.bambu_spool);
    CHECK_FALSE(tray.remaining_ratio.has_value());
  }
  SUBCASE("tag_uid all zeros: not a Bambu spool") {
    state.units[1].trays[2].rfid_tag = false;   // tag_uid "0000000000000000"
    const PrinterView view = BuildView(state);  // kept alive: tray points into it
    const TrayView& tray = *FindTray(view, 1, 2);
    CHECK_FALSE(tray.bambu_spool);
    CHECK_FALSE(tray.remaining_ratio.has_value());
  }
  SUBCASE("a tag_uid with a non-zero character: a Bambu spool") {
    state.units[1].trays[2].rfid_tag = true;    // tag_uid "5A4D3C2B1A000000"
    const PrinterView view = BuildView(state);  // kept alive: tray points into it
    const TrayView& tray = *FindTray(view, 1, 2);
    CHECK(tray.bambu_spool);
    CHECK(tray.remaining_ratio == doctest::Approx(0.10));
  }
}

TEST_CASE("external spools: 254 (Ext-L) then 255 (Ext-R), never a remaining value") {
  PrinterState state;
  state.external[254] = LoadedTray("PLA");
  state.external[254].remain = 0;
  state.external[255] = TrayState{};
  state.external[255].tray_type = "";
  const PrinterView view = BuildView(state);
  REQUIRE(view.external.size() == 2);
  CHECK(view.external[0].ams == 254);
  CHECK(view.external[0].extruder == 1);
  CHECK(view.external[0].loaded);
  CHECK_FALSE(view.external[0].remaining_ratio.has_value());
  CHECK(view.external[1].ams == 255);
  CHECK(view.external[1].extruder == 0);
  CHECK_FALSE(view.external[1].present);
}

TEST_CASE("active tray from device.extruder snow") {
  PrinterState state;
  state.units[0].info = 0x2103;  // extruder 1
  state.units[1].info = 0x2003;  // extruder 0
  state.external[254] = LoadedTray("PLA");
  state.external[255] = LoadedTray("PETG");
  SUBCASE("snow 259 = AMS 1 slot 3 on extruder 0; 0xFEFF = nothing on extruder 1") {
    state.extruders[0].snow = 259;
    state.extruders[1].snow = 0xFEFF;
    state.tray_now = 3;  // local slot on H2D: ignored
    const PrinterView view = BuildView(state);
    CHECK(FindTray(view, 1, 3)->active);
    CHECK(FindTray(view, 1, 3)->extruder == 0);
    CHECK(CountActive(view) == 1);
  }
  SUBCASE("0xFF00 = external 255, 0xFE00 = external 254") {
    state.extruders[0].snow = 0xFF00;
    state.extruders[1].snow = 0xFE00;
    const PrinterView view = BuildView(state);
    CHECK(FindTray(view, 255, 0)->active);
    CHECK(FindTray(view, 254, 0)->active);
    CHECK(FindTray(view, 254, 0)->extruder == 1);
    CHECK(CountActive(view) == 2);
  }
  SUBCASE("0xFFFF = nothing") {
    state.extruders[0].snow = 0xFFFF;
    CHECK(CountActive(BuildView(state)) == 0);
  }
  SUBCASE("0x8000 = AMS HT 128") {
    state.units[128];
    state.extruders[0].snow = 0x8000;
    CHECK(FindTray(BuildView(state), 128, 0)->active);
  }
}

TEST_CASE("active tray from legacy tray_now") {
  PrinterState state;
  state.units[0];
  state.units[1];
  state.units[128];
  state.external[255] = LoadedTray("PLA");
  SUBCASE("5 = AMS 1 slot 1") {
    state.tray_now = 5;
    const PrinterView view = BuildView(state);
    CHECK(FindTray(view, 1, 1)->active);
    CHECK(CountActive(view) == 1);
  }
  SUBCASE("254 = external spool 255") {
    state.tray_now = 254;
    CHECK(FindTray(BuildView(state), 255, 0)->active);
  }
  SUBCASE("128 = AMS HT 128") {
    state.tray_now = 128;
    CHECK(FindTray(BuildView(state), 128, 0)->active);
  }
  SUBCASE("extruders without snow fall back to tray_now") {
    state.extruders[0].temp = 30U;
    state.tray_now = 5;
    CHECK(FindTray(BuildView(state), 1, 1)->active);
  }
  SUBCASE("255 = nothing") {
    state.tray_now = 255;
    CHECK(CountActive(BuildView(state)) == 0);
  }
}

}  // namespace bambu
