// The "up" rule of bambu_up and the session state behind it (metrics.md), shared by the
// metrics, the landing page and the JSON view. Every age here is on the monotonic clock
// (base/clock.hpp): a stepped wall clock changes no printer's state.
#pragma once

#include <cstdint>
#include <optional>

#include "base/clock.hpp"
#include "state/fleet.hpp"

namespace bambu {

/// How long a printer may stay silent after its session connected (and the pushall request
/// went out) before it counts as sending nothing under its serial. Bambu Studio waits 15 s for
/// a push answer (README, "Silence detection"); this is twice that.
inline constexpr double kFirstReportWindowS = 30;

/// Why bambu_up is what it is; exactly one holds (bambu_session_state).
enum class SessionState : std::uint8_t {
  kUp,            // connected and a report within stale_after
  kDisconnected,  // session down (connecting, refused, lost) or, for cloud printers, offline
  kWaiting,       // connected, no report yet, within kFirstReportWindowS of connecting
  kNoReports,     // connected, nothing under its serial for kFirstReportWindowS since connecting
  kStale,         // connected, reported since connecting, but not within stale_after
};

/// Seconds since the last report (monotonic, never negative); unset before the first.
inline std::optional<double> ReportAgeS(const PrinterEntry& printer, Instant now) {
  if (!printer.last_report_mono) return std::nullopt;
  const double age = now.mono_s - *printer.last_report_mono;
  return age > 0 ? age : 0;
}

/// How far the two clocks may drift apart between a report and now before the wall clock
/// counts as stepped (NTP at boot, a manual change), seconds.
inline constexpr double kClockStepS = 1;

/// bambu_last_report_timestamp_seconds: the wall clock when the last report arrived (the same
/// value at every scrape); once the wall clock was stepped since then, the wall clock now less
/// the monotonic age, so that time() minus it is still the true age.
inline std::optional<double> LastReportTimestamp(const PrinterEntry& printer, Instant now) {
  const std::optional<double> age = ReportAgeS(printer, now);
  if (!age || !printer.last_report_unix) return std::nullopt;
  const double wall_age = now.unix_s - *printer.last_report_unix;
  const bool stepped = wall_age - *age > kClockStepS || *age - wall_age > kClockStepS;
  return stepped ? now.unix_s - *age : *printer.last_report_unix;
}

/// Session connected and a report received within the last `stale_after_s` seconds.
inline bool IsPrinterUp(const PrinterEntry& printer, Instant now, double stale_after_s) {
  const std::optional<double> age = ReportAgeS(printer, now);
  return printer.connected && age && *age <= stale_after_s;
}

/// A report arrived since the session last connected.
inline bool ReportedSinceConnect(const PrinterEntry& printer) {
  return printer.last_report_mono.has_value() &&
         *printer.last_report_mono >= printer.session.connected_since_mono;
}

inline SessionState SessionStateOf(const PrinterEntry& printer, Instant now, double stale_after_s) {
  if (!printer.connected) return SessionState::kDisconnected;
  if (IsPrinterUp(printer, now, stale_after_s)) return SessionState::kUp;
  if (ReportedSinceConnect(printer)) return SessionState::kStale;
  return now.mono_s - printer.session.connected_since_mono < kFirstReportWindowS
             ? SessionState::kWaiting
             : SessionState::kNoReports;
}

}  // namespace bambu
