// Scrape: /metrics for fleets of 10, 100 and 1,000 printers, each with 4 AMS
// units of 4 trays plus an AMS HT. Times WebApp::Handle(GET /metrics), plain
// and gzip, its fleet part WriteFleetText (the direct exposition writer), and
// for comparison the prometheus-cpp path (CollectFleet families, then
// TextSerializer); prints bytes, series and time per series so that the growth
// can be read off.
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_sections.hpp"
#include "bench_util.hpp"
#include "metric_family_builder.hpp"
#include "metrics/fleet_collector.hpp"
#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "synthetic_reports.hpp"
#include "web/web_app.hpp"

namespace bambu::bench {
namespace {

constexpr double kNow = 1.8e9;

/// Best and worst of `reps` timed calls (at least one), in seconds.
template <class Fn>
Spread TimeEach(Fn&& once, int reps) {
  once();  // warm up
  Spread spread;
  for (int i = 0; i < std::max(1, reps); ++i) {
    const auto start = Clock::now();
    once();
    spread.Add(std::chrono::duration<double>(Clock::now() - start).count());
  }
  return spread;
}

std::size_t SeriesCount(const std::vector<prometheus::MetricFamily>& families) {
  std::size_t series = 0;
  for (const auto& family : families) series += family.metric.size();
  return series;
}

/// A fleet of `count` connected printers, each fed the rich full report and a
/// get_version reply; serials BENCH000001, BENCH000002, ...
void FillFleet(Fleet& fleet, int count, const std::string& report, const std::string& version) {
  for (int i = 1; i <= count; ++i) {
    char serial[32];
    std::snprintf(serial, sizeof(serial), "BENCH%06d", i);
    PrinterEntry& printer = fleet.Add({std::string("farm-") + serial, serial, Transport::kLan});
    OnSessionConnected(printer, 0);
    fleet.Ingest(printer, version, kNow);
    fleet.Ingest(printer, report, kNow);
  }
}

}  // namespace

int RunScrapeBench() {
  std::printf("\n== Scrape: /metrics for N printers (4 AMS x 4 trays + AMS HT each) ==\n");
  std::printf(
      "handle = WebApp::Handle(GET /metrics) without / with Accept-Encoding: gzip;\n"
      "write = WriteFleetText (direct writer, the /metrics path); prom-cpp = CollectFleet\n"
      "families + TextSerializer::Serialize, the path it replaced, for comparison.\n"
      "Times are best of the repetitions (worst in brackets), milliseconds.\n");
  const std::string report = RichFullReport();
  const std::string version = ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json");
  std::printf("%8s %8s %10s %10s | %16s %16s | %14s %14s | %8s %7s %8s\n", "printers", "series",
              "bytes", "gzip bytes", "handle ms", "handle gzip ms", "write ms", "prom-cpp ms",
              "ns/series", "allocs", "/series");
  const std::vector<int> counts =
      g_time_scale < 1 ? std::vector<int>{10, 100} : std::vector<int>{10, 100, 1000};
  for (const int count : counts) {
    TrackHeapBytes(true);
    const std::int64_t heap_before = LiveHeapBytes();
    Fleet fleet;
    FillFleet(fleet, count, report, version);
    const double state_bytes = static_cast<double>(LiveHeapBytes() - heap_before);
    TrackHeapBytes(false);
    WebAppOptions web_options;
    web_options.clock = [] { return kNow; };
    WebApp app(fleet, web_options, {});
    const int reps = std::max(1, static_cast<int>(3000 / count * g_time_scale));
    const WebRequest plain{"GET", "/metrics", ""};
    const WebRequest gzip{"GET", "/metrics", "gzip"};
    std::size_t bytes = 0, gzip_bytes = 0, series = 0;
    const Spread handle = TimeEach([&] { bytes = app.Handle(plain).body.size(); }, reps);
    const Spread handle_gz = TimeEach([&] { gzip_bytes = app.Handle(gzip).body.size(); }, reps);
    const CollectOptions options{.now_unix = kNow};
    std::string written;
    const Spread write = TimeEach(
        [&] {
          written.clear();
          WriteFleetText(fleet, options, written);
        },
        reps);
    std::size_t text_bytes = 0;
    const Spread prom_cpp = TimeEach(
        [&] {
          const auto families = FleetFamilies(fleet, options);
          series = SeriesCount(families);
          text_bytes = prometheus::TextSerializer().Serialize(families).size();
        },
        std::max(1, reps / 4));
    TrackHeapBytes(true);
    ResetPeakHeap();
    const std::int64_t heap_idle = LiveHeapBytes();
    const std::uint64_t before = AllocationCount();
    app.Handle(plain);
    const double allocs = static_cast<double>(AllocationCount() - before);
    const double scrape_peak = static_cast<double>(PeakHeapBytes() - heap_idle);
    std::printf(
        "%8d %8zu %10zu %10zu | %7.2f [%6.2f] %7.2f [%6.2f] | %6.2f [%5.2f] %6.2f [%5.2f] "
        "| %8.0f %7.0f %8.1f\n",
        count, series, bytes, gzip_bytes, handle.best * 1e3, handle.worst * 1e3,
        handle_gz.best * 1e3, handle_gz.worst * 1e3, write.best * 1e3, write.worst * 1e3,
        prom_cpp.best * 1e3, prom_cpp.worst * 1e3, handle.best * 1e9 / static_cast<double>(series),
        allocs, allocs / static_cast<double>(series));
    std::printf(
        "%8s heap: fleet state %.1f KB per printer (%.1f MB); one plain scrape peaks at "
        "+%.1f MB\n",
        "", state_bytes / count / 1024, state_bytes / 1048576, scrape_peak / 1048576);
    TrackHeapBytes(false);
    if (text_bytes != written.size() || written.size() > bytes) {
      std::printf("  MISMATCH: direct writer %zu bytes, prometheus-cpp %zu, handle %zu\n",
                  written.size(), text_bytes, bytes);
    }
  }
  return 0;
}

int RunScrapeProfile() {
  Fleet fleet;
  FillFleet(fleet, 100, RichFullReport(),
            ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json"));
  WebAppOptions web_options;
  web_options.clock = [] { return kNow; };
  WebApp app(fleet, web_options, {});
  std::size_t bytes = 0;
  for (int i = 0; i < 5; ++i) bytes += app.Handle({"GET", "/metrics", ""}).body.size();
  std::printf("profile: 5 scrapes of 100 printers, %zu bytes\n", bytes);
  return 0;
}

}  // namespace bambu::bench
