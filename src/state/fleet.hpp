// The printers the exporter follows: identity, merged state, session status
// and per-printer counters. Owned by the event-loop thread; no locks.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.hpp"
#include "report/report_decoder.hpp"
#include "state/connect_failure.hpp"
#include "state/filament_usage.hpp"
#include "state/job_tracker.hpp"
#include "state/print_job.hpp"
#include "state/printer_state.hpp"

namespace bambu {

/// How the exporter reaches a printer: its own LAN MQTT session, or the cloud account's session.
enum class Transport : std::uint8_t { kLan, kCloud };

struct PrinterIdentity {
  std::string name;  // configured name; defaults to the serial
  std::string serial;
  Transport transport = Transport::kLan;
};

struct PrinterCounters {
  std::uint64_t messages_received = 0;  // reports received (accepted or not)
  std::uint64_t reconnects = 0;         // (re)connects after the first
  std::uint64_t connects = 0;           // successful connects, first included
  std::uint64_t disconnects = 0;        // established sessions lost (not stopped on purpose)
  std::map<std::string, std::uint64_t, std::less<>> report_errors;  // by reason
  // failed connection attempts, indexed by ConnectFailure
  std::array<std::uint64_t, kConnectFailureKinds> connect_failures{};
};

/// The session side of a printer, written only by state/printer_events.hpp.
struct SessionStatus {
  bool link_up = false;             // the MQTT session carrying the printer is connected
  bool online = true;               // cloud presence; LAN printers are always online
  double connected_since_mono = 0;  // monotonic seconds when `connected` last became true
  bool no_report_warned = false;    // the "no report since connecting" warning was logged
};

struct PrinterEntry {
  PrinterIdentity identity;
  PrinterState state;
  PrinterCounters counters;
  FilamentUsage filament;  // grams used, from the merged state (protocol.md §5.16)
  PrintJob job;            // the current or last job (protocol.md §5.19)
  JobTracker tracker;      // its plan, mapping and end, for the accounting (protocol.md §7)
  SessionStatus session;
  bool connected = false;                  // session.link_up && session.online
  std::optional<double> last_report_unix;  // wall clock of the last report, seconds since epoch
  std::optional<double> last_report_mono;  // monotonic clock of the last report (ages, staleness)
};

class Fleet {
 public:
  explicit Fleet(std::size_t max_report_bytes = ReportDecoder::kDefaultMaxBytes);

  /// Adds a printer (or returns the existing one with that serial).
  PrinterEntry& Add(PrinterIdentity identity);
  PrinterEntry* Find(std::string_view serial);
  /// Removes a printer and all its series.
  void Remove(std::string_view serial);

  /// Decodes and merges one report payload; counts it and any rejection.
  /// Returns false when the report was rejected.
  bool Ingest(PrinterEntry& printer, std::string_view payload, Instant now);

  /// Counts a rejection that happened before decoding (e.g. wrong topic).
  static void CountError(PrinterEntry& printer, std::string_view reason);

  const std::vector<std::unique_ptr<PrinterEntry>>& printers() const { return printers_; }

 private:
  std::vector<std::unique_ptr<PrinterEntry>> printers_;  // in insertion order
  ReportDecoder decoder_;
  ReportUpdate scratch_;  // reused between reports
};

/// A message that arrived for `printer` on `topic`: on the printer's own report topic it is
/// ingested (Fleet::Ingest, which counts and may reject it); on any other topic it is counted
/// in report_errors as "unexpected_topic" and changes nothing else. Returns true when the
/// topic was the printer's report topic.
bool IngestPrinterMessage(Fleet& fleet, PrinterEntry& printer, std::string_view topic,
                          std::string_view payload, Instant now);

}  // namespace bambu
