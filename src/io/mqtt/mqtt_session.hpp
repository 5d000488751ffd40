// One Paho MQTTAsync client (MQTT 3.1.1, TLS) bridged onto an Asio executor:
// every callback is copied and posted, so handlers run on the event loop.
// Reconnects are the session's own (not Paho's automatic reconnect), so every
// attempt ends in exactly one on_connected or on_connect_failed.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "state/connect_failure.hpp"

namespace bambu {

class MessageInbox;

/// The start of on_lost's cause when the connection was ended because the broker announced a
/// packet over the limit (io/mqtt/packet_size_guard.hpp).
inline constexpr std::string_view kPacketTooLargeCause = "packet too large";

struct MqttOptions {
  std::string uri;        // "ssl://host:8883" or "tcp://host:1883"
  std::string client_id;  // unique per connection
  std::string username;
  std::string password;   // never logged
  std::string ca_file;    // PEM trust store for ssl://; chain verified
  bool insecure = false;  // ssl:// without certificate verification
  // ssl://: the certificate must also name the URI's host (DNS or IP subjectAltName, else CN).
  // Cloud brokers: true. LAN printers: false (their certificate is named after the serial).
  bool verify_host_name = false;
  // PINGREQ after this long without traffic; the connection is lost when it goes unanswered.
  int keepalive_s = kDefaultMqttKeepaliveS;
  int connect_timeout_s = 10;
  int min_retry_s = 1;   // delay before the next attempt: doubles per failed attempt from
  int max_retry_s = 60;  // min_retry_s up to max_retry_s; min_retry_s after a lost connection
};

struct MqttHandlers {
  std::function<void()> on_connected;  // first connect and every reconnect
  // An established connection lost; `cause` starts with kPacketTooLargeCause when the
  // exporter ended it for an oversized packet.
  std::function<void(const std::string& cause)> on_lost;
  // One connect attempt failed, with its typed reason and a text for the log: "bad
  // credentials" / "not authorized" (CONNACK 4 / 5), "tls: <OpenSSL reason>", "tls: certificate
  // does not name the host" (verify_host_name), "unreachable: <Paho text>", or other text
  // ending "(code N)".
  std::function<void(ConnectFailure reason, const std::string& detail)> on_connect_failed;
  // A received message, on the executor's thread, in batches (io/mqtt/message_inbox.hpp); the
  // strings are reused once the handler returns.
  std::function<void(const std::string& topic, const std::string& payload)> on_message;
};

/// Handlers that forward each event to `owner`'s OnConnected, OnLost, OnConnectFailed and
/// OnMessage while it lives (a session that is gone receives nothing).
template <class Owner>
MqttHandlers ForwardingHandlers(std::weak_ptr<Owner> owner) {
  MqttHandlers handlers;
  handlers.on_connected = [owner] {
    if (auto self = owner.lock()) self->OnConnected();
  };
  handlers.on_lost = [owner](const std::string& cause) {
    if (auto self = owner.lock()) self->OnLost(cause);
  };
  handlers.on_connect_failed = [owner](ConnectFailure reason, const std::string& detail) {
    if (auto self = owner.lock()) self->OnConnectFailed(reason, detail);
  };
  handlers.on_message = [owner](const std::string& topic, const std::string& payload) {
    if (auto self = owner.lock()) self->OnMessage(topic, payload);
  };
  return handlers;
}

class MqttSession : public std::enable_shared_from_this<MqttSession> {
 public:
  static std::shared_ptr<MqttSession> Create(boost::asio::any_io_executor executor,
                                             MqttOptions options, MqttHandlers handlers);
  ~MqttSession();

  void Start();  // connect; retries with backoff until Stop, also after a lost connection
  /// Subscribe / publish; only valid while connected (errors are logged).
  void Subscribe(const std::string& topic);
  void Unsubscribe(const std::string& topic);
  void Publish(const std::string& topic, const std::string& payload);
  void Stop();  // disconnect; no handler runs afterwards

 private:
  friend class MessageInbox;
  void Deliver(const std::string& topic, const std::string& payload);  // to on_message

  MqttSession(boost::asio::any_io_executor executor, MqttOptions options, MqttHandlers handlers);
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace bambu
