// The core's printer events: connects, reconnects, connect failures by typed reason, lost and
// stopped sessions, cloud presence, and the cloud device list's name and model.
#include "state/printer_events.hpp"

#include <doctest/doctest.h>

#include <string>

#include "state/printer_up.hpp"
#include "test_clock.hpp"

namespace bambu {
namespace {

std::uint64_t Failures(const PrinterEntry& printer, ConnectFailure reason) {
  return printer.counters.connect_failures[static_cast<std::size_t>(reason)];
}

}  // namespace

TEST_CASE("connects, reconnects, disconnects and the connected flag") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  CHECK_FALSE(printer.connected);
  OnSessionConnected(printer, test::At(100));
  CHECK(printer.connected);
  CHECK(printer.session.connected_since_mono == 100);
  CHECK(printer.counters.connects == 1);
  CHECK(printer.counters.reconnects == 0);
  OnConnectionLost(printer);
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.disconnects == 1);
  OnConnectionLost(printer);  // not connected: nothing to lose
  CHECK(printer.counters.disconnects == 1);
  OnSessionConnected(printer, test::At(200));
  OnSessionStopped(printer);  // on purpose: not a disconnect
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.disconnects == 1);
  OnSessionConnected(printer, test::At(300));
  CHECK(printer.connected);
  CHECK(printer.session.connected_since_mono == 300);
  CHECK(printer.counters.connects == 3);
  CHECK(printer.counters.reconnects == 2);
  for (ConnectFailure reason : {ConnectFailure::kBadCredentials, ConnectFailure::kTls,
                                ConnectFailure::kUnreachable, ConnectFailure::kOther}) {
    CHECK(Failures(printer, reason) == 0);
  }
}

TEST_CASE("every failed connect attempt is counted once under its reason") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  for (int i = 0; i < 6; ++i) OnConnectFailed(printer, ConnectFailure::kBadCredentials);
  OnConnectFailed(printer, ConnectFailure::kTls);
  OnConnectFailed(printer, ConnectFailure::kUnreachable);
  OnConnectFailed(printer, ConnectFailure::kUnreachable);
  CHECK(Failures(printer, ConnectFailure::kBadCredentials) == 6);
  CHECK(Failures(printer, ConnectFailure::kTls) == 1);
  CHECK(Failures(printer, ConnectFailure::kUnreachable) == 2);
  CHECK(Failures(printer, ConnectFailure::kOther) == 0);
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.connects == 0);
  CHECK(printer.counters.disconnects == 0);
}

TEST_CASE("a cloud printer is connected while its session is up and it is online") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_C", Transport::kCloud});
  OnPresence(printer, false, test::At(10));
  OnSessionConnected(printer, test::At(20));
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.connects == 0);
  OnPresence(printer, true, test::At(30));
  CHECK(printer.connected);
  CHECK(printer.session.connected_since_mono == 30);
  CHECK(printer.counters.connects == 1);
  OnPresence(printer, false, test::At(40));  // offline: not connected, and not a lost session
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.disconnects == 0);
  OnPresence(printer, true, test::At(50));
  CHECK(printer.counters.reconnects == 1);
  OnConnectionLost(printer);
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.disconnects == 1);
}

TEST_CASE("IngestCloudReport applies presence events and ingests reports") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_C", Transport::kCloud});
  OnSessionConnected(printer, test::At(10));
  CHECK(printer.connected);
  IngestCloudReport(fleet, printer, R"({"event":{"event":"client.disconnected"}})", test::At(20));
  CHECK_FALSE(printer.connected);
  CHECK_FALSE(printer.session.online);
  IngestCloudReport(fleet, printer, R"({"print":{"bed_temper":12,"msg":1}})", test::At(30));
  CHECK_FALSE(printer.connected);  // a report is no presence event
  CHECK(printer.state.bed_temper == 12.0);
  IngestCloudReport(fleet, printer, R"({"event":{"event":"client.connected"}})", test::At(40));
  CHECK(printer.connected);
  CHECK(printer.counters.connects == 2);
  CHECK(printer.counters.messages_received == 3);
}

TEST_CASE("names and listed models") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_C", Transport::kCloud});
  OnRenamed(printer, "garage");
  CHECK(printer.identity.name == "garage");
  OnRenamed(printer, "");
  CHECK(printer.identity.name == "SERIAL_C");
  OnListedModel(printer, "P1S");
  CHECK(printer.state.version.model == "P1S");
  OnListedModel(printer, "X1C");  // the first model stays until get_version replaces it
  CHECK(printer.state.version.model == "P1S");
}

TEST_CASE("session state: waiting, no_reports after the first-report window, up, stale") {
  constexpr double kStale = 300;
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  CHECK(SessionStateOf(printer, test::At(1000), kStale) == SessionState::kDisconnected);
  OnSessionConnected(printer, test::At(1000));
  CHECK(SessionStateOf(printer, test::At(1000), kStale) == SessionState::kWaiting);
  CHECK(SessionStateOf(printer, test::At(1000 + kFirstReportWindowS - 1), kStale) ==
        SessionState::kWaiting);
  CHECK(SessionStateOf(printer, test::At(1000 + kFirstReportWindowS), kStale) ==
        SessionState::kNoReports);
  CheckFirstReport(printer, test::At(1000 + kFirstReportWindowS - 1));
  CHECK_FALSE(printer.session.no_report_warned);
  CheckFirstReport(printer, test::At(1000 + kFirstReportWindowS));
  CHECK(printer.session.no_report_warned);  // logged once; a reconnect re-arms it

  REQUIRE(fleet.Ingest(printer, R"({"print":{"bed_temper":12,"msg":1}})", test::At(1100)));
  CHECK(SessionStateOf(printer, test::At(1100), kStale) == SessionState::kUp);
  CHECK(SessionStateOf(printer, test::At(1100 + kStale + 1), kStale) == SessionState::kStale);

  OnConnectionLost(printer);
  CHECK(SessionStateOf(printer, test::At(1200), kStale) == SessionState::kDisconnected);
  OnSessionConnected(printer, test::At(1200));
  CHECK_FALSE(printer.session.no_report_warned);
  // The report from before the reconnect still counts for bambu_up while it is fresh...
  CHECK(SessionStateOf(printer, test::At(1250), kStale) == SessionState::kUp);
  // ...but not as a report since connecting.
  CHECK(SessionStateOf(printer, test::At(1100 + kStale + 1), kStale) == SessionState::kNoReports);
  CheckFirstReport(printer, test::At(1100 + kStale + 1));
  CHECK(printer.session.no_report_warned);
}

TEST_CASE("a printer that reports in time is never warned about") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"", "SERIAL_A", Transport::kLan});
  OnSessionConnected(printer, test::At(1000));
  REQUIRE(fleet.Ingest(printer, R"({"print":{"bed_temper":12,"msg":1}})", test::At(1005)));
  CheckFirstReport(printer, test::At(1000 + 10 * kFirstReportWindowS));
  CHECK_FALSE(printer.session.no_report_warned);
  OnSessionStopped(printer);
  CheckFirstReport(printer, test::At(1000 + 20 * kFirstReportWindowS));  // not connected
  CHECK_FALSE(printer.session.no_report_warned);
}

}  // namespace bambu
