// The printers the exporter follows: identity, merged state, session status
// and per-printer counters. Owned by the event-loop thread; no locks.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "report/report_decoder.hpp"
#include "state/filament_usage.hpp"
#include "state/print_job.hpp"
#include "state/printer_state.hpp"

namespace bambu {

struct PrinterIdentity {
  std::string name;  // configured name; defaults to the serial
  std::string serial;
  std::string transport;  // "lan" or "cloud"
};

struct PrinterCounters {
  std::uint64_t messages_received = 0;  // reports received (accepted or not)
  std::uint64_t reconnects = 0;         // (re)connects after the first
  std::uint64_t connects = 0;           // successful connects, first included
  std::map<std::string, std::uint64_t, std::less<>> report_errors;  // by reason
  // failed connection attempts by kind: "bad_credentials", "tls", "unreachable", "other"
  std::map<std::string, std::uint64_t, std::less<>> connect_failures;
};

struct PrinterEntry {
  PrinterIdentity identity;
  PrinterState state;
  PrinterCounters counters;
  FilamentUsage filament;  // grams used, from the merged state (protocol.md §5.16)
  PrintJob job;            // the current or last job (protocol.md §5.19)
  bool connected = false;
  std::optional<double> last_report_unix;  // seconds since epoch
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
  bool Ingest(PrinterEntry& printer, std::string_view payload, double now_unix);

  void MarkConnected(PrinterEntry& printer);
  void MarkDisconnected(PrinterEntry& printer);
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
                          std::string_view payload, double now_unix);

}  // namespace bambu
