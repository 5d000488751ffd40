// Ingest in process: Fleet::Ingest (decode → merge → state) per kind of
// report and for a mix, beside the raw Boost.JSON null-handler parse of the
// same bytes, plus heap allocations per report.
#include <cstdint>
#include <cstdio>
#include <string>
#include <vector>

#include "bench_sections.hpp"
#include "bench_util.hpp"
#include "state/fleet.hpp"
#include "synthetic_reports.hpp"
#include "test_clock.hpp"

namespace bambu::bench {
namespace {

constexpr double kNow = 1.8e9;  // Unix seconds passed to Ingest
constexpr int kProfileRounds = 2000;

/// The reports of the profile modes: X1C full, H2D full, P1S delta-1, P1S delta-2, P1S AMS
/// delta (the last three merge into a P1S full state).
std::vector<std::string> ProfileMix() {
  return {CompactFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"),
          CompactFixture("ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json"),
          CompactFixture("rdiger36-spoolman_P1S_delta-1.json"),
          CompactFixture("rdiger36-spoolman_P1S_delta-2.json"), P1sAmsDelta()};
}

struct Kind {
  const char* label;
  std::string seed;     // full report merged first (deltas apply to a full state)
  std::string payload;  // the report that is timed
};

struct Row {
  std::string label;
  std::size_t bytes = 0;  // per report (mean for the mix)
  Spread null_s, ingest_s;
  double null_allocs = 0, decode_allocs = 0, ingest_allocs = 0;
};

void PrintHeader() {
  std::printf("%-20s %6s | %9s %8s %8s | %9s %8s %8s %7s | %7s %7s %7s\n", "report", "bytes",
              "raw us", "raw MB/s", "rep/s", "ingest us", "MB/s", "rep/s", "ratio", "alloc:raw",
              "decode", "ingest");
}

void PrintRow(const Row& r) {
  const double mb = static_cast<double>(r.bytes) / 1e6;
  const double raw = r.null_s.best, ing = r.ingest_s.best;
  std::printf("%-20s %6zu | %9.2f %8.1f %8.0f | %9.2f %8.1f %8.0f %6.0f%% | %7.1f %7.1f %7.1f\n",
              r.label.c_str(), r.bytes, raw * 1e6, mb / raw, 1 / raw, ing * 1e6, mb / ing, 1 / ing,
              100 * raw / ing, r.null_allocs, r.decode_allocs, r.ingest_allocs);
  std::printf("%-20s %6s   spread (worst/best round): raw %.2fx, ingest %.2fx\n", "", "",
              r.null_s.worst / raw, r.ingest_s.worst / ing);
}

}  // namespace

int RunIngestBench() {
  std::printf("\n== Ingest in process: Fleet::Ingest (decode -> merge -> state) vs raw parse ==\n");
  std::printf(
      "raw = boost::json::basic_parser with a null handler over the same bytes (the "
      "limit);\nratio = ingest throughput / raw throughput (target >= 50%%); alloc = heap "
      "allocations per report (operator new calls).\n");
  const std::string p1s_full = CompactFixture("rdiger36-spoolman_P1S-AMS_full.json");
  std::vector<Kind> kinds = {
      {"X1C full", "", CompactFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json")},
      {"H2D full", "", CompactFixture("ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json")},
      {"P1S delta-1", p1s_full, CompactFixture("rdiger36-spoolman_P1S_delta-1.json")},
      {"P1S delta-2", p1s_full, CompactFixture("rdiger36-spoolman_P1S_delta-2.json")},
      {"P1S AMS delta (syn)", p1s_full, P1sAmsDelta()},
  };

  Fleet fleet;
  std::vector<PrinterEntry*> printers;
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    PrinterEntry& p = fleet.Add({"", "BENCH" + std::to_string(i), Transport::kLan});
    if (!kinds[i].seed.empty()) fleet.Ingest(p, kinds[i].seed, test::At(kNow));
    printers.push_back(&p);
  }
  NullParser null_parser;
  ReportDecoder decoder;
  ReportUpdate update;
  std::uint64_t sink = 0;
  std::vector<Row> rows;
  PrintHeader();
  for (std::size_t i = 0; i < kinds.size(); ++i) {
    const Kind& k = kinds[i];
    PrinterEntry& p = *printers[i];
    auto raw = [&] { sink += null_parser.Parse(k.payload); };
    auto ingest = [&] { sink += fleet.Ingest(p, k.payload, test::At(kNow)) ? 1 : 2; };
    auto decode = [&] { sink += decoder.Decode(k.payload, update).rejected ? 1 : 0; };
    Row row;
    row.label = k.label;
    row.bytes = k.payload.size();
    std::tie(row.null_s, row.ingest_s) = BestPerCall(raw, ingest);
    row.null_allocs = AllocationsPerCall(raw);
    row.decode_allocs = AllocationsPerCall(decode);
    row.ingest_allocs = AllocationsPerCall(ingest);
    PrintRow(row);
  }

  // The mix: one report of each kind in turn, each to its own printer.
  std::size_t mix_bytes = 0;
  for (const Kind& k : kinds) mix_bytes += k.payload.size();
  auto raw_mix = [&] {
    for (const Kind& k : kinds) sink += null_parser.Parse(k.payload);
  };
  auto ingest_mix = [&] {
    for (std::size_t i = 0; i < kinds.size(); ++i)
      fleet.Ingest(*printers[i], kinds[i].payload, test::At(kNow));
  };
  auto decode_mix = [&] {
    for (const Kind& k : kinds) sink += decoder.Decode(k.payload, update).rejected ? 1 : 0;
  };
  Row mix;
  mix.label = "mix (1 of each)";
  mix.bytes = mix_bytes / kinds.size();
  std::tie(mix.null_s, mix.ingest_s) = BestPerCall(raw_mix, ingest_mix, 2.0);
  const double n = static_cast<double>(kinds.size());
  mix.null_s.best /= n, mix.null_s.worst /= n, mix.ingest_s.best /= n, mix.ingest_s.worst /= n;
  mix.null_allocs = AllocationsPerCall(raw_mix) / n;
  mix.decode_allocs = AllocationsPerCall(decode_mix) / n;
  mix.ingest_allocs = AllocationsPerCall(ingest_mix) / n;
  PrintRow(mix);
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(sink));
  return 0;
}

int RunIngestProfile(int only) {
  const std::string p1s_full = CompactFixture("rdiger36-spoolman_P1S-AMS_full.json");
  const std::vector<std::string> mix = ProfileMix();
  Fleet fleet;
  std::vector<PrinterEntry*> printers;
  for (std::size_t i = 0; i < mix.size(); ++i) {
    printers.push_back(&fleet.Add({"", "PROFILE" + std::to_string(i), Transport::kLan}));
    const bool selected = only < 0 || static_cast<std::size_t>(only) == i;
    if (i >= 2 && selected) fleet.Ingest(*printers.back(), p1s_full, test::At(kNow));
  }
  for (int round = 0; round < kProfileRounds; ++round) {
    for (std::size_t i = 0; i < mix.size(); ++i) {
      if (only < 0 || static_cast<std::size_t>(only) == i)
        fleet.Ingest(*printers[i], mix[i], test::At(kNow));
    }
  }
  std::printf("profile: %d rounds of %s through Fleet::Ingest\n", kProfileRounds,
              only < 0 ? "the mix" : "one report");
  return 0;
}

int RunRawProfile(int only) {
  const std::vector<std::string> mix = ProfileMix();
  NullParser parser;
  std::uint64_t events = 0;
  for (int round = 0; round < kProfileRounds; ++round) {
    for (std::size_t i = 0; i < mix.size(); ++i) {
      if (only < 0 || static_cast<std::size_t>(only) == i) events += parser.Parse(mix[i]);
    }
  }
  std::printf("profile: %d rounds of %s through the null-handler parser (%llu events)\n",
              kProfileRounds, only < 0 ? "the mix" : "one report",
              static_cast<unsigned long long>(events));
  return 0;
}

}  // namespace bambu::bench
