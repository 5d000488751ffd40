// Filament used (protocol.md §5.16) on report sequences: a real H2D report (printing, AMS HT 128
// feeding a 1 kg Bambu PA-GF spool at 100 %), then small deltas as the printer sends them;
// what /metrics shows as bambu_filament_used_grams_total.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <string_view>
#include <vector>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

using Lines = std::vector<std::string>;

constexpr std::string_view kStem = "ha-bambulab_H2D-AMS-AMSHT";

/// The H2D fixture's get_version and full report: gcode_state RUNNING.
PrinterEntry& PrintingH2d(Fleet& fleet) {
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  REQUIRE(test::IngestFixture(fleet, printer, std::string(kStem) + "_get_version.json"));
  REQUIRE(test::IngestFixture(fleet, printer, std::string(kStem) + "_full.json"));
  return printer;
}

void Send(Fleet& fleet, PrinterEntry& printer, const std::string& print_body) {
  REQUIRE(fleet.Ingest(printer, R"({"print":{)" + print_body + R"(,"msg":1}})",
                       test::At(test::kGoldenNow)));
}

/// A delta of one tray's fields.
std::string TrayDelta(std::string_view unit, std::string_view slot, std::string_view fields) {
  return R"("ams":{"ams":[{"id":")" + std::string(unit) + R"(","tray":[{"id":")" +
         std::string(slot) + "\"," + std::string(fields) + "}]}]}";
}

std::string Remain(std::string_view unit, std::string_view slot, int remain) {
  return TrayDelta(unit, slot, "\"remain\":" + std::to_string(remain));
}

/// The empty slot as the printer reports it: no type, no tag, remain unknown.
constexpr std::string_view kEmptied =
    R"("tag_uid":"0000000000000000","tray_type":"","tray_info_idx":"","tray_sub_brands":"",)"
    R"("tray_color":"00000000","tray_weight":"0","remain":-1,)"
    R"("tray_uuid":"00000000000000000000000000000000")";

/// A new 1 kg Bambu PA-GF black spool (another tag) at `remain` percent.
std::string NewPaGfSpool(int remain) {
  return R"("tag_uid":"A1B2C3D400000100","tray_type":"PA-GF","tray_info_idx":"GFN08",)"
         R"("tray_sub_brands":"PA6-GF","tray_color":"000000FF","tray_weight":"1000","remain":)" +
         std::to_string(remain) + R"(,"tray_uuid":"0123456789ABCDEF0123456789ABCDEF")";
}

Lines Used(const Fleet& fleet) {
  return test::SeriesLines(fleet, "bambu_filament_used_grams_total");
}

/// The value of the spool counter of `uuid`, "" when there is no such series.
std::string SpoolUsed(const Fleet& fleet, std::string_view uuid) {
  for (const auto& line : test::SeriesLines(fleet, "bambu_spool_filament_used_grams_total")) {
    if (line.find("tray_uuid=\"" + std::string(uuid) + "\"") != std::string::npos) {
      return line.substr(line.rfind(' ') + 1);
    }
  }
  return "";
}

std::string UsedLine(std::string_view color, std::string_view type, std::string_view grams) {
  return "bambu_filament_used_grams_total{color=\"" + std::string(color) + "\",filament_type=\"" +
         std::string(type) + R"(",printer="test",serial="H2D"} )" + std::string(grams);
}

/// Every tracked spool of the fixture at 0, with PA-GF black at `pa_gf_grams`.
Lines FixtureSeries(std::string_view pa_gf_grams) {
  return {UsedLine("#000000", "PA-GF", pa_gf_grams), UsedLine("#000000", "PETG", "0"),
          UsedLine("#000000", "PLA", "0"), UsedLine("#DE4343", "PLA", "0"),
          UsedLine("#FFFFFF", "PLA", "0")};
}

}  // namespace

TEST_CASE("filament used: each tracked material and colour starts at 0") {
  Fleet fleet;
  PrintingH2d(fleet);
  CHECK(Used(fleet) == FixtureSeries("0"));
}

TEST_CASE("filament used: drain 4 % of a 1 kg spool, swap to a full spool, idle re-read = 40 g") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  for (int remain : {99, 98, 97, 96}) Send(fleet, printer, Remain("128", "0", remain));
  CHECK(Used(fleet) == FixtureSeries("40"));
  CHECK(SpoolUsed(fleet, "EED2E539AAC54C6BAD2559AA9C822F09") == "40");

  Send(fleet, printer, R"("gcode_state":"FINISH")");
  // Spool swap: the slot empties (tray_exist_bits bit 16 clears), then a full spool is read.
  Send(fleet, printer,
       R"("ams":{"tray_exist_bits":"f","ams":[{"id":"128","tray":[{"id":"0",)" +
           std::string(kEmptied) + "}]}]}");
  Send(fleet, printer,
       R"("ams":{"tray_exist_bits":"1000f","ams":[{"id":"128","tray":[{"id":"0",)" +
           NewPaGfSpool(100) + "}]}]}");
  Send(fleet, printer, R"("gcode_state":"IDLE")");
  // Idle RFID re-read of the new spool: the estimate comes back one step lower.
  Send(fleet, printer, Remain("128", "0", 99));
  CHECK(Used(fleet) == FixtureSeries("40"));
  // The drained spool left the printer: its series went with it; the new one starts at 0.
  CHECK(SpoolUsed(fleet, "EED2E539AAC54C6BAD2559AA9C822F09").empty());
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEF") == "0");
  CHECK(test::SeriesLines(fleet, "bambu_spool_filament_used_grams_total").size() == 5);
}

TEST_CASE("filament used: the same material from another spool (tray_uuid) counts nothing") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  // Mid-print, AMS HT 128 gets another 1 kg black PA-GF at 60 %: same preset, colour, weight.
  Send(fleet, printer, TrayDelta("128", "0", NewPaGfSpool(60)));
  Send(fleet, printer, Remain("128", "0", 59));  // 10 g, of the new spool only
  CHECK(Used(fleet) == FixtureSeries("10"));
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEF") == "10");
}

TEST_CASE("filament used: a spool moved to another slot counts on from where it was") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, Remain("128", "0", 98));  // 20 g in AMS HT 128
  const std::string spool =
      R"("tag_uid":"F4F3460100000100","tray_type":"PA-GF",)"
      R"("tray_info_idx":"GFN08","tray_color":"000000FF","tray_weight":"1000",)"
      R"("tray_uuid":"EED2E539AAC54C6BAD2559AA9C822F09")";
  Send(fleet, printer, TrayDelta("128", "0", kEmptied));
  Send(fleet, printer, TrayDelta("0", "1", spool + R"(,"remain":98)"));  // now in A2
  Send(fleet, printer, Remain("0", "1", 97));
  CHECK(SpoolUsed(fleet, "EED2E539AAC54C6BAD2559AA9C822F09") == "30");
}

TEST_CASE("filament used: a rise counts nothing, the next drop counts from the new level") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, Remain("0", "0", 45));  // PLA white, 47 % → 45 %: 20 g
  Send(fleet, printer, Remain("0", "0", 46));  // rises: nothing
  Send(fleet, printer, Remain("0", "0", 45));  // 46 → 45: 10 g
  CHECK(test::SeriesLines(fleet, R"(bambu_filament_used_grams_total{color="#FFFFFF")") ==
        Lines{UsedLine("#FFFFFF", "PLA", "30")});
}

TEST_CASE("filament used: while printing every tracked tray counts, not only the feeding one") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);  // HT 128 feeds; AMS 0 slot 2 does not
  Send(fleet, printer, Remain("0", "2", 80));  // PLA red 82 → 80 %
  CHECK(test::SeriesLines(fleet, R"(bambu_filament_used_grams_total{color="#DE4343")") ==
        Lines{UsedLine("#DE4343", "PLA", "20")});
}

TEST_CASE("filament used: no drop counts while not printing, the feeding tray included") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, R"("gcode_state":"IDLE")");
  Send(fleet, printer, Remain("128", "0", 90));  // the loaded tray
  Send(fleet, printer, Remain("0", "1", 30));
  CHECK(Used(fleet) == FixtureSeries("0"));
}

TEST_CASE("filament used: a drop in the report that ends the print still counts") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, R"("gcode_state":"FINISH",)" + Remain("128", "0", 97));
  CHECK(Used(fleet) == FixtureSeries("30"));
}

TEST_CASE("filament used: another spool in the slot starts a new baseline") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  SUBCASE("a spool of another material at a lower remain, mid-print") {
    Send(fleet, printer,
         TrayDelta("0", "1",
                   R"("tray_type":"PETG","tray_info_idx":"GFG02","tray_color":"FFFFFFFF",)"
                   R"("remain":10)"));
    Send(fleet, printer, Remain("0", "1", 9));  // 10 g of the new spool, none of the old
    CHECK(test::SeriesLines(fleet, R"(bambu_filament_used_grams_total{color="#FFFFFF")") ==
          Lines{UsedLine("#FFFFFF", "PETG", "10"), UsedLine("#FFFFFF", "PLA", "0")});
    CHECK(test::SeriesLines(
              fleet, R"(bambu_filament_used_grams_total{color="#000000",filament_type="PLA")") ==
          Lines{UsedLine("#000000", "PLA", "0")});
  }
  SUBCASE("a 250 g spool of the same material: a step is 2.5 g") {
    Send(fleet, printer, TrayDelta("0", "0", R"("tray_weight":"250","remain":60)"));
    Send(fleet, printer, Remain("0", "0", 58));
    CHECK(test::SeriesLines(fleet, R"(bambu_filament_used_grams_total{color="#FFFFFF")") ==
          Lines{UsedLine("#FFFFFF", "PLA", "5")});
  }
}

TEST_CASE("filament used: any one spool field alone starts a new baseline") {
  // AMS 0 slot 0 holds white PLA (GFA01, 1 kg) at 47 %. A delta naming one spool field changed
  // and remain 10 is another spool: its 37 % from the old one count nothing; 10 -> 9 is 10 g.
  // A delta without a spool field is compared by remain alone (the same spool as before).
  struct Case {
    std::string_view field;
    std::string_view color;
    std::string_view type;
    std::string_view grams;  // of 1 % of the spool in the slot now
  };
  for (const Case& c :
       {Case{R"("tray_type":"PETG")", "#FFFFFF", "PETG", "10"},
        Case{R"("tray_info_idx":"GFA00")", "#FFFFFF", "PLA", "10"},
        Case{R"("tray_color":"FFFFFEFF")", "#FFFFFE", "PLA", "10"},
        Case{R"("tray_weight":"500")", "#FFFFFF", "PLA", "5"},
        Case{R"("tray_uuid":"0123456789ABCDEF0123456789ABCDEF")", "#FFFFFF", "PLA", "10"}}) {
    CAPTURE(c.field);
    Fleet fleet;
    PrinterEntry& printer = PrintingH2d(fleet);
    Send(fleet, printer, TrayDelta("0", "0", std::string(c.field) + R"(,"remain":10)"));
    Send(fleet, printer, Remain("0", "0", 9));
    CHECK(test::SeriesLines(fleet, "bambu_filament_used_grams_total{color=\"" +
                                       std::string(c.color) + "\",filament_type=\"" +
                                       std::string(c.type) + "\"") ==
          Lines{UsedLine(c.color, c.type, c.grams)});
  }
}

TEST_CASE("filament used: a spool is its tray_uuid text, and texts that name none are one spool") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, TrayDelta("128", "0", NewPaGfSpool(60)));
  Send(fleet, printer, Remain("128", "0", 59));  // the same uuid text: 10 g
  CHECK(Used(fleet) == FixtureSeries("10"));
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEF") == "10");
  // A uuid that names no spool (not 32 hex digits): another spool, a new baseline.
  Send(fleet, printer, TrayDelta("128", "0", R"("tray_uuid":"XXXXXXXX","remain":58)"));
  CHECK(Used(fleet) == FixtureSeries("10"));
  // Another text that names no spool, all zeros, and none at all: still no spool, so the same.
  Send(fleet, printer, TrayDelta("128", "0", R"("tray_uuid":"YYYY","remain":57)"));
  Send(fleet, printer,
       TrayDelta("128", "0", R"("tray_uuid":"00000000000000000000000000000000","remain":56)"));
  CHECK(Used(fleet) == FixtureSeries("30"));
  // The first spool's uuid again: a new baseline (it counts on from its 10 g).
  Send(fleet, printer,
       TrayDelta("128", "0", R"("tray_uuid":"0123456789ABCDEF0123456789ABCDEF","remain":55)"));
  Send(fleet, printer, Remain("128", "0", 54));
  CHECK(Used(fleet) == FixtureSeries("40"));
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEF") == "20");
  // One character of the uuid changed: another spool, counting from 0.
  Send(fleet, printer,
       TrayDelta("128", "0", R"("tray_uuid":"0123456789ABCDEF0123456789ABCDEE","remain":53)"));
  Send(fleet, printer, Remain("128", "0", 52));
  CHECK(Used(fleet) == FixtureSeries("50"));
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEE") == "10");
  CHECK(SpoolUsed(fleet, "0123456789ABCDEF0123456789ABCDEF").empty());  // out of the printer
}

TEST_CASE("filament used: untagged spools and the AMS lite are not counted") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "A1");
  // The A1 capture: four untagged PLA spools on an AMS lite, remain 100.
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_A1-AMSlite_get_version.json"));
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_A1-AMSlite_full.json"));
  Send(fleet, printer, R"("gcode_state":"RUNNING")");
  // Even a tagged 1 kg spool on the AMS lite: its remain is 100 or 0, not an estimate.
  Send(fleet, printer,
       TrayDelta("0", "0", R"("tag_uid":"A1B2C3D400000100","tray_weight":"1000","remain":100)"));
  Send(fleet, printer, Remain("0", "0", 0));
  CHECK(test::SeriesLines(fleet, "bambu_filament_used_grams_total").empty());
}

TEST_CASE("filament used: material counters are capped, further ones count as other") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);  // 5 materials already
  for (int i = 0; i < 70; ++i) {
    char color[16];
    std::snprintf(color, sizeof color, "%06XFF", i + 1);
    Send(fleet, printer, TrayDelta("0", "0", std::string(R"("tray_color":")") + color + "\""));
  }
  const Lines used = Used(fleet);
  CHECK(used.size() == FilamentUsage::kMaxMaterials + 1);
  CHECK(std::find(used.begin(), used.end(), UsedLine("other", "other", "0")) != used.end());
}

TEST_CASE("filament used: counters stay while the printer is stale") {
  Fleet fleet;
  PrinterEntry& printer = PrintingH2d(fleet);
  Send(fleet, printer, Remain("128", "0", 98));
  CollectOptions options;
  options.now = test::At(test::kGoldenNow + 3600);  // an hour without reports
  std::string text;
  WriteFleetText(fleet, options, text);
  CHECK(text.find(UsedLine("#000000", "PA-GF", "20")) != std::string::npos);
  CHECK(text.find("bambu_tray_info") == std::string::npos);
}

}  // namespace bambu
