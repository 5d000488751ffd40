// Shared helpers of the benchmarks: timing (best of alternating rounds),
// heap allocation counts, fixture loading and the null-handler JSON parse
// that is the throughput limit of a SAX design. Figures only; no asserts.
#pragma once

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace bambu::bench {

/// Scales every timed phase; `--quick` (for callgrind) sets it to 0.02.
extern double g_time_scale;

/// Heap allocations (operator new calls) since the program started.
std::uint64_t AllocationCount();
/// Turns byte accounting on (off by default, so that timed loops stay cheap).
/// Blocks allocated while it is off and freed while it is on skew the figure:
/// measure only work that starts and ends with it on.
void TrackHeapBytes(bool on);
/// Heap bytes allocated through operator new and not yet freed (usable sizes).
std::int64_t LiveHeapBytes();
/// Highest LiveHeapBytes() since the last ResetPeakHeap().
std::int64_t PeakHeapBytes();
void ResetPeakHeap();

/// Reads tests/fixtures/`name`; exits the program when the file is missing.
std::string ReadFixture(const std::string& name);

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

/// A reusable basic_parser with the null handler.
class NullParser {
 public:
  NullParser();
  ~NullParser();
  /// Parses `bytes`; returns the number of events plus 1 on error.
  std::uint64_t Parse(const std::string& bytes);

 private:
  struct Impl;
  Impl* impl_;
};

using Clock = std::chrono::steady_clock;

/// Seconds per call of `once`, measured over about `seconds`.
template <class Fn>
double TimePerCall(Fn& once, double seconds) {
  std::uint64_t calls = 0;
  const auto start = Clock::now();
  std::chrono::duration<double> elapsed{0};
  do {
    for (int i = 0; i < 16; ++i) once();
    calls += 16;
    elapsed = Clock::now() - start;
  } while (elapsed.count() < seconds);
  return elapsed.count() / static_cast<double>(calls);
}

/// Best and worst of `rounds` rounds, seconds per call.
struct Spread {
  double best = 1e9;
  double worst = 0;
  void Add(double s) { best = std::min(best, s), worst = std::max(worst, s); }
};

/// Best seconds per call of `a` and `b`, timed in alternating rounds (`seconds`
/// per side in total, scaled by g_time_scale) so that load from other
/// processes hits both alike; the minimum of the rounds is the least disturbed.
template <class A, class B>
std::pair<Spread, Spread> BestPerCall(A&& a, B&& b, double seconds = 1.0, int rounds = 10) {
  for (int i = 0; i < 50; ++i) a(), b();  // warm up: caches, buffers, branch predictors
  Spread sa, sb;
  const double per_round = seconds * g_time_scale / rounds;
  for (int round = 0; round < rounds; ++round) {
    sa.Add(TimePerCall(a, per_round));
    sb.Add(TimePerCall(b, per_round));
  }
  return {sa, sb};
}

/// Heap allocations per call of `once`, averaged over `calls` calls.
template <class Fn>
double AllocationsPerCall(Fn& once, int calls = 200) {
  const std::uint64_t before = AllocationCount();
  for (int i = 0; i < calls; ++i) once();
  return static_cast<double>(AllocationCount() - before) / calls;
}

}  // namespace bambu::bench
