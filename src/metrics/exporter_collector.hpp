// The exporter's own series: bambu_exporter_build_info{version,revision},
// bambu_exporter_http_tls_handshake_failures_total and
// bambu_exporter_http_connections_shed_total (metrics.md, "Exporter").
#pragma once

#include <cstdint>

#include "metrics/collector.hpp"

namespace bambu {

/// Counts of the exporter itself; owned by the event-loop thread, which alone updates them.
struct ExporterCounters {
  /// TLS handshakes with HTTP clients that failed: plain HTTP on the TLS port, a refused TLS
  /// version or client certificate, a client gone mid-handshake.
  std::uint64_t http_tls_handshake_failures = 0;
  /// HTTP connections the connection limit closed (HttpServerOptions::on_connection_shed).
  std::uint64_t http_connections_shed = 0;
};

class ExporterCollector final : public Collector {
 public:
  /// `counters` must outlive the collector.
  explicit ExporterCollector(const ExporterCounters& counters) : counters_(counters) {}
  void Collect(Instant now, MetricSink& out) const override;

 private:
  const ExporterCounters& counters_;
};

}  // namespace bambu
