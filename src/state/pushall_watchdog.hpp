// When to ask a printer for its whole state again (pushall): P1/A1/H2 printers
// send only deltas, so a session that missed reports (a reconnect, a printer
// reboot, a broker restart) keeps a partial state until the next full report.
// Shared by the LAN and cloud sessions; pure (the caller owns the clock and
// the timer).
#pragma once

namespace bambu {

struct WatchdogOptions {
  double silence_s = 60;             // no report this long → request pushall
  double min_push_interval_s = 300;  // never push a printer more often
};

class PushAllWatchdog {
 public:
  explicit PushAllWatchdog(WatchdogOptions options = {}) : options_(options) {}

  /// A report arrived, or the session (re)connected, at `now` (monotonic seconds, base/clock.hpp).
  void OnActivity(double now) { last_activity_ = now; }
  /// A pushall was requested at `now`.
  void OnPushAll(double now) { last_push_ = now; }
  /// True when the printer has been silent for silence_s and was not pushed within
  /// min_push_interval_s.
  bool Due(double now) const {
    return now - last_activity_ >= options_.silence_s &&
           now - last_push_ >= options_.min_push_interval_s;
  }

 private:
  WatchdogOptions options_;
  double last_activity_ = 0;
  double last_push_ = -1e300;
};

}  // namespace bambu
