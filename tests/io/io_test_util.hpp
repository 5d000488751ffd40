// Helpers for tests that drive an io_context from the test thread and watch MQTT.
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <doctest/doctest.h>

#include <boost/asio/io_context.hpp>

#include "broker_harness.hpp"
#include "io/mqtt/mqtt_session.hpp"

namespace bambu::test {

/// Runs `io` until `done()` holds or `timeout_s` passes; returns done().
/// `every_half_second`, when set, runs first and then about twice a second (e.g. to publish).
inline bool RunUntil(boost::asio::io_context& io, const std::function<bool()>& done,
                     double timeout_s, const std::function<void()>& every_half_second = {}) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
  auto next_tick = std::chrono::steady_clock::now();
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    if (every_half_second && std::chrono::steady_clock::now() >= next_tick) {
      every_half_second();
      next_tick = std::chrono::steady_clock::now() + std::chrono::milliseconds(500);
    }
    io.restart();
    io.run_for(std::chrono::milliseconds(50));
  }
  return done();
}

/// What one session saw, in order.
struct Recorder {
  int connected = 0;
  int lost = 0;
  std::vector<std::string> failures;    // the detail text of each failed attempt
  std::vector<ConnectFailure> reasons;  // its typed reason
  std::vector<std::pair<std::string, std::string>> messages;
};

inline MqttOptions OptionsFor(const BrokerHarness& broker, const std::string& client_id) {
  MqttOptions options;
  options.uri = broker.uri();
  options.client_id = client_id;
  options.username = broker.user();
  options.password = broker.password();
  options.ca_file = broker.ca_file();
  options.keepalive_s = 5;
  options.connect_timeout_s = 3;
  options.min_retry_s = 1;
  options.max_retry_s = 2;
  return options;
}

/// A session that subscribes to `topic` on every connect and records everything.
inline std::shared_ptr<MqttSession> RecordingSession(boost::asio::io_context& io,
                                                     MqttOptions options, Recorder& rec,
                                                     const std::string& topic) {
  auto holder = std::make_shared<std::weak_ptr<MqttSession>>();
  MqttHandlers handlers;
  handlers.on_connected = [&rec, holder, topic] {
    ++rec.connected;
    if (auto s = holder->lock()) s->Subscribe(topic);
  };
  handlers.on_lost = [&rec](const std::string&) { ++rec.lost; };
  handlers.on_connect_failed = [&rec](ConnectFailure reason, const std::string& detail) {
    rec.failures.push_back(detail);
    rec.reasons.push_back(reason);
  };
  handlers.on_message = [&rec](std::string t, std::string p) {
    rec.messages.emplace_back(std::move(t), std::move(p));
  };
  auto session = MqttSession::Create(io.get_executor(), std::move(options), std::move(handlers));
  *holder = session;
  return session;
}

/// Payloads an observer saw on `topic`, its own "probe" messages left out.
inline std::vector<std::string> PayloadsOn(const Recorder& rec, const std::string& topic) {
  std::vector<std::string> out;
  for (const auto& [seen_topic, payload] : rec.messages) {
    if (seen_topic == topic && payload != "probe") out.push_back(payload);
  }
  return out;
}

/// Starts an observer on `topic` and waits until its subscription is live (it sees a probe).
inline std::shared_ptr<MqttSession> StartObserver(boost::asio::io_context& io,
                                                  BrokerHarness& broker, Recorder& rec,
                                                  const std::string& topic) {
  auto observer = RecordingSession(io, OptionsFor(broker, "observer"), rec, topic);
  observer->Start();
  REQUIRE(RunUntil(
      io, [&] { return !rec.messages.empty(); }, 15, [&] { broker.Publish(topic, "probe"); }));
  return observer;
}

}  // namespace bambu::test
