// MqttSession against a real mosquitto (TLS + password).
#include <doctest/doctest.h>

#include <chrono>
#include <string>
#include <vector>

#include "broker_harness.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io_test_util.hpp"

namespace bambu {
namespace {

using test::BrokerHarness;
using test::OptionsFor;
using test::Recorder;
using test::RecordingSession;
using test::RunUntil;

const std::string kTopic = "device/01P00A000000001/report";
const std::string kPayload = R"({"print":{"nozzle_temper":221.5,"msg":1}})";

}  // namespace

TEST_CASE("MqttSession connects with TLS and password and receives a message") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto session = RecordingSession(io, OptionsFor(broker, "t-receive"), rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 10));
  REQUIRE(RunUntil(
      io, [&] { return !rec.messages.empty(); }, 10, [&] { broker.Publish(kTopic, kPayload); }));
  CHECK(rec.messages.front().first == kTopic);
  CHECK(rec.messages.front().second == kPayload);
  CHECK(rec.failures.empty());
  session->Stop();
  // Nothing runs after Stop, even when more messages were already queued.
  auto seen = rec.messages.size();
  io.restart();
  io.run_for(std::chrono::milliseconds(200));
  CHECK(rec.messages.size() == seen);
}

TEST_CASE("MqttSession reports bad credentials and keeps retrying") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto options = OptionsFor(broker, "t-badpass");
  options.password = "wrong-code";
  auto session = RecordingSession(io, options, rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return !rec.failures.empty(); }, 10));
  // mosquitto answers CONNACK 5 to a wrong password; 4 is the other credentials code.
  CHECK((rec.failures.front() == "not authorized" || rec.failures.front() == "bad credentials"));
  CHECK(rec.reasons.front() == ConnectFailure::kBadCredentials);
  CHECK(rec.connected == 0);
  // The broker now accepts that password: the session's own retries get in.
  broker.SetPassword("wrong-code");
  broker.Restart();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 15));
  session->Stop();
}

TEST_CASE("MqttSession reports a TLS failure against an untrusted CA") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto options = OptionsFor(broker, "t-foreign-ca");
  options.ca_file = broker.MakeForeignCa();
  auto session = RecordingSession(io, options, rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return !rec.failures.empty(); }, 10));
  CHECK(rec.failures.front() == "tls: certificate verify failed");
  CHECK(rec.reasons.front() == ConnectFailure::kTls);
  CHECK(rec.connected == 0);
  session->Stop();
}

TEST_CASE("MqttSession insecure mode connects without a CA") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto options = OptionsFor(broker, "t-insecure");
  options.ca_file = broker.MakeForeignCa();
  options.insecure = true;
  auto session = RecordingSession(io, options, rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 10));
  CHECK(rec.failures.empty());
  session->Stop();
}

TEST_CASE("MqttSession verify_host_name: a certificate naming 127.0.0.1 passes, others fail") {
  boost::asio::io_context io;
  {  // SAN IP:127.0.0.1 (as a cloud broker names its host): connects.
    BrokerHarness broker("01P00A000000001", "bblp", "12345678", "IP:127.0.0.1,DNS:localhost");
    Recorder rec;
    auto options = OptionsFor(broker, "t-host-ok");
    options.verify_host_name = true;
    auto session = RecordingSession(io, options, rec, kTopic);
    session->Start();
    REQUIRE(RunUntil(
        io, [&] { return rec.connected == 1; }, 10));
    CHECK(rec.failures.empty());
    session->Stop();
  }
  // A trusted certificate for another host, and a LAN-style one (CN = serial, no SAN).
  for (const std::string san : {"DNS:other.example,IP:127.0.0.2", ""}) {
    CAPTURE(san);
    BrokerHarness broker("01P00A000000001", "bblp", "12345678", san);
    Recorder rec;
    auto options = OptionsFor(broker, "t-host-bad");
    options.verify_host_name = true;
    auto session = RecordingSession(io, options, rec, kTopic);
    session->Start();
    REQUIRE(RunUntil(
        io, [&] { return !rec.failures.empty(); }, 10));
    CHECK(rec.failures.front() == "tls: certificate does not name the host");
    CHECK(rec.reasons.front() == ConnectFailure::kTls);
    CHECK(rec.connected == 0);
    session->Stop();
    // Without the host check (the LAN default) the same broker is accepted.
    Recorder lan;
    auto lan_session = RecordingSession(io, OptionsFor(broker, "t-host-lan"), lan, kTopic);
    lan_session->Start();
    REQUIRE(RunUntil(
        io, [&] { return lan.connected == 1; }, 10));
    CHECK(lan.failures.empty());
    lan_session->Stop();
  }
  {  // A broker that is down is still "unreachable" with the host check on.
    BrokerHarness broker("01P00A000000001", "bblp", "12345678", "IP:127.0.0.1");
    broker.Stop();
    Recorder rec;
    auto options = OptionsFor(broker, "t-host-down");
    options.verify_host_name = true;
    auto session = RecordingSession(io, options, rec, kTopic);
    session->Start();
    REQUIRE(RunUntil(
        io, [&] { return !rec.failures.empty(); }, 10));
    CHECK(rec.failures.front().rfind("unreachable: ", 0) == 0);
    CHECK(rec.reasons.front() == ConnectFailure::kUnreachable);
    CHECK(rec.reasons.front() == ConnectFailure::kUnreachable);
    session->Stop();
  }
}

TEST_CASE("MqttSession connects once a broker that was down at start comes up") {
  BrokerHarness broker;
  broker.Stop();
  boost::asio::io_context io;
  Recorder rec;
  auto session = RecordingSession(io, OptionsFor(broker, "t-late-broker"), rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return !rec.failures.empty(); }, 10));
  CHECK(rec.failures.front().rfind("unreachable: ", 0) == 0);
  CHECK(rec.reasons.front() == ConnectFailure::kUnreachable);
  CHECK(rec.connected == 0);
  broker.Start();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 15));
  REQUIRE(RunUntil(
      io, [&] { return !rec.messages.empty(); }, 10, [&] { broker.Publish(kTopic, kPayload); }));
  CHECK(rec.messages.front().second == kPayload);
  session->Stop();
}

TEST_CASE("MqttSession reconnects and resubscribes after a broker restart") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto session = RecordingSession(io, OptionsFor(broker, "t-restart"), rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 10));
  broker.Restart();
  REQUIRE(RunUntil(
      io, [&] { return rec.lost == 1 && rec.connected == 2; }, 20));
  REQUIRE(RunUntil(
      io, [&] { return !rec.messages.empty(); }, 10, [&] { broker.Publish(kTopic, kPayload); }));
  CHECK(rec.messages.front().first == kTopic);
  session->Stop();
}

TEST_CASE("MqttSession drops messages over 4 MiB and keeps going") {
  BrokerHarness broker;
  boost::asio::io_context io;
  Recorder rec;
  auto session = RecordingSession(io, OptionsFor(broker, "t-large"), rec, kTopic);
  session->Start();
  REQUIRE(RunUntil(
      io, [&] { return rec.connected == 1; }, 10));
  // Wait until the subscription is live, then send an oversized payload and a normal one.
  REQUIRE(RunUntil(
      io, [&] { return !rec.messages.empty(); }, 10, [&] { broker.Publish(kTopic, kPayload); }));
  const std::string after = R"({"print":{"msg":1,"bed_temper":12}})";
  REQUIRE(broker.Publish(kTopic, std::string(4 * 1024 * 1024 + 1, ' ') + "{}"));
  REQUIRE(broker.Publish(kTopic, after));
  REQUIRE(RunUntil(
      io, [&] { return rec.messages.back().second == after; }, 10));
  for (const auto& [topic, payload] : rec.messages) CHECK(payload.size() < 100);
  CHECK(rec.lost == 0);
  session->Stop();
}

}  // namespace bambu
