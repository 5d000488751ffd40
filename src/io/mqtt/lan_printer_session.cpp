// LanPrinterSession: glue between one MqttSession and the Fleet. Everything
// here runs on the executor (MqttSession posts its callbacks there).
//
// URI: "ssl://host:port" from the config; a host that already starts with
// "tcp://" or "ssl://" is used verbatim (tests and plain-TCP bridges).
#include "io/mqtt/lan_printer_session.hpp"

#include <chrono>
#include <string>
#include <string_view>
#include <utility>

#include <boost/asio/steady_timer.hpp>

#include "base/log.hpp"
#include "io/mqtt/client_id.hpp"
#include "io/mqtt/mqtt_session.hpp"
#include "io/mqtt/repeat_timer.hpp"
#include "report/report_topic.hpp"
#include "state/printer_events.hpp"

namespace bambu {
namespace {

constexpr auto kWatchdogPeriod = std::chrono::seconds(5);
constexpr std::string_view kLanUser = "bblp";

std::string BrokerUri(const PrinterConfig& config) {
  if (config.host.rfind("tcp://", 0) == 0 || config.host.rfind("ssl://", 0) == 0) {
    return config.host;
  }
  return "ssl://" + config.host + ":" + std::to_string(config.port);
}

}  // namespace

struct LanPrinterSession::Impl : std::enable_shared_from_this<Impl> {
  boost::asio::any_io_executor executor;
  Fleet& fleet;
  PrinterEntry& printer;
  PrinterConfig config;
  std::function<Instant()> clock;
  PushAllWatchdog watchdog;

  std::shared_ptr<MqttSession> session;
  boost::asio::steady_timer timer;
  bool running = false;
  bool packet_refusal_logged = false;  // the first refusal was logged at warn
  std::string report_topic;
  std::string request_topic;

  Impl(boost::asio::any_io_executor ex, Fleet& f, PrinterEntry& p, PrinterConfig c,
       std::function<Instant()> clk, WatchdogOptions w)
      : executor(ex),
        fleet(f),
        printer(p),
        config(std::move(c)),
        clock(std::move(clk)),
        watchdog(w),
        timer(ex),
        report_topic(ReportTopic(config.serial)),
        request_topic(RequestTopic(config.serial)) {}

  log::Field PrinterField() const { return {"printer", printer.identity.name}; }
  log::Field SerialField() const { return {"serial", config.serial}; }

  void Start();
  void Stop();
  void Shutdown();  // stops the session without touching the Fleet
  void OnConnected();
  void OnMessage(const std::string& topic, const std::string& payload);
  void OnLost(const std::string& cause);
  void OnConnectFailed(ConnectFailure reason, const std::string& detail);
  void RequestPushAll(std::string_view why);
  void ArmWatchdog();
  void CheckSilence();
};

void LanPrinterSession::Impl::Start() {
  if (running) return;
  running = true;
  MqttOptions options;
  options.uri = BrokerUri(config);
  options.client_id = LanClientId(config.serial);
  options.keepalive_s = config.mqtt_keepalive_s;
  options.username = kLanUser;
  options.password = config.access_code;
  options.ca_file = config.tls.ca_file.empty() ? DefaultCaFile() : config.tls.ca_file;
  options.insecure = config.tls.insecure;
  options.verify_host_name = false;  // printer certificates are named after the serial

  MqttHandlers handlers = ForwardingHandlers(weak_from_this());
  log::Info(
      "connecting to printer",
      {PrinterField(), SerialField(), {"uri", options.uri}, {"client_id", options.client_id}});
  session = MqttSession::Create(executor, std::move(options), std::move(handlers));
  session->Start();
  ArmWatchdog();
}

void LanPrinterSession::Impl::Stop() {
  Shutdown();
  OnSessionStopped(printer);
}

void LanPrinterSession::Impl::Shutdown() {
  running = false;
  timer.cancel();
  if (session) session->Stop();
  session.reset();
}

void LanPrinterSession::Impl::OnConnected() {
  if (!running) return;
  const Instant now = clock();
  OnSessionConnected(printer, now);
  log::Info("printer connected", {PrinterField(), SerialField()});
  watchdog.OnActivity(now.mono_s);
  session->Subscribe(report_topic);
  session->Publish(request_topic, std::string(kGetVersionRequest));
  RequestPushAll("connect");
}

void LanPrinterSession::Impl::OnMessage(const std::string& topic, const std::string& payload) {
  if (!running) return;
  const Instant now = clock();
  if (!IngestPrinterMessage(fleet, printer, topic, payload, now)) {
    log::Debug("message on unexpected topic", {PrinterField(), {"topic", topic}});
    return;
  }
  watchdog.OnActivity(now.mono_s);
}

void LanPrinterSession::Impl::OnLost(const std::string& cause) {
  if (!running) return;
  OnConnectionLost(printer);
  if (cause.starts_with(kPacketTooLargeCause)) {
    OnPacketRefused(printer);
    // Once per session at warn: a broker that keeps doing it would flood the log.
    constexpr std::string_view kRefused = "refused an oversized mqtt packet, reconnecting";
    if (packet_refusal_logged) {
      log::Debug(kRefused, {PrinterField(), SerialField(), {"reason", cause}});
    } else {
      log::Warn(kRefused, {PrinterField(), SerialField(), {"reason", cause}});
    }
    packet_refusal_logged = true;
    return;
  }
  log::Warn("connection lost", {PrinterField(), SerialField(), {"reason", cause}});
}

void LanPrinterSession::Impl::OnConnectFailed(ConnectFailure reason, const std::string& detail) {
  if (!running) return;
  bambu::OnConnectFailed(printer, reason);
  log::Warn("connect failed", {PrinterField(), SerialField(), {"reason", detail}});
}

void LanPrinterSession::Impl::RequestPushAll(std::string_view why) {
  watchdog.OnPushAll(clock().mono_s);
  session->Publish(request_topic, std::string(kPushAllRequest));
  log::Debug("pushall requested", {PrinterField(), {"why", std::string(why)}});
}

void LanPrinterSession::Impl::ArmWatchdog() {
  RepeatEvery(timer, kWatchdogPeriod, weak_from_this(), [](Impl& self) {
    if (!self.running) return false;
    self.CheckSilence();
    return true;
  });
}

void LanPrinterSession::Impl::CheckSilence() {
  if (!printer.connected) return;
  const Instant now = clock();
  CheckFirstReport(printer, now);  // a mistyped serial: nothing ever arrives
  if (watchdog.Due(now.mono_s)) RequestPushAll("silence");
}

LanPrinterSession::LanPrinterSession(boost::asio::any_io_executor executor, Fleet& fleet,
                                     PrinterEntry& printer, PrinterConfig config,
                                     std::function<Instant()> clock, WatchdogOptions watchdog)
    : impl_(std::make_shared<Impl>(std::move(executor), fleet, printer, std::move(config),
                                   std::move(clock), watchdog)) {}

LanPrinterSession::~LanPrinterSession() { impl_->Shutdown(); }

void LanPrinterSession::Start() { impl_->Start(); }

void LanPrinterSession::Stop() { impl_->Stop(); }

}  // namespace bambu
