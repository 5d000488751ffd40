// The shape of a report as the decoder reads it: which keys of which object
// hold a scalar field, a nested object or an array (protocol.md §3-§5).
// Answered by one lookup in a table built at compile time.
#pragma once

#include <cstdint>

#include "report/json_report_keys.hpp"

namespace bambu {

/// A JSON container the decoder reads (every other one is skipped).
enum class JsonCtx : std::uint8_t {
  kNone,  // not a container we read
  kRoot,
  kPrint,
  kAms,                // print.ams
  kUnitArray,          // print.ams.ams
  kUnit,               // print.ams.ams[]
  kTrayArray,          // print.ams.ams[].tray
  kUnitTray,           // print.ams.ams[].tray[]
  kColsArray,          // <tray>.cols
  kVtTray,             // print.vt_tray
  kVirSlotArray,       // print.vir_slot
  kVirSlotTray,        // print.vir_slot[]
  kHmsArray,           // print.hms
  kHmsItem,            // print.hms[]
  kDevice,             // print.device
  kExtruder,           // print.device.extruder
  kExtruderInfoArray,  // print.device.extruder.info
  kExtruderInfo,       // print.device.extruder.info[]
  kCtc,                // print.device.ctc
  kCtcInfo,            // print.device.ctc.info
  kInfo,               // info (get_version reply)
  kModuleArray,        // info.module
  kModule,             // info.module[]
  kEvent,              // event (cloud presence)
  kCount,
};

/// What a key's value (or, in an array, each element) must be.
enum class JsonShape : std::uint8_t { kUnknown, kScalar, kObject, kArray };

struct JsonSlot {
  JsonShape shape = JsonShape::kUnknown;  // kUnknown: not read, skip silently
  JsonCtx child = JsonCtx::kNone;         // for kObject / kArray
};

/// The slot of `key` inside `parent`; inside arrays the key is irrelevant and
/// the element slot is returned.
JsonSlot ClassifyKey(JsonCtx parent, Key key);

}  // namespace bambu
