// What `bambu_exporter discover` prints: the printers it heard as a ready exporter.yaml fragment
// (a printers: entry each, access codes as access_code_file paths, never values; no host, as the
// discovery section follows the announced address) and as a table for a terminal.
#pragma once

#include <string>

#include "config/discover_command.hpp"
#include "discovery/discovered_printers.hpp"

namespace bambu {

/// The fragment: a `discovery:` section listening where `command` listened, and a `printers:`
/// list (names made unique); saved as exporter.yaml with the code files in place, it runs.
std::string ConfigFragment(const DiscoveredPrinters& printers, const DiscoverCommand& command);

/// One line per printer: name, serial, model, address, signal, connect mode, bind state.
std::string PrinterTable(const DiscoveredPrinters& printers);

}  // namespace bambu
