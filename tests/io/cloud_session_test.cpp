// CloudSession against a real mosquitto standing in for the Bambu cloud broker
// (TLS with a certificate naming 127.0.0.1, user u_{uid}, the token as password):
// state requests on connect, and the pushall watchdog for a silent printer.
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "broker_harness.hpp"
#include "core/fleet.hpp"
#include "io/cloud_session.hpp"
#include "io_test_util.hpp"

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

double WallClock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

CloudDevice OnlineDevice() {
  CloudDevice device;
  device.serial = kSerial;
  device.name = "farm-p1s";
  device.online = true;
  return device;
}

}  // namespace

TEST_CASE("CloudSession re-requests pushall when an online printer stays silent") {
  BrokerHarness broker(kSerial, std::string("u_") + kUid, kToken, "IP:127.0.0.1,DNS:localhost");
  boost::asio::io_context io;
  Recorder observed;
  auto observer = test::StartObserver(io, broker, observed, kRequestTopic);

  Fleet fleet;
  CloudSessionOptions options;
  options.broker_uri = broker.uri();
  options.ca_file = broker.ca_file();
  options.watchdog.silence_s = 1;
  options.watchdog.min_push_interval_s = 1;
  CloudSession session(io.get_executor(), fleet, options, WallClock);
  session.SetToken(kToken);
  session.SetUid(kUid);
  session.SetDevices({OnlineDevice()});
  // get_version + pushall on connect, then a watchdog pushall (checked every 5 s).
  REQUIRE(RunUntil(
      io, [&] { return test::PayloadsOn(observed, kRequestTopic).size() >= 3; }, 20));
  const auto requests = test::PayloadsOn(observed, kRequestTopic);
  CHECK(requests[0] == kGetVersion);
  CHECK(requests[1] == kPushAll);
  CHECK(requests[2] == kPushAll);
  const PrinterEntry* printer = fleet.Find(kSerial);
  REQUIRE(printer != nullptr);
  CHECK(printer->connected);
  CHECK(printer->identity.transport == "cloud");
  session.Stop();
  observer->Stop();
}

TEST_CASE("CloudSession sends no watchdog pushall to a printer that keeps reporting") {
  BrokerHarness broker(kSerial, std::string("u_") + kUid, kToken, "IP:127.0.0.1,DNS:localhost");
  boost::asio::io_context io;
  Recorder observed;
  auto observer = test::StartObserver(io, broker, observed, kRequestTopic);

  Fleet fleet;
  CloudSessionOptions options;
  options.broker_uri = broker.uri();
  options.ca_file = broker.ca_file();
  options.watchdog.silence_s = 4;
  options.watchdog.min_push_interval_s = 1;
  CloudSession session(io.get_executor(), fleet, options, WallClock);
  session.SetToken(kToken);
  session.SetUid(kUid);
  session.SetDevices({OnlineDevice()});
  REQUIRE(RunUntil(
      io, [&] { return test::PayloadsOn(observed, kRequestTopic).size() >= 2; }, 20));
  // A report about every half second for 12 s: two watchdog checks, never 4 s of silence.
  const std::string report = R"({"print":{"msg":1,"bed_temper":60}})";
  const auto start = std::chrono::steady_clock::now();
  RunUntil(
      io, [&] { return std::chrono::steady_clock::now() - start > std::chrono::seconds(12); }, 15,
      [&] { broker.Publish(std::string("device/") + kSerial + "/report", report); });
  CHECK(test::PayloadsOn(observed, kRequestTopic).size() == 2);
  const PrinterEntry* printer = fleet.Find(kSerial);
  REQUIRE(printer != nullptr);
  CHECK(printer->counters.messages_received >= 5);
  session.Stop();
  observer->Stop();
}

}  // namespace bambu
