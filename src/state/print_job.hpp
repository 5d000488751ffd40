// The print job a printer runs now, or ran last: its name and ids as the printer reports them,
// when it started and the filament it used so far (protocol.md §5.19, §5.16). Fed after every
// report with the grams the filament counters added.
#pragma once

#include <optional>
#include <string>

#include "state/printer_state.hpp"

namespace bambu {

/// gcode_state PREPARE (heating, purge line), RUNNING or PAUSE (filament changes): a print is on
/// and uses filament.
bool IsPrinting(const PrinterState& state);

class PrintJob {
 public:
  /// Folds in the state after `update`, which arrived at `now_unix` and added `grams` of
  /// filament, was merged into it.
  void Observe(const PrinterState& state, const ReportUpdate& update, double grams,
               double now_unix);

  /// The printer has reported a job (a name, or a task or subtask id other than "0").
  bool known() const;
  const std::string& name() const { return name_; }        // subtask_name
  const std::string& task_id() const { return task_id_; }  // "0" / "" = none
  const std::string& subtask_id() const { return subtask_id_; }
  /// gcode_start_time when the printer sends it, else when the exporter saw the job begin;
  /// unknown for a job already running when the exporter started.
  std::optional<double> start_unix() const { return start_unix_; }
  /// Grams counted since the job began (since the exporter started, for a job it joined late).
  double grams() const { return grams_; }

 private:
  bool SameIds(const PrinterState& state) const;
  void Begin(const PrinterState& state, std::optional<double> observed_start);

  std::string name_;
  std::string task_id_;
  std::string subtask_id_;
  std::optional<double> start_unix_;
  double grams_ = 0;
  bool seen_ = false;          // a report was folded in
  bool was_printing_ = false;  // gcode_state of the last report
  bool ids_pending_ = false;   // began by gcode_state; the ids of a delta may follow
};

}  // namespace bambu
