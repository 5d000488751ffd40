// MessageInbox: messages pushed from another thread reach the session's handler on the loop
// thread, in order, in batches; stopped or destroyed sessions get nothing. No broker needed:
// the sessions are created but never started.
#include <doctest/doctest.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <boost/asio/io_context.hpp>

#include "io/mqtt/message_inbox.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io_test_util.hpp"

namespace bambu {
namespace {

using Received = std::vector<std::pair<std::string, std::string>>;

std::shared_ptr<MqttSession> ReceivingSession(boost::asio::io_context& io, Received& received,
                                              std::thread::id& thread) {
  MqttHandlers handlers;
  handlers.on_message = [&received, &thread](const std::string& topic, const std::string& payload) {
    received.emplace_back(topic, payload);
    thread = std::this_thread::get_id();
  };
  MqttOptions options;
  options.uri = "tcp://127.0.0.1:1";
  return MqttSession::Create(io.get_executor(), std::move(options), std::move(handlers));
}

std::shared_ptr<std::atomic<bool>> Alive(bool value = true) {
  return std::make_shared<std::atomic<bool>>(value);
}

/// A loop, a session on it that records what its handler receives, and the loop's inbox.
struct InboxRig {
  boost::asio::io_context io;
  Received received;
  std::thread::id handler_thread;
  std::shared_ptr<MqttSession> session = ReceivingSession(io, received, handler_thread);
  MessageInbox& inbox = MessageInbox::Of(io.get_executor());
};

}  // namespace

TEST_CASE_FIXTURE(InboxRig,
                  "MessageInbox hands messages from another thread to the loop thread, in order") {
  const auto alive = Alive();

  std::thread paho([&] {
    for (int i = 0; i < 3000; ++i) {  // more than one full batch (kMaxBatch)
      inbox.Push(session, alive, "device/S/report", "{\"n\":" + std::to_string(i) + "}");
    }
  });
  paho.join();
  CHECK(received.empty());  // nothing runs on the pushing thread

  REQUIRE(test::RunUntil(
      io, [&] { return received.size() == 3000; }, 10));
  CHECK(handler_thread == std::this_thread::get_id());
  for (int i = 0; i < 3000; ++i) {
    REQUIRE(received[static_cast<std::size_t>(i)].second == "{\"n\":" + std::to_string(i) + "}");
  }
  CHECK(received.front().first == "device/S/report");
}

TEST_CASE_FIXTURE(
    InboxRig, "MessageInbox delivers what waits at once when drained (before a request or event)") {
  const auto alive = Alive();
  inbox.Push(session, alive, "t", "first");
  inbox.Push(session, alive, "t", "second");
  DrainMqttInbox(io.get_executor());
  REQUIRE(received.size() == 2);
  CHECK(received[1].second == "second");
  CHECK(inbox.Drain() == 0);  // nothing left; the timer that was armed finds nothing either
  io.run_for(MessageInbox::kBatchWindow * 2);
  CHECK(received.size() == 2);

  // The slots are reused for the next batch with their contents replaced.
  inbox.Push(session, alive, "u", "x");
  CHECK(inbox.Drain() == 1);
  CHECK(received.back() == std::pair<std::string, std::string>("u", "x"));
}

TEST_CASE_FIXTURE(InboxRig, "MessageInbox drops messages of a stopped or destroyed session") {
  const auto stopped = Alive();
  inbox.Push(session, stopped, "t", "queued before Stop");
  stopped->store(false);  // what MqttSession::Stop does
  CHECK(inbox.Drain() == 1);
  CHECK(received.empty());

  inbox.Push(session, Alive(), "t", "queued before the session died");
  std::weak_ptr<MqttSession> weak = session;
  session.reset();
  CHECK(weak.expired());  // a queued message does not keep its session alive
  CHECK(inbox.Drain() == 1);
  CHECK(received.empty());
}

}  // namespace bambu
