// The shape of a report as the decoder reads it: which keys of which object
// hold a scalar field, a nested object or an array (protocol.md §3-§5).
// The containers are the rows below; the scalar fields come from the field
// tables (wire_fields.hpp). Answered by one lookup in a table built at compile time
// (json_report_schema.cpp; ClassifyKey in json_report_keys.hpp).
#pragma once

#include <cstdint>
#include <string_view>

namespace bambu {

enum class Key : std::uint8_t;  // json_report_keys.hpp

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
  kNozzle,             // print.device.nozzle
  kNozzleInfoArray,    // print.device.nozzle.info
  kNozzleInfo,         // print.device.nozzle.info[]
  kInfo,               // info (get_version reply)
  kModuleArray,        // info.module
  kModule,             // info.module[]
  kEvent,              // event (cloud presence)
  kMappingArray,       // print.mapping
  kAmsMappingArray,    // print.ams_mapping (project_file echo)
  kAmsMapping2Array,   // print.ams_mapping2 (project_file echo)
  kAmsMapping2Item,    // print.ams_mapping2[]
  kCount,
};

/// What a key's value (or, in an array, each element) must be.
enum class JsonShape : std::uint8_t { kUnknown, kScalar, kObject, kArray };

struct alignas(4) JsonSlot {              // one 32-bit load
  JsonShape shape = JsonShape::kUnknown;  // kUnknown: not read, skip silently
  JsonCtx child = JsonCtx::kNone;         // for kObject / kArray
  std::uint8_t field = 0;                 // a table's scalar: its row in the field table
};

/// The containers of a report, and the scalars the decoder handles itself
/// (hms items, the get_version marker, presence events): key "" in an array's
/// row applies to every element.
struct ShapeRow {
  JsonCtx parent;
  std::string_view key;
  JsonShape shape;
  JsonCtx child = JsonCtx::kNone;
};

inline constexpr ShapeRow kShapeRows[] = {
    {JsonCtx::kRoot, "print", JsonShape::kObject, JsonCtx::kPrint},
    {JsonCtx::kRoot, "info", JsonShape::kObject, JsonCtx::kInfo},
    {JsonCtx::kRoot, "event", JsonShape::kObject, JsonCtx::kEvent},
    {JsonCtx::kPrint, "ams", JsonShape::kObject, JsonCtx::kAms},
    {JsonCtx::kPrint, "vt_tray", JsonShape::kObject, JsonCtx::kVtTray},
    {JsonCtx::kPrint, "vir_slot", JsonShape::kArray, JsonCtx::kVirSlotArray},
    {JsonCtx::kPrint, "device", JsonShape::kObject, JsonCtx::kDevice},
    {JsonCtx::kAms, "ams", JsonShape::kArray, JsonCtx::kUnitArray},
    {JsonCtx::kUnitArray, "", JsonShape::kObject, JsonCtx::kUnit},
    {JsonCtx::kUnit, "tray", JsonShape::kArray, JsonCtx::kTrayArray},
    {JsonCtx::kTrayArray, "", JsonShape::kObject, JsonCtx::kUnitTray},
    {JsonCtx::kVirSlotArray, "", JsonShape::kObject, JsonCtx::kVirSlotTray},
    {JsonCtx::kColsArray, "", JsonShape::kScalar},
    {JsonCtx::kHmsArray, "", JsonShape::kObject, JsonCtx::kHmsItem},
    {JsonCtx::kHmsItem, "attr", JsonShape::kScalar},
    {JsonCtx::kHmsItem, "code", JsonShape::kScalar},
    {JsonCtx::kDevice, "extruder", JsonShape::kObject, JsonCtx::kExtruder},
    {JsonCtx::kExtruder, "info", JsonShape::kArray, JsonCtx::kExtruderInfoArray},
    {JsonCtx::kExtruderInfoArray, "", JsonShape::kObject, JsonCtx::kExtruderInfo},
    {JsonCtx::kDevice, "ctc", JsonShape::kObject, JsonCtx::kCtc},
    {JsonCtx::kCtc, "info", JsonShape::kObject, JsonCtx::kCtcInfo},
    {JsonCtx::kDevice, "nozzle", JsonShape::kObject, JsonCtx::kNozzle},
    {JsonCtx::kNozzle, "info", JsonShape::kArray, JsonCtx::kNozzleInfoArray},
    {JsonCtx::kNozzleInfoArray, "", JsonShape::kObject, JsonCtx::kNozzleInfo},
    {JsonCtx::kInfo, "command", JsonShape::kScalar},
    {JsonCtx::kInfo, "module", JsonShape::kArray, JsonCtx::kModuleArray},
    {JsonCtx::kModuleArray, "", JsonShape::kObject, JsonCtx::kModule},
    {JsonCtx::kEvent, "event", JsonShape::kScalar},
    {JsonCtx::kMappingArray, "", JsonShape::kScalar},
    {JsonCtx::kAmsMappingArray, "", JsonShape::kScalar},
    {JsonCtx::kAmsMapping2Array, "", JsonShape::kObject, JsonCtx::kAmsMapping2Item},
    {JsonCtx::kAmsMapping2Item, "ams_id", JsonShape::kScalar},
    {JsonCtx::kAmsMapping2Item, "slot_id", JsonShape::kScalar},
};

// ClassifyKey (json_report_keys.hpp) answers "what is `key` inside `parent`".

}  // namespace bambu
