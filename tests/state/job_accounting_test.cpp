// Whole print jobs through the accounting (protocol.md §7.4, §7.5): a real H2D report made idle,
// the job's project_file echo and deltas as the printer sends them, the plan fetch asked for at
// RUNNING and answered with a JobPlan built here. What bambu_filament_used_grams_total adds at
// the job's end: the plan's grams per tray's material and colour, pro-rated on a cancel.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "fixture_fleet.hpp"
#include "state/job_accounting.hpp"
#include "state/plan_fetch.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

constexpr std::string_view kStem = "ha-bambulab_H2D-AMS-AMSHT";
constexpr std::string_view kJob = "Number 10 House Numbers_plate_1";
constexpr double kFetchAt = 100;  // monotonic seconds of the plan fetch

void Send(Fleet& fleet, PrinterEntry& printer, const std::string& print_body) {
  REQUIRE(fleet.Ingest(printer, R"({"print":{)" + print_body + R"(,"msg":1}})", test::At(test::kGoldenNow)));
}

/// A delta of one AMS tray's fields.
std::string TrayDelta(std::string_view unit, std::string_view slot, std::string_view fields) {
  return R"("ams":{"ams":[{"id":")" + std::string(unit) + R"(","tray":[{"id":")" +
         std::string(slot) + "\"," + std::string(fields) + "}]}]}";
}

/// A third-party spool as a user sets it in Studio: type and colour, no tag, remain unknown.
std::string ThirdParty(std::string_view type, std::string_view rgba) {
  return R"("tag_uid":"0000000000000000","tray_type":")" + std::string(type) +
         R"(","tray_info_idx":"GFL99","tray_color":")" + std::string(rgba) +
         R"(","tray_weight":"0","remain":-1,"tray_uuid":"00000000000000000000000000000000")";
}

/// The H2D fixture, idle: AMS 0 (A2 made a third-party black PLA), AMS HT 128 (a Bambu RFID
/// black PA-GF, 1 kg at 100 %), a third-party red PETG on the right external spool.
PrinterEntry& IdleH2d(Fleet& fleet) {
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  REQUIRE(test::IngestFixture(fleet, printer, std::string(kStem) + "_get_version.json"));
  const std::string full =
      test::EditedFixture(std::string(kStem) + "_full.json",
                          {{R"("gcode_state": "RUNNING")", R"("gcode_state": "IDLE")"},
                           {"\"mapping\": [\n      32768\n    ]", "\"mapping\": []"}});
  REQUIRE(fleet.Ingest(printer, full, test::At(test::kGoldenNow)));
  Send(fleet, printer, TrayDelta("0", "1", ThirdParty("PLA", "000000FF")));
  Send(fleet, printer, R"("vir_slot":[{"id":"255",)" + ThirdParty("PETG", "FF0000FF") + "}]");
  return printer;
}

/// The slicer's plan of plate 1: F1 41.85 g black PLA, F2 14.66 g black PA-GF, F3 unused,
/// F4 4.86 g red PETG (protocol.md §7.4, worked example 2).
JobPlan ThreeFilamentPlan() {
  JobPlan plan;
  plan.plate = 1;
  plan.prediction_s = 5025;
  plan.weight_g = 61.37;
  plan.filaments = {{1, "GFL99", "PLA", "#000000", 41.85, 14.03},
                    {2, "GFN08", "PA-GF", "#000000", 14.66, 4.61},
                    {3, "GFL99", "PLA", "#FFFFFF", 0, 0},
                    {4, "GFL99", "PETG", "#FF0000", 4.86, 1.57}};
  return plan;
}

/// Studio's project_file echo on the report topic at job start: F1 -> A2, F2 -> AMS HT 128,
/// F3 unused, F4 -> the right external spool.
constexpr std::string_view kEcho =
    R"("command":"project_file","param":"Metadata/plate_1.gcode",)"
    R"("url":"ftp:///cache/Number 10 House Numbers_plate_1.gcode.3mf",)"
    R"("subtask_name":"Number 10 House Numbers_plate_1","ams_mapping":[1,128,-1,-1],)"
    R"("ams_mapping2":[{"ams_id":0,"slot_id":1},{"ams_id":128,"slot_id":0},)"
    R"({"ams_id":255,"slot_id":255},{"ams_id":255,"slot_id":0}],"result":"success")";

PlanFetchResult Fetched(std::uint64_t job_seq, JobPlan plan) {
  PlanFetchResult result;
  result.job_seq = job_seq;
  result.plan = std::move(plan);
  return result;
}

PlanFetchResult Failed(std::uint64_t job_seq, PlanFailure failure) {
  PlanFetchResult result;
  result.job_seq = job_seq;
  result.failure = failure;
  return result;
}

/// Echo, PREPARE, RUNNING with print.mapping; the plan asked for and read.
void StartJob(Fleet& fleet, PrinterEntry& printer) {
  Send(fleet, printer, std::string(kEcho));
  Send(fleet, printer, R"("gcode_state":"PREPARE","mc_percent":0)");
  CHECK_FALSE(TakePlanRequest(printer, kFetchAt).has_value());  // X1/H2: not before RUNNING
  Send(fleet, printer, R"("gcode_state":"RUNNING","mapping":[1,32768,65535,65280],"mc_percent":1)");
  const std::optional<PlanFetchRequest> request = TakePlanRequest(printer, kFetchAt);
  REQUIRE(request.has_value());
  CHECK(request->job_seq == 1);
  CHECK(request->plate == 1);
  REQUIRE_FALSE(request->paths.empty());
  CHECK(request->paths.front() == "/cache/" + std::string(kJob) + ".gcode.3mf");
  CHECK_FALSE(TakePlanRequest(printer, kFetchAt).has_value());  // one outstanding
  OnPlanFetched(printer, Fetched(1, ThreeFilamentPlan()), kFetchAt + 2);
  REQUIRE(printer.tracker.plan_state() == PlanState::kReady);
}

double Used(const PrinterEntry& printer, std::string_view type, std::string_view color) {
  const auto& by = printer.filament.grams_by_material();
  const auto it = by.find(FilamentKey{std::string(type), std::string(color)});
  return it == by.end() ? -1 : it->second;
}

/// bambu_filament_used_grams_total of a material and colour matches `grams` to 0.01 g.
void CheckUsed(const PrinterEntry& printer, std::string_view type, std::string_view color,
               double grams) {
  INFO(type << " " << color);
  CHECK(std::abs(Used(printer, type, color) - grams) < 0.005);
}

std::uint64_t Ended(const PrinterEntry& printer, JobResult result, GramsSource source) {
  return printer.tracker.counters()
      .ended[static_cast<std::size_t>(result)][static_cast<std::size_t>(source)];
}

constexpr std::string_view kHtUuid = "EED2E539AAC54C6BAD2559AA9C822F09";

double SpoolUsed(const PrinterEntry& printer, std::string_view uuid) {
  for (const FilamentUsage::LoadedSpool& spool : printer.filament.LoadedSpools()) {
    if (spool.uuid == uuid) return spool.grams;
  }
  return -1;
}

}  // namespace

TEST_CASE("job accounting: FINISH adds the plan's grams per tray's material and colour") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  StartJob(fleet, printer);
  CHECK(MappingRuleLabel(printer.tracker.mapping().rule) == "mapping");
  // The RFID spool on AMS HT 128 reads 2 % lower during the job: 20 g on its own counter.
  Send(fleet, printer, TrayDelta("128", "0", R"("remain":99)") + R"(,"mc_percent":50)");
  Send(fleet, printer, TrayDelta("128", "0", R"("remain":98)") + R"(,"mc_percent":99)");
  CheckUsed(printer, "PA-GF", "#000000", 0);  // held back: the plan counts the job
  Send(fleet, printer, R"("gcode_state":"FINISH","mc_percent":100)");

  CheckUsed(printer, "PLA", "#000000", 41.85);    // third-party, AMS 0 slot 2
  CheckUsed(printer, "PA-GF", "#000000", 14.66);  // RFID on AMS HT: the plan, not the 20 g
  CheckUsed(printer, "PETG", "#FF0000", 4.86);    // third-party, external spool
  CheckUsed(printer, "PLA", "#FFFFFF", 0);        // F3 unused, the RFID white PLA untouched
  CHECK(SpoolUsed(printer, kHtUuid) == 20);       // the per-spool cross-check
  CHECK(Ended(printer, JobResult::kFinished, GramsSource::kPlan) == 1);
  CHECK_FALSE(printer.filament.holding());
}

TEST_CASE("job accounting: a cancel adds the plan x the last progress before the reset to 0") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  StartJob(fleet, printer);
  Send(fleet, printer, R"("mc_percent":37)");
  // Cancel: FAILED with print_error 0x0300400C, the firmware resets progress to 0.
  Send(fleet, printer, R"("gcode_state":"FAILED","mc_percent":0,"print_error":50348044)");
  CheckUsed(printer, "PLA", "#000000", 41.85 * 0.37);
  CheckUsed(printer, "PA-GF", "#000000", 14.66 * 0.37);
  CheckUsed(printer, "PETG", "#FF0000", 4.86 * 0.37);
  CHECK(Ended(printer, JobResult::kCancelled, GramsSource::kPlan) == 1);
}

TEST_CASE("job accounting: a failure without the cancel code counts as failed, pro-rated") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  StartJob(fleet, printer);
  Send(fleet, printer, R"("mc_percent":20)");
  Send(fleet, printer, R"("gcode_state":"FAILED","print_error":117473297)");
  CheckUsed(printer, "PLA", "#000000", 41.85 * 0.2);
  CHECK(Ended(printer, JobResult::kFailed, GramsSource::kPlan) == 1);
}

TEST_CASE("job accounting: the flat echo maps when print.mapping is absent, -1 stays unmapped") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  Send(fleet, printer,
       R"("command":"project_file","param":"Metadata/plate_1.gcode","ams_mapping":[1,128,-1,-1])");
  Send(fleet, printer, R"("gcode_state":"RUNNING","mc_percent":1)");
  REQUIRE(TakePlanRequest(printer, kFetchAt).has_value());
  OnPlanFetched(printer, Fetched(1, ThreeFilamentPlan()), kFetchAt);
  const JobMapping& mapping = printer.tracker.mapping();
  CHECK(MappingRuleLabel(mapping.rule) == "ams_mapping");
  REQUIRE(mapping.trays.size() == 3);
  CHECK(mapping.trays[0].tray == TrayRef{0, 1});
  CHECK(mapping.trays[1].tray == TrayRef{128, 0});
  CHECK_FALSE(mapping.trays[2].tray.has_value());                 // F4: -1, external or unused
  CHECK(mapping.trays[2].key == FilamentKey{"PETG", "#FF0000"});  // the plan's own
}

TEST_CASE("job accounting: without a plan the job counts by remain, and says so") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  Send(fleet, printer, R"("gcode_state":"RUNNING","mc_percent":1)");
  double now = kFetchAt;
  for (int attempt = 1; attempt <= JobTracker::kMaxAttempts; ++attempt) {
    const auto request = TakePlanRequest(printer, now);
    REQUIRE(request.has_value());
    CHECK_FALSE(TakePlanRequest(printer, now).has_value());  // one outstanding
    // The drops while the plan is awaited are held back.
    if (attempt == 1) Send(fleet, printer, TrayDelta("128", "0", R"("remain":99)"));
    CheckUsed(printer, "PA-GF", "#000000", 0);
    OnPlanFetched(printer, Failed(request->job_seq, PlanFailure::kNoFile), now);
    CHECK_FALSE(TakePlanRequest(printer, now + 1).has_value());  // retries 5 s apart
    now += JobTracker::kRetryDelayS;
  }
  CHECK(printer.tracker.plan_state() == PlanState::kFailed);
  CHECK(printer.tracker.counters().plan_failures[static_cast<std::size_t>(PlanFailure::kNoFile)] ==
        1);
  CheckUsed(printer, "PA-GF", "#000000", 10);  // released: today's rule from here
  Send(fleet, printer, TrayDelta("128", "0", R"("remain":98)"));
  Send(fleet, printer, R"("gcode_state":"FINISH","mc_percent":100)");
  CheckUsed(printer, "PA-GF", "#000000", 20);
  CHECK(SpoolUsed(printer, kHtUuid) == 20);
  CHECK(Ended(printer, JobResult::kFinished, GramsSource::kRemain) == 1);
}

TEST_CASE("job accounting: a result for an older job is ignored") {
  Fleet fleet;
  PrinterEntry& printer = IdleH2d(fleet);
  Send(fleet, printer, R"("gcode_state":"RUNNING","mc_percent":1)");
  REQUIRE(TakePlanRequest(printer, kFetchAt).has_value());
  Send(fleet, printer, R"("gcode_state":"FINISH","mc_percent":100)");  // a short job
  Send(fleet, printer, R"("gcode_state":"RUNNING","mc_percent":1)");   // the next one
  OnPlanFetched(printer, Fetched(1, ThreeFilamentPlan()), kFetchAt);
  CHECK(printer.tracker.job_seq() == 2);
  CHECK_FALSE(printer.tracker.plan().has_value());
  const auto request = TakePlanRequest(printer, kFetchAt + 1);
  REQUIRE(request.has_value());
  CHECK(request->job_seq == 2);
  CHECK(Ended(printer, JobResult::kFinished, GramsSource::kRemain) == 1);
}

TEST_CASE("job accounting: P1 joined mid-job, single filament: the active tray, the rest counted") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P1P");
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_P1P-AMS_get_version.json"));
  const std::string full = test::EditedFixture(
      "ha-bambulab_P1P-AMS_full.json",
      {{R"("gcode_state": "FAILED")", R"("gcode_state": "RUNNING")"},
       {R"("mc_percent": 0)", R"("mc_percent": 40)"},
       {R"("gcode_file": "")", R"("gcode_file": "Fidget Collection.gcode.3mf")"}});
  REQUIRE(fleet.Ingest(printer, full, test::At(test::kGoldenNow)));
  const auto request = TakePlanRequest(printer, kFetchAt);
  REQUIRE(request.has_value());
  CHECK(request->plate == 0);  // P1: no plate_idx, the file's only plate
  JobPlan plan;
  plan.filaments = {{1, "GFL99", "PLA", "#D357FE", 30, 10}};
  OnPlanFetched(printer, Fetched(request->job_seq, plan), kFetchAt);
  CHECK(MappingRuleLabel(printer.tracker.mapping().rule) == "active_tray");
  REQUIRE(printer.tracker.mapping().trays.size() == 1);
  CHECK(printer.tracker.mapping().trays[0].tray == TrayRef{0, 0});
  Send(fleet, printer, R"("gcode_state":"FINISH","mc_percent":100)");
  CheckUsed(printer, "PLA", "#D357FE", 30 * 0.6);  // what it printed while watched
}

TEST_CASE("job accounting: P1 joined mid-job, two filaments: matched by type and colour") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "P1P");
  REQUIRE(test::IngestFixture(fleet, printer, "ha-bambulab_P1P-AMS_get_version.json"));
  const std::string full = test::EditedFixture(
      "ha-bambulab_P1P-AMS_full.json",
      {{R"("gcode_state": "FAILED")", R"("gcode_state": "RUNNING")"},
       {R"("gcode_file": "")", R"("gcode_file": "Fidget Collection.gcode.3mf")"}});
  REQUIRE(fleet.Ingest(printer, full, test::At(test::kGoldenNow)));
  const auto request = TakePlanRequest(printer, kFetchAt);
  REQUIRE(request.has_value());
  JobPlan plan;
  plan.filaments = {{1, "", "PLA", "#d357fe", 30, 10},
                    {2, "", "PLA", "#161616", 5, 2},
                    {3, "", "PETG", "#00FF00", 1, 0.3}};
  OnPlanFetched(printer, Fetched(request->job_seq, plan), kFetchAt);
  const JobMapping& mapping = printer.tracker.mapping();
  CHECK(MappingRuleLabel(mapping.rule) == "type_color");
  REQUIRE(mapping.trays.size() == 3);
  CHECK(mapping.trays[0].tray == TrayRef{0, 0});
  CHECK(mapping.trays[1].tray == TrayRef{kExternalMainId, 0});  // vt_tray
  CHECK_FALSE(mapping.trays[2].tray.has_value());
}

TEST_CASE("tray mapping: the encodings of protocol.md §7.4") {
  CHECK(DecodeMappingValue(259) == TrayRef{1, 3});
  CHECK(DecodeMappingValue(32768) == TrayRef{128, 0});
  CHECK(DecodeMappingValue(65280) == TrayRef{255, 0});
  CHECK(DecodeMappingValue(65024) == TrayRef{254, 0});
  CHECK_FALSE(DecodeMappingValue(65535).has_value());
  CHECK(DecodeAmsSlot({3, 3}) == TrayRef{3, 3});
  CHECK(DecodeAmsSlot({254, 0}) == TrayRef{254, 0});
  CHECK_FALSE(DecodeAmsSlot({255, 255}).has_value());
  CHECK(DecodeAmsMappingValue(6) == TrayRef{1, 2});
  CHECK(DecodeAmsMappingValue(15) == TrayRef{3, 3});
  CHECK(DecodeAmsMappingValue(25) == TrayRef{16, 1});
  CHECK(DecodeAmsMappingValue(128) == TrayRef{128, 0});
  CHECK(DecodeAmsMappingValue(255) == TrayRef{255, 0});
  CHECK_FALSE(DecodeAmsMappingValue(-1).has_value());
  CHECK_FALSE(DecodeAmsMappingValue(16).has_value());
}

}  // namespace bambu
