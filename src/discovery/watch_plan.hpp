// Which announced printers this instance watches, and with which session settings: the one
// rule for configured printers without `host`, printers found by `discovery.auto_add`, printers
// another shard owns and printers the cloud account already follows. Pure; the runtime starts
// and stops the sessions it describes.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "discovery/discovered_printers.hpp"

namespace bambu {

struct WatchPlan {
  Watch watch = Watch::kNoCode;
  // The LAN session to run for the serial; nullopt: none (not watched, watched by the cloud, or
  // a configured printer without `host` whose address is not known yet).
  std::optional<PrinterConfig> session;
};

struct WatchContext {
  const Config& config;
  const DiscoveredPrinter* seen = nullptr;  // the serial's announcement; null when never heard
  bool cloud_follows = false;               // the cloud account's session follows the serial
  std::string_view current_name;  // the name of a running auto-added session: kept as it is
  std::function<bool(std::string_view)> name_taken;  // another printer has this name
};

/// The plan for `serial`.
WatchPlan PlanWatch(std::string_view serial, const WatchContext& context);

/// The name of an auto-added printer: the announced name when free, else the name with the
/// serial's last four characters, else with the whole serial; the serial when no name was
/// announced.
std::string UniquePrinterName(std::string_view announced, std::string_view serial,
                              const std::function<bool(std::string_view)>& name_taken);

}  // namespace bambu
