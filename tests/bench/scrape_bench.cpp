// Scrape: /metrics for fleets of 1, 10, 100 and 1,000 printers, each with 4 AMS
// units of 4 trays plus an AMS HT, through a WebApp with the exporter's own
// collectors (build info and HTTP counters, the process collector reading
// /proc/self). Measures the CPU time of WebApp::Handle(GET /metrics), plain and
// gzip, per scrape and per sample (sample = one "name{labels} value" line of
// the body); its fleet part WriteFleetText (the direct exposition writer); for
// comparison the prometheus-cpp path (CollectFleet families, then
// TextSerializer); and the heap peak of one scrape while its answer is alive.
#include <prometheus/text_serializer.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "bench_sections.hpp"
#include "bench_util.hpp"
#include "metric_family_builder.hpp"
#include "metrics/exporter_collector.hpp"
#include "metrics/fleet_collector.hpp"
#include "metrics/process_collector.hpp"
#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "synthetic_reports.hpp"
#include "test_clock.hpp"
#include "web/web_app.hpp"

namespace bambu::bench {
namespace {

constexpr double kNow = 1.8e9;

/// CPU time of this process (every thread), seconds.
double ProcessCpuSeconds() {
  timespec now{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + static_cast<double>(now.tv_nsec) * 1e-9;
}

/// Best and worst CPU seconds of `reps` calls (at least one), after one warm-up call.
template <class Fn>
Spread CpuEach(Fn&& once, int reps) {
  once();  // warm up
  Spread spread;
  for (int i = 0; i < std::max(1, reps); ++i) {
    const double start = ProcessCpuSeconds();
    once();
    spread.Add(ProcessCpuSeconds() - start);
  }
  return spread;
}

std::size_t SeriesCount(const std::vector<prometheus::MetricFamily>& families) {
  std::size_t series = 0;
  for (const auto& family : families) series += family.metric.size();
  return series;
}

/// Sample lines of an exposition text (lines not starting with '#').
std::size_t SampleLines(const std::string& text) {
  std::size_t samples = 0;
  bool line_start = true;
  for (const char c : text) {
    if (line_start && c != '#') ++samples;
    line_start = c == '\n';
  }
  return samples;
}

/// A fleet of `count` connected printers, each fed the rich full report and a
/// get_version reply; serials BENCH000001, BENCH000002, ...
void FillFleet(Fleet& fleet, int count, const std::string& report, const std::string& version) {
  for (int i = 1; i <= count; ++i) {
    char serial[32];
    std::snprintf(serial, sizeof(serial), "BENCH%06d", i);
    PrinterEntry& printer = fleet.Add({std::string("farm-") + serial, serial, Transport::kLan});
    OnSessionConnected(printer, test::At(0));
    fleet.Ingest(printer, version, test::At(kNow));
    fleet.Ingest(printer, report, test::At(kNow));
  }
}

/// The exporter's /metrics sources besides the fleet (src/main.cpp, without cloud mode).
Collectors ExporterSources(const ExporterCounters& counters) {
  return {std::make_shared<ExporterCollector>(counters), std::make_shared<ProcessCollector>()};
}

/// A field of /proc/self/status in kB ("VmRSS", "VmHWM"); 0 when missing.
double StatusKb(const std::string& key) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(key + ":")) return std::atof(line.c_str() + key.size() + 1);
  }
  return 0;
}

/// Resident bytes one Handle(`request`) peaks at above the resident size before it, its answer
/// still alive (the peak resident size is reset through /proc/self/clear_refs first).
double ScrapePeakBytes(const WebApp& app, const WebRequest& request) {
  std::ofstream("/proc/self/clear_refs") << "5";
  const double before = StatusKb("VmRSS");
  { const WebResponse response = app.Handle(request); }
  return (StatusKb("VmHWM") - before) * 1024;
}

void PrintHeader() {
  std::printf("\n== Scrape: /metrics for N printers (4 AMS x 4 trays + AMS HT each) ==\n");
  std::printf(
      "CPU time of the process per WebApp::Handle(GET /metrics), fleet plus the exporter's and\n"
      "the process collector's series, without / with Accept-Encoding: gzip; ns/sample = that CPU\n"
      "time / sample lines of the body. write = the fleet part alone into an ExpositionWriter;\n"
      "prom-cpp = CollectFleet families + TextSerializer, the path it replaced. Best of the\n"
      "repetitions (worst in brackets). peak = resident size above the one before a scrape while\n"
      "one answer is built and held (VmHWM, reset through /proc/self/clear_refs).\n");
  std::printf("%8s %8s %10s %9s | %17s %17s | %15s %15s | %8s %8s | %7s %7s | %7s\n", "printers",
              "samples", "bytes", "gzip B", "plain ms", "gzip ms", "plain ns/sample",
              "gzip ns/sample", "write ms", "promcpp", "peak MB", "gzip MB", "allocs");
}

}  // namespace

int RunScrapeBench() {
  PrintHeader();
  const std::string report = RichFullReport();
  const std::string version = ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json");
  const std::vector<int> counts =
      g_time_scale < 1 ? std::vector<int>{1, 10, 100} : std::vector<int>{1, 10, 100, 1000};
  const ExporterCounters counters;
  for (const int count : counts) {
    TrackHeapBytes(true);
    const std::int64_t heap_before = LiveHeapBytes();
    Fleet fleet;
    FillFleet(fleet, count, report, version);
    const double state_bytes = static_cast<double>(LiveHeapBytes() - heap_before);
    TrackHeapBytes(false);
    WebAppOptions web_options;
    web_options.clock = [] { return bambu::test::At(kNow); };
    WebApp app(fleet, web_options, ExporterSources(counters));
    const int reps = std::max(3, static_cast<int>(3000 / count * g_time_scale));
    const WebRequest plain{"GET", "/metrics", ""};
    const WebRequest gzip{"GET", "/metrics", "gzip"};
    const std::string body = app.Handle(plain).JoinedBody();
    const std::size_t samples = SampleLines(body);
    std::size_t gzip_bytes = 0;
    const Spread handle = CpuEach([&] { app.Handle(plain); }, reps);
    const Spread handle_gz = CpuEach([&] { gzip_bytes = app.Handle(gzip).BodySize(); }, reps);
    const CollectOptions options{.now = bambu::test::At(kNow)};
    FamilySizes sizes;  // as the app keeps them from one scrape to the next
    const Spread write = CpuEach(
        [&] {
          ExpositionWriter writer(&sizes);
          CollectFleet(fleet, options, writer);
          ArenaText text;
          writer.Finish(text);
        },
        reps);
    std::string written;
    WriteFleetText(fleet, options, written);
    std::size_t text_bytes = 0, series = 0;
    const Spread prom_cpp = CpuEach(
        [&] {
          const auto families = FleetFamilies(fleet, options);
          series = SeriesCount(families);
          text_bytes = prometheus::TextSerializer().Serialize(families).size();
        },
        std::max(1, reps / 4));
    const double plain_peak = ScrapePeakBytes(app, plain);
    const double gzip_peak = ScrapePeakBytes(app, gzip);
    const std::uint64_t before = AllocationCount();
    app.Handle(plain);
    const double allocs = static_cast<double>(AllocationCount() - before);
    const double per_sample = 1e9 / static_cast<double>(samples);
    std::printf(
        "%8d %8zu %10zu %9zu | %7.3f [%7.3f] %7.3f [%7.3f] | %7.0f [%5.0f] %7.0f [%5.0f] | %8.3f "
        "%8.2f | %7.1f %7.1f | %7.0f\n",
        count, samples, body.size(), gzip_bytes, handle.best * 1e3, handle.worst * 1e3,
        handle_gz.best * 1e3, handle_gz.worst * 1e3, handle.best * per_sample,
        handle.worst * per_sample, handle_gz.best * per_sample, handle_gz.worst * per_sample,
        write.best * 1e3, prom_cpp.best * 1e3, plain_peak / 1048576, gzip_peak / 1048576, allocs);
    std::printf("%8s heap: fleet state %.1f KB per printer (%.1f MB)\n", "",
                state_bytes / count / 1024, state_bytes / 1048576);
    if (text_bytes != written.size() || series + 0 > samples) {
      std::printf(
          "  MISMATCH: direct writer %zu bytes, prometheus-cpp %zu; %zu series, %zu samples\n",
          written.size(), text_bytes, series, samples);
    }
  }
  return 0;
}

int RunScrapeProfile(int printers, bool gzip) {
  Fleet fleet;
  FillFleet(fleet, printers, RichFullReport(),
            ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json"));
  WebAppOptions web_options;
  web_options.clock = [] { return bambu::test::At(kNow); };
  const ExporterCounters counters;
  WebApp app(fleet, web_options, ExporterSources(counters));
  std::size_t bytes = 0;
  const int scrapes = std::max(5, 500 / printers);
  for (int i = 0; i < scrapes; ++i) {
    bytes += app.Handle({"GET", "/metrics", gzip ? "gzip" : ""}).BodySize();
  }
  std::printf("profile: %d %s scrapes of %d printers, %zu bytes\n", scrapes,
              gzip ? "gzip" : "plain", printers, bytes);
  return 0;
}

}  // namespace bambu::bench
