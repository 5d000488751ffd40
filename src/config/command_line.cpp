#include "config/command_line.hpp"

#include <algorithm>
#include <functional>

namespace bambu {
namespace {

struct FlagSpec {
  std::string_view name;  // without the leading "--"
  bool takes_value;
  std::string_view value_name;
  std::string_view help;
  std::function<void(CommandLine&, std::string_view)> apply;
};

bool ParseBool(std::string_view text, std::string_view flag) {
  if (text == "true") return true;
  if (text == "false") return false;
  throw CommandLineError("--" + std::string(flag) + ": expected true or false, got \"" +
                         std::string(text) + "\"");
}

const std::vector<FlagSpec>& Flags() {
  static const std::vector<FlagSpec> kFlags = {
      {"config.file", true, "PATH", "Configuration file (default: exporter.yaml).",
       [](CommandLine& c, std::string_view v) { c.config_file = v; }},
      {"config.check", false, "", "Load and validate the configuration, then exit.",
       [](CommandLine& c, std::string_view v) { c.config_check = ParseBool(v, "config.check"); }},
      {"web.listen-address", true, "HOST:PORT",
       "Address to serve HTTP on; overrides listen_address (default: :9593).",
       [](CommandLine& c, std::string_view v) { c.listen_address = std::string(v); }},
      {"web.config.file", true, "PATH",
       "exporter-toolkit web config: TLS, basic auth, response headers (default: none).",
       [](CommandLine& c, std::string_view v) { c.web_config_file = std::string(v); }},
      {"web.telemetry-path", true, "PATH", "Path under which to serve metrics (default: /metrics).",
       [](CommandLine& c, std::string_view v) {
         if (v.front() != '/' || v.find_first_of("?# \t") != std::string_view::npos) {
           throw CommandLineError(
               "--web.telemetry-path: expected a path starting with / (no query, no spaces), "
               "got \"" +
               std::string(v) + "\"");
         }
         c.telemetry_path = std::string(v);
       }},
      {"log.level", true, "LEVEL", "Log level: debug, info, warn, error (default: info).",
       [](CommandLine& c, std::string_view v) {
         if (!log::ParseLevel(v, c.log_level)) {
           throw CommandLineError("--log.level: expected debug, info, warn or error, got \"" +
                                  std::string(v) + "\"");
         }
       }},
      {"log.format", true, "FORMAT", "Log line format: logfmt or json (default: logfmt).",
       [](CommandLine& c, std::string_view v) {
         if (!log::ParseFormat(v, c.log_format)) {
           throw CommandLineError("--log.format: expected logfmt or json, got \"" + std::string(v) +
                                  "\"");
         }
       }},
      {"version", false, "", "Print the version and exit.",
       [](CommandLine& c, std::string_view v) { c.show_version = ParseBool(v, "version"); }},
      {"help", false, "", "Print this help and exit.",
       [](CommandLine& c, std::string_view v) { c.show_help = ParseBool(v, "help"); }},
  };
  return kFlags;
}

const FlagSpec& FindFlag(std::string_view name) {
  for (const FlagSpec& spec : Flags()) {
    if (spec.name == name) return spec;
  }
  throw CommandLineError("unknown flag --" + std::string(name));
}

struct LoginFlagSpec {
  std::string_view name;
  std::string_view value_name;
  std::string_view help;
  std::string LoginCommand::*field;
};

constexpr LoginFlagSpec kLoginFlags[] = {
    {"token-file", "PATH", "Where the token goes, mode 0600 (default: bambu-cloud.token).",
     &LoginCommand::token_file},
    {"region", "REGION", "global or china (default: global).", &LoginCommand::region},
    {"account", "EMAIL", "Bambu account e-mail; asked for when absent.", &LoginCommand::account},
    {"api-base-url", "URL", "REST base URL; overrides the region's.", &LoginCommand::api_base_url},
    {"ca-file", "PATH", "PEM trust store (default: system CAs).", &LoginCommand::ca_file},
};

/// `login` flags: --name=value or --name value; --help.
CommandLine ParseLogin(const std::vector<std::string_view>& args) {
  CommandLine result;
  LoginCommand login;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h" || arg == "--help") {
      result.show_help = true;
      continue;
    }
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      throw CommandLineError("login: unexpected argument \"" + std::string(arg) + "\"");
    }
    const std::string_view body = arg.substr(2);
    const auto equals = body.find('=');
    const std::string_view name = body.substr(0, equals);
    const LoginFlagSpec* spec = nullptr;
    for (const LoginFlagSpec& candidate : kLoginFlags) {
      if (candidate.name == name) spec = &candidate;
    }
    if (spec == nullptr) throw CommandLineError("login: unknown flag --" + std::string(name));
    std::string_view value;
    if (equals != std::string_view::npos) {
      value = body.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (value.empty()) {
      throw CommandLineError("login: --" + std::string(name) + " needs a non-empty value");
    }
    login.*(spec->field) = std::string(value);
  }
  if (login.region != "global" && login.region != "china") {
    throw CommandLineError("login: --region: expected global or china, got \"" + login.region +
                           "\"");
  }
  result.login = std::move(login);
  return result;
}

}  // namespace

CommandLine ParseCommandLine(const std::vector<std::string_view>& args) {
  if (!args.empty() && args[0] == "login") return ParseLogin(args);
  CommandLine result;
  if (!args.empty() && args[0] == "discover") {
    result.discover = ParseDiscoverCommand(args);
    return result;
  }
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg == "-h") {
      result.show_help = true;
      continue;
    }
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      throw CommandLineError("unexpected argument \"" + std::string(arg) + "\"");
    }
    const std::string_view body = arg.substr(2);
    const auto equals = body.find('=');
    const FlagSpec& spec = FindFlag(body.substr(0, equals));
    std::string_view value;
    if (equals != std::string_view::npos) {
      value = body.substr(equals + 1);
    } else if (!spec.takes_value) {
      value = "true";
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      throw CommandLineError("--" + std::string(spec.name) + " needs a value");
    }
    if (spec.takes_value && value.empty()) {
      throw CommandLineError("--" + std::string(spec.name) + " needs a non-empty value");
    }
    spec.apply(result, value);
  }
  return result;
}

std::string UsageText(std::string_view program) {
  std::string text = "usage: " + std::string(program) + " [flags]\n\n";
  text += "Prometheus exporter for Bambu Lab printers (AMS and filament).\n\nFlags:\n";
  for (const FlagSpec& spec : Flags()) {
    std::string left = "  --" + std::string(spec.name);
    if (spec.takes_value) left += "=" + std::string(spec.value_name);
    left.resize(std::max<std::size_t>(left.size() + 2, 34), ' ');
    text += left + std::string(spec.help) + "\n";
  }
  text += "\nCommands:\n  " + std::string(program) +
          " login [flags]   Log in to a Bambu account and write the cloud token file.\n";
  for (const LoginFlagSpec& spec : kLoginFlags) {
    std::string left = "    --" + std::string(spec.name) + "=" + std::string(spec.value_name);
    left.resize(std::max<std::size_t>(left.size() + 2, 34), ' ');
    text += left + std::string(spec.help) + "\n";
  }
  return text + DiscoverUsage();
}

}  // namespace bambu
