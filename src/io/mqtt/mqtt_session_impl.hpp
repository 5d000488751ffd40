// MqttSession's private state, shared by its two translation units (the only files that
// include MQTTAsync.h): mqtt_session.cpp (connect, disconnect, subscribe, publish) and
// mqtt_session_callbacks.cpp (the Paho callbacks and how a failed connect is reported).
// Paho callbacks run on Paho threads; each one copies what it needs and returns: a received
// message goes to the executor's MessageInbox (handed over in batches), anything else is posted
// as a lambda that first drains the inbox, so handlers see messages and events in order. Both
// check a shared "alive" flag and a weak_ptr to the session: no handler runs after Stop().
#pragma once

#include <MQTTAsync.h>

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <exception>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include "base/log.hpp"
#include "io/mqtt/message_inbox.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io/mqtt/packet_size_guard.hpp"

namespace bambu {

/// A failed connect attempt: its typed reason and the text for the log.
struct ConnectError {
  ConnectFailure reason = ConnectFailure::kOther;
  std::string detail;
};

struct MqttSession::Impl {
  explicit Impl(boost::asio::any_io_executor ex)
      : executor(std::move(ex)), inbox(MessageInbox::Of(executor)) {}

  boost::asio::any_io_executor executor;
  MessageInbox& inbox;  // received messages on their way to the executor
  MqttOptions options;
  MqttHandlers handlers;
  std::weak_ptr<MqttSession> self;
  std::shared_ptr<std::atomic<bool>> alive = std::make_shared<std::atomic<bool>>(true);
  MQTTAsync client = nullptr;
  boost::asio::steady_timer retry_timer{executor};  // the next connect attempt
  int retry_delay_s = 1;                            // its delay; see MqttOptions::min_retry_s
  // A connect attempt is under way (executor thread). Paho also fails the finished connect
  // command when an established connection drops ("socket error"); that is no attempt.
  bool connecting = false;
  // What a packet refused on the current connection announced (packet_size_guard.hpp); set on
  // Paho's receive thread, taken when the connection is lost.
  std::shared_ptr<RefusedPacketSize> refused = std::make_shared<RefusedPacketSize>(0);
  int oversize_delay_s = 0;  // reconnect delay after refusals; doubles, reset by a message

  // Written by Paho threads (ssl_error_cb, disconnect callbacks).
  std::mutex mutex;
  std::string last_tls_error;
  bool disconnect_done = false;
  std::condition_variable disconnect_cv;

  // Runs `fn(session)` on the executor unless the session stopped or died, after the messages
  // received before it.
  template <typename Fn>
  void Post(Fn fn) {
    boost::asio::post(executor, [weak = self, alive = alive, fn = std::move(fn)]() mutable {
      if (!alive->load()) return;
      auto session = weak.lock();
      if (!session) return;
      try {
        session->impl_->inbox.Drain();
        fn(*session->impl_);
      } catch (const std::exception& e) {
        log::Error("mqtt handler failed", {{"error", e.what()}});
      }
    });
  }

  /// True for "ssl://" and "mqtts://" URIs.
  bool UsesTls() const {
    return options.uri.rfind("ssl://", 0) == 0 || options.uri.rfind("mqtts://", 0) == 0;
  }

  std::string TakeTlsError() {
    std::lock_guard lock(mutex);
    return std::exchange(last_tls_error, {});
  }

  /// The failure for Paho code `code` and its message (may be null); takes the last OpenSSL
  /// error. Text forms: see MqttHandlers::on_connect_failed.
  ConnectError FailureReason(int code, const char* message);

  // ---- Paho callbacks (Paho threads; never throw) ----

  static void OnConnected(void* context, char* cause);
  static void OnConnectionLost(void* context, char* cause);
  static int OnMessage(void* context, char* topic, int topic_len, MQTTAsync_message* message);
  static void OnConnectFailure(void* context, MQTTAsync_failureData* response);
  static int OnTlsError(const char* text, std::size_t len, void* context);
  static void OnDisconnectDone(void* context, MQTTAsync_successData*);
  static void OnDisconnectFailed(void* context, MQTTAsync_failureData*);
  static void OnRequestFailure(void* context, MQTTAsync_failureData* response);
  void SignalDisconnect();

  // ---- On the executor ----

  /// Hands `error` to on_connect_failed; an ambiguous kUnreachable with the host name checked
  /// is first told apart from a certificate naming another host. Schedules the next attempt.
  void ReportConnectFailure(const ConnectError& error);
  /// The next connect attempt after retry_delay_s; the delay doubles up to max_retry_s.
  void RetryLater();

  // ---- Operations (called on the executor or the owner's thread) ----

  void Connect();  // creates the client once, then starts one connect attempt
  void Disconnect();
};

}  // namespace bambu
