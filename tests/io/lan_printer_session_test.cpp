// LanPrinterSession with a Fleet against a real mosquitto playing the printer's broker.
#include <doctest/doctest.h>

#include <chrono>
#include <string>

#include <boost/asio/io_context.hpp>

#include "broker_harness.hpp"
#include "io/mqtt/client_id.hpp"
#include "io/mqtt/lan_printer_session.hpp"
#include "io_test_util.hpp"
#include "state/fleet.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;
using test::OptionsFor;
using test::Recorder;
using test::RecordingSession;
using test::RunUntil;

constexpr char kSerial[] = "00M09A350100001";
const std::string kReportTopic = std::string("device/") + kSerial + "/report";
const std::string kRequestTopic = std::string("device/") + kSerial + "/request";
constexpr char kGetVersion[] = R"({"info":{"sequence_id":"0","command":"get_version"}})";
constexpr char kPushAll[] =
    R"({"pushing":{"sequence_id":"0","command":"pushall","version":1,"push_target":1}})";

std::string Fixture(const std::string& name) { return std::string(BAMBU_FIXTURE_DIR) + "/" + name; }

PrinterConfig ConfigFor(const BrokerHarness& broker, const std::string& access_code) {
  PrinterConfig config;
  config.name = "x1c";
  config.serial = kSerial;
  config.host = "127.0.0.1";
  config.port = broker.port();
  config.access_code = access_code;
  config.tls.ca_file = broker.ca_file();
  return config;
}

std::uint64_t Failures(const PrinterEntry& printer, ConnectFailure reason) {
  return printer.counters.connect_failures[static_cast<std::size_t>(reason)];
}

/// Printer "x1c" in a fresh Fleet and its session with `config` (not started yet).
struct LanRig {
  LanRig(boost::asio::io_context& io, PrinterConfig config, WatchdogOptions watchdog = {})
      : printer(fleet.Add({"x1c", kSerial, Transport::kLan})),
        session(io.get_executor(), fleet, printer, std::move(config), ReadClocks, watchdog) {}

  Fleet fleet;
  PrinterEntry& printer;
  LanPrinterSession session;
};

std::vector<std::string> Requests(const Recorder& rec) {
  return test::PayloadsOn(rec, kRequestTopic);
}

std::shared_ptr<MqttSession> StartObserver(boost::asio::io_context& io, BrokerHarness& broker,
                                           Recorder& rec) {
  return test::StartObserver(io, broker, rec, kRequestTopic);
}

}  // namespace

TEST_CASE("LanPrinterSession requests version and pushall, and feeds reports to the Fleet") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  Recorder observed;
  auto observer = StartObserver(io, broker, observed);

  LanRig rig(io, ConfigFor(broker, broker.password()));
  PrinterEntry& printer = rig.printer;
  LanPrinterSession& session = rig.session;
  session.Start();
  REQUIRE(RunUntil(
      io, [&] { return Requests(observed).size() >= 2; }, 15));
  CHECK(printer.connected);
  CHECK(printer.counters.connects == 1);
  auto requests = Requests(observed);
  CHECK(requests[0] == kGetVersion);
  CHECK(requests[1] == kPushAll);

  // A real X1C full report lands in the merged state.
  std::string file = Fixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json");
  REQUIRE(RunUntil(
      io, [&] { return printer.state.has_report; }, 15,
      [&] { broker.PublishFile(kReportTopic, file); }));
  CHECK(printer.state.nozzle_temper == 26.0);
  CHECK(printer.state.bed_temper == 23.0);
  CHECK(printer.state.gcode_state == "FINISH");
  CHECK(printer.state.units.size() == 4);
  CHECK(printer.state.units.at(0).trays.at(3).remain == 83);
  CHECK(printer.state.units.at(1).trays.at(0).remain == 21);
  CHECK(printer.counters.messages_received >= 1);
  CHECK(printer.counters.report_errors.empty());
  CHECK(printer.last_report_unix.has_value());

  session.Stop();
  CHECK_FALSE(printer.connected);
  observer->Stop();
}

TEST_CASE("LanPrinterSession counts every attempt refused for a wrong access code") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  LanRig rig(io, ConfigFor(broker, "99999999"));
  PrinterEntry& printer = rig.printer;
  LanPrinterSession& session = rig.session;
  session.Start();
  // Retries after 1, 2, 4 s: the counter follows the broker's own count of refused CONNECTs.
  auto refused = [&] { return broker.LogLines("disconnected, not authorised"); };
  REQUIRE(RunUntil(
      io,
      [&] {
        const auto counted = Failures(printer, ConnectFailure::kBadCredentials);
        return counted >= 3 && static_cast<int>(counted) == refused();
      },
      20));
  CHECK_FALSE(printer.connected);
  CHECK(printer.counters.connects == 0);
  CHECK(printer.counters.disconnects == 0);
  CHECK(Failures(printer, ConnectFailure::kUnreachable) == 0);
  CHECK(Failures(printer, ConnectFailure::kOther) == 0);
  session.Stop();
}

TEST_CASE("client ids: one per printer and process, the same on every call") {
  const std::string id = LanClientId(kSerial);
  CHECK(id == LanClientId(kSerial));
  CHECK(id == "bambu_exporter_" + std::string(kSerial) + "_" + std::string(InstanceId()));
  CHECK(InstanceId().size() == 8);
  CHECK(InstanceId().find_first_not_of("0123456789abcdef") == std::string_view::npos);
  CHECK(LanClientId("01P00A000000002") != id);
  CHECK(CloudClientId() == "bambu_exporter_" + std::string(InstanceId()));
}

TEST_CASE("LanPrinterSession counts a session the broker closes as a disconnect") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  LanRig rig(io, ConfigFor(broker, broker.password()));
  PrinterEntry& printer = rig.printer;
  LanPrinterSession& session = rig.session;
  session.Start();
  REQUIRE(RunUntil(
      io, [&] { return printer.connected; }, 15));
  // A client with the session's own id makes mosquitto close the session (a takeover).
  Recorder kicker_seen;
  auto kicker = RecordingSession(io, OptionsFor(broker, LanClientId(kSerial)), kicker_seen, "x");
  kicker->Start();
  REQUIRE(RunUntil(
      io, [&] { return kicker_seen.connected == 1; }, 15));
  kicker->Stop();
  REQUIRE(RunUntil(
      io, [&] { return printer.connected && printer.counters.connects == 2; }, 15));
  CHECK(printer.counters.disconnects == 1);
  CHECK(printer.counters.reconnects == 1);
  for (std::uint64_t failures : printer.counters.connect_failures) CHECK(failures == 0);
  session.Stop();
}

TEST_CASE("LanPrinterSession counts an untrusted printer certificate as a TLS failure") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  PrinterConfig config = ConfigFor(broker, broker.password());
  config.tls.ca_file = broker.MakeForeignCa();
  LanRig rig(io, config);
  PrinterEntry& printer = rig.printer;
  LanPrinterSession& session = rig.session;
  session.Start();
  REQUIRE(RunUntil(
      io, [&] { return Failures(printer, ConnectFailure::kTls) > 0; }, 15));
  CHECK_FALSE(printer.connected);
  session.Stop();
}

TEST_CASE("LanPrinterSession re-requests pushall when the printer stays silent") {
  BrokerHarness broker(kSerial);
  boost::asio::io_context io;
  Recorder observed;
  auto observer = StartObserver(io, broker, observed);

  WatchdogOptions watchdog;
  watchdog.silence_s = 1;
  watchdog.min_push_interval_s = 1;
  LanRig rig(io, ConfigFor(broker, broker.password()), watchdog);
  LanPrinterSession& session = rig.session;
  session.Start();
  // get_version + pushall on connect, then a watchdog pushall (checked every 5 s).
  REQUIRE(RunUntil(
      io, [&] { return Requests(observed).size() >= 3; }, 20));
  auto requests = Requests(observed);
  CHECK(requests[0] == kGetVersion);
  CHECK(requests[1] == kPushAll);
  CHECK(requests[2] == kPushAll);
  session.Stop();
  observer->Stop();
}

}  // namespace bambu
