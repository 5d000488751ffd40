#include "io/exporter_runtime.hpp"

#include <csignal>
#include <exception>
#include <utility>
#include <vector>

#include "base/log.hpp"
#include "config/shard.hpp"
#include "io/cloud/cloud_mode.hpp"
#include "io/mqtt/lan_printer_session.hpp"
#include "io/plan_poller.hpp"
#include "state/printer_events.hpp"

namespace bambu {
namespace {

bool SameTls(const TlsConfig& a, const TlsConfig& b) {
  return a.ca_file == b.ca_file && a.insecure == b.insecure;
}

/// True when a running session for `a` can serve `b` unchanged.
bool SamePrinter(const PrinterConfig& a, const PrinterConfig& b) {
  return a.name == b.name && a.serial == b.serial && a.host == b.host && a.port == b.port &&
         a.access_code == b.access_code && SameTls(a.tls, b.tls) &&
         a.mqtt_keepalive_s == b.mqtt_keepalive_s;
}

bool SameCloud(const std::optional<CloudConfig>& a, const std::optional<CloudConfig>& b) {
  if (!a || !b) return a.has_value() == b.has_value();
  return a->region == b->region && a->api_base_url == b->api_base_url &&
         a->mqtt_broker == b->mqtt_broker && a->token == b->token &&
         a->token_file == b->token_file && a->devices_interval_s == b->devices_interval_s &&
         a->tasks_interval_s == b->tasks_interval_s && a->state_file == b->state_file &&
         a->ca_file == b->ca_file && a->mqtt_keepalive_s == b->mqtt_keepalive_s;
}

/// The configured printer `serial` when this shard owns it (config.shard), else nullptr.
const PrinterConfig* FindPrinter(const Config& config, std::string_view serial) {
  for (const PrinterConfig& printer : config.printers) {
    if (printer.serial == serial && OwnsSerial(config.shard, serial)) return &printer;
  }
  return nullptr;
}

/// Logs, once per applied config, which configured printers other shards own.
void LogShard(const Config& config) {
  if (config.shard.count <= 1) return;
  int owned = 0;
  for (const PrinterConfig& printer : config.printers) {
    if (OwnsSerial(config.shard, printer.serial)) {
      ++owned;
      continue;
    }
    log::Info("printer left to another shard",
              {{"name", printer.name},
               {"serial", printer.serial},
               {"shard", std::to_string(ShardOf(printer.serial, config.shard.count))}});
  }
  log::Info("shard", {{"index", std::to_string(config.shard.index)},
                      {"count", std::to_string(config.shard.count)},
                      {"configured", std::to_string(config.printers.size())},
                      {"owned", std::to_string(owned)}});
}

/// Forwards Collect() to whichever cloud mode is current (none: no samples).
class CloudForwarder final : public Collector {
 public:
  explicit CloudForwarder(const std::unique_ptr<CloudMode>& cloud) : cloud_(cloud) {}
  void Collect(Instant now, MetricSink& out) const override {
    if (cloud_) cloud_->collector().Collect(now, out);
  }

 private:
  const std::unique_ptr<CloudMode>& cloud_;
};

}  // namespace

ExporterRuntime::ExporterRuntime(boost::asio::any_io_executor executor, Fleet& fleet,
                                 std::function<Instant()> clock)
    : executor_(executor),
      fleet_(fleet),
      clock_(std::move(clock)),
      collector_(std::make_shared<CloudForwarder>(cloud_)),
      plans_(std::make_unique<PlanPoller>(executor, fleet, clock_)),
      sighup_(executor) {}

ExporterRuntime::~ExporterRuntime() = default;

void ExporterRuntime::Apply(const Config& config) {
  if (applied_ && config.listen_address != config_.listen_address) {
    log::Warn("listen_address change needs a restart", {{"file", config.source_path},
                                                        {"listening", config_.listen_address},
                                                        {"configured", config.listen_address}});
  }
  if (applied_ && (config.stale_after_s != config_.stale_after_s ||
                   config.keep_stale_series != config_.keep_stale_series)) {
    log::Warn("stale_after and keep_stale_series changes need a restart",
              {{"file", config.source_path}});
  }
  const std::string listening = applied_ ? config_.listen_address : config.listen_address;
  LogShard(config);
  ApplyPrinters(config);
  ApplyPlans(config);
  ApplyCloud(config);
  config_ = config;
  config_.listen_address = listening;
  applied_ = true;
  if (sessions_.empty() && !cloud_) {
    log::Warn("no printers configured", {{"file", config.source_path}});
  }
}

void ExporterRuntime::ApplyPrinters(const Config& config) {
  std::vector<std::string> stale;
  for (const auto& [serial, session] : sessions_) {
    const PrinterConfig* wanted = FindPrinter(config, serial);
    const PrinterConfig* running = FindPrinter(config_, serial);
    if (wanted == nullptr) {
      log::Info("printer removed", {{"serial", serial}});
      stale.push_back(serial);
    } else if (running == nullptr || !SamePrinter(*running, *wanted)) {
      log::Info("printer changed, restarting its session", {{"serial", serial}});
      stale.push_back(serial);
    }
  }
  for (const std::string& serial : stale) {
    StopPrinter(serial, FindPrinter(config, serial) == nullptr);
  }
  for (const PrinterConfig& printer : config.printers) {
    if (FindPrinter(config, printer.serial) && !sessions_.contains(printer.serial)) {
      StartPrinter(printer);
    }
  }
}

void ExporterRuntime::ApplyPlans(const Config& config) {
  std::vector<PrinterConfig> owned;
  for (const PrinterConfig& printer : config.printers) {
    if (FindPrinter(config, printer.serial) != nullptr) owned.push_back(printer);
  }
  plans_->Configure(owned, config.job_plans);
}

void ExporterRuntime::StartPrinter(const PrinterConfig& printer) {
  PrinterEntry& entry = fleet_.Add({printer.name, printer.serial, Transport::kLan});
  OnRenamed(entry, printer.name);
  auto session = std::make_unique<LanPrinterSession>(executor_, fleet_, entry, printer, clock_);
  session->Start();
  sessions_.emplace(printer.serial, std::move(session));
  log::Info("printer configured", {{"name", entry.identity.name},
                                   {"serial", printer.serial},
                                   {"host", printer.host},
                                   {"port", std::to_string(printer.port)}});
}

void ExporterRuntime::StopPrinter(const std::string& serial, bool remove_from_fleet) {
  auto it = sessions_.find(serial);
  if (it == sessions_.end()) return;
  it->second->Stop();
  plans_->Cancel(serial);
  sessions_.erase(it);  // its pending callbacks see it stopped and never touch the entry
  if (remove_from_fleet) fleet_.Remove(serial);
}

void ExporterRuntime::ApplyCloud(const Config& config) {
  const bool same_shard =
      config.shard.index == config_.shard.index && config.shard.count == config_.shard.count;
  if (applied_ && same_shard && SameCloud(config.cloud, config_.cloud)) return;
  if (cloud_) {
    log::Info("cloud section changed, restarting cloud mode", {{"file", config.source_path}});
    cloud_->Stop();
    cloud_.reset();
  }
  std::vector<std::string> cloud_printers;  // followed by the old cloud mode only
  for (const auto& printer : fleet_.printers()) {
    // Without cloud mode all go; with a new shard, those another shard owns now.
    if (printer->identity.transport == Transport::kCloud &&
        (!config.cloud || !OwnsSerial(config.shard, printer->identity.serial))) {
      cloud_printers.push_back(printer->identity.serial);
    }
  }
  for (const std::string& serial : cloud_printers) fleet_.Remove(serial);
  if (!config.cloud) return;
  cloud_ = std::make_unique<CloudMode>(executor_, fleet_, *config.cloud, clock_, config.shard);
  cloud_->Start();
}

bool ExporterRuntime::Reload(std::string& error) {
  Config config;
  try {
    config = LoadConfig(config_.source_path);
  } catch (const std::exception& e) {
    error = e.what();
    log::Error("config reload rejected, keeping the running config",
               {{"file", config_.source_path}, {"err", error}});
    return false;
  }
  log::Info("reloading config", {{"file", config.source_path}});
  Apply(config);
  return true;
}

void ExporterRuntime::ReloadOnSighup() {
  sighup_.add(SIGHUP);
  WaitForSighup();
}

void ExporterRuntime::WaitForSighup() {
  sighup_.async_wait([this](const boost::system::error_code& ec, int) {
    if (ec) return;
    log::Info("SIGHUP received", {{"file", config_.source_path}});
    std::string error;
    Reload(error);
    WaitForSighup();
  });
}

void ExporterRuntime::Stop() {
  boost::system::error_code ignored;
  sighup_.cancel(ignored);
  plans_->Stop();
  for (auto& [serial, session] : sessions_) session->Stop();
  if (cloud_) cloud_->Stop();
}

}  // namespace bambu
