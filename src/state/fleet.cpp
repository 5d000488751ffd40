#include "state/fleet.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "base/log.hpp"
#include "report/report_topic.hpp"
#include "state/job_accounting.hpp"

namespace bambu {

Fleet::Fleet(std::size_t max_report_bytes) : decoder_(max_report_bytes) {}

PrinterEntry& Fleet::Add(PrinterIdentity identity) {
  if (PrinterEntry* existing = Find(identity.serial)) return *existing;
  if (identity.name.empty()) identity.name = identity.serial;
  auto entry = std::make_unique<PrinterEntry>();
  entry->identity = std::move(identity);
  printers_.push_back(std::move(entry));
  return *printers_.back();
}

PrinterEntry* Fleet::Find(std::string_view serial) {
  for (const auto& printer : printers_) {
    if (printer->identity.serial == serial) return printer.get();
  }
  return nullptr;
}

void Fleet::Remove(std::string_view serial) {
  std::erase_if(printers_, [serial](const std::unique_ptr<PrinterEntry>& printer) {
    return printer->identity.serial == serial;
  });
}

bool Fleet::Ingest(PrinterEntry& printer, std::string_view payload, Instant now) {
  ++printer.counters.messages_received;
  const DecodeStatus status = decoder_.Decode(payload, scratch_);
  if (status.rejected) {
    const std::string_view reason = ReasonName(*status.rejected);
    CountError(printer, reason);
    log::Warn("report rejected", {{"printer", printer.identity.name},
                                  {"reason", std::string(reason)},
                                  {"bytes", std::to_string(payload.size())}});
    return false;
  }
  if (status.fields_ignored > 0) {
    log::Debug("report fields ignored", {{"printer", printer.identity.name},
                                         {"fields", std::to_string(status.fields_ignored)}});
  }
  Merge(printer.state, scratch_);
  if (scratch_.has_print) {
    const double grams = printer.filament.Observe(printer.state, scratch_);
    printer.job.Observe(printer.state, scratch_, grams, now.unix_s);
    AccountJob(printer, scratch_);
  }
  printer.last_report_unix = now.unix_s;
  printer.last_report_mono = now.mono_s;
  return true;
}

void Fleet::CountError(PrinterEntry& printer, std::string_view reason) {
  auto& errors = printer.counters.report_errors;
  if (auto it = errors.find(reason); it != errors.end()) {
    ++it->second;
  } else {
    errors.emplace(std::string(reason), 1);
  }
}

bool IngestPrinterMessage(Fleet& fleet, PrinterEntry& printer, std::string_view topic,
                          std::string_view payload, Instant now) {
  const std::string_view serial = SerialOfReportTopic(topic);
  if (serial.empty() || serial != printer.identity.serial) {
    Fleet::CountError(printer, "unexpected_topic");
    return false;
  }
  fleet.Ingest(printer, payload, now);
  return true;
}

}  // namespace bambu
