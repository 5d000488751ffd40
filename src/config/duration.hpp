// Durations in the config file, in Prometheus style ("90s", "5m", "1h30m").
#pragma once

#include <string_view>

namespace bambu {

/// Parses a duration: "90s", "5m", "1h", "1h30m", "250ms", "2d", or a plain
/// number of seconds ("300", "1.5"). Returns false on anything else.
bool ParseDuration(std::string_view text, double& seconds_out);

}  // namespace bambu
