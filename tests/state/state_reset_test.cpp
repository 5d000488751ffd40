// msg 0 keeps the map nodes the new report lists again (state_reset.hpp): the
// result must be exactly that of merging the full report into a new printer.
// Compared through everything a printer shows: /metrics text and AMS JSON.
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu::test {
namespace {

/// /metrics text (without the message counter, which counts every report, the filament
/// counters, which keep every spool ever loaded, and the job, whose start time is when the
/// exporter saw it change) and AMS JSON of a printer that ingested `payloads` in order.
std::string Shown(const std::vector<std::string>& payloads) {
  Fleet fleet;
  PrinterEntry& printer = AddTestPrinter(fleet, "SERIAL");
  for (const std::string& payload : payloads)
    CHECK(fleet.Ingest(printer, payload, test::At(kGoldenNow)));
  printer.counters.messages_received = 0;
  printer.filament = FilamentUsage{};
  printer.job = PrintJob{};
  return MetricsText(fleet) + AmsJsonText(printer);
}

bool HasVirSlot(const std::string& payload) {
  return payload.find("\"vir_slot\"") != std::string::npos;
}

}  // namespace

TEST_CASE("a full report after any other equals the full report on a new printer") {
  const std::vector<std::string> fulls = {"ha-bambulab_A1-AMSlite_full.json",
                                          "ha-bambulab_A2L-AMSlite_full.json",
                                          "ha-bambulab_H2C-AMS2Pro_full.json",
                                          "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json",
                                          "ha-bambulab_P1P-AMS_full.json",
                                          "ha-bambulab_P1P-noAMS_full.json",
                                          "ha-bambulab_P2S-AMS2Pro_full.json",
                                          "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json",
                                          "ha-bambulab_X1C-X1Plus-fw-misc_full.json",
                                          "rdiger36-spoolman_P1S-AMS_full.json"};
  int pairs = 0;
  for (const std::string& before_name : fulls) {
    const std::string before = ReadFile(kFixtureDir / before_name);
    for (const std::string& full_name : fulls) {
      const std::string full = ReadFile(kFixtureDir / full_name);
      // A printer that once sent vir_slot ignores vt_tray for good: compare like with like.
      if (HasVirSlot(before) != HasVirSlot(full)) continue;
      CAPTURE(before_name);
      CAPTURE(full_name);
      CHECK(Shown({before, full}) == Shown({full}));
      ++pairs;
    }
  }
  CHECK(pairs == 50);  // 5 x 5 with vir_slot, 5 x 5 without
}

TEST_CASE("a full report keeps only the units, trays and extruders it lists, within the caps") {
  // Before: units 0..19 (16 kept by the cap: 0..15), each with trays 0..3, two extruders.
  std::string before = R"({"print":{"msg":0,"ams":{"ams":[)";
  for (int id = 0; id < 20; ++id) {
    before +=
        (id ? "," : "") + std::string(R"({"id":")") + std::to_string(id) +
        R"(","humidity":"3","tray":[{"id":"0","tray_type":"PLA"},{"id":"1","tray_type":"PETG"},)"
        R"({"id":"2"},{"id":"3","tray_type":"ABS"}]})";
  }
  before += R"(]},"device":{"extruder":{"info":[{"id":0,"temp":200},{"id":1,"temp":210}]}}}})";
  // Full: units 19, 3, 18..5 (17 distinct ids: the cap keeps 19, 3, 18..6), fewer trays;
  // unit 3's tray 3 comes back without its filament (ABS before), units 5..18 without humidity.
  std::string full =
      R"({"print":{"msg":0,"ams":{"ams":[{"id":"19","tray":[{"id":"3"}]},)"
      R"({"id":"3","humidity":"5","tray":[{"id":"1","tray_type":"TPU"},{"id":"3"}]})";
  for (int id = 18; id >= 5; --id) full += R"(,{"id":")" + std::to_string(id) + R"("})";
  full += R"(]},"device":{"extruder":{"info":[{"id":1,"temp":190}]}}}})";
  CHECK(Shown({before, full}) == Shown({full}));
}

}  // namespace bambu::test
