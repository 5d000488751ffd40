// The running exporter's sources: one LAN session per watched printer (configured, or found by
// discovery), the optional cloud mode and the optional discovery listener, applied from a Config
// and re-applied on reload (SIGHUP, POST /-/reload). Printers whose settings are unchanged keep
// their session and state; a printer whose announced address changes is reconnected there.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/signal_set.hpp>

#include "config/config.hpp"
#include "metrics/collector.hpp"
#include "state/fleet.hpp"

namespace bambu {

class CloudMode;
class DiscoveredPrinters;
class DiscoveryService;
class LanPrinterSession;
struct Seen;
class PlanPoller;

class ExporterRuntime {
 public:
  /// `fleet` must outlive this object. Everything runs on `executor`'s thread.
  ExporterRuntime(boost::asio::any_io_executor executor, Fleet& fleet,
                  std::function<Instant()> clock);
  ~ExporterRuntime();
  ExporterRuntime(const ExporterRuntime&) = delete;
  ExporterRuntime& operator=(const ExporterRuntime&) = delete;

  /// Starts (or, when already running, diffs against) `config`.
  void Apply(const Config& config);
  /// Re-reads the config file; on error keeps the running config, logs and fills `error`.
  bool Reload(std::string& error);
  /// Calls Reload on every SIGHUP until Stop().
  void ReloadOnSighup();
  void Stop();

  /// bambu_cloud_* samples of the current cloud mode and the discovery series (none without).
  std::shared_ptr<const Collector> collector() const { return collector_; }
  /// The printers heard announcing themselves; null without discovery.
  const DiscoveredPrinters* discovered() const;

 private:
  struct Running {
    std::unique_ptr<LanPrinterSession> session;
    PrinterConfig config;  // what the session runs with (host: configured or announced)
  };

  void ApplyDiscovery(const Config& config);
  void ApplyCloud(const Config& old_config);
  /// Starts, restarts or stops the session of every serial configured, heard or running.
  void ReconcileAll();
  /// Starts, restarts or stops the session of `serial` as discovery/watch_plan.hpp says.
  void Reconcile(const std::string& serial);
  void OnAnnounced(const std::string& serial, const Seen& seen);
  bool NameTaken(std::string_view name, std::string_view serial) const;
  /// Hands the running LAN sessions' printers (host configured or announced) to the plan
  /// poller when a session started or stopped since the last call.
  void ApplyPlans();
  void StartPrinter(const PrinterConfig& printer);
  void StopPrinter(const std::string& serial, bool remove_from_fleet);
  void WaitForSighup();

  boost::asio::any_io_executor executor_;
  Fleet& fleet_;
  std::function<Instant()> clock_;
  Config config_;
  bool applied_ = false;
  std::map<std::string, Running, std::less<>> sessions_;  // by serial
  std::unique_ptr<CloudMode> cloud_;
  std::unique_ptr<DiscoveryService> discovery_;
  std::shared_ptr<const Collector> collector_;
  std::unique_ptr<PlanPoller> plans_;  // job plans over FTPS for the LAN printers
  bool plans_dirty_ = true;            // sessions started or stopped since ApplyPlans
  boost::asio::signal_set sighup_;
};

}  // namespace bambu
