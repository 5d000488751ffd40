#include "discovery/watch_plan.hpp"

#include "config/shard.hpp"

namespace bambu {
namespace {

const PrinterConfig* ConfiguredPrinter(const Config& config, std::string_view serial) {
  for (const PrinterConfig& printer : config.printers) {
    if (printer.serial == serial) return &printer;
  }
  return nullptr;
}

/// A LAN session for an auto-added printer at its announced address.
PrinterConfig AutoAddedSession(std::string_view serial, const WatchContext& context,
                               const std::string& code) {
  const DiscoveryConfig& discovery = *context.config.discovery;
  PrinterConfig session;
  session.serial = serial;
  session.name = context.current_name.empty() ? UniquePrinterName(context.seen->announcement.name,
                                                                  serial, context.name_taken)
                                              : std::string(context.current_name);
  session.host = context.seen->announcement.address;
  session.port = discovery.mqtt_port;
  session.access_code = code;
  session.tls.ca_file = discovery.tls.ca_file.empty() ? DefaultCaFile() : discovery.tls.ca_file;
  session.tls.insecure = discovery.tls.insecure;
  session.mqtt_keepalive_s = context.config.mqtt_keepalive_s;
  return session;
}

}  // namespace

WatchPlan PlanWatch(std::string_view serial, const WatchContext& context) {
  const Config& config = context.config;
  if (!OwnsSerial(config.shard, serial)) return {Watch::kAnotherShard, std::nullopt};
  if (const PrinterConfig* configured = ConfiguredPrinter(config, serial)) {
    if (!configured->host.empty()) return {Watch::kYes, *configured};
    if (context.seen == nullptr) return {Watch::kYes, std::nullopt};  // waits for its address
    PrinterConfig session = *configured;
    session.host = context.seen->announcement.address;
    return {Watch::kYes, std::move(session)};
  }
  if (context.cloud_follows) return {Watch::kCloud, std::nullopt};
  if (!config.discovery) return {Watch::kNotConfigured, std::nullopt};
  const auto code = config.discovery->codes.find(serial);
  if (code == config.discovery->codes.end()) return {Watch::kNoCode, std::nullopt};
  if (!config.discovery->auto_add || context.seen == nullptr) {
    return {Watch::kNotConfigured, std::nullopt};
  }
  return {Watch::kYes, AutoAddedSession(serial, context, code->second.code)};
}

std::string UniquePrinterName(std::string_view announced, std::string_view serial,
                              const std::function<bool(std::string_view)>& name_taken) {
  if (announced.empty()) return std::string(serial);
  const std::string name(announced);
  if (!name_taken(name)) return name;
  const std::string_view tail = serial.size() > 4 ? serial.substr(serial.size() - 4) : serial;
  std::string with_tail = name + "-" + std::string(tail);
  if (!name_taken(with_tail)) return with_tail;
  return name + "-" + std::string(serial);
}

}  // namespace bambu
