// Tray colours as the exporter shows them: "#RRGGBB" from the wire's RRGGBBAA.
#pragma once

#include <string>
#include <string_view>

namespace bambu {

/// "#RRGGBB" (upper case) from an RRGGBBAA string; empty when unset ("", "00000000") or
/// malformed (fewer than 6 leading hex digits).
std::string FormatColor(std::string_view rgba);

/// Appends FormatColor(rgba) to a comma-separated list ("#F98C36,#0000FF"); an empty
/// colour is skipped. Returns false when it was skipped.
bool AppendColorToList(std::string& list, std::string_view rgba);

}  // namespace bambu
