// Discovery while the exporter runs: the listener's datagrams parsed (discovery/ssdp_notify.hpp)
// into the bounded table of announced printers, counted by outcome, and the table expired once
// a minute. Tells its owner when a serial is first heard or its address changes, so sessions
// start and follow addresses within one announcement.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/steady_timer.hpp>

#include "config/discovery_config.hpp"
#include "discovery/discovered_printers.hpp"
#include "discovery/discovery_collector.hpp"
#include "io/discovery/ssdp_listener.hpp"

namespace bambu {

class DiscoveryService {
 public:
  /// `on_change(serial, seen)` runs on the executor for kNew and kMoved announcements.
  using ChangeHandler = std::function<void(const std::string& serial, const Seen& seen)>;
  DiscoveryService(boost::asio::any_io_executor executor, const DiscoveryConfig& config,
                   std::function<Instant()> clock, ChangeHandler on_change);
  ~DiscoveryService();
  DiscoveryService(const DiscoveryService&) = delete;
  DiscoveryService& operator=(const DiscoveryService&) = delete;

  /// Starts listening (when config.listen); throws std::runtime_error when the port is taken.
  void Start();
  void Stop();

  DiscoveredPrinters& printers() { return table_; }
  const DiscoveredPrinters& printers() const { return table_; }
  const Collector& collector() const { return collector_; }
  /// True when this service was built from the same listening settings as `config`.
  bool SameListening(const DiscoveryConfig& config) const;

 private:
  void OnDatagram(std::string_view bytes, const std::string& sender);
  void ArmExpiry();

  DiscoveryConfig config_;
  std::function<Instant()> clock_;
  ChangeHandler on_change_;
  DiscoveredPrinters table_;
  DiscoveryCounters counters_;
  DiscoveryCollector collector_;
  std::unique_ptr<SsdpListener> listener_;
  boost::asio::steady_timer expiry_;
  std::shared_ptr<bool> alive_ = std::make_shared<bool>(true);
};

}  // namespace bambu
