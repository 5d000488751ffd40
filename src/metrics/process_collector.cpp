#include "metrics/process_collector.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <array>
#include <charconv>
#include <fstream>
#include <iterator>
#include <limits>
#include <span>
#include <string>
#include <vector>

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kCpu{"process_cpu_seconds_total", MetricType::Counter,
                          "Total user and system CPU time spent in seconds."};
constexpr FamilySpec kOpenFds{"process_open_fds", MetricType::Gauge,
                              "Number of open file descriptors."};
constexpr FamilySpec kMaxFds{"process_max_fds", MetricType::Gauge,
                             "Maximum number of open file descriptors."};
constexpr FamilySpec kVirtual{"process_virtual_memory_bytes", MetricType::Gauge,
                              "Virtual memory size in bytes."};
constexpr FamilySpec kVirtualMax{"process_virtual_memory_max_bytes", MetricType::Gauge,
                                 "Maximum amount of virtual memory available in bytes."};
constexpr FamilySpec kResident{"process_resident_memory_bytes", MetricType::Gauge,
                               "Resident memory size in bytes."};
constexpr FamilySpec kStartTime{"process_start_time_seconds", MetricType::Gauge,
                                "Start time of the process since unix epoch in seconds."};

// Fields of /proc/<pid>/stat counted from the one after the command name (field 3, state).
constexpr std::size_t kUtime = 14 - 3;
constexpr std::size_t kStime = 15 - 3;
constexpr std::size_t kStartTicks = 22 - 3;
constexpr std::size_t kVsize = 23 - 3;
constexpr std::size_t kRss = 24 - 3;

std::optional<double> Number(std::string_view text) {
  double value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

std::vector<std::string_view> Words(std::string_view text) {
  std::vector<std::string_view> words;
  while (!text.empty()) {
    const auto start = text.find_first_not_of(" \n");
    if (start == std::string_view::npos) break;
    text.remove_prefix(start);
    const auto end = text.find_first_of(" \n");
    words.push_back(text.substr(0, end));
    text.remove_prefix(end == std::string_view::npos ? text.size() : end);
  }
  return words;
}

std::optional<std::string> ReadFile(const char* path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string(std::istreambuf_iterator<char>(in), {});
}

/// The soft limit of `resource`; "unlimited" as the largest value, as the official clients do.
std::optional<double> SoftLimit(int resource) {
  rlimit limit{};
  if (getrlimit(resource, &limit) != 0) return std::nullopt;
  if (limit.rlim_cur == RLIM_INFINITY)
    return static_cast<double>(std::numeric_limits<rlim_t>::max());
  return static_cast<double>(limit.rlim_cur);
}

/// Entries of the open directory `dir` besides "." and "..", read from its start.
std::optional<double> CountEntries(DIR* dir) {
  if (dir == nullptr) return std::nullopt;
  rewinddir(dir);
  double count = 0;
  while (const dirent* entry = readdir(dir)) {
    const std::string_view name = entry->d_name;
    if (name != "." && name != "..") ++count;
  }
  return count;
}

/// The text of the open procfs file `fd`, read afresh from its start; nullopt on failure.
std::optional<std::string_view> ReadAgain(int fd, std::span<char> buffer) {
  if (fd < 0) return std::nullopt;
  const ssize_t bytes = pread(fd, buffer.data(), buffer.size(), 0);
  if (bytes <= 0) return std::nullopt;
  return std::string_view(buffer.data(), static_cast<std::size_t>(bytes));
}

}  // namespace

std::optional<ProcessStat> ParseProcessStat(std::string_view text, const ProcClock& clock) {
  const auto name_end = text.rfind(')');
  if (name_end == std::string_view::npos) return std::nullopt;
  const std::vector<std::string_view> fields = Words(text.substr(name_end + 1));
  if (fields.size() <= kRss) return std::nullopt;
  const auto utime = Number(fields[kUtime]);
  const auto stime = Number(fields[kStime]);
  const auto start = Number(fields[kStartTicks]);
  const auto vsize = Number(fields[kVsize]);
  const auto rss = Number(fields[kRss]);
  if (!utime || !stime || !start || !vsize || !rss) return std::nullopt;
  return ProcessStat{.cpu_seconds = (*utime + *stime) / clock.ticks_per_second,
                     .virtual_bytes = *vsize,
                     .resident_bytes = *rss * clock.page_size,
                     .start_time_unix = clock.boot_time_unix + *start / clock.ticks_per_second};
}

std::optional<double> ParseBootTime(std::string_view proc_stat) {
  constexpr std::string_view kKey = "\nbtime ";
  const auto at = proc_stat.find(kKey);
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = proc_stat.substr(at + kKey.size());
  return Number(rest.substr(0, rest.find('\n')));
}

ProcessCollector::ProcessCollector() {
  clock_.ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  clock_.page_size = static_cast<double>(sysconf(_SC_PAGESIZE));
  if (auto text = ReadFile("/proc/stat")) clock_.boot_time_unix = ParseBootTime(*text).value_or(0);
  stat_fd_ = open("/proc/self/stat", O_RDONLY | O_CLOEXEC);
  fd_dir_ = opendir("/proc/self/fd");
}

ProcessCollector::~ProcessCollector() {
  if (stat_fd_ >= 0) close(stat_fd_);
  if (fd_dir_ != nullptr) closedir(fd_dir_);
}

void ProcessCollector::Collect(Instant, MetricSink& out) const {
  std::array<char, 2048> buffer;  // /proc/self/stat is about 300 bytes
  if (auto text = ReadAgain(stat_fd_, buffer)) {
    if (auto stat = ParseProcessStat(*text, clock_)) {
      out.Add(kCpu, {}, stat->cpu_seconds);
      out.Add(kVirtual, {}, stat->virtual_bytes);
      out.Add(kResident, {}, stat->resident_bytes);
      if (clock_.boot_time_unix > 0) out.Add(kStartTime, {}, stat->start_time_unix);
    }
  }
  AddIf(out, kOpenFds, {}, CountEntries(fd_dir_));
  AddIf(out, kMaxFds, {}, SoftLimit(RLIMIT_NOFILE));
  AddIf(out, kVirtualMax, {}, SoftLimit(RLIMIT_AS));
}

}  // namespace bambu
