// CloudSession: glue between one cloud MqttSession, the bind list and the Fleet.
#include "io/cloud/cloud_session.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <string_view>
#include <utility>

#include <boost/asio/steady_timer.hpp>

#include "base/log.hpp"
#include "io/mqtt/client_id.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io/mqtt/repeat_timer.hpp"
#include "metrics/cloud_metrics.hpp"
#include "report/report_topic.hpp"
#include "state/printer_events.hpp"

namespace bambu {
namespace {

constexpr auto kWatchdogPeriod = std::chrono::seconds(5);

}  // namespace

struct CloudSession::Impl : std::enable_shared_from_this<Impl> {
  struct Followed {
    PrinterEntry* entry = nullptr;
    bool bind_online = false;  // the bind list's value at the last poll
    PushAllWatchdog watchdog;
  };

  boost::asio::any_io_executor executor;
  Fleet& fleet;
  CloudSessionOptions options;
  std::function<Instant()> clock;

  std::string token;
  std::string uid;
  std::shared_ptr<MqttSession> session;
  boost::asio::steady_timer timer;  // the pushall watchdog's period
  bool session_connected = false;
  std::map<std::string, Followed, std::less<>> followed;  // cloud printers by serial

  Impl(boost::asio::any_io_executor ex, Fleet& f, CloudSessionOptions o, std::function<Instant()> c)
      : executor(std::move(ex)),
        fleet(f),
        options(std::move(o)),
        clock(std::move(c)),
        timer(executor) {}

  void Restart();
  void Shutdown();
  void OnConnected();
  void OnLost(const std::string& cause);
  void OnConnectFailed(ConnectFailure reason, const std::string& detail);
  void OnMessage(const std::string& topic, const std::string& payload);
  void SetDevices(const std::vector<CloudDevice>& devices);
  void Follow(const CloudDevice& device);
  void Unfollow(const std::string& serial);
  void Subscribe(const std::string& serial, Followed& printer);
  void ArmWatchdog();
  void CheckSilence();
};

void CloudSession::Impl::Restart() {
  if (token.empty() || uid.empty()) return;
  Shutdown();
  MqttOptions mqtt;
  mqtt.uri = options.broker_uri;
  mqtt.client_id = CloudClientId();
  mqtt.keepalive_s = options.keepalive_s;
  mqtt.username = CloudMqttUsername(uid);
  mqtt.password = token;
  mqtt.ca_file = options.ca_file.empty() ? kSystemCaBundle : options.ca_file;
  mqtt.verify_host_name = true;  // cloud brokers have certificates named after their host

  MqttHandlers handlers = ForwardingHandlers(weak_from_this());
  log::Info("connecting to the cloud broker",
            {{"uri", mqtt.uri}, {"user", mqtt.username}, {"client_id", mqtt.client_id}});
  session = MqttSession::Create(executor, std::move(mqtt), std::move(handlers));
  session->Start();
  ArmWatchdog();
}

void CloudSession::Impl::Shutdown() {
  timer.cancel();
  if (session) session->Stop();
  session.reset();
  session_connected = false;
  for (auto& [serial, printer] : followed) OnSessionStopped(*printer.entry);
}

void CloudSession::Impl::OnConnected() {
  session_connected = true;
  log::Info("cloud broker connected",
            {{"uri", options.broker_uri}, {"printers", std::to_string(followed.size())}});
  const Instant now = clock();
  for (auto& [serial, printer] : followed) {
    Subscribe(serial, printer);
    OnSessionConnected(*printer.entry, now);
  }
}

// The broker carries every followed printer: its loss or failure is each printer's.
void CloudSession::Impl::OnLost(const std::string& cause) {
  session_connected = false;
  for (auto& [serial, printer] : followed) OnConnectionLost(*printer.entry);
  log::Warn("cloud mqtt connection lost", {{"uri", options.broker_uri}, {"reason", cause}});
}

void CloudSession::Impl::OnConnectFailed(ConnectFailure reason, const std::string& detail) {
  session_connected = false;
  for (auto& [serial, printer] : followed) bambu::OnConnectFailed(*printer.entry, reason);
  log::Warn("cloud mqtt connect failed", {{"uri", options.broker_uri}, {"reason", detail}});
}

void CloudSession::Impl::OnMessage(const std::string& topic, const std::string& payload) {
  const std::string_view serial = SerialOfReportTopic(topic);
  auto it = serial.empty() ? followed.end() : followed.find(serial);
  if (it == followed.end()) {
    log::Debug("cloud message for no followed printer", {{"topic", topic}});
    return;
  }
  const Instant now = clock();
  IngestCloudReport(fleet, *it->second.entry, payload, now);
  it->second.watchdog.OnActivity(now.mono_s);
}

void CloudSession::Impl::SetDevices(const std::vector<CloudDevice>& devices) {
  std::set<std::string, std::less<>> listed;
  for (const CloudDevice& device : devices) {
    listed.insert(device.serial);
    PrinterEntry* entry = fleet.Find(device.serial);
    if (entry != nullptr && entry->identity.transport != Transport::kCloud) {
      OnListedModel(*entry, device.model);  // a LAN printer: metadata only
      continue;
    }
    Follow(device);
  }
  std::vector<std::string> gone;
  for (const auto& [serial, printer] : followed) {
    if (!listed.contains(serial)) gone.push_back(serial);
  }
  for (const std::string& serial : gone) Unfollow(serial);
}

void CloudSession::Impl::Follow(const CloudDevice& device) {
  const Instant now = clock();
  auto it = followed.find(device.serial);
  const bool found = it == followed.end();
  if (found) {
    PrinterEntry& entry = fleet.Add({CloudPrinterName(device), device.serial, Transport::kCloud});
    it = followed
             .emplace(device.serial,
                      Followed{&entry, device.online, PushAllWatchdog(options.watchdog)})
             .first;
    log::Info("cloud printer found", {{"printer", entry.identity.name},
                                      {"serial", device.serial},
                                      {"model", device.model},
                                      {"online", device.online ? "true" : "false"}});
  }
  Followed& printer = it->second;
  if (found || device.online != printer.bind_online) {  // a bind-list change is a presence event
    printer.bind_online = device.online;
    OnPresence(*printer.entry, device.online, now);
  }
  OnRenamed(*printer.entry, CloudPrinterName(device));
  OnListedModel(*printer.entry, device.model);
  if (found && session_connected) {
    Subscribe(device.serial, printer);
    OnSessionConnected(*printer.entry, now);
  }
}

void CloudSession::Impl::Unfollow(const std::string& serial) {
  if (session_connected) session->Unsubscribe(ReportTopic(serial));
  log::Info("cloud printer gone from the device list", {{"serial", serial}});
  followed.erase(serial);
  fleet.Remove(serial);
}

/// Reports of `serial` subscribed, then its versions and whole state requested.
void CloudSession::Impl::Subscribe(const std::string& serial, Followed& printer) {
  session->Subscribe(ReportTopic(serial));
  session->Publish(RequestTopic(serial), std::string(kGetVersionRequest));
  session->Publish(RequestTopic(serial), std::string(kPushAllRequest));
  const Instant now = clock();
  printer.watchdog.OnActivity(now.mono_s);  // a (re)connect starts the silence window
  printer.watchdog.OnPushAll(now.mono_s);
}

void CloudSession::Impl::ArmWatchdog() {
  RepeatEvery(timer, kWatchdogPeriod, weak_from_this(), [](Impl& self) {
    if (!self.session) return false;
    self.CheckSilence();
    return true;
  });
}

/// A pushall for every connected, online printer that stayed silent (pushall_watchdog.hpp).
void CloudSession::Impl::CheckSilence() {
  if (!session_connected) return;
  const Instant now = clock();
  for (auto& [serial, printer] : followed) {
    if (!printer.entry->connected || !printer.watchdog.Due(now.mono_s)) continue;
    session->Publish(RequestTopic(serial), std::string(kPushAllRequest));
    printer.watchdog.OnPushAll(now.mono_s);
    log::Debug("pushall requested", {{"serial", serial}, {"why", "silence"}});
  }
}

CloudSession::CloudSession(boost::asio::any_io_executor executor, Fleet& fleet,
                           CloudSessionOptions options, std::function<Instant()> clock)
    : impl_(std::make_shared<Impl>(std::move(executor), fleet, std::move(options),
                                   std::move(clock))) {}

CloudSession::~CloudSession() {
  if (impl_->session) impl_->session->Stop();
}

void CloudSession::SetToken(const std::string& token) {
  if (token == impl_->token) return;
  impl_->token = token;
  impl_->Restart();
}

void CloudSession::SetUid(const std::string& uid) {
  if (uid == impl_->uid) return;
  impl_->uid = uid;
  impl_->Restart();
}

void CloudSession::SetDevices(const std::vector<CloudDevice>& devices) {
  impl_->SetDevices(devices);
}

void CloudSession::Stop() { impl_->Shutdown(); }

}  // namespace bambu
