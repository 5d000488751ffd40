// CloudSession: glue between one cloud MqttSession, the bind list and the Fleet.
#include "io/cloud/cloud_session.hpp"

#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <string_view>
#include <utility>

#include <boost/asio/steady_timer.hpp>

#include "base/log.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io/mqtt/repeat_timer.hpp"
#include "metrics/cloud_metrics.hpp"
#include "report/report_topic.hpp"
#include "state/connect_failure.hpp"

namespace bambu {
namespace {

constexpr auto kWatchdogPeriod = std::chrono::seconds(5);

std::string RandomClientId() {
  std::random_device random;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string id = "bambu_exporter_";
  for (int i = 0; i < 12; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

/// The bind list's model fills in bambu_printer_info until get_version says otherwise.
void NoteModel(PrinterEntry& entry, const CloudDevice& device) {
  if (!entry.state.version.model && !device.model.empty()) entry.state.version.model = device.model;
}

}  // namespace

struct CloudSession::Impl : std::enable_shared_from_this<Impl> {
  struct Followed {
    PrinterEntry* entry = nullptr;
    bool online = false;       // latest of bind-list changes and presence events
    bool bind_online = false;  // the bind list's value at the last poll
    PushAllWatchdog watchdog;
  };

  boost::asio::any_io_executor executor;
  Fleet& fleet;
  CloudSessionOptions options;
  std::function<double()> clock;

  std::string token;
  std::string uid;
  std::shared_ptr<MqttSession> session;
  boost::asio::steady_timer timer;  // the pushall watchdog's period
  bool session_connected = false;
  std::map<std::string, Followed, std::less<>> followed;  // cloud printers by serial

  Impl(boost::asio::any_io_executor ex, Fleet& f, CloudSessionOptions o, std::function<double()> c)
      : executor(std::move(ex)),
        fleet(f),
        options(std::move(o)),
        clock(std::move(c)),
        timer(executor) {}

  void Restart();
  void Shutdown();
  void OnConnected();
  void OnDown(std::string_view what, const std::string& reason);
  void OnMessage(const std::string& topic, const std::string& payload);
  void SetDevices(const std::vector<CloudDevice>& devices);
  void Follow(const CloudDevice& device);
  void Unfollow(const std::string& serial);
  void Subscribe(const std::string& serial, Followed& printer);
  void ArmWatchdog();
  void CheckSilence();
  void UpdateConnected(Followed& printer);
  void UpdateAllConnected();
};

void CloudSession::Impl::Restart() {
  if (token.empty() || uid.empty()) return;
  Shutdown();
  MqttOptions mqtt;
  mqtt.uri = options.broker_uri;
  mqtt.client_id = RandomClientId();
  mqtt.username = CloudMqttUsername(uid);
  mqtt.password = token;
  mqtt.ca_file = options.ca_file.empty() ? kSystemCaBundle : options.ca_file;
  mqtt.verify_host_name = true;  // cloud brokers have certificates named after their host

  std::weak_ptr<Impl> weak = shared_from_this();
  MqttHandlers handlers;
  handlers.on_connected = [weak] {
    if (auto self = weak.lock()) self->OnConnected();
  };
  handlers.on_lost = [weak](const std::string& cause) {
    if (auto self = weak.lock()) self->OnDown("cloud mqtt connection lost", cause);
  };
  handlers.on_connect_failed = [weak](const std::string& reason) {
    auto self = weak.lock();
    if (!self) return;
    // A broker failure is a failure for every printer followed through it.
    const std::string kind = ConnectFailureKind(reason);
    for (auto& [serial, printer] : self->followed) {
      ++printer.entry->counters.connect_failures[kind];
    }
    self->OnDown("cloud mqtt connect failed", reason);
  };
  handlers.on_message = [weak](std::string topic, std::string payload) {
    if (auto self = weak.lock()) self->OnMessage(topic, payload);
  };
  log::Info("connecting to the cloud broker", {{"uri", mqtt.uri}, {"user", mqtt.username}});
  session = MqttSession::Create(executor, std::move(mqtt), std::move(handlers));
  session->Start();
  ArmWatchdog();
}

void CloudSession::Impl::Shutdown() {
  timer.cancel();
  if (session) session->Stop();
  session.reset();
  session_connected = false;
  UpdateAllConnected();
}

void CloudSession::Impl::OnConnected() {
  session_connected = true;
  log::Info("cloud broker connected",
            {{"uri", options.broker_uri}, {"printers", std::to_string(followed.size())}});
  for (auto& [serial, printer] : followed) Subscribe(serial, printer);
  UpdateAllConnected();
}

void CloudSession::Impl::OnDown(std::string_view what, const std::string& reason) {
  session_connected = false;
  UpdateAllConnected();
  log::Warn(what, {{"uri", options.broker_uri}, {"reason", reason}});
}

void CloudSession::Impl::OnMessage(const std::string& topic, const std::string& payload) {
  const std::string_view serial = SerialOfReportTopic(topic);
  auto it = serial.empty() ? followed.end() : followed.find(serial);
  if (it == followed.end()) {
    log::Debug("cloud message for no followed printer", {{"topic", topic}});
    return;
  }
  Followed& printer = it->second;
  PrinterState& state = printer.entry->state;
  state.cloud_online.reset();  // set again only when this message is a presence event
  const double now = clock();
  fleet.Ingest(*printer.entry, payload, now);
  printer.watchdog.OnActivity(now);
  if (state.cloud_online && *state.cloud_online != printer.online) {
    printer.online = *state.cloud_online;
    log::Info(printer.online ? "printer online in the cloud" : "printer offline in the cloud",
              {{"printer", printer.entry->identity.name}, {"serial", it->first}});
    UpdateConnected(printer);
  }
}

void CloudSession::Impl::SetDevices(const std::vector<CloudDevice>& devices) {
  std::set<std::string, std::less<>> listed;
  for (const CloudDevice& device : devices) {
    listed.insert(device.serial);
    PrinterEntry* entry = fleet.Find(device.serial);
    if (entry != nullptr && entry->identity.transport != "cloud") {
      NoteModel(*entry, device);  // a LAN printer: metadata only
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
  auto it = followed.find(device.serial);
  if (it == followed.end()) {
    PrinterEntry& entry = fleet.Add({CloudPrinterName(device), device.serial, "cloud"});
    it = followed
             .emplace(device.serial, Followed{&entry, device.online, device.online,
                                              PushAllWatchdog(options.watchdog)})
             .first;
    log::Info("cloud printer found", {{"printer", entry.identity.name},
                                      {"serial", device.serial},
                                      {"model", device.model},
                                      {"online", device.online ? "true" : "false"}});
    if (session_connected) Subscribe(device.serial, it->second);
  }
  Followed& printer = it->second;
  if (device.online != printer.bind_online) {
    printer.bind_online = device.online;
    printer.online = device.online;
  }
  printer.entry->identity.name = CloudPrinterName(device);
  NoteModel(*printer.entry, device);
  UpdateConnected(printer);
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
  const double now = clock();
  printer.watchdog.OnActivity(now);  // a (re)connect starts the silence window
  printer.watchdog.OnPushAll(now);
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
  const double now = clock();
  for (auto& [serial, printer] : followed) {
    if (!printer.entry->connected || !printer.watchdog.Due(now)) continue;
    session->Publish(RequestTopic(serial), std::string(kPushAllRequest));
    printer.watchdog.OnPushAll(now);
    log::Debug("pushall requested", {{"serial", serial}, {"why", "silence"}});
  }
}

void CloudSession::Impl::UpdateConnected(Followed& printer) {
  const bool want = session_connected && printer.online;
  if (want == printer.entry->connected) return;
  if (want) {
    fleet.MarkConnected(*printer.entry);
  } else {
    fleet.MarkDisconnected(*printer.entry);
  }
}

void CloudSession::Impl::UpdateAllConnected() {
  for (auto& [serial, printer] : followed) UpdateConnected(printer);
}

CloudSession::CloudSession(boost::asio::any_io_executor executor, Fleet& fleet,
                           CloudSessionOptions options, std::function<double()> clock)
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
