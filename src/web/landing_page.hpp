// The HTML landing page at "/": links, and one table per printer with its AMS
// units and trays. Self-contained (inline CSS, no scripts, no external resources).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "base/clock.hpp"
#include "state/fleet.hpp"

namespace bambu {

struct LandingPageOptions {
  std::string_view version;                    // exporter version shown under the title
  std::string_view metrics_path = "/metrics";  // the "Metrics" link (--web.telemetry-path)
  Instant now;                                 // for "last report 12 s ago"
  double stale_after_s = 300;                  // the up/down rule of bambu_up
};

/// Escapes &, <, >, " and ' for HTML text and attribute values.
std::string HtmlEscape(std::string_view text);

/// "12 s ago", "5 min ago", "3 h ago" for an age in seconds; "never" when there was no report.
std::string FormatAge(std::optional<double> age_s);

std::string RenderLandingPage(const Fleet& fleet, const LandingPageOptions& options);

}  // namespace bambu
