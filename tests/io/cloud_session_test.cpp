// CloudSession against a real mosquitto standing in for the Bambu cloud broker
// (TLS with a certificate naming 127.0.0.1, user u_{uid}, the token as password):
// state requests on connect, and the pushall watchdog for a silent printer.
#include <doctest/doctest.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "broker_harness.hpp"
#include "io/cloud/cloud_session.hpp"
#include "io_test_util.hpp"
#include "state/fleet.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;
using test::Recorder;
using test::RunUntil;

constexpr char kSerial[] = "01P00A000000042";
constexpr char kUid[] = "1234567890";
constexpr char kToken[] = "cloud-token-for-tests";
const std::string kRequestTopic = std::string("device/") + kSerial + "/request";
constexpr char kGetVersion[] = R"({"info":{"sequence_id":"0","command":"get_version"}})";
constexpr char kPushAll[] =
    R"({"pushing":{"sequence_id":"0","command":"pushall","version":1,"push_target":1}})";

CloudDevice OnlineDevice() {
  CloudDevice device;
  device.serial = kSerial;
  device.name = "farm-p1s";
  device.online = true;
  return device;
}

/// mosquitto as the cloud broker, an observer on the printer's request topic, and a
/// CloudSession following one online printer with the given watchdog silence.
struct CloudRig {
  BrokerHarness broker{kSerial, std::string("u_") + kUid, kToken, "IP:127.0.0.1,DNS:localhost"};
  boost::asio::io_context io;
  Recorder observed;
  std::shared_ptr<MqttSession> observer = test::StartObserver(io, broker, observed, kRequestTopic);
  Fleet fleet;
  std::unique_ptr<CloudSession> session;

  explicit CloudRig(double silence_s) {
    CloudSessionOptions options;
    options.broker_uri = broker.uri();
    options.ca_file = broker.ca_file();
    options.watchdog.silence_s = silence_s;
    options.watchdog.min_push_interval_s = 1;
    session = std::make_unique<CloudSession>(io.get_executor(), fleet, options, ReadClocks);
    session->SetToken(kToken);
    session->SetUid(kUid);
    session->SetDevices({OnlineDevice()});
  }
  ~CloudRig() {
    session->Stop();
    observer->Stop();
  }
  std::vector<std::string> Requests() const { return test::PayloadsOn(observed, kRequestTopic); }
};

}  // namespace

TEST_CASE("CloudSession re-requests pushall when an online printer stays silent") {
  CloudRig rig(1);
  // get_version + pushall on connect, then a watchdog pushall (checked every 5 s).
  REQUIRE(RunUntil(
      rig.io, [&] { return rig.Requests().size() >= 3; }, 20));
  const auto requests = rig.Requests();
  CHECK(requests[0] == kGetVersion);
  CHECK(requests[1] == kPushAll);
  CHECK(requests[2] == kPushAll);
  const PrinterEntry* printer = rig.fleet.Find(kSerial);
  REQUIRE(printer != nullptr);
  CHECK(printer->connected);
  CHECK(printer->identity.transport == Transport::kCloud);
}

TEST_CASE("CloudSession sends no watchdog pushall to a printer that keeps reporting") {
  CloudRig rig(4);
  REQUIRE(RunUntil(
      rig.io, [&] { return rig.Requests().size() >= 2; }, 20));
  // A report about every half second for 12 s: two watchdog checks, never 4 s of silence.
  const std::string report = R"({"print":{"msg":1,"bed_temper":60}})";
  const auto start = std::chrono::steady_clock::now();
  RunUntil(
      rig.io, [&] { return std::chrono::steady_clock::now() - start > std::chrono::seconds(12); },
      15, [&] { rig.broker.Publish(std::string("device/") + kSerial + "/report", report); });
  CHECK(rig.Requests().size() == 2);
  const PrinterEntry* printer = rig.fleet.Find(kSerial);
  REQUIRE(printer != nullptr);
  CHECK(printer->counters.messages_received >= 5);
}

}  // namespace bambu
