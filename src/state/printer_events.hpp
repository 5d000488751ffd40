// What the I/O edges tell the core about a printer, as typed events: its MQTT session connected,
// a connect attempt failed (with a typed reason), the session was lost or stopped, the printer's
// cloud presence changed, a message arrived, the cloud device list named it. These functions are
// the only writers of a PrinterEntry's session status and counters (and, with Fleet::Ingest, of
// its state); the sessions in src/io only report. Everything runs on the event-loop thread.
#pragma once

#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "state/connect_failure.hpp"
#include "state/fleet.hpp"

namespace bambu {

/// The MQTT session carrying `printer` (its LAN session, or the cloud account's) connected at
/// `now`. Counts a connect (and a reconnect after the first) when the printer becomes connected.
void OnSessionConnected(PrinterEntry& printer, Instant now);

/// One connect attempt of that session failed: counted once under `reason`.
void OnConnectFailed(PrinterEntry& printer, ConnectFailure reason);

/// The established session was lost (closed by the broker, keepalive expired, socket error):
/// counted as a disconnect, never as a connect failure. Ignored when it was not connected.
void OnConnectionLost(PrinterEntry& printer);

/// The session was ended because its broker announced an MQTT packet over the limit: counted in
/// report_errors as "packet_too_large" (the loss itself goes to OnConnectionLost).
void OnPacketRefused(PrinterEntry& printer);

/// The session was stopped on purpose (reload, new credentials, shutdown): nothing is counted.
void OnSessionStopped(PrinterEntry& printer);

/// The printer's cloud presence (bind list `online`, client.connected / client.disconnected
/// events) at `now`; a cloud printer is connected while its session is and it is online.
void OnPresence(PrinterEntry& printer, bool online, Instant now);

/// A report for a cloud printer: ingested (Fleet::Ingest); a presence event in it is applied
/// with OnPresence and logged when it changes the printer's presence.
void IngestCloudReport(Fleet& fleet, PrinterEntry& printer, std::string_view payload, Instant now);

/// Logs a warning, once per connect, naming the printer and its serial when the session has
/// been connected for kFirstReportWindowS (printer_up.hpp) and nothing arrived under the serial:
/// most often a mistyped serial (README, Troubleshooting). Call it periodically.
void CheckFirstReport(PrinterEntry& printer, Instant now);

/// The printer's name changed (config or cloud device list).
void OnRenamed(PrinterEntry& printer, std::string name);

/// The cloud device list's model: it fills bambu_printer_info until get_version says otherwise.
void OnListedModel(PrinterEntry& printer, std::string_view model);

}  // namespace bambu
