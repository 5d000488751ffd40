#include "io/discovery/discovery_service.hpp"

#include <chrono>
#include <utility>

#include "base/log.hpp"

namespace bambu {
namespace {

constexpr auto kExpiryPeriod = std::chrono::seconds(60);

}  // namespace

DiscoveryService::DiscoveryService(boost::asio::any_io_executor executor,
                                   const DiscoveryConfig& config, std::function<Instant()> clock,
                                   ChangeHandler on_change)
    : config_(config),
      clock_(std::move(clock)),
      on_change_(std::move(on_change)),
      table_(DiscoveredPrinters::kDefaultMaxEntries, config.expire_after_s),
      collector_(table_, counters_),
      expiry_(executor) {
  if (!config_.listen) return;
  listener_ = std::make_unique<SsdpListener>(
      executor, SsdpListenerOptions{config_.listen_address, config_.multicast},
      [this](std::string_view bytes, const std::string& sender) { OnDatagram(bytes, sender); },
      [this] { ++counters_.receive_errors; });
}

DiscoveryService::~DiscoveryService() { Stop(); }

void DiscoveryService::Start() {
  if (!listener_) return;
  listener_->Start();
  log::Info("discovery listening", {{"address", config_.listen_address},
                                    {"port", std::to_string(listener_->port())},
                                    {"multicast", config_.multicast ? "true" : "false"},
                                    {"auto_add", config_.auto_add ? "true" : "false"},
                                    {"codes", std::to_string(config_.codes.size())}});
  ArmExpiry();
}

void DiscoveryService::Stop() {
  *alive_ = false;
  expiry_.cancel();
  if (listener_) listener_->Stop();
}

bool DiscoveryService::SameListening(const DiscoveryConfig& config) const {
  return config.listen == config_.listen && config.listen_address == config_.listen_address &&
         config.multicast == config_.multicast && config.expire_after_s == config_.expire_after_s;
}

void DiscoveryService::OnDatagram(std::string_view bytes, const std::string& sender) {
  NotifyResult result = ParseNotify(bytes);
  if (!result.announcement) {
    counters_.CountReject(result.reject);
    return;
  }
  const std::string serial = result.announcement->serial;
  const Seen seen = table_.Observe(std::move(*result.announcement), sender, clock_());
  if (seen.kind == SeenKind::kDropped) {
    ++counters_.table_full;
    return;
  }
  ++counters_.accepted;
  if (seen.kind == SeenKind::kNew || seen.kind == SeenKind::kMoved) on_change_(serial, seen);
}

void DiscoveryService::ArmExpiry() {
  expiry_.expires_after(kExpiryPeriod);
  expiry_.async_wait([this, alive = alive_](const boost::system::error_code& ec) {
    if (ec || !*alive) return;
    table_.Expire(clock_());
    ArmExpiry();
  });
}

}  // namespace bambu
