// The running exporter's sources: one LAN session per configured printer and the
// optional cloud mode, applied from a Config and re-applied on reload (SIGHUP,
// POST /-/reload). Printers whose config is unchanged keep their session and state.
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
class LanPrinterSession;
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

  /// bambu_cloud_* samples of the current cloud mode (none without one).
  std::shared_ptr<const Collector> collector() const { return collector_; }

 private:
  void ApplyPrinters(const Config& config);
  void ApplyCloud(const Config& config);
  void ApplyPlans(const Config& config);
  void StartPrinter(const PrinterConfig& printer);
  void StopPrinter(const std::string& serial, bool remove_from_fleet);
  void WaitForSighup();

  boost::asio::any_io_executor executor_;
  Fleet& fleet_;
  std::function<Instant()> clock_;
  Config config_;
  bool applied_ = false;
  std::map<std::string, std::unique_ptr<LanPrinterSession>, std::less<>> sessions_;  // by serial
  std::unique_ptr<CloudMode> cloud_;
  std::shared_ptr<const Collector> collector_;
  std::unique_ptr<PlanPoller> plans_;  // job plans over FTPS for the LAN printers
  boost::asio::signal_set sighup_;
};

}  // namespace bambu
