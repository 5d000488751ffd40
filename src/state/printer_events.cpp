#include "state/printer_events.hpp"

#include <cmath>
#include <utility>

#include "base/log.hpp"
#include "state/printer_up.hpp"

namespace bambu {
namespace {

/// connected = link_up && online; a change to connected starts a new connect.
void Refresh(PrinterEntry& printer, Instant now) {
  const bool connected = printer.session.link_up && printer.session.online;
  if (connected == printer.connected) return;
  printer.connected = connected;
  if (!connected) return;
  ++printer.counters.connects;
  if (printer.counters.connects > 1) ++printer.counters.reconnects;
  printer.session.connected_since_mono = now.mono_s;
  printer.session.no_report_warned = false;
}

}  // namespace

void OnSessionConnected(PrinterEntry& printer, Instant now) {
  printer.session.link_up = true;
  Refresh(printer, now);
}

void OnConnectFailed(PrinterEntry& printer, ConnectFailure reason) {
  ++printer.counters.connect_failures[static_cast<std::size_t>(reason)];
  printer.session.link_up = false;
  Refresh(printer, {});
}

void OnConnectionLost(PrinterEntry& printer) {
  if (!printer.session.link_up) return;
  ++printer.counters.disconnects;
  printer.session.link_up = false;
  Refresh(printer, {});
}

void OnPacketRefused(PrinterEntry& printer) { Fleet::CountError(printer, "packet_too_large"); }

void OnSessionStopped(PrinterEntry& printer) {
  printer.session.link_up = false;
  Refresh(printer, {});
}

void OnPresence(PrinterEntry& printer, bool online, Instant now) {
  printer.session.online = online;
  Refresh(printer, now);
}

void IngestCloudReport(Fleet& fleet, PrinterEntry& printer, std::string_view payload, Instant now) {
  std::optional<bool>& presence = printer.state.cloud_online;
  presence.reset();  // set again only when this message is a presence event
  fleet.Ingest(printer, payload, now);
  if (!presence || *presence == printer.session.online) return;
  log::Info(*presence ? "printer online in the cloud" : "printer offline in the cloud",
            {{"printer", printer.identity.name}, {"serial", printer.identity.serial}});
  OnPresence(printer, *presence, now);
}

void CheckFirstReport(PrinterEntry& printer, Instant now) {
  if (!printer.connected || printer.session.no_report_warned || ReportedSinceConnect(printer)) {
    return;
  }
  const double waited = now.mono_s - printer.session.connected_since_mono;
  if (waited < kFirstReportWindowS) return;
  printer.session.no_report_warned = true;
  log::Warn("no report from the printer since connecting: check its serial",
            {{"printer", printer.identity.name},
             {"serial", printer.identity.serial},
             {"waited_s", std::to_string(static_cast<long>(std::floor(waited)))}});
}

void OnRenamed(PrinterEntry& printer, std::string name) {
  printer.identity.name = name.empty() ? printer.identity.serial : std::move(name);
}

void OnListedModel(PrinterEntry& printer, std::string_view model) {
  if (!printer.state.version.model && !model.empty()) printer.state.version.model = model;
}

}  // namespace bambu
