// The two clocks of the exporter, read once per event and handed to the pure core as one value:
// the wall clock only for timestamps that are exported (bambu_last_report_timestamp_seconds, a
// job's start), the monotonic clock for every duration (staleness, watchdogs, retries, the
// first-report window), so a stepped system clock (NTP at boot, a manual change) moves no
// duration (docs/architecture.md, "Time").
#pragma once

namespace bambu {

struct Instant {
  double unix_s = 0;  // wall clock, seconds since the Unix epoch (may jump)
  double mono_s = 0;  // monotonic clock, seconds since an arbitrary start (never jumps)
};

/// Both clocks now (system_clock and steady_clock). Only the I/O edges and main call it; the
/// pure stages get the value passed in.
Instant ReadClocks();

}  // namespace bambu
