// The print job (protocol.md §5.19) on report sequences: what bambu_print_job_* show when a job
// is joined late, begins, is printed again, or gets its ids after its gcode_state.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

using Lines = std::vector<std::string>;

constexpr double kStart = test::kGoldenNow;

void Send(Fleet& fleet, PrinterEntry& printer, const std::string& print_body, double at) {
  REQUIRE(fleet.Ingest(printer, R"({"print":{)" + print_body + R"(,"msg":1}})", test::At(at)));
}

Lines Job(const Fleet& fleet) { return test::SeriesLines(fleet, "bambu_print_job_"); }

std::string Info(const std::string& name, const std::string& subtask, const std::string& task) {
  return R"(bambu_print_job_info{job_name=")" + name +
         R"(",printer="test",serial="P",subtask_id=")" + subtask + R"(",task_id=")" + task +
         R"("} 1)";
}

/// A delta with AMS HT 128's remain.
std::string HtRemain(int remain) {
  return R"("ams":{"ams":[{"id":"128","tray":[{"id":"0","remain":)" + std::to_string(remain) +
         "}]}]}";
}

std::string Grams(const std::string& grams) {
  return R"(bambu_print_job_filament_used_grams{printer="test",serial="P"} )" + grams;
}

std::string Start(const std::string& unix_seconds) {
  return R"(bambu_print_job_start_timestamp_seconds{printer="test",serial="P"} )" + unix_seconds;
}

/// The real H2D report (RUNNING its job "Number 10 House Numbers_plate_1", AMS HT 128 at 100 %).
PrinterEntry& JoinedLate(Fleet& fleet) {
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P");
  REQUIRE(fleet.Ingest(printer,
                       test::ReadFile(test::kFixtureDir / "ha-bambulab_H2D-AMS-AMSHT_full.json"),
                       test::At(kStart)));
  return printer;
}

}  // namespace

TEST_CASE("print job: joined late, no start time, grams counted from then") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  CHECK(Job(fleet) ==
        Lines{Grams("0"), Info("Number 10 House Numbers_plate_1", "690732217", "690732215")});
  Send(fleet, printer, HtRemain(98), kStart + 60);
  CHECK(Job(fleet).front() == Grams("20"));
}

TEST_CASE("print job: a new job begins with new ids, at the time the exporter sees it") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  Send(fleet, printer, HtRemain(99), kStart + 60);
  Send(fleet, printer, R"("gcode_state":"FINISH")", kStart + 120);
  Send(fleet, printer,
       R"("gcode_state":"PREPARE","subtask_name":"Bracket","task_id":"700000001",)"
       R"("subtask_id":"700000002")",
       kStart + 300);
  Send(fleet, printer, R"("gcode_state":"RUNNING",)" + HtRemain(97), kStart + 360);
  CHECK(Job(fleet) ==
        Lines{Grams("20"), Info("Bracket", "700000002", "700000001"), Start("1790000300")});
}

TEST_CASE("print job: the ids of a delta that follow its gcode_state join the same job") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  Send(fleet, printer, R"("gcode_state":"FINISH")", kStart + 60);
  Send(fleet, printer, R"("gcode_state":"PREPARE")", kStart + 100);
  Send(fleet, printer, HtRemain(99), kStart + 110);
  Send(fleet, printer, R"("subtask_name":"Bracket","task_id":"700000001","subtask_id":"700000002")",
       kStart + 120);
  CHECK(Job(fleet) ==
        Lines{Grams("10"), Info("Bracket", "700000002", "700000001"), Start("1790000100")});
}

TEST_CASE("print job: deltas without job fields or filament use in between change nothing") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  Send(fleet, printer, R"("gcode_state":"FINISH")", kStart + 60);
  Send(fleet, printer, R"("gcode_state":"PREPARE")", kStart + 100);
  const Lines began = Job(fleet);
  Send(fleet, printer, R"("bed_temper":50)", kStart + 105);
  Send(fleet, printer, HtRemain(100), kStart + 108);  // remain as before: no grams
  CHECK(Job(fleet) == began);
  Send(fleet, printer, R"("subtask_name":"Bracket","task_id":"700000001","subtask_id":"700000002")",
       kStart + 120);
  CHECK(Job(fleet) ==
        Lines{Grams("0"), Info("Bracket", "700000002", "700000001"), Start("1790000100")});
  Send(fleet, printer, R"("mc_percent":5)", kStart + 130);
  CHECK(Job(fleet) ==
        Lines{Grams("0"), Info("Bracket", "700000002", "700000001"), Start("1790000100")});
}

TEST_CASE("print job: the same file printed again is a new job") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  Send(fleet, printer, HtRemain(99), kStart + 60);
  Send(fleet, printer, R"("gcode_state":"FINISH")", kStart + 120);
  Send(fleet, printer, R"("gcode_state":"RUNNING")", kStart + 500);
  CHECK(Job(fleet) == Lines{Grams("0"),
                            Info("Number 10 House Numbers_plate_1", "690732217", "690732215"),
                            Start("1790000500")});
}

TEST_CASE("print job: gcode_start_time, when sent, is the start") {
  Fleet fleet;
  PrinterEntry& printer = JoinedLate(fleet);
  Send(fleet, printer, R"("gcode_start_time":"1789999000")", kStart + 10);
  CHECK(Job(fleet).back() == Start("1789999000"));
  Send(fleet, printer, R"("gcode_state":"FINISH")", kStart + 20);
  Send(fleet, printer, R"("gcode_state":"RUNNING","task_id":"5","gcode_start_time":"1790000400")",
       kStart + 420);
  CHECK(Job(fleet).back() == Start("1790000400"));
}

TEST_CASE("print job: none while the printer reports no job") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P");
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_A1-AMSlite_full.json"));  // "", "0"
  CHECK(Job(fleet).empty());
}

}  // namespace bambu
