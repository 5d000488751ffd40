#include "config/discover_command.hpp"

#include "config/command_line.hpp"
#include "config/discovery_config.hpp"
#include "config/duration.hpp"

namespace bambu {
namespace {

constexpr double kMaxDurationS = 3600;

}  // namespace

DiscoverCommand ParseDiscoverCommand(const std::vector<std::string_view>& args) {
  DiscoverCommand command;
  for (std::size_t i = 1; i < args.size(); ++i) {
    const std::string_view arg = args[i];
    if (arg.substr(0, 2) != "--" || arg.size() == 2) {
      throw CommandLineError("discover: unexpected argument \"" + std::string(arg) + "\"");
    }
    const std::string_view body = arg.substr(2);
    const auto equals = body.find('=');
    const std::string name(body.substr(0, equals));
    std::string value;
    if (equals != std::string_view::npos) {
      value = body.substr(equals + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    }
    if (value.empty()) throw CommandLineError("discover: --" + name + " needs a value");
    if (name == "duration") {
      if (!ParseDuration(value, command.duration_s) || command.duration_s <= 0 ||
          command.duration_s > kMaxDurationS) {
        throw CommandLineError(
            "discover: --duration: expected a duration up to 1h such as "
            "\"30s\", got \"" +
            value + "\"");
      }
    } else if (name == "listen-address") {
      if (!IsUdpListenAddress(value)) {
        throw CommandLineError(
            "discover: --listen-address: expected IPv4:port such as "
            "\"0.0.0.0:2021\", got \"" +
            value + "\"");
      }
      command.listen_address = value;
    } else if (name == "multicast") {
      if (value != "true" && value != "false") {
        throw CommandLineError("discover: --multicast: expected true or false");
      }
      command.multicast = value == "true";
    } else if (name == "codes-dir") {
      command.codes_dir = value;
    } else {
      throw CommandLineError("discover: unknown flag --" + name);
    }
  }
  return command;
}

std::string DiscoverUsage() {
  return "  bambu_exporter discover [flags]   Listen for printers' announcements and print an\n"
         "                                    exporter.yaml fragment (and a table on a terminal).\n"
         "    --duration=DURATION           How long to listen (default: 30s, at most 1h).\n"
         "    --listen-address=IP:PORT      UDP address (default: 0.0.0.0:2021).\n"
         "    --multicast=BOOL              Also port 1990 and 239.255.255.250 (default: true).\n"
         "    --codes-dir=PATH              Where access_code_file paths point\n"
         "                                  (default: /etc/bambu_exporter/codes).\n";
}

}  // namespace bambu
