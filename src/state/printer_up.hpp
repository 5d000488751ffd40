// The "up" rule of bambu_up and the session state behind it (metrics.md), shared by the
// metrics, the landing page and the JSON view.
#pragma once

#include <cstdint>

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

/// Session connected and a report received within the last `stale_after_s` seconds.
inline bool IsPrinterUp(const PrinterEntry& printer, double now_unix, double stale_after_s) {
  return printer.connected && printer.last_report_unix.has_value() &&
         now_unix - *printer.last_report_unix <= stale_after_s;
}

/// A report arrived since the session last connected.
inline bool ReportedSinceConnect(const PrinterEntry& printer) {
  return printer.last_report_unix.has_value() &&
         *printer.last_report_unix >= printer.session.connected_since_unix;
}

inline SessionState SessionStateOf(const PrinterEntry& printer, double now_unix,
                                   double stale_after_s) {
  if (!printer.connected) return SessionState::kDisconnected;
  if (IsPrinterUp(printer, now_unix, stale_after_s)) return SessionState::kUp;
  if (ReportedSinceConnect(printer)) return SessionState::kStale;
  return now_unix - printer.session.connected_since_unix < kFirstReportWindowS
             ? SessionState::kWaiting
             : SessionState::kNoReports;
}

}  // namespace bambu
