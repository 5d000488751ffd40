// Job plans: (1) bytes read from a job's 3MF to get its plan, against the file's size, for
// archives up to 50 MB (the reads an FTPS fetch makes: docs/protocol.md §7.3); (2) ingest CPU
// per report for 1,000 printers that all start a job within one minute (project_file echo,
// PREPARE, RUNNING with the mapping; TakePlanRequest after every second's batch and the plan
// handed back), against the same 1,000 printers sending plain deltas.
#include <time.h>

#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_sections.hpp"
#include "bench_util.hpp"
#include "jobs/job_plan_reader.hpp"
#include "plan_archive.hpp"
#include "slice_info_samples.hpp"
#include "state/fleet.hpp"
#include "state/plan_fetch.hpp"
#include "synthetic_reports.hpp"
#include "test_clock.hpp"

namespace bambu::bench {
namespace {

constexpr int kPrinters = 1000;
constexpr int kSeconds = 60;
constexpr double kNow = 1.8e9;

/// A memory file that counts what is read from it.
class CountingSource final : public RangeSource {
 public:
  explicit CountingSource(const std::string& bytes) : memory_(bytes) {}
  std::uint64_t Size() const override { return memory_.Size(); }
  PlanFailure Read(std::uint64_t offset, std::size_t length, std::string& out) override {
    ++reads;
    bytes += length;
    return memory_.Read(offset, length, out);
  }
  int reads = 0;
  std::uint64_t bytes = 0;

 private:
  MemoryRangeSource memory_;
};

double ThreadCpuSeconds() {
  timespec now{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

void BytesPerJob() {
  std::printf("\nplan bytes per job (ReadJobPlan over a counting source)\n");
  std::printf("%10s %12s %8s %7s %10s\n", "file MB", "bytes read", "% file", "reads", "read us");
  for (const std::size_t megabytes : {2u, 10u, 50u}) {
    const std::string archive = test::PlanArchive(test::kTwoPlateSliceInfo, megabytes * 1'000'000);
    double best = 1e9;
    CountingSource counted(archive);
    for (int round = 0; round < 5; ++round) {
      CountingSource source(archive);
      const double start = ThreadCpuSeconds();
      const JobPlanRead read = ReadJobPlan(source, 2, ZipReadLimits{});
      best = std::min(best, ThreadCpuSeconds() - start);
      if (read.read.failure != PlanFailure::kNone) std::printf("  failure!\n");
      counted = source;
    }
    std::printf("%10.1f %12llu %8.3f %7d %10.1f\n", static_cast<double>(archive.size()) / 1e6,
                static_cast<unsigned long long>(counted.bytes),
                100.0 * static_cast<double>(counted.bytes) / static_cast<double>(archive.size()),
                counted.reads, best * 1e6);
  }
}

std::string Print(const std::string& body) { return R"({"print":{)" + body + R"(,"msg":1}})"; }

std::string Delta(int second) {
  return Print(R"("command":"push_status","mc_percent":)" + std::to_string(second % 100) +
               R"(,"mc_remaining_time":)" + std::to_string(300 - second) +
               R"(,"nozzle_temper":219.5,"bed_temper":60.0,"sequence_id":")" +
               std::to_string(second) + "\"");
}

/// The reports of printer `i` at `second`: a job starting at second i % 60 takes the next three.
std::string Report(int i, int second, bool jobs) {
  const int start = i % (kSeconds - 3);
  if (!jobs || second < start || second > start + 2) return Delta(second);
  if (second == start) {
    return Print(R"("command":"project_file","param":"Metadata/plate_2.gcode",)"
                 R"("subtask_name":"Bracket","ams_mapping":[0,1,-1,2],"result":"success")");
  }
  if (second == start + 1) return Print(R"("gcode_state":"PREPARE","mc_percent":0)");
  return Print(R"("gcode_state":"RUNNING","mapping":[0,1,65535,2],"mc_percent":1)");
}

/// CPU seconds per report of a minute of 1,000 printers, each 1 report/s.
double MinuteOfIngest(bool jobs, int& plans) {
  Fleet fleet;
  std::vector<PrinterEntry*> printers;
  // The H2D fixture made idle: the jobs begin in the minute measured.
  std::string seed = CompactFixture("ha-bambulab_H2D-AMS-AMSHT_full.json");
  const std::string running = R"("gcode_state":"RUNNING")";
  if (const auto at = seed.find(running); at != std::string::npos) {
    seed.replace(at, running.size(), R"("gcode_state":"IDLE")");
  }
  for (int i = 0; i < kPrinters; ++i) {
    printers.push_back(&fleet.Add({"", "PLAN" + std::to_string(i), Transport::kLan}));
    fleet.Ingest(*printers.back(), seed, test::At(kNow));
  }
  std::vector<std::vector<std::string>> reports(kSeconds);
  for (int second = 0; second < kSeconds; ++second) {
    for (int i = 0; i < kPrinters; ++i) reports[second].push_back(Report(i, second, jobs));
  }
  JobPlan plan;
  plan.plate = 2;
  plan.filaments = {{1, "GFA00", "PLA", "#0A2989", 41.85, 14.02},
                    {2, "GFL99", "PLA", "#FFFFFF", 14.66, 4.91},
                    {4, "GFG99", "PETG", "#F72323", 4.86, 1.60}};
  plans = 0;
  const double start = ThreadCpuSeconds();
  for (int second = 0; second < kSeconds; ++second) {
    for (int i = 0; i < kPrinters; ++i)
      fleet.Ingest(*printers[i], reports[second][i], test::At(kNow + second));
    for (PrinterEntry* printer : printers) {  // what PlanPoller does every second
      if (auto request = TakePlanRequest(*printer, kNow + second)) {
        PlanFetchResult result;
        result.job_seq = request->job_seq;
        result.plan = plan;
        OnPlanFetched(*printer, result, kNow + second);
        ++plans;
      }
    }
  }
  return (ThreadCpuSeconds() - start) / (kPrinters * kSeconds);
}

void IngestWithJobs() {
  std::printf("\ningest CPU per report, %d printers x %d s at 1 report/s\n", kPrinters, kSeconds);
  std::printf("%-28s %10s %8s\n", "run", "us/report", "plans");
  double without = 1e9, with = 1e9;
  int plans_without = 0, plans_with = 0;
  for (int round = 0; round < 3; ++round) {  // alternating, best of 3
    without = std::min(without, MinuteOfIngest(false, plans_without));
    with = std::min(with, MinuteOfIngest(true, plans_with));
  }
  std::printf("%-28s %10.3f %8d\n", "deltas only", without * 1e6, plans_without);
  std::printf("%-28s %10.3f %8d\n", "every printer starts a job", with * 1e6, plans_with);
  std::printf("%-28s %10.3f\n", "ratio", with / without);
}

}  // namespace

int RunPlanBench() {
  BytesPerJob();
  IngestWithJobs();
  return 0;
}

}  // namespace bambu::bench
