// The `discovery:` section of exporter.yaml: listening for the printers' SSDP announcements
// (docs/protocol.md §8), following their addresses, and the access codes by serial that let
// printers be watched without a `printers:` entry. Off when the section is absent.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "config/access_codes.hpp"

namespace YAML {
class Node;
}

namespace bambu {

class ConfigReader;

/// Where printers send their announcements (docs/protocol.md §8).
inline constexpr int kDiscoveryPort = 2021;
inline constexpr int kDiscoveryMulticastPort = 1990;
inline constexpr std::string_view kDiscoveryMulticastGroup = "239.255.255.250";

/// MQTT port and TLS of the printers discovery connects to (TLS as in tls.hpp of a printer).
struct DiscoveredTls {
  std::string ca_file;  // empty: the shipped Bambu CA bundle
  bool insecure = false;
};

struct DiscoveryConfig {
  bool listen = true;                           // `enabled`: false keeps only the codes
  std::string listen_address = "0.0.0.0:2021";  // UDP, IPv4 "host:port"
  bool multicast = true;  // also bind port 1990 and join 239.255.255.250 (where the host allows)
  bool auto_add = false;  // watch every announced printer whose serial has a code
  std::string access_codes_dir;   // files named by serial
  std::string access_codes_file;  // `SERIAL: CODE` lines
  AccessCodes codes;              // read from the two above at load time
  int mqtt_port = 8883;           // MQTT port of discovered printers (real printers: 8883)
  DiscoveredTls tls;              // TLS of auto-added printers
  double expire_after_s = 600;    // an unwatched announced printer is forgotten after this silence
};

/// Parses `node` (the `discovery:` value); nullopt when absent or null. Fails through `reader`
/// naming the key.
std::optional<DiscoveryConfig> ParseDiscoveryConfig(const ConfigReader& reader,
                                                    const YAML::Node& node);

/// True for a dotted-quad IPv4 address ("192.168.1.68"): four numbers 0..255, no leading zeros.
bool IsDottedIpv4(std::string_view text);

/// True when `address` is "a.b.c.d:port" with a dotted IPv4 host and a port 1..65535.
bool IsUdpListenAddress(const std::string& address);

}  // namespace bambu
