// Typed partial updates decoded from one MQTT report (protocol.md §3-§5).
// Every field is optional: absent means "not in this report", never "zero".
// Units and trays are keyed by their wire id; the merge step (printer_state)
// folds an update into the typed state of one printer. The objects' fields
// are declared in wire_fields.hpp.
#pragma once

#include <optional>
#include <vector>

#include "report/wire_fields.hpp"

namespace bambu {

/// Everything one report carries that the exporter uses: the print-level
/// fields (PrintObjectUpdate) and the objects inside print.
struct ReportUpdate : PrintObjectUpdate {
  bool has_print = false;  // a "print" object was present

  AmsUpdate ams;
  std::optional<TrayUpdate> vt_tray;  // legacy external spool
  bool has_vir_slot = false;
  std::vector<TrayUpdate> vir_slot;  // external spools 254 / 255

  std::vector<ExtruderUpdate> extruders;  // device.extruder.info[]
  bool has_nozzles = false;               // a device.nozzle.info array was present
  std::vector<NozzleUpdate> nozzles;      // device.nozzle.info[], replaced as a whole (§5.17)

  bool has_version = false;  // an info/get_version reply
  std::vector<ModuleInfo> modules;

  std::optional<bool> cloud_online;  // event client.connected / client.disconnected

  bool operator==(const ReportUpdate&) const = default;
};

}  // namespace bambu
