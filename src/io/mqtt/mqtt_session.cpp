// MqttSession: connect (Paho client and connect options), disconnect, subscribe and publish.
// The private state and its Paho callbacks: mqtt_session_impl.hpp, mqtt_session_callbacks.cpp.
#include "io/mqtt/mqtt_session.hpp"

#include <MQTTAsync.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <utility>

#include "io/mqtt/mqtt_session_impl.hpp"

namespace bambu {
namespace {

constexpr auto kDisconnectWait = std::chrono::seconds(2);  // bounded wait in Stop()

}  // namespace

void MqttSession::Impl::Connect() {
  if (client == nullptr) {
    MQTTAsync_createOptions create_opts = MQTTAsync_createOptions_initializer;
    create_opts.MQTTVersion = MQTTVERSION_3_1_1;
    const int rc =
        MQTTAsync_createWithOptions(&client, options.uri.c_str(), options.client_id.c_str(),
                                    MQTTCLIENT_PERSISTENCE_NONE, nullptr, &create_opts);
    if (rc != MQTTASYNC_SUCCESS) {
      client = nullptr;
      ConnectError error{ConnectFailure::kOther, "create failed (code " + std::to_string(rc) + ")"};
      Post([error](Impl& i) { i.ReportConnectFailure(error); });
      return;
    }
    MQTTAsync_setCallbacks(client, this, &Impl::OnConnectionLost, &Impl::OnMessage, nullptr);
    MQTTAsync_setConnected(client, this, &Impl::OnConnected);
  }

  MQTTAsync_connectOptions conn = MQTTAsync_connectOptions_initializer;
  conn.keepAliveInterval = options.keepalive_s;
  conn.cleansession = 1;
  conn.connectTimeout = options.connect_timeout_s;
  conn.automaticReconnect = 0;  // RetryLater(): every attempt reports its own outcome
  conn.MQTTVersion = MQTTVERSION_3_1_1;
  conn.username = options.username.empty() ? nullptr : options.username.c_str();
  conn.password = options.password.empty() ? nullptr : options.password.c_str();
  conn.onFailure = &Impl::OnConnectFailure;
  conn.context = this;

  MQTTAsync_SSLOptions ssl = MQTTAsync_SSLOptions_initializer;
  if (UsesTls()) {
    ssl.enableServerCertAuth = options.insecure ? 0 : 1;
    ssl.verify = options.verify_host_name && !options.insecure ? 1 : 0;
    ssl.trustStore =
        options.insecure || options.ca_file.empty() ? nullptr : options.ca_file.c_str();
    ssl.ssl_error_cb = &Impl::OnTlsError;
    ssl.ssl_error_context = this;
    conn.ssl = &ssl;
  }
  connecting = true;
  const int rc = MQTTAsync_connect(client, &conn);
  if (rc != MQTTASYNC_SUCCESS) {
    ConnectError error = FailureReason(rc, "connect not started");
    Post([error](Impl& i) { i.ReportConnectFailure(error); });
  }
}

void MqttSession::Impl::RetryLater() {
  retry_timer.expires_after(std::chrono::seconds(retry_delay_s));
  retry_delay_s = std::min(retry_delay_s * 2, std::max(options.max_retry_s, options.min_retry_s));
  retry_timer.async_wait([weak = self, alive = alive](const boost::system::error_code& ec) {
    if (ec || !alive->load()) return;
    if (auto session = weak.lock()) session->impl_->Connect();
  });
}

void MqttSession::Impl::Disconnect() {
  retry_timer.cancel();
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
    : impl_(std::make_unique<Impl>(std::move(executor))) {
  impl_->options = std::move(options);
  impl_->retry_delay_s = std::max(impl_->options.min_retry_s, 1);
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

void MqttSession::Deliver(const std::string& topic, const std::string& payload) {
  impl_->oversize_delay_s = 0;  // the broker sends packets of a sane size again
  if (impl_->handlers.on_message) impl_->handlers.on_message(topic, payload);
}

void MqttSession::Stop() {
  impl_->alive->store(false);
  impl_->Disconnect();
}

}  // namespace bambu
