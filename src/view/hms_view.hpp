// What an HMS entry points at (docs/protocol.md §5.20): its display code, module,
// severity as Bambu Studio reads it, and for AMS modules the unit and slot, named as
// bambu_ams_info{ams_name} and bambu_tray_info{slot_name} name them.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "report/wire_fields.hpp"
#include "view/ams_view.hpp"

namespace bambu {

struct HmsView {
  std::string code;         // "0700_2200_0002_0001": attr and code as 4 x 4 upper-case hex digits
  std::string module;       // attr bits 24-31, 2 hex digits ("07" AMS, "12" AMS lite, "18" AMS HT)
  std::string severity;     // code bits 16-31: fatal, serious, common, info, else unknown
  std::optional<int> ams;   // unit id as in bambu_ams_info{ams}; 255 / 254 for external spools
  std::string ams_name;     // "AMS-1", "AMS HT-1"; empty for external spools and other modules
  std::optional<int> slot;  // 0-based slot the entry names (run-out, cannot pull out)
  std::string slot_name;    // "A3", "A" (AMS HT), "Ext", "Ext-L"; empty when no slot is named
};

/// One view per distinct (attr, code) entry, in report order. `printer` supplies the unit
/// and tray names; a unit the report does not list is named from the module alone.
std::vector<HmsView> BuildHmsViews(const std::vector<HmsEntry>& hms, const PrinterView& printer);

}  // namespace bambu
