// Unit, slot and external-spool names as Bambu Studio and the printer screen show them
// (protocol.md §5.10), on the ids the fixtures carry.
#include <doctest/doctest.h>

#include "fixture_fleet.hpp"
#include "view/ams_names.hpp"
#include "view/ams_view.hpp"

namespace bambu {

TEST_CASE("unit names: model prefix and id + 1, AMS HT id - 127") {
  CHECK(UnitDisplayName(0, UnitModel::kAms) == "AMS-1");
  CHECK(UnitDisplayName(3, UnitModel::kAms) == "AMS-4");
  CHECK(UnitDisplayName(0, UnitModel::kAmsLite) == "AMS Lite-1");
  CHECK(UnitDisplayName(16, UnitModel::kAmsLite) == "AMS Lite-1");  // the A2L's only unit
  CHECK(UnitDisplayName(1, UnitModel::kAms2Pro) == "AMS 2 PRO-2");
  CHECK(UnitDisplayName(128, UnitModel::kAmsHt) == "AMS HT-1");
  CHECK(UnitDisplayName(135, UnitModel::kAmsHt) == "AMS HT-8");
}

TEST_CASE("slot names: unit letter and slot number, AMS HT a letter alone") {
  CHECK(SlotDisplayName(0, 0) == "A1");
  CHECK(SlotDisplayName(1, 2) == "B3");
  CHECK(SlotDisplayName(3, 3) == "D4");
  CHECK(SlotDisplayName(16, 1) == "A2");
  CHECK(SlotDisplayName(128, 0) == "A");
  CHECK(SlotDisplayName(129, 0) == "B");
  CHECK(SlotDisplayName(135, 0) == "H");
  CHECK(SlotDisplayName(128, 1).empty());
  CHECK(SlotDisplayName(7, 0).empty());
  CHECK(SlotDisplayName(0, 4).empty());
}

TEST_CASE("external spool names: Ext, or Ext-L / Ext-R with two nozzles") {
  CHECK(ExternalDisplayName(255, false) == "Ext");
  CHECK(ExternalDisplayName(255, true) == "Ext-R");
  CHECK(ExternalDisplayName(254, true) == "Ext-L");
}

TEST_CASE("names in the view of real reports") {
  Fleet fleet;
  // The state of a new printer fed tests/fixtures/<file>; the view points into it.
  const auto state_of = [&fleet](const std::string& serial, const std::string& file) {
    PrinterEntry& printer = test::AddTestPrinter(fleet, serial);
    REQUIRE(test::IngestFixture(fleet, printer, file));
    return &printer.state;
  };
  SUBCASE("X1C: AMS-1, AMS-2, AMS 2 PRO-3, AMS HT-1, one external spool") {
    const PrinterView view =
        BuildView(*state_of("X1C", "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"));
    REQUIRE(view.units.size() == 4);
    CHECK(view.units[0].name == "AMS-1");
    CHECK(view.units[1].name == "AMS-2");
    CHECK(view.units[2].name == "AMS 2 PRO-3");
    CHECK(view.units[3].name == "AMS HT-1");
    CHECK(view.units[1].trays[3].slot_name == "B4");
    CHECK(view.units[3].trays[0].slot_name == "A");
    REQUIRE(view.external.size() == 1);
    CHECK(view.external[0].slot_name == "Ext");
  }
  SUBCASE("H2D: two external spools in the printer's order, Ext-L (254) then Ext-R (255)") {
    const PrinterView view = BuildView(*state_of("H2D", "ha-bambulab_H2D-AMS-AMSHT_full.json"));
    REQUIRE(view.external.size() == 2);
    CHECK(view.external[0].slot_name == "Ext-L");
    CHECK(view.external[0].ams == 254);
    CHECK(view.external[1].slot_name == "Ext-R");
    CHECK(view.external[1].ams == 255);
  }
  SUBCASE("A2L: unit 16 is AMS Lite-1 with slots A1..A4") {
    const PrinterView view = BuildView(*state_of("A2L", "ha-bambulab_A2L-AMSlite_full.json"));
    REQUIRE(view.units.size() == 1);
    CHECK(view.units[0].name == "AMS Lite-1");
    CHECK(view.units[0].trays[1].slot_name == "A2");
  }
}

}  // namespace bambu
