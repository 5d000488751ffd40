// Decode only: ReportDecoder::Decode per fixture beside the raw Boost.JSON
// parse of the same bytes with a handler that does nothing (the tokenizer
// limit): µs/report, MB/s and the throughput ratio (best of alternating rounds).
#include <cstdint>
#include <cstdio>
#include <string>

#include "bench_sections.hpp"
#include "bench_util.hpp"
#include "report/report_decoder.hpp"
#include "synthetic_reports.hpp"

namespace bambu::bench {

int RunDecodeBench() {
  struct Case {
    const char* label;
    std::string payload;
  };
  const Case cases[] = {
      {"P1S full (rdiger36)", CompactFixture("rdiger36-spoolman_P1S-AMS_full.json")},
      {"X1C multi-AMS full", CompactFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json")},
      {"X1C 4 AMS + HT (syn)", RichFullReport()},
      {"H2D drying full", CompactFixture("ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json")},
      {"P1S delta-1", CompactFixture("rdiger36-spoolman_P1S_delta-1.json")},
      {"P1S AMS delta (syn)", P1sAmsDelta()},
  };
  NullParser null_parser;
  ReportDecoder decoder;
  ReportUpdate out;
  std::uint64_t sink = 0;

  std::printf("\n== Decode only: ReportDecoder::Decode vs raw parse ==\n");
  std::printf("%-22s %6s %10s %9s %10s %9s %7s\n", "report", "bytes", "raw us", "raw MB/s",
              "decode us", "dec MB/s", "ratio");
  for (const Case& c : cases) {
    auto raw = [&] { sink += null_parser.Parse(c.payload); };
    auto decode = [&] {
      const DecodeStatus status = decoder.Decode(c.payload, out);
      sink += out.ams.units.size() + (status.rejected ? 1 : 0);
    };
    const auto [raw_s, decode_s] = BestPerCall(raw, decode, 0.5);
    const double mb = static_cast<double>(c.payload.size()) / 1e6;
    std::printf("%-22s %6zu %10.2f %9.1f %10.2f %9.1f %6.0f%%\n", c.label, c.payload.size(),
                raw_s.best * 1e6, mb / raw_s.best, decode_s.best * 1e6, mb / decode_s.best,
                100 * raw_s.best / decode_s.best);
  }
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(sink));
  return 0;
}

}  // namespace bambu::bench
