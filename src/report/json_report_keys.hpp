// The JSON keys the report decoder understands, and a constant-time lookup
// from key text to Key (a compile-time perfect hash table keyed by a cheap
// hash of length and four characters; one probe, one word-wise compare per hit).
#pragma once

#include <cstdint>
#include <string_view>

namespace bambu {

/// Every key the decoder reads, in any context. A key means something only
/// together with the object it appears in (e.g. "info" at the root is the
/// get_version reply, inside an AMS unit it is the hex bitfield).
enum class Key : std::uint8_t {
  kUnknown,
  // Root.
  kPrint,
  kInfo,
  kEvent,
  // print.
  kMsg,
  kGcodeState,
  kMcPercent,
  kMcRemainingTime,
  kLayerNum,
  kTotalLayerNum,
  kNozzleTemper,
  kNozzleTargetTemper,
  kBedTemper,
  kBedTargetTemper,
  kChamberTemper,
  kWifiSignal,
  kHms,
  kAms,
  kVtTray,
  kVirSlot,
  kDevice,
  // print.ams.
  kAmsExistBits,
  kTrayExistBits,
  kTrayIsBblBits,
  kTrayNow,
  kPowerOnFlag,
  // AMS unit.
  kId,
  kHumidity,
  kHumidityRaw,
  kTemp,
  kDryTime,
  kTray,
  // Tray.
  kState,
  kTrayType,
  kTrayInfoIdx,
  kTraySubBrands,
  kTrayColor,
  kCols,
  kTagUid,
  kRemain,
  kTrayWeight,
  kTotalLen,
  kNozzleTempMin,
  kNozzleTempMax,
  kK,
  // hms[] item.
  kAttr,
  kCode,
  // print.device / extruder.
  kExtruder,
  kSnow,
  kCtc,  // print.device.ctc (chamber temperature controller)
  // info (get_version).
  kCommand,
  kModule,
  kName,
  kProductName,
  kProjectName,
  kSwVer,
  kHwVer,
  kSn,
  kCount,  // number of keys, not a key
};

/// The Key for `text`, or Key::kUnknown.
Key LookupKey(std::string_view text);

}  // namespace bambu
