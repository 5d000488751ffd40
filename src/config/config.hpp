// exporter.yaml → Config, validated. Errors name the file and the key.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/discovery_config.hpp"
#include "config/duration.hpp"
#include "config/shard.hpp"

namespace bambu {

/// A bad configuration; what() reads "<file>: <key>: <problem>".
class ConfigError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Default of `mqtt_keepalive` (README, "Silence detection"): a printer that dies without
/// closing its connection is disconnected within two to three times this, under a minute.
inline constexpr int kDefaultMqttKeepaliveS = 15;

struct TlsConfig {
  std::string ca_file;    // PEM bundle; default: the shipped Bambu CA certificates
  bool insecure = false;  // skip certificate verification (encryption only)
};

struct PrinterConfig {
  std::string name;  // defaults to serial
  std::string serial;
  std::string host;  // empty: the address the printer announces (discovery: section)
  int port = 8883;
  std::string access_code;  // resolved secret (inline, file or env); never logged
  TlsConfig tls;
  int mqtt_keepalive_s = kDefaultMqttKeepaliveS;  // Config::mqtt_keepalive_s
  bool job_plans = true;  // read each job's plan from the printer over FTPS (`job_plans`)
  int ftps_port = 990;    // the printer's implicit-TLS FTP port (`ftps_port`)
};

/// The `job_plans:` section: how job plans are fetched from the printers (README, "Job plans").
struct JobPlansConfig {
  double connect_timeout_s = 10;      // TCP, TLS and login; also each FTP answer
  double transfer_timeout_s = 120;    // one FTP command with its transfer
  int stall_timeout_s = 20;           // a transfer under 512 bytes/s this long is cut
  int concurrency = 4;                // fetches at once across the fleet
  int max_entry_bytes = 4 << 20;      // slice_info.config, uncompressed
  int max_download_bytes = 64 << 20;  // a whole download, where a printer refuses REST
  bool operator==(const JobPlansConfig&) const = default;
};

/// The `cloud:` section: a Bambu account whose printers are found and followed via the cloud.
struct CloudConfig {
  std::string region = "global";  // "global" or "china"
  std::string api_base_url;       // REST base URL: the region's, or the api_base_url override
  std::string mqtt_broker;        // cloud MQTT URI: the region's, or the mqtt_broker override
  std::string token;       // resolved inline / env token when token_file is empty; never logged
  std::string token_file;  // token file path, re-read by the poller after a 401
  double devices_interval_s = 300;  // bind list poll period
  double tasks_interval_s = 600;    // task list poll period
  std::string state_file;           // task ledger state; empty = in memory only
  std::string ca_file;              // trust store for REST and MQTT; empty = system CAs
  int mqtt_keepalive_s = kDefaultMqttKeepaliveS;  // Config::mqtt_keepalive_s
};

struct Config {
  std::string source_path;  // the file this came from
  std::string listen_address = ":9593";
  // bambu_up needs a report within this window (`stale_after`). Twice the pushall watchdog's
  // 5 minutes, so a quiet idle printer that answers only pushall requests never flaps (README,
  // "Silence detection").
  double stale_after_s = 600;
  bool keep_stale_series = false;  // keep AMS/tray series of stale printers
  // Grams a loaded spool without a remain estimate (third-party, external) is assumed to hold
  // for a running job's shortfall (`third_party_spool_grams`); unset: unknown, no shortfall.
  std::optional<double> third_party_spool_g;
  // MQTT keepalive in seconds (`mqtt_keepalive`): a silent connection is pinged after this long
  // and given up when the ping is not answered within as long again, so a printer that dies
  // without closing its connection is disconnected (bambu_up 0) within two to three times this.
  // Copied into every PrinterConfig and the CloudConfig.
  int mqtt_keepalive_s = kDefaultMqttKeepaliveS;
  std::vector<PrinterConfig> printers;
  JobPlansConfig job_plans;
  std::optional<CloudConfig> cloud;  // at least one printer or a cloud section
  ShardConfig shard;                 // this instance's share of the printers (config/shard.hpp)
  std::optional<DiscoveryConfig> discovery;  // SSDP listening and access codes by serial
};

/// Where the shipped Bambu CA bundle is looked up when tls.ca_file is empty:
/// the installed copy if it exists, else the one in the source tree.
std::string DefaultCaFile();

/// Loads and validates `path`. Throws ConfigError.
Config LoadConfig(const std::string& path);

/// Parses YAML text (for tests); `source_name` is used in error messages.
Config ParseConfig(const std::string& yaml_text, const std::string& source_name);

}  // namespace bambu
