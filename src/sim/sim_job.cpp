#include "sim/sim_job.hpp"

namespace bambu::sim {

void SimJob::Start(std::int64_t start_unix) {
  ++number_;
  start_unix_ = start_unix;
}

void SimJob::WriteTo(boost::json::object& print) const {
  // Cloud-style ids: task and subtask differ, both grow with each job.
  const std::uint64_t task = 700000000ULL + seed_ % 100000 * 1000 + static_cast<unsigned>(number_);
  print["subtask_name"] = "Sim job " + std::to_string(number_);
  print["task_id"] = std::to_string(task);
  print["subtask_id"] = std::to_string(task + 1);
  print["job_id"] = std::to_string(task + 2);
  print["gcode_start_time"] = std::to_string(start_unix_);
}

}  // namespace bambu::sim
