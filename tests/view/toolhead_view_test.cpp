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
