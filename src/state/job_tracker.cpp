#include "state/job_tracker.hpp"

#include <algorithm>
#include <utility>

#include "jobs/job_file_candidates.hpp"
#include "state/print_job.hpp"

namespace bambu {
namespace {

constexpr std::string_view kProjectFile = "project_file";

/// P1, A1 and A2L have the whole file in place once the download reaches 99 % in PREPARE;
/// X1, H2, P2 and X2 write it seconds into RUNNING (protocol.md §7.2).
bool EarlyFileModel(const std::optional<std::string>& model) {
  if (!model) return false;
  const std::string_view name = *model;
  return name.starts_with("P1") || name.starts_with("A1") || name.starts_with("A2");
}

/// The name of the file the firmware runs: gcode_file, else file (newer firmware).
std::string_view RunningFile(const PrinterState& state) {
  if (state.gcode_file && !state.gcode_file->empty()) return *state.gcode_file;
  return state.file ? std::string_view(*state.file) : std::string_view();
}

bool Retried(PlanFailure failure) {
  return failure == PlanFailure::kNoFile || failure == PlanFailure::kFileIncomplete;
}

}  // namespace

std::string_view JobResultLabel(JobResult result) {
  switch (result) {
    case JobResult::kFinished:
      return "finished";
    case JobResult::kFailed:
      return "failed";
    case JobResult::kCancelled:
      return "cancelled";
  }
  return "failed";
}

std::string_view GramsSourceLabel(GramsSource source) {
  return source == GramsSource::kPlan ? "plan" : "remain";
}

std::string_view PlanStateLabel(PlanState state) {
  switch (state) {
    case PlanState::kNone:
      return "none";
    case PlanState::kWaiting:
      return "waiting";
    case PlanState::kFetching:
      return "fetching";
    case PlanState::kReady:
      return "ready";
    case PlanState::kFailed:
      return "failed";
  }
  return "none";
}

std::optional<JobEnd> JobTracker::Observe(const PrinterState& state, const ReportUpdate& update) {
  TakeEcho(update);
  const bool printing = IsPrinting(state);
  const bool first = !seen_;
  seen_ = true;
  std::optional<JobEnd> end;
  if (active_ && !printing) {
    end = End(state, state.gcode_state ? std::string_view(*state.gcode_state) : "");
    if (update.fail_reason == kCancelledCode) end->result = JobResult::kCancelled;
    active_ = false;
    if (plan_state_ != PlanState::kReady) plan_state_ = PlanState::kNone;
  }
  if (!active_ && printing) Begin(state, first);
  if (!active_) return end;
  if (state.mc_percent && *state.mc_percent > 0) {
    progress_ = std::clamp(*state.mc_percent / 100.0, 0.0, 1.0);
  }
  if (state.print_error == kCancelledCode) cancel_seen_ = true;
  if (plan_ && (state.mapping != sources_.mapping || update.ams_mapping || update.ams_mapping2)) {
    Remap(state);
  }
  return end;
}

void JobTracker::TakeEcho(const ReportUpdate& update) {
  if (!update.ams_mapping && !update.ams_mapping2 && update.command != kProjectFile) return;
  MappingSources& target = active_ ? sources_ : pending_echo_;
  if (update.ams_mapping) target.ams_mapping = update.ams_mapping;
  if (update.ams_mapping2) target.ams_mapping2 = update.ams_mapping2;
  if (update.param) (active_ ? echo_param_ : pending_param_) = update.param;
}

void JobTracker::Begin(const PrinterState& state, bool joined) {
  active_ = true;
  ++job_seq_;
  plan_state_ = PlanState::kWaiting;
  failure_ = PlanFailure::kNone;
  attempts_ = 0;
  next_due_ = 0;
  plan_.reset();
  mapping_ = {};
  sources_ = std::exchange(pending_echo_, {});
  echo_param_ = std::exchange(pending_param_, std::nullopt);
  cancel_seen_ = false;
  progress_ = 0;
  joined_at_ = 0;
  if (joined && state.mc_percent && *state.mc_percent > 0) {
    joined_at_ = std::clamp(*state.mc_percent / 100.0, 0.0, 1.0);
  }
}

JobEnd JobTracker::End(const PrinterState& state, std::string_view gcode_state) const {
  JobEnd end{JobResult::kCancelled, progress_, joined_at_};
  if (gcode_state == "FINISH") {
    end.result = JobResult::kFinished;
    end.reached = 1;
  } else if (gcode_state == "FAILED") {
    // FAILED is a failure or a cancel; print_error tells them apart for a few seconds.
    const bool cancelled = cancel_seen_ || state.print_error == kCancelledCode;
    end.result = cancelled ? JobResult::kCancelled : JobResult::kFailed;
  }
  // Anything else (IDLE after RUNNING) is a job stopped without FINISH: cancelled.
  return end;
}

bool JobTracker::FileReady(const PrinterState& state) const {
  if (!state.gcode_state) return false;
  const std::string_view gcode_state = *state.gcode_state;
  if (gcode_state == "RUNNING" || gcode_state == "PAUSE") return true;
  return gcode_state == "PREPARE" && EarlyFileModel(state.version.model) &&
         state.gcode_file_prepare_percent.value_or(0) >= kEarlyPreparePercent;
}

std::optional<PlanFetchRequest> JobTracker::TakeRequest(const PrinterState& state, double now) {
  if (!active_ || plan_state_ != PlanState::kWaiting || outstanding_ || now < next_due_ ||
      !FileReady(state)) {
    return std::nullopt;
  }
  const std::string_view file = RunningFile(state);
  PlanFetchRequest request;
  request.job_seq = job_seq_;
  request.paths = JobFileCandidates(state.subtask_name.value_or(""), file);
  request.plate = JobPlateIndex(state.plate_idx, file);
  if (request.plate == 0 && echo_param_) request.plate = JobPlateIndex(std::nullopt, *echo_param_);
  ++attempts_;
  if (request.paths.empty()) {
    // The names may follow in a later report (P1/A1 deltas): retried as a missing file.
    NoPlan(PlanFailure::kNoFile, now);
    return std::nullopt;
  }
  plan_state_ = PlanState::kFetching;
  outstanding_ = job_seq_;
  return request;
}

JobTracker::FetchOutcome JobTracker::OnFetched(const PlanFetchResult& result,
                                               const PrinterState& state, double now) {
  if (outstanding_ != result.job_seq) return FetchOutcome::kIgnored;
  outstanding_.reset();
  if (!active_ || plan_state_ != PlanState::kFetching || result.job_seq != job_seq_) {
    return FetchOutcome::kIgnored;
  }
  if (result.failure == PlanFailure::kNone && result.plan) {
    plan_ = *result.plan;
    plan_state_ = PlanState::kReady;
    Remap(state);
    return FetchOutcome::kPlan;
  }
  return NoPlan(result.failure == PlanFailure::kNone ? PlanFailure::kBadValues : result.failure,
                now);
}

JobTracker::FetchOutcome JobTracker::NoPlan(PlanFailure failure, double now) {
  if (Retried(failure) && attempts_ < kMaxAttempts) {
    plan_state_ = PlanState::kWaiting;
    next_due_ = now + kRetryDelayS;
    return FetchOutcome::kRetry;
  }
  Fail(failure);
  return FetchOutcome::kFailed;
}

void JobTracker::Fail(PlanFailure failure) {
  plan_state_ = PlanState::kFailed;
  failure_ = failure;
  ++counters_.plan_failures[static_cast<std::size_t>(failure)];
}

void JobTracker::Remap(const PrinterState& state) {
  sources_.mapping = state.mapping;
  mapping_ = MapPlan(*plan_, sources_, state);
}

void JobTracker::CountEnd(const JobEnd& end, GramsSource source) {
  ++counters_.ended[static_cast<std::size_t>(end.result)][static_cast<std::size_t>(source)];
}

}  // namespace bambu
