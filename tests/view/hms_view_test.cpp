// HMS entries located on their AMS unit and slot (docs/protocol.md §5.20), named as the unit
// and tray series name them, on the views of real reports.
#include <doctest/doctest.h>

#include "fixture_fleet.hpp"
#include "view/ams_view.hpp"
#include "view/hms_view.hpp"

namespace bambu {

TEST_CASE("HMS views: code, module, severity and the AMS unit and slot they name") {
  Fleet fleet;
  const auto view_of = [&fleet](const std::string& serial, const std::string& file) {
    PrinterEntry& printer = test::AddTestPrinter(fleet, serial);
    REQUIRE(test::IngestFixture(fleet, printer, file));
    return BuildView(printer.state);
  };
  SUBCASE("X1C: AMS-1 A3 ran out, AMS-2 B4 cannot be pulled out, AMS HT-1, Ext") {
    const PrinterView printer = view_of("X1C", "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
    const std::vector<HmsView> views = BuildHmsViews({{0x07002200, 0x00020001},
                                                      {0x07017300, 0x00020003},
                                                      {0x18802000, 0x00020058},
                                                      {0x07FF2000, 0x00020001},
                                                      {0x07022100, 0x00030001},
                                                      {0x07002200, 0x00020001}},
                                                     printer);
    REQUIRE(views.size() == 5);  // the repeated entry counts once
    CHECK(views[0].code == "0700_2200_0002_0001");
    CHECK(views[0].module == "07");
    CHECK(views[0].severity == "serious");
    CHECK(views[0].ams == 0);
    CHECK(views[0].ams_name == "AMS-1");
    CHECK(views[0].slot == 2);
    CHECK(views[0].slot_name == "A3");
    CHECK(views[1].ams_name == "AMS-2");
    CHECK(views[1].slot == 3);
    CHECK(views[1].slot_name == "B4");
    CHECK(views[2].code == "1880_2000_0002_0058");
    CHECK(views[2].module == "18");
    CHECK(views[2].ams == 128);
    CHECK(views[2].ams_name == "AMS HT-1");
    CHECK(views[2].slot == 0);
    CHECK(views[2].slot_name == "A");
    CHECK(views[3].ams == 255);
    CHECK(views[3].ams_name.empty());
    CHECK(views[3].slot_name == "Ext");
    // Unit 2 is an AMS 2 Pro: named as bambu_ams_info names it, common severity.
    CHECK(views[4].ams_name == "AMS 2 PRO-3");
    CHECK(views[4].slot_name == "C2");
    CHECK(views[4].severity == "common");
  }
  SUBCASE("H2D: the left extruder's external spool is Ext-L") {
    const PrinterView printer = view_of("H2D", "ha-bambulab_H2D-AMS-AMSHT_full.json");
    const std::vector<HmsView> views =
        BuildHmsViews({{0x07FE2000, 0x00020001}, {0x07FF2000, 0x00020001}}, printer);
    REQUIRE(views.size() == 2);
    CHECK(views[0].ams == 254);
    CHECK(views[0].slot_name == "Ext-L");
    CHECK(views[1].ams == 255);
    CHECK(views[1].slot_name == "Ext-R");
  }
  SUBCASE("a unit the report does not list is named from the module; other modules no unit") {
    const PrinterView printer = view_of("A1", "ha-bambulab_A1-AMSlite_full.json");
    const std::vector<HmsView> views = BuildHmsViews({{0x07032000, 0x00010001},
                                                      {0x12002300, 0x00020001},
                                                      {0x12FF2000, 0x00020001},
                                                      {0x0C00C000, 0x00040002},
                                                      {0x07014000, 0x00070001},
                                                      {0x07002500, 0x00020001}},
                                                     printer);
    REQUIRE(views.size() == 6);
    CHECK(views[0].ams_name == "AMS-4");
    CHECK(views[0].slot_name == "D1");
    CHECK(views[0].severity == "fatal");
    CHECK(views[1].ams_name == printer.units[0].name);  // as bambu_ams_info names it
    CHECK(views[1].slot_name == "A4");
    CHECK(views[2].ams == 255);
    CHECK(views[2].slot_name == "Ext");
    CHECK(views[3].module == "0C");
    CHECK_FALSE(views[3].ams.has_value());
    CHECK(views[3].severity == "info");
    // Part 0x40 names no slot; part 0x25 is past the fourth slot: the unit only.
    CHECK(views[4].ams_name == "AMS-2");
    CHECK_FALSE(views[4].slot.has_value());
    CHECK(views[4].slot_name.empty());
    CHECK(views[4].severity == "unknown");
    CHECK_FALSE(views[5].slot.has_value());
  }
}

}  // namespace bambu
