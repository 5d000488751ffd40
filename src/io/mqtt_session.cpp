// MqttSession: the only translation unit that includes MQTTAsync.h.
// Paho callbacks run on Paho threads; each one copies what it needs, posts a
// lambda to the executor and returns. Posted lambdas check a shared "alive"
// flag and a weak_ptr to the session, so no handler runs after Stop().
#include "io/mqtt_session.hpp"

#include <MQTTAsync.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <exception>
#include <mutex>
#include <utility>
#include <vector>

#include <boost/algorithm/string/split.hpp>
#include <boost/asio/post.hpp>

#include "core/log.hpp"
#include "io/tls_name_probe.hpp"

namespace bambu {
namespace {

constexpr std::size_t kMaxPayloadBytes = 4 * 1024 * 1024;  // larger messages are dropped
constexpr auto kDisconnectWait = std::chrono::seconds(2);  // bounded wait in Stop()

bool IsTlsUri(const std::string& uri) {
  return uri.rfind("ssl://", 0) == 0 || uri.rfind("mqtts://", 0) == 0;
}

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

struct MqttSession::Impl {
  boost::asio::any_io_executor executor;
  MqttOptions options;
  MqttHandlers handlers;
  std::weak_ptr<MqttSession> self;
  std::shared_ptr<std::atomic<bool>> alive = std::make_shared<std::atomic<bool>>(true);
  MQTTAsync client = nullptr;

  // Written by Paho threads (ssl_error_cb, disconnect callbacks).
  std::mutex mutex;
  std::string last_tls_error;
  bool disconnect_done = false;
  std::condition_variable disconnect_cv;

  // Runs `fn(session)` on the executor unless the session stopped or died.
  template <typename Fn>
  void Post(Fn fn) {
    boost::asio::post(executor, [weak = self, alive = alive, fn = std::move(fn)]() mutable {
      if (!alive->load()) return;
      auto session = weak.lock();
      if (!session) return;
      try {
        fn(*session->impl_);
      } catch (const std::exception& e) {
        log::Error("mqtt handler failed", {{"error", e.what()}});
      }
    });
  }

  std::string TakeTlsError() {
    std::lock_guard lock(mutex);
    return std::exchange(last_tls_error, {});
  }

  std::string FailureReason(int code, const char* message) {
    std::string tls = TakeTlsError();
    if (!tls.empty()) return "tls: " + tls;
    std::string connack = ConnackReason(code);
    if (!connack.empty()) return connack;
    std::string text = message != nullptr ? message : "";
    if (text.empty()) text = "connect failed";
    // Paho's generic failure: TCP connect refused/timed out, socket error, no TLS detail.
    if (code == MQTTASYNC_FAILURE) return "unreachable: " + text;
    return text + " (code " + std::to_string(code) + ")";
  }

  // ---- Paho callbacks (Paho threads; never throw) ----

  static void OnConnected(void* context, char* cause) {
    auto* impl = static_cast<Impl*>(context);
    try {
      log::Debug("mqtt connected",
                 {{"uri", impl->options.uri}, {"cause", cause != nullptr ? cause : ""}});
      impl->Post([](Impl& i) {
        if (i.handlers.on_connected) i.handlers.on_connected();
      });
    } catch (...) {
      NoteCallbackFailure();
    }
  }

  static void OnConnectionLost(void* context, char* cause) {
    auto* impl = static_cast<Impl*>(context);
    try {
      std::string text = cause != nullptr ? cause : "connection lost";
      impl->Post([text = std::move(text)](Impl& i) {
        if (i.handlers.on_lost) i.handlers.on_lost(text);
      });
    } catch (...) {
      NoteCallbackFailure();
    }
  }

  static int OnMessage(void* context, char* topic, int topic_len, MQTTAsync_message* message) {
    auto* impl = static_cast<Impl*>(context);
    try {
      std::string topic_text =
          topic_len > 0 ? std::string(topic, static_cast<std::size_t>(topic_len)) : topic;
      auto size = static_cast<std::size_t>(message->payloadlen);
      if (size > kMaxPayloadBytes) {
        log::Warn("mqtt message too large, dropped",
                  {{"topic", topic_text}, {"bytes", std::to_string(size)}});
      } else {
        std::string payload(static_cast<const char*>(message->payload), size);
        impl->Post([t = std::move(topic_text), p = std::move(payload)](Impl& i) mutable {
          if (i.handlers.on_message) i.handlers.on_message(std::move(t), std::move(p));
        });
      }
    } catch (...) {
      NoteCallbackFailure();
    }
    MQTTAsync_freeMessage(&message);
    MQTTAsync_free(topic);
    return 1;
  }

  static void OnConnectFailure(void* context, MQTTAsync_failureData* response) {
    auto* impl = static_cast<Impl*>(context);
    try {
      int code = response != nullptr ? response->code : MQTTASYNC_FAILURE;
      const char* message = response != nullptr ? response->message : nullptr;
      std::string reason = impl->FailureReason(code, message);
      impl->Post([reason = std::move(reason)](Impl& i) { i.ReportConnectFailure(reason); });
    } catch (...) {
      NoteCallbackFailure();
    }
  }

  static int OnTlsError(const char* text, std::size_t len, void* context) {
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

  static void OnDisconnectDone(void* context, MQTTAsync_successData*) {
    static_cast<Impl*>(context)->SignalDisconnect();
  }
  static void OnDisconnectFailed(void* context, MQTTAsync_failureData*) {
    static_cast<Impl*>(context)->SignalDisconnect();
  }
  void SignalDisconnect() {
    std::lock_guard lock(mutex);
    disconnect_done = true;
    disconnect_cv.notify_all();
  }

  static void OnRequestFailure(void* context, MQTTAsync_failureData* response) {
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
  void ReportConnectFailure(const std::string& reason) {
    const bool ambiguous = options.verify_host_name && !options.insecure && IsTlsUri(options.uri) &&
                           reason.starts_with("unreachable: ");
    if (!ambiguous) {
      if (handlers.on_connect_failed) handlers.on_connect_failed(reason);
      return;
    }
    ProbeCertificateName(
        executor, options.uri, options.ca_file, std::chrono::seconds(options.connect_timeout_s),
        [weak = self, alive = alive, reason](CertificateName name) {
          if (!alive->load()) return;
          auto session = weak.lock();
          if (!session) return;
          const MqttHandlers& handlers = session->impl_->handlers;
          if (!handlers.on_connect_failed) return;
          handlers.on_connect_failed(name == CertificateName::kOtherHost
                                         ? "tls: certificate does not name the host"
                                         : reason);
        });
  }

  // ---- Operations (called on the executor or the owner's thread) ----

  void Connect();
  void Disconnect();
};

void MqttSession::Impl::Connect() {
  MQTTAsync_createOptions create_opts = MQTTAsync_createOptions_initializer;
  create_opts.MQTTVersion = MQTTVERSION_3_1_1;
  int rc = MQTTAsync_createWithOptions(&client, options.uri.c_str(), options.client_id.c_str(),
                                       MQTTCLIENT_PERSISTENCE_NONE, nullptr, &create_opts);
  if (rc != MQTTASYNC_SUCCESS) {
    client = nullptr;
    std::string reason = "create failed (code " + std::to_string(rc) + ")";
    Post([reason](Impl& i) {
      if (i.handlers.on_connect_failed) i.handlers.on_connect_failed(reason);
    });
    return;
  }
  MQTTAsync_setCallbacks(client, this, &Impl::OnConnectionLost, &Impl::OnMessage, nullptr);
  MQTTAsync_setConnected(client, this, &Impl::OnConnected);

  MQTTAsync_connectOptions conn = MQTTAsync_connectOptions_initializer;
  conn.keepAliveInterval = options.keepalive_s;
  conn.cleansession = 1;
  conn.connectTimeout = options.connect_timeout_s;
  conn.automaticReconnect = 1;
  conn.minRetryInterval = options.min_retry_s;
  conn.maxRetryInterval = options.max_retry_s;
  conn.MQTTVersion = MQTTVERSION_3_1_1;
  conn.username = options.username.empty() ? nullptr : options.username.c_str();
  conn.password = options.password.empty() ? nullptr : options.password.c_str();
  conn.onFailure = &Impl::OnConnectFailure;
  conn.context = this;

  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  if (IsTlsUri(options.uri)) {
    ssl.enableServerCertAuth = options.insecure ? 0 : 1;
    ssl.verify = options.verify_host_name && !options.insecure ? 1 : 0;
    ssl.trustStore =
        options.insecure || options.ca_file.empty() ? nullptr : options.ca_file.c_str();
    ssl.ssl_error_cb = &Impl::OnTlsError;
    ssl.ssl_error_context = this;
    conn.ssl = &ssl;
  }
  rc = MQTTAsync_connect(client, &conn);
  if (rc != MQTTASYNC_SUCCESS) {
    std::string reason = FailureReason(rc, "connect not started");
    Post([reason](Impl& i) {
      if (i.handlers.on_connect_failed) i.handlers.on_connect_failed(reason);
    });
  }
}

void MqttSession::Impl::Disconnect() {
  if (client == nullptr) return;
  {
    std::lock_guard lock(mutex);
    disconnect_done = false;
  }
  MQTTAsync_disconnectOptions disc = MQTTAsync_disconnectOptions_initializer;
  disc.timeout = 0;  // QoS 0 only: nothing in flight worth waiting for
  disc.onSuccess = &Impl::OnDisconnectDone;
  disc.onFailure = &Impl::OnDisconnectFailed;
  disc.context = this;
  if (MQTTAsync_disconnect(client, &disc) == MQTTASYNC_SUCCESS) {
    std::unique_lock lock(mutex);
    disconnect_cv.wait_for(lock, kDisconnectWait, [this] { return disconnect_done; });
  }
  MQTTAsync_destroy(&client);
  client = nullptr;
}

std::shared_ptr<MqttSession> MqttSession::Create(boost::asio::any_io_executor executor,
                                                 MqttOptions options, MqttHandlers handlers) {
  std::shared_ptr<MqttSession> session(
      new MqttSession(std::move(executor), std::move(options), std::move(handlers)));
  session->impl_->self = session;
  return session;
}

MqttSession::MqttSession(boost::asio::any_io_executor executor, MqttOptions options,
                         MqttHandlers handlers)
    : impl_(std::make_unique<Impl>()) {
  impl_->executor = std::move(executor);
  impl_->options = std::move(options);
  impl_->handlers = std::move(handlers);
}

MqttSession::~MqttSession() { Stop(); }

void MqttSession::Start() {
  if (impl_->client != nullptr) return;
  // A fresh flag: lambdas posted before an earlier Stop() stay dead.
  impl_->alive = std::make_shared<std::atomic<bool>>(true);
  impl_->Connect();
}

void MqttSession::Subscribe(const std::string& topic) {
  if (impl_->client == nullptr) return;
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  opts.onFailure = &Impl::OnRequestFailure;
  opts.context = impl_.get();
  int rc = MQTTAsync_subscribe(impl_->client, topic.c_str(), 0, &opts);
  if (rc != MQTTASYNC_SUCCESS) {
    log::Warn("mqtt subscribe failed",
              {{"uri", impl_->options.uri}, {"topic", topic}, {"code", std::to_string(rc)}});
  }
}

void MqttSession::Unsubscribe(const std::string& topic) {
  if (impl_->client == nullptr) return;
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  opts.onFailure = &Impl::OnRequestFailure;
  opts.context = impl_.get();
  int rc = MQTTAsync_unsubscribe(impl_->client, topic.c_str(), &opts);
  if (rc != MQTTASYNC_SUCCESS) {
    log::Warn("mqtt unsubscribe failed",
              {{"uri", impl_->options.uri}, {"topic", topic}, {"code", std::to_string(rc)}});
  }
}

void MqttSession::Publish(const std::string& topic, const std::string& payload) {
  if (impl_->client == nullptr) return;
  MQTTAsync_responseOptions opts = MQTTAsync_responseOptions_initializer;
  opts.onFailure = &Impl::OnRequestFailure;
  opts.context = impl_.get();
  int rc = MQTTAsync_send(impl_->client, topic.c_str(), static_cast<int>(payload.size()),
                          payload.data(), 0, 0, &opts);
  if (rc != MQTTASYNC_SUCCESS) {
    log::Warn("mqtt publish failed",
              {{"uri", impl_->options.uri}, {"topic", topic}, {"code", std::to_string(rc)}});
  }
}

void MqttSession::Stop() {
  impl_->alive->store(false);
  impl_->Disconnect();
}

}  // namespace bambu
