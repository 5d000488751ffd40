// MqttSession's Paho callbacks (Paho threads: copy to the inbox or post to the executor, never
// throw) and the text of a failed connect handed to MqttHandlers::on_connect_failed.
#include <algorithm>
#include <chrono>
#include <vector>

#include <boost/algorithm/string/split.hpp>

#include "io/mqtt/mqtt_session_impl.hpp"
#include "io/mqtt/tls_name_probe.hpp"

namespace bambu {
namespace {

constexpr std::size_t kMaxPayloadBytes = 4 * 1024 * 1024;  // larger messages are dropped

constexpr int kConnackBadCredentials = 4;
constexpr int kConnackNotAuthorized = 5;

// CONNACK return codes 1..5 of MQTT 3.1.1 (section 3.2.2.3); empty for anything else.
std::string ConnackReason(int code) {
  static constexpr const char* kReasons[] = {"unacceptable protocol version", "identifier rejected",
                                             "server unavailable", "bad credentials",
                                             "not authorized"};
  return code >= 1 && code <= 5 ? kReasons[code - 1] : "";
}

// Logs an exception caught in a Paho callback; never throws itself.
void NoteCallbackFailure() noexcept {
  try {
    log::Error("exception in mqtt callback", {});
  } catch (...) {
  }
}

}  // namespace

ConnectError MqttSession::Impl::FailureReason(int code, const char* message) {
  std::string tls = TakeTlsError();
  if (!tls.empty()) return {ConnectFailure::kTls, "tls: " + tls};
  std::string connack = ConnackReason(code);
  if (!connack.empty()) {
    const bool credentials = code == kConnackBadCredentials || code == kConnackNotAuthorized;
    return {credentials ? ConnectFailure::kBadCredentials : ConnectFailure::kOther, connack};
  }
  std::string text = message != nullptr ? message : "";
  if (text.empty()) text = "connect failed";
  // Paho's generic failure: TCP connect refused/timed out, socket error, no TLS detail.
  if (code == MQTTASYNC_FAILURE) return {ConnectFailure::kUnreachable, "unreachable: " + text};
  return {ConnectFailure::kOther, text + " (code " + std::to_string(code) + ")"};
}

// ---- Paho callbacks (Paho threads; never throw) ----

void MqttSession::Impl::OnConnected(void* context, char* cause) {
  auto* impl = static_cast<Impl*>(context);
  try {
    log::Debug("mqtt connected",
               {{"uri", impl->options.uri}, {"cause", cause != nullptr ? cause : ""}});
    impl->refused->store(0);
    BindLastPahoConnection(impl->refused);  // this thread just read the CONNACK
    impl->Post([](Impl& i) {
      i.connecting = false;
      i.retry_delay_s = std::max(i.options.min_retry_s, 1);
      if (i.handlers.on_connected) i.handlers.on_connected();
    });
  } catch (...) {
    NoteCallbackFailure();
  }
}

void MqttSession::Impl::OnConnectionLost(void* context, char* cause) {
  auto* impl = static_cast<Impl*>(context);
  try {
    std::string text = cause != nullptr ? cause : "connection lost";
    const std::uint64_t announced = impl->refused->exchange(0);
    if (announced != 0) {
      text = std::string(kPacketTooLargeCause) + ": " + std::to_string(announced) +
             " bytes announced, limit " + std::to_string(kMaxMqttPacketBytes);
    }
    impl->Post([text = std::move(text), announced](Impl& i) {
      if (announced != 0) {  // a broker that does it again waits longer each time
        i.oversize_delay_s =
            std::min(std::max(i.oversize_delay_s * 2, 2), std::max(i.options.max_retry_s, 2));
        i.retry_delay_s = i.oversize_delay_s;
      }
      i.RetryLater();  // after min_retry_s (the delay was reset on connect) or the oversize delay
      if (i.handlers.on_lost) i.handlers.on_lost(text);
    });
  } catch (...) {
    NoteCallbackFailure();
  }
}

int MqttSession::Impl::OnMessage(void* context, char* topic, int topic_len,
                                 MQTTAsync_message* message) {
  auto* impl = static_cast<Impl*>(context);
  try {
    const std::string_view topic_text =
        topic_len > 0 ? std::string_view(topic, static_cast<std::size_t>(topic_len)) : topic;
    auto size = static_cast<std::size_t>(message->payloadlen);
    if (size > kMaxPayloadBytes) {
      log::Warn("mqtt message too large, dropped",
                {{"topic", std::string(topic_text)}, {"bytes", std::to_string(size)}});
    } else {
      impl->inbox.Push(impl->self, impl->alive, topic_text,
                       std::string_view(static_cast<const char*>(message->payload), size));
    }
  } catch (...) {
    NoteCallbackFailure();
  }
  MQTTAsync_freeMessage(&message);
  MQTTAsync_free(topic);
  return 1;
}

void MqttSession::Impl::OnConnectFailure(void* context, MQTTAsync_failureData* response) {
  auto* impl = static_cast<Impl*>(context);
  try {
    int code = response != nullptr ? response->code : MQTTASYNC_FAILURE;
    const char* message = response != nullptr ? response->message : nullptr;
    ConnectError error = impl->FailureReason(code, message);
    impl->Post([error = std::move(error)](Impl& i) {
      if (!i.connecting) {
        log::Debug("mqtt failure outside a connect attempt", {{"reason", error.detail}});
        return;
      }
      i.ReportConnectFailure(error);
    });
  } catch (...) {
    NoteCallbackFailure();
  }
}

int MqttSession::Impl::OnTlsError(const char* text, std::size_t len, void* context) {
  auto* impl = static_cast<Impl*>(context);
  try {
    std::string line(text, len);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.pop_back();
    // OpenSSL 3 lines read "<thread>:error:<code>:<library>:<function>:<reason>:<file>:<line>:";
    // keep the reason.
    std::vector<std::string> fields;
    boost::algorithm::split(fields, line, [](char c) { return c == ':'; });
    if (fields.size() > 5 && fields[1] == "error" && !fields[5].empty()) line = fields[5];
    std::lock_guard lock(impl->mutex);
    impl->last_tls_error = std::move(line);
  } catch (...) {
    NoteCallbackFailure();
  }
  return 0;
}

void MqttSession::Impl::OnDisconnectDone(void* context, MQTTAsync_successData*) {
  static_cast<Impl*>(context)->SignalDisconnect();
}

void MqttSession::Impl::OnDisconnectFailed(void* context, MQTTAsync_failureData*) {
  static_cast<Impl*>(context)->SignalDisconnect();
}

void MqttSession::Impl::SignalDisconnect() {
  std::lock_guard lock(mutex);
  disconnect_done = true;
  disconnect_cv.notify_all();
}

void MqttSession::Impl::OnRequestFailure(void* context, MQTTAsync_failureData* response) {
  auto* impl = static_cast<Impl*>(context);
  try {
    log::Warn("mqtt request failed",
              {{"uri", impl->options.uri},
               {"code", std::to_string(response != nullptr ? response->code : -1)}});
  } catch (...) {
    NoteCallbackFailure();
  }
}

// ---- On the executor ----

// Paho reports a certificate that does not name the host like an unreachable broker; with
// the host name checked, a probe of our own tells the two apart before the handler hears it.
void MqttSession::Impl::ReportConnectFailure(const ConnectError& error) {
  connecting = false;
  RetryLater();
  const bool ambiguous = options.verify_host_name && !options.insecure && UsesTls() &&
                         error.reason == ConnectFailure::kUnreachable;
  if (!ambiguous) {
    if (handlers.on_connect_failed) handlers.on_connect_failed(error.reason, error.detail);
    return;
  }
  ProbeCertificateName(executor, options.uri, options.ca_file,
                       std::chrono::seconds(options.connect_timeout_s),
                       [weak = self, alive = alive, error](CertificateName name) {
                         if (!alive->load()) return;
                         auto session = weak.lock();
                         if (!session) return;
                         const MqttHandlers& handlers = session->impl_->handlers;
                         if (!handlers.on_connect_failed) return;
                         if (name == CertificateName::kOtherHost) {
                           handlers.on_connect_failed(ConnectFailure::kTls,
                                                      "tls: certificate does not name the host");
                         } else {
                           handlers.on_connect_failed(error.reason, error.detail);
                         }
                       });
}

}  // namespace bambu
