// Cloud mode wiring: the REST poller, its status, the cloud MQTT session and the
// cloud metric families, built from the `cloud:` section of the config.
#pragma once

#include <functional>
#include <memory>

#include <prometheus/collectable.h>
#include <boost/asio/any_io_executor.hpp>

#include "core/cloud_metrics.hpp"
#include "core/config.hpp"
#include "core/fleet.hpp"

namespace bambu {

class CloudPoller;
class CloudSession;

class CloudMode {
 public:
  /// `fleet` must outlive this object; LAN printers must be added to it before Start().
  CloudMode(boost::asio::any_io_executor executor, Fleet& fleet, const CloudConfig& config,
            std::function<double()> clock);
  ~CloudMode();
  CloudMode(const CloudMode&) = delete;
  CloudMode& operator=(const CloudMode&) = delete;

  /// bambu_cloud_* families; the printer label is the printer's name in the Fleet.
  std::shared_ptr<prometheus::Collectable> collector() const { return collector_; }

  void Start();
  void Stop();

 private:
  Fleet& fleet_;
  CloudStatus status_;
  std::shared_ptr<prometheus::Collectable> collector_;
  std::unique_ptr<CloudSession> session_;
  std::shared_ptr<CloudPoller> poller_;
};

}  // namespace bambu
