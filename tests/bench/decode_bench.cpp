// Micro-benchmark of the hot decode path. For each sample report it times
// (a) boost::json::basic_parser with a handler that does nothing (the
// tokenizer limit) and (b) ReportDecoder::Decode, and prints µs/report, MB/s
// and the ratio b/a (best of alternating rounds). Prints figures only;
// never asserts times.
// Measure in a Release build: cmake -DCMAKE_BUILD_TYPE=Release.
#include <boost/json/basic_parser_impl.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <utility>

#include "core/report_decoder.hpp"

namespace {

using Clock = std::chrono::steady_clock;
constexpr double kSecondsPerCase = 0.5;  // per side
constexpr int kRounds = 10;

/// Counts events so that the parse cannot be optimized away.
struct NullHandler {
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);
  using Ec = boost::json::error_code;
  using Sv = boost::json::string_view;
  std::uint64_t events = 0;

  bool on_document_begin(Ec&) { return true; }
  bool on_document_end(Ec&) { return true; }
  bool on_object_begin(Ec&) { return ++events, true; }
  bool on_object_end(std::size_t, Ec&) { return true; }
  bool on_array_begin(Ec&) { return ++events, true; }
  bool on_array_end(std::size_t, Ec&) { return true; }
  bool on_key_part(Sv, std::size_t, Ec&) { return true; }
  bool on_key(Sv, std::size_t, Ec&) { return ++events, true; }
  bool on_string_part(Sv, std::size_t, Ec&) { return true; }
  bool on_string(Sv, std::size_t, Ec&) { return ++events, true; }
  bool on_number_part(Sv, Ec&) { return true; }
  bool on_int64(std::int64_t, Sv, Ec&) { return ++events, true; }
  bool on_uint64(std::uint64_t, Sv, Ec&) { return ++events, true; }
  bool on_double(double, Sv, Ec&) { return ++events, true; }
  bool on_bool(bool, Ec&) { return ++events, true; }
  bool on_null(Ec&) { return ++events, true; }
  bool on_comment_part(Sv, Ec&) { return true; }
  bool on_comment(Sv, Ec&) { return true; }
};

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

/// Seconds per call of `once`, measured over `seconds`.
template <class Fn>
double TimePerCall(Fn& once, double seconds) {
  std::uint64_t calls = 0;
  const auto start = Clock::now();
  std::chrono::duration<double> elapsed{0};
  while (elapsed.count() < seconds) {
    for (int i = 0; i < 64; ++i) once();
    calls += 64;
    elapsed = Clock::now() - start;
  }
  return elapsed.count() / static_cast<double>(calls);
}

/// Best seconds per call of `a` and `b`, timed in alternating short rounds
/// (kSecondsPerCase each in total) so that load from other processes hits
/// both alike; the minimum of the rounds is the least disturbed figure.
template <class A, class B>
std::pair<double, double> BestPerCall(A&& a, B&& b) {
  for (int i = 0; i < 100; ++i) a(), b();  // warm up
  double best_a = 1e9;
  double best_b = 1e9;
  for (int round = 0; round < kRounds; ++round) {
    best_a = std::min(best_a, TimePerCall(a, kSecondsPerCase / kRounds));
    best_b = std::min(best_b, TimePerCall(b, kSecondsPerCase / kRounds));
  }
  return {best_a, best_b};
}

struct Case {
  const char* label;
  const char* file;
};

}  // namespace

int main() {
  const Case cases[] = {
      {"P1S full (rdiger36)", "rdiger36-spoolman_P1S-AMS_full.json"},
      {"X1C multi-AMS full", "ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"},
      {"H2D drying full", "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json"},
      {"P1S delta-1", "rdiger36-spoolman_P1S_delta-1.json"},
  };
  boost::json::basic_parser<NullHandler> null_parser{boost::json::parse_options{}};
  bambu::ReportDecoder decoder;
  bambu::ReportUpdate out;
  std::uint64_t sink = 0;

  std::printf("%-22s %8s %12s %10s %12s %10s %7s\n", "report", "bytes", "null us/rep", "null MB/s",
              "decode us/rep", "dec MB/s", "ratio");
  for (const Case& c : cases) {
    const std::string payload = ReadFile(std::string(BAMBU_FIXTURE_DIR) + "/" + c.file);
    if (payload.empty()) {
      std::fprintf(stderr, "cannot read %s\n", c.file);
      return 1;
    }
    auto null_parse = [&] {
      boost::json::error_code ec;
      null_parser.reset();
      null_parser.write_some(false, payload.data(), payload.size(), ec);
      sink += null_parser.handler().events + (ec ? 1 : 0);
    };
    auto decode = [&] {
      const bambu::DecodeStatus status = decoder.Decode(payload, out);
      sink += out.ams.units.size() + (status.rejected ? 1 : 0);
    };
    const auto [null_s, decode_s] = BestPerCall(null_parse, decode);
    const double mb = static_cast<double>(payload.size()) / 1e6;
    std::printf("%-22s %8zu %12.2f %10.1f %12.2f %10.1f %7.2f\n", c.label, payload.size(),
                null_s * 1e6, mb / null_s, decode_s * 1e6, mb / decode_s, decode_s / null_s);
  }
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(sink));
  return 0;
}
