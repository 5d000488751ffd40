#include "io/exporter_runtime.hpp"

#include <csignal>
#include <exception>
#include <set>
#include <utility>
#include <vector>

#include "base/log.hpp"
#include "config/shard.hpp"
#include "discovery/watch_plan.hpp"
#include "io/cloud/cloud_mode.hpp"
#include "io/discovery/discovery_service.hpp"
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

/// Forwards Collect() to whichever cloud mode and discovery service are current (none: no
/// samples).
class SourceForwarder final : public Collector {
 public:
  SourceForwarder(const std::unique_ptr<CloudMode>& cloud,
                  const std::unique_ptr<DiscoveryService>& discovery)
      : cloud_(cloud), discovery_(discovery) {}
  void Collect(Instant now, MetricSink& out) const override {
    if (cloud_) cloud_->collector().Collect(now, out);
    if (discovery_) discovery_->collector().Collect(now, out);
  }

 private:
  const std::unique_ptr<CloudMode>& cloud_;
  const std::unique_ptr<DiscoveryService>& discovery_;
};

/// True when `a` and `b` differ in the host only: an announced address that changed.
bool OnlyHostDiffers(const PrinterConfig& a, const PrinterConfig& b) {
  PrinterConfig moved = a;
  moved.host = b.host;
  return a.host != b.host && SamePrinter(moved, b);
}

}  // namespace

ExporterRuntime::ExporterRuntime(boost::asio::any_io_executor executor, Fleet& fleet,
                                 std::function<Instant()> clock)
    : executor_(executor),
      fleet_(fleet),
      clock_(std::move(clock)),
      collector_(std::make_shared<SourceForwarder>(cloud_, discovery_)),
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
  const Config old_config = config_;
  config_ = config;
  config_.listen_address = listening;
  ApplyDiscovery(config_);
  ReconcileAll();
  plans_dirty_ = true;  // the job_plans section may have changed
  ApplyPlans();
  ApplyCloud(old_config);
  applied_ = true;
  if (sessions_.empty() && !cloud_ && !discovery_) {
    log::Warn("no printers configured", {{"file", config.source_path}});
  }
}

const DiscoveredPrinters* ExporterRuntime::discovered() const {
  return discovery_ ? &discovery_->printers() : nullptr;
}

void ExporterRuntime::ApplyDiscovery(const Config& config) {
  if (discovery_ && config.discovery && discovery_->SameListening(*config.discovery)) return;
  if (discovery_) {
    log::Info("discovery section changed, restarting the listener", {{"file", config.source_path}});
    discovery_->Stop();
    discovery_.reset();
  }
  if (!config.discovery) return;
  discovery_ = std::make_unique<DiscoveryService>(
      executor_, *config.discovery, clock_,
      [this](const std::string& serial, const Seen& seen) { OnAnnounced(serial, seen); });
  try {
    discovery_->Start();
  } catch (const std::exception& error) {
    // The printers with a host still run; the operator sees the error and the missing series.
    log::Error("discovery disabled", {{"file", config.source_path}, {"err", error.what()}});
    discovery_.reset();
  }
}

void ExporterRuntime::OnAnnounced(const std::string& serial, const Seen& seen) {
  if (seen.kind == SeenKind::kMoved) {
    log::Info("printer announced a new address",
              {{"serial", serial},
               {"old", seen.old_address},
               {"new", discovery_->printers().Find(serial)->announcement.address}});
  }
  Reconcile(serial);
  ApplyPlans();
}

void ExporterRuntime::ReconcileAll() {
  std::set<std::string, std::less<>> serials;
  for (const PrinterConfig& printer : config_.printers) serials.insert(printer.serial);
  for (const auto& [serial, running] : sessions_) serials.insert(serial);
  if (discovery_) {
    for (const auto& [serial, printer] : discovery_->printers().printers()) serials.insert(serial);
  }
  for (const std::string& serial : serials) Reconcile(serial);
}

void ExporterRuntime::Reconcile(const std::string& serial) {
  const DiscoveredPrinter* seen = discovery_ ? discovery_->printers().Find(serial) : nullptr;
  const PrinterEntry* entry = fleet_.Find(serial);
  auto running = sessions_.find(serial);
  const WatchPlan plan = PlanWatch(
      serial, {config_, seen, entry != nullptr && entry->identity.transport == Transport::kCloud,
               running == sessions_.end() ? std::string_view() : running->second.config.name,
               [this, &serial](std::string_view name) { return NameTaken(name, serial); }});
  if (discovery_) discovery_->printers().SetWatch(serial, plan.watch);
  if (!plan.session) {
    // A configured printer without host keeps its session while its address is unknown.
    if (running != sessions_.end() && plan.watch != Watch::kYes) {
      log::Info("printer removed",
                {{"serial", serial}, {"watched", std::string(WatchLabel(plan.watch))}});
      StopPrinter(serial, true);
    }
    return;
  }
  if (running != sessions_.end()) {
    const PrinterConfig& before = running->second.config;
    if (SamePrinter(before, *plan.session)) return;
    if (OnlyHostDiffers(before, *plan.session)) {
      log::Info("printer address changed, reconnecting",
                {{"serial", serial}, {"old", before.host}, {"new", plan.session->host}});
    } else {
      log::Info("printer changed, restarting its session", {{"serial", serial}});
    }
    StopPrinter(serial, false);
  }
  StartPrinter(*plan.session);
}

bool ExporterRuntime::NameTaken(std::string_view name, std::string_view serial) const {
  for (const auto& printer : fleet_.printers()) {
    if (printer->identity.name == name && printer->identity.serial != serial) return true;
  }
  for (const PrinterConfig& printer : config_.printers) {
    if (printer.name == name && printer.serial != serial) return true;
  }
  return false;
}

void ExporterRuntime::ApplyPlans() {
  if (!plans_dirty_) return;
  plans_dirty_ = false;
  std::vector<PrinterConfig> running;
  running.reserve(sessions_.size());
  for (const auto& [serial, session] : sessions_) running.push_back(session.config);
  plans_->Configure(running, config_.job_plans);
}

void ExporterRuntime::StartPrinter(const PrinterConfig& printer) {
  PrinterEntry& entry = fleet_.Add({printer.name, printer.serial, Transport::kLan});
  OnRenamed(entry, printer.name);
  auto session = std::make_unique<LanPrinterSession>(executor_, fleet_, entry, printer, clock_);
  session->Start();
  sessions_.emplace(printer.serial, Running{std::move(session), printer});
  plans_dirty_ = true;
  log::Info("printer configured", {{"name", entry.identity.name},
                                   {"serial", printer.serial},
                                   {"host", printer.host},
                                   {"port", std::to_string(printer.port)}});
}

void ExporterRuntime::StopPrinter(const std::string& serial, bool remove_from_fleet) {
  auto it = sessions_.find(serial);
  if (it == sessions_.end()) return;
  it->second.session->Stop();
  plans_->Cancel(serial);
  plans_dirty_ = true;
  sessions_.erase(it);  // its pending callbacks see it stopped and never touch the entry
  if (remove_from_fleet) fleet_.Remove(serial);
}

void ExporterRuntime::ApplyCloud(const Config& old_config) {
  const Config& config = config_;
  const bool same_shard =
      config.shard.index == old_config.shard.index && config.shard.count == old_config.shard.count;
  if (applied_ && same_shard && SameCloud(config.cloud, old_config.cloud)) return;
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
  for (auto& [serial, running] : sessions_) running.session->Stop();
  if (cloud_) cloud_->Stop();
  if (discovery_) discovery_->Stop();
}

}  // namespace bambu
