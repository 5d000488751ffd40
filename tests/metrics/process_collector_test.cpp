// process_* metrics: /proc text parsed into the official clients' units, and the collector
// on this very process.
#include "metrics/process_collector.hpp"

#include <doctest/doctest.h>

#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "metric_family_builder.hpp"

namespace bambu {
namespace {

// A /proc/<pid>/stat line whose command name holds a space and parentheses; utime 250,
// stime 50, starttime 12345 ticks, vsize 104857600 bytes, rss 2560 pages.
constexpr std::string_view kStat =
    "4242 (bambu (exp) x) S 1 4242 4242 0 -1 4194560 1200 0 0 0 250 50 0 0 20 0 3 0 12345 "
    "104857600 2560 18446744073709551615 1 1 0 0 0 0 0 4096 0 0 0 17 1 0 0 0 0 0\n";

double Value(const std::vector<prometheus::MetricFamily>& families, std::string_view name) {
  for (const auto& family : families) {
    if (family.name != name || family.metric.size() != 1) continue;
    const auto& sample = family.metric.front();
    return family.type == prometheus::MetricType::Counter ? sample.counter.value
                                                          : sample.gauge.value;
  }
  return -1;
}

}  // namespace

TEST_CASE("ParseProcessStat turns ticks and pages into seconds and bytes") {
  const auto stat = ParseProcessStat(
      kStat, {.ticks_per_second = 100, .page_size = 4096, .boot_time_unix = 1700000000});
  REQUIRE(stat.has_value());
  CHECK(stat->cpu_seconds == doctest::Approx(3.0));
  CHECK(stat->virtual_bytes == 104857600);
  CHECK(stat->resident_bytes == 2560.0 * 4096);
  CHECK(stat->start_time_unix == doctest::Approx(1700000123.45));
}

TEST_CASE("ParseProcessStat refuses truncated or non-numeric text") {
  const ProcClock clock;
  CHECK_FALSE(ParseProcessStat("", clock).has_value());
  CHECK_FALSE(ParseProcessStat("4242 (name) S 1 2 3", clock).has_value());
  CHECK_FALSE(ParseProcessStat("4242 no parenthesis at all", clock).has_value());
  std::string bad(kStat);
  bad.replace(bad.find(" 250 "), 5, " 2x0 ");
  CHECK_FALSE(ParseProcessStat(bad, clock).has_value());
}

TEST_CASE("ParseBootTime reads the btime line of /proc/stat") {
  CHECK(ParseBootTime("cpu  1 2 3\nintr 5\nbtime 1764900000\nprocesses 9\n") == 1764900000);
  CHECK_FALSE(ParseBootTime("cpu  1 2 3\n").has_value());
  CHECK_FALSE(ParseBootTime("cpu 1\nbtime soon\n").has_value());
}

TEST_CASE("ProcessCollector reports this test process") {
  MetricFamilyBuilder builder;
  ProcessCollector().Collect({}, builder);
  const auto families = builder.Take();
  CHECK(families.size() == 7);
  CHECK(Value(families, "process_cpu_seconds_total") >= 0);
  CHECK(Value(families, "process_resident_memory_bytes") > 1024 * 1024);
  CHECK(Value(families, "process_virtual_memory_bytes") >=
        Value(families, "process_resident_memory_bytes"));
  CHECK(Value(families, "process_open_fds") >= 3);  // stdin, stdout, stderr at least
  rlimit files{};
  REQUIRE(getrlimit(RLIMIT_NOFILE, &files) == 0);
  CHECK(Value(families, "process_max_fds") == static_cast<double>(files.rlim_cur));
  const double now =
      std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  const double start = Value(families, "process_start_time_seconds");
  CHECK(start <= now + 1);
  CHECK(start > now - 24 * 3600);  // this process started today, not at the epoch
}

}  // namespace bambu
