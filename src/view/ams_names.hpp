// The names Bambu Studio and the printer screen give AMS units, slots and external spools
// (protocol.md §5.10): "AMS-1", "AMS HT-1"; slots "A1".."D4", AMS HT slots "A".."H";
// external spools "Ext", or "Ext-L" / "Ext-R" on dual-nozzle printers.
#pragma once

#include <string>

#include "state/ams_units.hpp"

namespace bambu {

/// Display name of a unit: "AMS-1", "AMS Lite-1", "AMS 2 PRO-1", "AMS HT-1".
std::string UnitDisplayName(int unit_id, UnitModel model);

/// Slot name of tray `slot` of unit `unit_id`: "A1".."D4" (units 0-3, and the A2L's unit 16
/// as "A"), "A".."H" for AMS HT 128-135; empty for ids with no known name.
std::string SlotDisplayName(int unit_id, int slot);

/// External spool name: "Ext" on single-nozzle printers, "Ext-R" (255) / "Ext-L" (254) on
/// dual-nozzle ones.
std::string ExternalDisplayName(int external_id, bool dual_nozzle);

}  // namespace bambu
