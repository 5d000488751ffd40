// The discovery series (docs/metrics.md, "Discovery"): every announced printer with whether
// this exporter watches it, its Wi-Fi signal, and the datagrams heard by outcome.
#pragma once

#include <array>
#include <cstdint>

#include "discovery/discovered_printers.hpp"
#include "discovery/ssdp_notify.hpp"
#include "metrics/collector.hpp"

namespace bambu {

/// Datagrams heard on the discovery port, by outcome; written by the listener's handler only.
struct DiscoveryCounters {
  std::uint64_t accepted = 0;    // parsed and stored
  std::uint64_t table_full = 0;  // parsed, but the table was full of watched printers
  std::array<std::uint64_t, kNotifyRejectKinds> rejected{};  // by NotifyReject
  std::uint64_t receive_errors = 0;                          // the socket reported an error

  void CountReject(NotifyReject reason) { ++rejected[static_cast<std::size_t>(reason)]; }
};

class DiscoveryCollector final : public Collector {
 public:
  /// Both must outlive the collector.
  DiscoveryCollector(const DiscoveredPrinters& printers, const DiscoveryCounters& counters)
      : printers_(printers), counters_(counters) {}
  void Collect(Instant now, MetricSink& out) const override;

 private:
  const DiscoveredPrinters& printers_;
  const DiscoveryCounters& counters_;
};

}  // namespace bambu
