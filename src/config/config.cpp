#include "config/config.hpp"

#include <yaml-cpp/yaml.h>

#include <charconv>
#include <cmath>
#include <filesystem>
#include <initializer_list>
#include <optional>
#include <set>

#include "cloud/cloud_api.hpp"
#include "config/config_reader.hpp"
#include "config/secret_source.hpp"
#include "config/yaml_document.hpp"
#include "report/report_topic.hpp"

namespace bambu {
namespace {

constexpr int kMaxShards = 65536;
constexpr int kMinKeepaliveS = 5;      // one PINGREQ per 5 s of silence at most
constexpr int kMaxKeepaliveS = 600;    // a dead printer found within about 30 minutes
constexpr int kMaxSpoolGrams = 10000;  // the largest spools sold hold 5 kg

/// Walks the YAML tree; every error names the source and the key path.
class ConfigParser : public ConfigReader {
 public:
  using ConfigReader::ConfigReader;

  Config Parse(const YAML::Node& root) {
    if (!root.IsDefined() || root.IsNull()) Fail("(document)", "empty; expected a mapping");
    if (!root.IsMap()) Fail("(document)", "must be a mapping of keys");
    CheckKeys(root, "",
              {"listen_address", "stale_after", "keep_stale_series", "mqtt_keepalive", "printers",
               "cloud", "shard", "discovery", "third_party_spool_grams", "job_plans"});
    Config config;
    config.source_path = source();
    if (auto address = String(root, "", "listen_address")) {
      CheckListenAddress(*address, "listen_address");
      config.listen_address = *address;
    }
    if (auto stale = Duration(root, "", "stale_after")) config.stale_after_s = *stale;
    if (auto keep = Bool(root, "", "keep_stale_series")) config.keep_stale_series = *keep;
    if (auto grams = Integer(root, "", "third_party_spool_grams", 1, kMaxSpoolGrams)) {
      config.third_party_spool_g = *grams;
    }
    if (auto keepalive = WholeSeconds(root, "", "mqtt_keepalive", kMinKeepaliveS, kMaxKeepaliveS)) {
      config.mqtt_keepalive_s = *keepalive;
    }
    config.discovery = ParseDiscoveryConfig(*this, root["discovery"]);
    ParsePrinters(root["printers"], config.discovery, config.printers);
    config.job_plans = ParseJobPlans(root["job_plans"]);
    config.cloud = ParseCloud(root["cloud"]);
    for (PrinterConfig& printer : config.printers)
      printer.mqtt_keepalive_s = config.mqtt_keepalive_s;
    if (config.cloud) config.cloud->mqtt_keepalive_s = config.mqtt_keepalive_s;
    config.shard = ParseShard(root["shard"]);
    if (config.printers.empty() && !config.cloud &&
        !(config.discovery && config.discovery->auto_add)) {
      Fail("printers",
           "required: configure at least one printer, a cloud section or discovery.auto_add");
    }
    return config;
  }

 private:
  /// `shard: {index, count}`: count ≥ 1 (default 1), 0 ≤ index < count (default 0).
  ShardConfig ParseShard(const YAML::Node& node) const {
    const std::string path = "shard";
    ShardConfig shard;
    if (!node.IsDefined() || node.IsNull()) return shard;
    if (!node.IsMap()) Fail(path, "must be a mapping with index and count");
    CheckKeys(node, path, {"index", "count"});
    shard.count = Integer(node, path, "count", 1, kMaxShards).value_or(1);
    shard.index = Integer(node, path, "index", 0, kMaxShards - 1).value_or(0);
    if (shard.index >= shard.count) {
      Fail("shard.index", "must be below shard.count (" + std::to_string(shard.count) + "), got " +
                              std::to_string(shard.index));
    }
    return shard;
  }

  /// `job_plans:` timeouts, concurrency and size caps (README, "Job plans").
  JobPlansConfig ParseJobPlans(const YAML::Node& node) const {
    const std::string path = "job_plans";
    JobPlansConfig plans;
    if (!node.IsDefined() || node.IsNull()) return plans;
    if (!node.IsMap()) Fail(path, "must be a mapping");
    CheckKeys(node, path,
              {"connect_timeout", "transfer_timeout", "stall_timeout", "concurrency",
               "max_entry_bytes", "max_download_bytes"});
    if (auto timeout = WholeSeconds(node, path, "connect_timeout", 1, 300)) {
      plans.connect_timeout_s = *timeout;
    }
    if (auto timeout = WholeSeconds(node, path, "transfer_timeout", 5, 3600)) {
      plans.transfer_timeout_s = *timeout;
    }
    if (auto timeout = WholeSeconds(node, path, "stall_timeout", 1, 600)) {
      plans.stall_timeout_s = *timeout;
    }
    plans.concurrency = Integer(node, path, "concurrency", 1, 64).value_or(plans.concurrency);
    plans.max_entry_bytes =
        Integer(node, path, "max_entry_bytes", 4096, 64 << 20).value_or(plans.max_entry_bytes);
    plans.max_download_bytes =
        Integer(node, path, "max_download_bytes", 0, 1 << 30).value_or(plans.max_download_bytes);
    return plans;
  }

  void CheckListenAddress(const std::string& address, const std::string& key) const {
    const auto colon = address.rfind(':');
    int port = -1;
    if (colon != std::string::npos) {
      const char* end = address.data() + address.size();
      auto [ptr, ec] = std::from_chars(address.data() + colon + 1, end, port);
      if (ec != std::errc() || ptr != end) port = -1;
    }
    if (port < 0 || port > 65535) {
      Fail(key, "must be \"host:port\" or \":port\", got \"" + address + "\"");
    }
  }

  void ParsePrinters(const YAML::Node& node, const std::optional<DiscoveryConfig>& discovery,
                     std::vector<PrinterConfig>& printers) const {
    if (!node.IsDefined() || node.IsNull()) return;
    if (!node.IsSequence()) Fail("printers", "must be a list");
    std::set<std::string, std::less<>> serials;
    std::set<std::string, std::less<>> names;
    for (std::size_t i = 0; i < node.size(); ++i) {
      const std::string path = "printers[" + std::to_string(i) + "]";
      PrinterConfig printer = ParsePrinter(node[i], path, discovery);
      if (!serials.insert(printer.serial).second) {
        Fail(path + ".serial", "duplicate serial \"" + printer.serial + "\"");
      }
      if (!names.insert(printer.name).second) {
        Fail(path + ".name", "duplicate name \"" + printer.name + "\"");
      }
      printers.push_back(std::move(printer));
    }
  }

  PrinterConfig ParsePrinter(const YAML::Node& node, const std::string& path,
                             const std::optional<DiscoveryConfig>& discovery) const {
    if (!node.IsMap()) Fail(path, "must be a mapping");
    CheckKeys(node, path,
              {"name", "serial", "host", "port", "access_code", "access_code_file",
               "access_code_env", "tls", "job_plans", "ftps_port"});
    PrinterConfig printer;
    printer.serial = LabelString(node, path, "serial", kMaxSerialBytes).value_or("");
    if (printer.serial.empty()) Fail(Join(path, "serial"), "required");
    if (!IsTopicLevel(printer.serial)) {
      Fail(path + ".serial", "must be one MQTT topic level: no '/', '+', '#' or spaces");
    }
    printer.name = LabelString(node, path, "name", kMaxNameBytes).value_or("");
    if (printer.name.empty()) printer.name = printer.serial;
    printer.host = LabelString(node, path, "host", kMaxHostBytes).value_or("");
    if (printer.host.empty() && !(discovery && discovery->listen)) {
      Fail(path + ".host", "required (or turn on discovery: to use the announced address)");
    }
    if (auto port = Port(node, path, "port")) printer.port = *port;
    printer.access_code = AccessCode(node, path, discovery, printer.serial);
    printer.tls = ParseTls(node["tls"], Join(path, "tls"));
    printer.job_plans = Bool(node, path, "job_plans").value_or(true);
    if (auto port = Port(node, path, "ftps_port")) printer.ftps_port = *port;
    return printer;
  }

  /// Exactly one of access_code / access_code_file / access_code_env, or none when the
  /// discovery section's codes hold one for `serial`.
  std::string AccessCode(const YAML::Node& node, const std::string& path,
                         const std::optional<DiscoveryConfig>& discovery,
                         const std::string& serial) const {
    auto inline_code = String(node, path, "access_code");
    auto file = String(node, path, "access_code_file");
    auto env = String(node, path, "access_code_env");
    const int sources = (inline_code ? 1 : 0) + (file ? 1 : 0) + (env ? 1 : 0);
    if (sources == 0 && discovery) {
      if (auto it = discovery->codes.find(serial); it != discovery->codes.end()) {
        return it->second.code;
      }
    }
    if (sources != 1) {
      Fail(path + ".access_code",
           sources == 0 ? "required: set one of access_code, access_code_file, access_code_env"
                          " (or put a code for this serial in discovery.access_codes_dir/_file)"
                        : "set only one of access_code, access_code_file, access_code_env");
    }
    try {
      if (file) return ReadSecretFile(*file);
      if (env) return ReadSecretEnv(*env);
    } catch (const SecretError& error) {
      Fail(Join(path, file ? "access_code_file" : "access_code_env"), error.what());
    }
    if (inline_code->empty()) Fail(path + ".access_code", "must not be empty");
    return *inline_code;
  }

  std::optional<CloudConfig> ParseCloud(const YAML::Node& node) const {
    const std::string path = "cloud";
    if (!node.IsDefined() || node.IsNull()) return std::nullopt;
    if (!node.IsMap()) Fail(path, "must be a mapping");
    CheckKeys(node, path,
              {"region", "token", "token_file", "token_env", "devices_interval", "tasks_interval",
               "state_file", "api_base_url", "mqtt_broker", "ca_file"});
    CloudConfig cloud;
    cloud.region = String(node, path, "region").value_or("global");
    const auto hosts = CloudHostsForRegion(cloud.region);
    if (!hosts) Fail("cloud.region", "must be global or china, got \"" + cloud.region + "\"");
    cloud.api_base_url = String(node, path, "api_base_url").value_or(hosts->api_base_url);
    if (cloud.api_base_url.rfind("https://", 0) != 0) {
      Fail("cloud.api_base_url", "must start with https://");
    }
    cloud.mqtt_broker = String(node, path, "mqtt_broker").value_or(hosts->mqtt_uri);
    if (cloud.mqtt_broker.rfind("ssl://", 0) != 0 && cloud.mqtt_broker.rfind("tcp://", 0) != 0) {
      Fail("cloud.mqtt_broker", "must be ssl://host:port or tcp://host:port");
    }
    CloudToken(node, cloud);
    if (auto interval = Duration(node, path, "devices_interval")) {
      cloud.devices_interval_s = *interval;
    }
    if (auto interval = Duration(node, path, "tasks_interval")) cloud.tasks_interval_s = *interval;
    cloud.state_file = String(node, path, "state_file").value_or("");
    cloud.ca_file = String(node, path, "ca_file").value_or("");
    if (!cloud.ca_file.empty() && !std::filesystem::is_regular_file(cloud.ca_file)) {
      Fail("cloud.ca_file", "file not found: " + cloud.ca_file);
    }
    return cloud;
  }

  /// Exactly one of token / token_file / token_env; the file is read later by the poller.
  void CloudToken(const YAML::Node& node, CloudConfig& cloud) const {
    const std::string path = "cloud";
    auto inline_token = String(node, path, "token");
    auto file = String(node, path, "token_file");
    auto env = String(node, path, "token_env");
    const int sources = (inline_token ? 1 : 0) + (file ? 1 : 0) + (env ? 1 : 0);
    if (sources != 1) {
      Fail("cloud.token", sources == 0 ? "required: set one of token, token_file, token_env"
                                       : "set only one of token, token_file, token_env");
    }
    if (file) {
      if (file->empty()) Fail("cloud.token_file", "must not be empty");
      cloud.token_file = *file;
      return;
    }
    if (env) {
      try {
        cloud.token = ReadSecretEnv(*env);
      } catch (const SecretError& error) {
        Fail("cloud.token_env", error.what());
      }
      return;
    }
    if (inline_token->empty()) Fail("cloud.token", "must not be empty");
    cloud.token = *inline_token;
  }

  TlsConfig ParseTls(const YAML::Node& node, const std::string& path) const {
    TlsConfig tls;
    if (node.IsDefined() && !node.IsNull()) {
      if (!node.IsMap()) Fail(path, "must be a mapping");
      CheckKeys(node, path, {"ca_file", "insecure"});
      tls.ca_file = String(node, path, "ca_file").value_or("");
      tls.insecure = Bool(node, path, "insecure").value_or(false);
    }
    const bool explicit_ca = !tls.ca_file.empty();
    if (!explicit_ca) tls.ca_file = DefaultCaFile();
    if (!tls.insecure && !std::filesystem::is_regular_file(tls.ca_file)) {
      Fail(Join(path, "ca_file"),
           explicit_ca ? "file not found: " + tls.ca_file
                       : "default CA bundle not found: " + tls.ca_file + "; set tls.ca_file");
    }
    return tls;
  }
};

}  // namespace

std::string DefaultCaFile() {
  const std::string installed = BAMBU_INSTALLED_CA_FILE;
  std::error_code ec;
  if (std::filesystem::is_regular_file(installed, ec)) return installed;
  return BAMBU_SOURCE_CA_FILE;
}

Config ParseConfig(const std::string& yaml_text, const std::string& source_name) {
  ConfigParser parser(source_name);
  return ParseYamlWith(parser, yaml_text);
}

Config LoadConfig(const std::string& path) {
  return ParseConfig(ReadYamlFile<ConfigError>(path), path);
}

}  // namespace bambu
