// `bambu_exporter discover [flags]`: listen for printers' announcements for a while and print
// an exporter.yaml fragment for them (io/discovery/discover_run.hpp).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace bambu {

struct DiscoverCommand {
  double duration_s = 30;                               // --duration: how long to listen
  std::string listen_address = "0.0.0.0:2021";          // --listen-address: UDP IPv4 host:port
  bool multicast = true;                                // --multicast: also 1990 and the group
  std::string codes_dir = "/etc/bambu_exporter/codes";  // --codes-dir: where the fragment's
                                                        // access_code_file paths point
};

/// Parses the flags after "discover"; throws CommandLineError.
DiscoverCommand ParseDiscoverCommand(const std::vector<std::string_view>& args);

/// The `discover` lines of --help.
std::string DiscoverUsage();

}  // namespace bambu
