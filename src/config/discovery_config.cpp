#include "config/discovery_config.hpp"

#include <charconv>
#include <filesystem>

#include <yaml-cpp/yaml.h>

#include "config/config_reader.hpp"
#include "config/secret_source.hpp"

namespace bambu {
namespace {

constexpr double kMinExpireS = 60;  // announcements come every few seconds (protocol.md §8)

}  // namespace

bool IsDottedIpv4(std::string_view text) {
  for (int part = 0; part < 4; ++part) {
    const auto dot = text.find('.');
    if ((part < 3) == (dot == std::string_view::npos)) return false;  // exactly three dots
    const std::string_view number = text.substr(0, dot);
    if (number.empty() || number.size() > 3 || (number.size() > 1 && number[0] == '0')) {
      return false;
    }
    unsigned value = 0;
    const auto [ptr, ec] = std::from_chars(number.data(), number.data() + number.size(), value);
    if (ec != std::errc() || ptr != number.data() + number.size() || value > 255) return false;
    text.remove_prefix(dot == std::string_view::npos ? text.size() : dot + 1);
  }
  return true;
}

bool IsUdpListenAddress(const std::string& address) {
  const auto colon = address.rfind(':');
  if (colon == std::string::npos || !IsDottedIpv4(std::string_view(address).substr(0, colon))) {
    return false;
  }
  int port = 0;
  const char* end = address.data() + address.size();
  const auto [ptr, ec] = std::from_chars(address.data() + colon + 1, end, port);
  return ec == std::errc() && ptr == end && port >= 1 && port <= 65535;
}

std::optional<DiscoveryConfig> ParseDiscoveryConfig(const ConfigReader& reader,
                                                    const YAML::Node& node) {
  const std::string path = "discovery";
  if (!node.IsDefined() || node.IsNull()) return std::nullopt;
  if (!node.IsMap()) reader.Fail(path, "must be a mapping");
  reader.CheckKeys(node, path,
                   {"enabled", "listen_address", "multicast", "auto_add", "access_codes_dir",
                    "access_codes_file", "mqtt_port", "tls", "expire_after"});
  DiscoveryConfig discovery;
  discovery.listen = reader.Bool(node, path, "enabled").value_or(true);
  if (auto address = reader.String(node, path, "listen_address")) {
    if (!IsUdpListenAddress(*address)) {
      reader.Fail("discovery.listen_address",
                  "must be \"IPv4:port\" such as \"0.0.0.0:2021\", got \"" + *address + "\"");
    }
    discovery.listen_address = *address;
  }
  discovery.multicast = reader.Bool(node, path, "multicast").value_or(true);
  discovery.auto_add = reader.Bool(node, path, "auto_add").value_or(false);
  discovery.access_codes_dir = reader.String(node, path, "access_codes_dir").value_or("");
  discovery.access_codes_file = reader.String(node, path, "access_codes_file").value_or("");
  try {
    discovery.codes = LoadAccessCodes(discovery.access_codes_dir, "");
  } catch (const SecretError& error) {
    reader.Fail("discovery.access_codes_dir", error.what());
  }
  try {
    for (auto& [serial, code] : LoadAccessCodes("", discovery.access_codes_file)) {
      const auto [it, inserted] = discovery.codes.emplace(serial, code);
      if (!inserted) {
        throw SecretError(code.source + ": serial " + serial + " already has a code in " +
                          it->second.source);
      }
    }
  } catch (const SecretError& error) {
    reader.Fail("discovery.access_codes_file", error.what());
  }
  if (discovery.auto_add && discovery.access_codes_dir.empty() &&
      discovery.access_codes_file.empty()) {
    reader.Fail("discovery.auto_add",
                "needs access codes: set discovery.access_codes_dir or access_codes_file");
  }
  if (auto port = reader.Port(node, path, "mqtt_port")) discovery.mqtt_port = *port;
  if (auto expire = reader.Duration(node, path, "expire_after")) {
    if (*expire < kMinExpireS) reader.Fail("discovery.expire_after", "must be at least 1m");
    discovery.expire_after_s = *expire;
  }
  const YAML::Node tls = node["tls"];
  if (tls.IsDefined() && !tls.IsNull()) {
    if (!tls.IsMap()) reader.Fail("discovery.tls", "must be a mapping");
    reader.CheckKeys(tls, "discovery.tls", {"ca_file", "insecure"});
    discovery.tls.ca_file = reader.String(tls, "discovery.tls", "ca_file").value_or("");
    discovery.tls.insecure = reader.Bool(tls, "discovery.tls", "insecure").value_or(false);
    if (!discovery.tls.ca_file.empty() &&
        !std::filesystem::is_regular_file(discovery.tls.ca_file)) {
      reader.Fail("discovery.tls.ca_file", "file not found: " + discovery.tls.ca_file);
    }
  }
  return discovery;
}

}  // namespace bambu
