// The process_* series every Prometheus exporter has, with the names and meanings of the
// official client libraries: CPU seconds, resident and virtual memory, open and maximum file
// descriptors, start time. Read from /proc/self at scrape time (Linux).
#pragma once

#include <dirent.h>

#include <optional>
#include <string_view>

#include "metrics/collector.hpp"

namespace bambu {

/// What /proc/self/stat says, in the units of the metrics.
struct ProcessStat {
  double cpu_seconds = 0;      // utime + stime
  double virtual_bytes = 0;    // vsize
  double resident_bytes = 0;   // rss pages x page size
  double start_time_unix = 0;  // boot time + starttime
};

/// The system facts that turn /proc/self/stat into those units.
struct ProcClock {
  double ticks_per_second = 100;  // sysconf(_SC_CLK_TCK)
  double page_size = 4096;        // sysconf(_SC_PAGESIZE), bytes
  double boot_time_unix = 0;      // "btime" of /proc/stat
};

/// Parses the text of /proc/<pid>/stat (the command name may hold spaces and parentheses);
/// nullopt when it has too few fields or a field is not a number.
std::optional<ProcessStat> ParseProcessStat(std::string_view text, const ProcClock& clock);

/// The "btime" line of /proc/stat: boot time in Unix seconds.
std::optional<double> ParseBootTime(std::string_view proc_stat);

class ProcessCollector final : public Collector {
 public:
  ProcessCollector();
  ~ProcessCollector() override;
  ProcessCollector(const ProcessCollector&) = delete;
  ProcessCollector& operator=(const ProcessCollector&) = delete;

  /// Adds the process_* samples; a file that cannot be read leaves its samples out.
  void Collect(Instant now, MetricSink& out) const override;

 private:
  ProcClock clock_;
  // Kept open (each counts in process_open_fds), so that a scrape costs 3 system calls here
  // instead of 11: one pread of /proc/self/stat, a rewind and read of /proc/self/fd.
  int stat_fd_ = -1;       // /proc/self/stat; -1 when it could not be opened
  DIR* fd_dir_ = nullptr;  // /proc/self/fd; null when it could not be opened
};

}  // namespace bambu
