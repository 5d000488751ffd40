#include "discovery/discovery_collector.hpp"

#include <string>
#include <vector>

#include "cloud/cloud_api.hpp"

namespace bambu {
namespace {

using prometheus::MetricType;

constexpr FamilySpec kInfo{
    "bambu_discovered_printer_info", MetricType::Gauge,
    "A printer heard announcing itself on the network (SSDP), value 1; watched says whether "
    "this exporter follows it (yes, cloud, no_code, another_shard, not_configured)."};
constexpr FamilySpec kSignal{"bambu_discovered_printer_wifi_signal_dbm", MetricType::Gauge,
                             "Wi-Fi signal the printer announced, dBm."};
constexpr FamilySpec kLastSeen{"bambu_discovered_printer_last_seen_timestamp_seconds",
                               MetricType::Gauge,
                               "When the printer's last announcement was heard, Unix seconds."};
constexpr FamilySpec kPackets{
    "bambu_discovery_packets_total", MetricType::Counter,
    "Datagrams heard on the discovery port, by outcome: accepted, table_full, or the reason "
    "one was dropped."};
constexpr FamilySpec kForgotten{
    "bambu_discovered_printers_forgotten_total", MetricType::Counter,
    "Unwatched printers dropped from the table of announced printers: evicted (the table was "
    "full) or expired (silent too long)."};

}  // namespace

void DiscoveryCollector::Collect(Instant, MetricSink& out) const {
  std::string model;
  for (const auto& [serial, printer] : printers_.printers()) {
    const Announcement& a = printer.announcement;
    model = CloudModelName(a.model_code, "");
    out.Add(kInfo,
            {{"serial", serial},
             {"model", model},
             {"name", a.name},
             {"address", a.address},
             {"connect_mode", a.connect_mode},
             {"bind_state", a.bind_state},
             {"watched", WatchLabel(printer.watch)}},
            1);
  }
  for (const auto& [serial, printer] : printers_.printers()) {
    if (printer.announcement.signal_dbm) {
      out.Add(kSignal, {{"serial", serial}}, *printer.announcement.signal_dbm);
    }
  }
  for (const auto& [serial, printer] : printers_.printers()) {
    out.Add(kLastSeen, {{"serial", serial}}, printer.last_seen.unix_s);
  }
  out.Add(kPackets, {{"reason", "accepted"}}, static_cast<double>(counters_.accepted));
  out.Add(kPackets, {{"reason", "table_full"}}, static_cast<double>(counters_.table_full));
  out.Add(kPackets, {{"reason", "receive_error"}}, static_cast<double>(counters_.receive_errors));
  for (std::size_t i = 0; i < kNotifyRejectKinds; ++i) {
    out.Add(kPackets, {{"reason", NotifyRejectLabel(static_cast<NotifyReject>(i))}},
            static_cast<double>(counters_.rejected[i]));
  }
  out.Add(kForgotten, {{"why", "evicted"}}, static_cast<double>(printers_.evicted()));
  out.Add(kForgotten, {{"why", "expired"}}, static_cast<double>(printers_.expired()));
}

}  // namespace bambu
