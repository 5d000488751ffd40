// BuildNozzles and BuildChamber on hand-built states (protocol.md §5.6, §5.15).
#include <doctest/doctest.h>

#include "view/toolhead_view.hpp"

namespace bambu {

TEST_CASE("nozzles per extruder from temp bits, else nozzle_temper") {
  PrinterState state;
  state.nozzle_temper = 24.5;
  state.nozzle_target_temper = 0;
  SUBCASE("legacy") {
    const auto nozzles = BuildNozzles(state);
    REQUIRE(nozzles.size() == 1);
    CHECK(nozzles[0].extruder == 0);
    CHECK(nozzles[0].temperature_c == doctest::Approx(24.5));
    CHECK(nozzles[0].target_c == doctest::Approx(0));
  }
  SUBCASE("device.extruder.info temp: bits 0-15 current, 16-31 target") {
    state.extruders[0].temp = (220U << 16) | 218U;
    state.extruders[1].temp = 38U;
    const auto nozzles = BuildNozzles(state);
    REQUIRE(nozzles.size() == 2);
    CHECK(nozzles[0].temperature_c == doctest::Approx(218));
    CHECK(nozzles[0].target_c == doctest::Approx(220));
    CHECK(nozzles[1].extruder == 1);
    CHECK(nozzles[1].temperature_c == doctest::Approx(38));
    CHECK(nozzles[1].target_c == doctest::Approx(0));
  }
}

TEST_CASE("chamber: device.ctc wins over chamber_temper, as Bambu Studio parses it last") {
  PrinterState state;
  CHECK_FALSE(BuildChamber(state).temperature_c.has_value());
  CHECK_FALSE(BuildChamber(state).target_c.has_value());
  state.chamber_temper = 49;
  CHECK(BuildChamber(state).temperature_c == 49);
  CHECK_FALSE(BuildChamber(state).target_c.has_value());
  state.ctc_temp = 0x3C0030;  // 48 °C now, 60 °C target (H2D fixture: 3932208)
  CHECK(BuildChamber(state).temperature_c == 48);
  CHECK(BuildChamber(state).target_c == 60);
  state.ctc_temp = 25;  // X1C fixture: no target
  CHECK(BuildChamber(state).target_c == 0);
}

TEST_CASE("chamber target: ctt where the printer sends no device.ctc") {
  PrinterState state;
  state.chamber_temper = 36;
  state.ctt = 45;
  CHECK(BuildChamber(state).target_c == 45);
  state.ctc_temp = (50U << 16) | 40U;  // ctc wins for both
  CHECK(BuildChamber(state).temperature_c == 40);
  CHECK(BuildChamber(state).target_c == 50);
}

TEST_CASE("nozzle hardware: device.nozzle.info[] per extruder, else nozzle_type/diameter") {
  PrinterState state;
  state.nozzle_type = "stainless_steel";
  state.nozzle_diameter_mm = 0.4;
  SUBCASE("the older print-level pair: extruder 0, no flow") {
    const auto nozzles = BuildNozzles(state);
    REQUIRE(nozzles.size() == 1);
    CHECK(nozzles[0].has_hardware);
    CHECK(nozzles[0].type == "stainless_steel");
    CHECK(nozzles[0].flow.empty());
    CHECK(nozzles[0].diameter == "0.4");
  }
  SUBCASE("type codes: flow from the 2nd character, material from the last two") {
    state.nozzles[0].type = "HH01";
    state.nozzles[0].diameter_mm = 0.4000000059604645;
    state.nozzles[1].type = "HX05";
    state.nozzles[1].diameter_mm = 0.6;
    state.nozzles[16].type = "HS00";  // the H2C's rack: not on an extruder
    state.nozzles[16].diameter_mm = 0.2;
    const auto nozzles = BuildNozzles(state);
    REQUIRE(nozzles.size() == 2);
    CHECK(nozzles[0].type == "hardened_steel");
    CHECK(nozzles[0].flow == "high_flow");
    CHECK(nozzles[0].diameter == "0.4");
    CHECK(nozzles[1].extruder == 1);
    CHECK(nozzles[1].type == "tungsten_carbide");
    CHECK(nozzles[1].flow == "standard");
    CHECK(nozzles[1].diameter == "0.6");
  }
  SUBCASE("codes for TPU and E3D high flow; N/A is unknown") {
    state.nozzles[0].type = "HU01";
    state.nozzles[1].type = "N/A";
    const auto nozzles = BuildNozzles(state);
    CHECK(nozzles[0].flow == "tpu_high_flow");
    CHECK(nozzles[1].type == "unknown");
    CHECK(nozzles[1].flow.empty());
    CHECK(nozzles[1].diameter.empty());
  }
}

TEST_CASE("chamber: none on models without a sensor, kept for unknown models") {
  PrinterState state;
  state.chamber_temper = 5;
  state.ctc_temp = 0x3C0030;
  for (const char* model : {"P1P", "P1S", "A1", "A1 mini", "A2L"}) {
    CAPTURE(model);
    state.version.model = model;
    CHECK_FALSE(BuildChamber(state).temperature_c.has_value());
    CHECK_FALSE(BuildChamber(state).target_c.has_value());
  }
  state.version.model = "X1C";
  CHECK(BuildChamber(state).temperature_c == 48);
  state.version.model.reset();  // unknown model (no get_version yet): keep the value
  CHECK(BuildChamber(state).temperature_c == 48);
}

}  // namespace bambu
