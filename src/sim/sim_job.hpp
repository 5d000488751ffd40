// The print job a simulated printer runs: name, ids and start time as a printer reports them in
// push_status (protocol.md §5.19). A new job starts each time the progress wraps to 0.
#pragma once

#include <cstdint>
#include <string>

#include <boost/json/object.hpp>

namespace bambu::sim {

class SimJob {
 public:
  /// `serial_seed` keeps the ids of different printers apart.
  explicit SimJob(std::uint32_t serial_seed) : seed_(serial_seed) {}

  /// Starts the next job at `start_unix` (seconds).
  void Start(std::int64_t start_unix);
  /// Writes subtask_name, task_id, subtask_id, job_id and gcode_start_time into `print`.
  void WriteTo(boost::json::object& print) const;

  int number() const { return number_; }

 private:
  std::uint32_t seed_;
  int number_ = 0;
  std::int64_t start_unix_ = 0;
};

}  // namespace bambu::sim
