// One printer's print jobs as the accounting sees them (protocol.md §7.2, §7.4, §7.5): when a
// job begins and ends and how (finished, failed, cancelled), the last progress it reached (the
// firmware resets mc_percent on cancel), the mapping arrays its reports carried, and when its
// plan (the 3MF's slice_info) is due from the printer: at RUNNING, or on P1/A1/A2L once
// gcode_file_prepare_percent reaches 99 in PREPARE; retried while the file is missing or still
// being written. At most one fetch outstanding; a result for an older job is ignored. Pure.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "jobs/job_plan.hpp"
#include "report/report_update.hpp"
#include "state/printer_state.hpp"
#include "state/tray_mapping.hpp"

namespace bambu {

enum class JobResult : std::uint8_t { kFinished, kFailed, kCancelled };
inline constexpr std::size_t kJobResultKinds = 3;
/// "finished", "failed", "cancelled".
std::string_view JobResultLabel(JobResult result);

/// Where a finished job's grams came from: its plan, or (no plan) the drops of remain.
enum class GramsSource : std::uint8_t { kPlan, kRemain };
inline constexpr std::size_t kGramsSourceKinds = 2;
/// "plan", "remain".
std::string_view GramsSourceLabel(GramsSource source);

/// How a job ended, as the report that ended it says.
struct JobEnd {
  JobResult result = JobResult::kFinished;
  double reached = 0;    // progress reached, 0..1 (1 at FINISH)
  double joined_at = 0;  // progress when the exporter first saw the job (0 when it saw it begin)
};

/// Where the running job's plan is.
enum class PlanState : std::uint8_t {
  kNone,      // no job, or a job whose plan nobody asked for (fetching off)
  kWaiting,   // due when the job reaches the point its file is complete, or a retry is due
  kFetching,  // a request is out
  kReady,     // the plan came back
  kFailed,    // no plan for this job (the reason is failure())
};
inline constexpr std::size_t kPlanStateKinds = 5;
/// "none", "waiting", "fetching", "ready", "failed".
std::string_view PlanStateLabel(PlanState state);

/// Counters of one printer's jobs since the exporter started.
struct JobCounters {
  // jobs ended, by JobResult and GramsSource
  std::array<std::array<std::uint64_t, kGramsSourceKinds>, kJobResultKinds> ended{};
  std::array<std::uint64_t, kPlanFailureKinds> plan_failures{};  // jobs left without a plan
};

class JobTracker {
 public:
  static constexpr int kMaxAttempts = 12;          // fetches per job on no_file/file_incomplete
  static constexpr double kRetryDelayS = 5;        // between them
  static constexpr int kEarlyPreparePercent = 99;  // P1/A1/A2L: the file is in place
  static constexpr int kCancelledCode = 50348044;  // print_error 0x0300400C "task canceled"

  /// Folds in the state after `update` was merged into it. Returns how the job ended when this
  /// report ended it.
  std::optional<JobEnd> Observe(const PrinterState& state, const ReportUpdate& update);

  /// The plan fetch due at `now` (seconds, monotonic), if any; the job then waits for it.
  std::optional<PlanFetchRequest> TakeRequest(const PrinterState& state, double now);

  enum class FetchOutcome : std::uint8_t { kIgnored, kPlan, kRetry, kFailed };
  /// What a fetch gave. kIgnored: not for the running job's outstanding request.
  FetchOutcome OnFetched(const PlanFetchResult& result, const PrinterState& state, double now);

  bool active() const { return active_; }             // a job is on (PREPARE, RUNNING, PAUSE)
  std::uint64_t job_seq() const { return job_seq_; }  // 1 for the first job seen
  PlanState plan_state() const { return plan_state_; }
  PlanFailure failure() const { return failure_; }  // why plan_state() is kFailed
  /// A plan fetch was asked for this job (the filament counters then wait for its end).
  bool requested() const { return attempts_ > 0; }
  const std::optional<JobPlan>& plan() const { return plan_; }
  const JobMapping& mapping() const { return mapping_; }
  double progress() const { return progress_; }  // last non-zero progress, 0..1
  double joined_at() const { return joined_at_; }
  const JobCounters& counters() const { return counters_; }
  /// Counts a job's end by where its grams came from.
  void CountEnd(const JobEnd& end, GramsSource source);

 private:
  void Begin(const PrinterState& state, bool joined);
  JobEnd End(const PrinterState& state, std::string_view gcode_state) const;
  void TakeEcho(const ReportUpdate& update);
  bool FileReady(const PrinterState& state) const;
  void Remap(const PrinterState& state);
  /// A fetch (or a request that could name no file) gave no plan: retried or final.
  FetchOutcome NoPlan(PlanFailure failure, double now);
  void Fail(PlanFailure failure);

  bool seen_ = false;  // a report was folded in
  bool active_ = false;
  std::uint64_t job_seq_ = 0;
  PlanState plan_state_ = PlanState::kNone;
  PlanFailure failure_ = PlanFailure::kNone;
  int attempts_ = 0;
  std::optional<std::uint64_t> outstanding_;  // the job_seq of the request out
  double next_due_ = 0;                       // monotonic seconds; a retry is not due before
  std::optional<JobPlan> plan_;
  JobMapping mapping_;
  MappingSources sources_;                 // the running job's mapping arrays
  MappingSources pending_echo_;            // an echo seen before its job began
  std::optional<std::string> echo_param_;  // the echo's plate G-code, for the plate number
  std::optional<std::string> pending_param_;
  bool cancel_seen_ = false;  // print_error said "cancelled" during the job
  double progress_ = 0;
  double joined_at_ = 0;
  JobCounters counters_;
};

}  // namespace bambu
