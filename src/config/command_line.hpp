// Prometheus-style command-line flags of bambu_exporter: --flag=value or --flag value.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "base/log.hpp"
#include "config/discover_command.hpp"

namespace bambu {

/// A bad command line (unknown flag, missing or invalid value); exit code 2.
class CommandLineError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// `bambu_exporter login [flags]`: the interactive cloud login that writes a token file.
struct LoginCommand {
  std::string token_file = "bambu-cloud.token";  // --token-file
  std::string region = "global";                 // --region: global or china
  std::string account;                           // --account: e-mail; asked for when empty
  std::string api_base_url;                      // --api-base-url; empty = the region's
  std::string ca_file;                           // --ca-file; empty = system CAs
};

struct CommandLine {
  std::string config_file = "exporter.yaml";  // --config.file
  bool config_check = false;                  // --config.check: validate and exit
  std::optional<std::string> listen_address;  // --web.listen-address overrides the file
  std::string web_config_file;                // --web.config.file: TLS and basic auth; "" = none
  std::string telemetry_path = "/metrics";    // --web.telemetry-path: where metrics are served
  log::Level log_level = log::Level::kInfo;   // --log.level
  log::Format log_format = log::Format::kLogfmt;  // --log.format
  bool show_version = false;                      // --version
  bool show_help = false;                         // --help, -h
  std::optional<LoginCommand> login;              // set by the `login` subcommand
  std::optional<DiscoverCommand> discover;        // set by the `discover` subcommand
};

/// Parses the arguments after the program name; a first argument "login" starts the
/// login subcommand and its own flags. Throws CommandLineError.
CommandLine ParseCommandLine(const std::vector<std::string_view>& args);

/// The --help text.
std::string UsageText(std::string_view program);

}  // namespace bambu
