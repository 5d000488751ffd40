// Cloud mode wiring: the REST poller, its status, the cloud MQTT session and the
// cloud metric families, built from the `cloud:` section of the config.
#pragma once

#include <functional>
#include <memory>
#include <set>
#include <string>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "config/shard.hpp"
#include "metrics/cloud_metrics.hpp"
#include "state/fleet.hpp"

namespace bambu {

class CloudPoller;
class CloudSession;

class CloudMode {
 public:
  /// `fleet` must outlive this object; LAN printers must be added to it before Start().
  /// Only bind-list printers that `shard` owns are followed and get per-printer series.
  CloudMode(boost::asio::any_io_executor executor, Fleet& fleet, const CloudConfig& config,
            std::function<Instant()> clock, ShardConfig shard = {});
  ~CloudMode();
  CloudMode(const CloudMode&) = delete;
  CloudMode& operator=(const CloudMode&) = delete;

  /// bambu_cloud_* samples; the printer label is the printer's name in the Fleet, and
  /// per-printer samples only for printers this shard owns.
  const Collector& collector() const { return *collector_; }

  void Start();
  void Stop();

 private:
  /// The devices `shard_` owns; logs each other shard's printer once.
  std::vector<CloudDevice> OwnedDevices(const std::vector<CloudDevice>& devices);

  Fleet& fleet_;
  ShardConfig shard_;
  std::set<std::string, std::less<>> skipped_;  // serials owned by other shards, logged once
  CloudStatus status_;
  std::unique_ptr<CloudCollector> collector_;
  std::unique_ptr<CloudSession> session_;
  std::shared_ptr<CloudPoller> poller_;
};

}  // namespace bambu
