#include "state/print_job.hpp"

#include <string_view>

namespace bambu {
namespace {

bool IsId(const std::string& id) { return !id.empty() && id != "0"; }

/// `kept` == state's `now`, an unset one counting as "" (no copy of either).
bool SameText(const std::string& kept, const std::optional<std::string>& now) {
  return now ? kept == *now : kept.empty();
}

std::optional<double> PrinterStart(const PrinterState& state) {
  if (state.gcode_start_time && *state.gcode_start_time > 0) return state.gcode_start_time;
  return std::nullopt;
}

/// The report may have changed what a job reads of the state: gcode_state, the names and
/// ids, gcode_start_time (a full report resets them all).
bool ChangesJobFields(const ReportUpdate& update) {
  return update.msg == 0 || update.gcode_state || update.subtask_name || update.task_id ||
         update.subtask_id || update.gcode_start_time;
}

}  // namespace

bool IsPrinting(const PrinterState& state) {
  if (!state.gcode_state) return false;
  const std::string_view gcode_state = *state.gcode_state;
  return gcode_state == "PREPARE" || gcode_state == "RUNNING" || gcode_state == "PAUSE";
}

bool PrintJob::known() const { return !name_.empty() || IsId(task_id_) || IsId(subtask_id_); }

bool PrintJob::SameIds(const PrinterState& state) const {
  return SameText(name_, state.subtask_name) && SameText(task_id_, state.task_id) &&
         SameText(subtask_id_, state.subtask_id);
}

void PrintJob::Begin(const PrinterState& state, std::optional<double> observed_start) {
  name_ = state.subtask_name.value_or("");
  task_id_ = state.task_id.value_or("");
  subtask_id_ = state.subtask_id.value_or("");
  start_unix_ = PrinterStart(state) ? PrinterStart(state) : observed_start;
  grams_ = 0;
}

void PrintJob::Observe(const PrinterState& state, const ReportUpdate& update, double grams,
                       double now_unix) {
  // Each Observe leaves the job matching the state it read, so the same state and no grams
  // change nothing (most deltas: temperatures, progress).
  if (seen_ && grams == 0 && !ChangesJobFields(update)) return;
  const bool printing = IsPrinting(state);
  if (!seen_) {
    Begin(state, std::nullopt);  // joined late: when it began is the printer's to say
    seen_ = true;
  } else if (printing && !was_printing_) {
    Begin(state, now_unix);  // a print begins, possibly of the same file again
    ids_pending_ = true;
  } else if (!SameIds(state)) {
    if (ids_pending_ && printing) {
      // The ids of the print that just began arrive after its gcode_state (P1/A1 deltas).
      const std::optional<double> start = start_unix_;
      const double used = grams_;
      Begin(state, start);
      grams_ = used;
    } else {
      Begin(state, now_unix);
    }
    ids_pending_ = false;
  } else if (!start_unix_ && PrinterStart(state)) {
    start_unix_ = PrinterStart(state);
  }
  if (!printing) ids_pending_ = false;
  was_printing_ = printing;
  grams_ += grams;
}

}  // namespace bambu
