// The landing page's list of printers heard on the network that this exporter does not watch
// (no access code, another shard's, no printers: entry), with what to do about each.
#pragma once

#include <string>

#include "discovery/discovered_printers.hpp"

namespace bambu {

/// An HTML section (heading and table); a line saying none when every heard printer is
/// watched.
std::string UnwatchedPrintersHtml(const DiscoveredPrinters& printers, Instant now);

}  // namespace bambu
