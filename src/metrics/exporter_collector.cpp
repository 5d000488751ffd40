#include "metrics/exporter_collector.hpp"

#include "base/build_info.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kBuildInfo{"bambu_exporter_build_info", MetricType::Gauge,
                                "Version and git revision of bambu_exporter; value 1."};
constexpr FamilySpec kTlsHandshakeFailures{
    "bambu_exporter_http_tls_handshake_failures_total", MetricType::Counter,
    "TLS handshakes with HTTP clients that failed (plain HTTP on the TLS port, refused TLS "
    "version or client certificate, a client gone mid-handshake)."};
constexpr FamilySpec kConnectionsShed{
    "bambu_exporter_http_connections_shed_total", MetricType::Counter,
    "HTTP connections closed by the connection limit: the oldest one waiting for a request or a "
    "TLS handshake, or a new one while every connection was busy answering."};

}  // namespace

void ExporterCollector::Collect(Instant, MetricSink& out) const {
  out.Add(kBuildInfo, {{"version", BuildVersion()}, {"revision", BuildRevision()}}, 1);
  out.Add(kTlsHandshakeFailures, {}, static_cast<double>(counters_.http_tls_handshake_failures));
  out.Add(kConnectionsShed, {}, static_cast<double>(counters_.http_connections_shed));
}

}  // namespace bambu
