#include "report/json_report_schema.hpp"

#include <array>
#include <cstddef>

namespace bambu {
namespace {

using C = JsonCtx;
using K = Key;
using S = JsonShape;

struct Row {
  C parent;
  K key;  // Key::kUnknown in an array row: applies to every element
  S shape;
  C child;
};

constexpr Row kRows[] = {
    {C::kRoot, K::kPrint, S::kObject, C::kPrint},
    {C::kRoot, K::kInfo, S::kObject, C::kInfo},
    {C::kRoot, K::kEvent, S::kObject, C::kEvent},
    {C::kPrint, K::kMsg, S::kScalar, C::kNone},
    {C::kPrint, K::kGcodeState, S::kScalar, C::kNone},
    {C::kPrint, K::kMcPercent, S::kScalar, C::kNone},
    {C::kPrint, K::kMcRemainingTime, S::kScalar, C::kNone},
    {C::kPrint, K::kLayerNum, S::kScalar, C::kNone},
    {C::kPrint, K::kTotalLayerNum, S::kScalar, C::kNone},
    {C::kPrint, K::kNozzleTemper, S::kScalar, C::kNone},
    {C::kPrint, K::kNozzleTargetTemper, S::kScalar, C::kNone},
    {C::kPrint, K::kBedTemper, S::kScalar, C::kNone},
    {C::kPrint, K::kBedTargetTemper, S::kScalar, C::kNone},
    {C::kPrint, K::kChamberTemper, S::kScalar, C::kNone},
    {C::kPrint, K::kWifiSignal, S::kScalar, C::kNone},
    {C::kPrint, K::kHms, S::kArray, C::kHmsArray},
    {C::kPrint, K::kAms, S::kObject, C::kAms},
    {C::kPrint, K::kVtTray, S::kObject, C::kVtTray},
    {C::kPrint, K::kVirSlot, S::kArray, C::kVirSlotArray},
    {C::kPrint, K::kDevice, S::kObject, C::kDevice},
    {C::kAms, K::kAms, S::kArray, C::kUnitArray},
    {C::kAms, K::kAmsExistBits, S::kScalar, C::kNone},
    {C::kAms, K::kTrayExistBits, S::kScalar, C::kNone},
    {C::kAms, K::kTrayIsBblBits, S::kScalar, C::kNone},
    {C::kAms, K::kTrayNow, S::kScalar, C::kNone},
    {C::kAms, K::kPowerOnFlag, S::kScalar, C::kNone},
    {C::kUnitArray, K::kUnknown, S::kObject, C::kUnit},
    {C::kUnit, K::kId, S::kScalar, C::kNone},
    {C::kUnit, K::kHumidity, S::kScalar, C::kNone},
    {C::kUnit, K::kHumidityRaw, S::kScalar, C::kNone},
    {C::kUnit, K::kTemp, S::kScalar, C::kNone},
    {C::kUnit, K::kDryTime, S::kScalar, C::kNone},
    {C::kUnit, K::kInfo, S::kScalar, C::kNone},
    {C::kUnit, K::kTray, S::kArray, C::kTrayArray},
    {C::kTrayArray, K::kUnknown, S::kObject, C::kUnitTray},
    {C::kVirSlotArray, K::kUnknown, S::kObject, C::kVirSlotTray},
    {C::kColsArray, K::kUnknown, S::kScalar, C::kNone},
    {C::kHmsArray, K::kUnknown, S::kObject, C::kHmsItem},
    {C::kHmsItem, K::kAttr, S::kScalar, C::kNone},
    {C::kHmsItem, K::kCode, S::kScalar, C::kNone},
    {C::kDevice, K::kExtruder, S::kObject, C::kExtruder},
    {C::kExtruder, K::kInfo, S::kArray, C::kExtruderInfoArray},
    {C::kExtruderInfoArray, K::kUnknown, S::kObject, C::kExtruderInfo},
    {C::kExtruderInfo, K::kId, S::kScalar, C::kNone},
    {C::kExtruderInfo, K::kSnow, S::kScalar, C::kNone},
    {C::kExtruderInfo, K::kTemp, S::kScalar, C::kNone},
    {C::kDevice, K::kCtc, S::kObject, C::kCtc},
    {C::kCtc, K::kInfo, S::kObject, C::kCtcInfo},
    {C::kCtcInfo, K::kTemp, S::kScalar, C::kNone},
    {C::kInfo, K::kCommand, S::kScalar, C::kNone},
    {C::kInfo, K::kModule, S::kArray, C::kModuleArray},
    {C::kModuleArray, K::kUnknown, S::kObject, C::kModule},
    {C::kModule, K::kName, S::kScalar, C::kNone},
    {C::kModule, K::kProductName, S::kScalar, C::kNone},
    {C::kModule, K::kProjectName, S::kScalar, C::kNone},
    {C::kModule, K::kSwVer, S::kScalar, C::kNone},
    {C::kModule, K::kHwVer, S::kScalar, C::kNone},
    {C::kModule, K::kSn, S::kScalar, C::kNone},
    {C::kEvent, K::kEvent, S::kScalar, C::kNone},
};

/// Keys every tray object (unit tray, vt_tray, vir_slot[]) reads.
constexpr K kTrayScalarKeys[] = {
    K::kId,     K::kState,  K::kTrayType,   K::kTrayInfoIdx, K::kTraySubBrands, K::kTrayColor,
    K::kTagUid, K::kRemain, K::kTrayWeight, K::kTotalLen,    K::kNozzleTempMin, K::kNozzleTempMax,
    K::kK,
};
constexpr C kTrayContexts[] = {C::kUnitTray, C::kVtTray, C::kVirSlotTray};

constexpr std::size_t kKeyCount = static_cast<std::size_t>(K::kCount);
constexpr std::size_t kCtxCount = static_cast<std::size_t>(C::kCount);
using Table = std::array<std::array<JsonSlot, kKeyCount>, kCtxCount>;

constexpr Table BuildTable() {
  Table t{};
  for (const Row& row : kRows) {
    auto& line = t[static_cast<std::size_t>(row.parent)];
    if (row.key == K::kUnknown) {
      for (auto& slot : line) slot = {row.shape, row.child};
    } else {
      line[static_cast<std::size_t>(row.key)] = {row.shape, row.child};
    }
  }
  for (C tray : kTrayContexts) {
    auto& line = t[static_cast<std::size_t>(tray)];
    for (K key : kTrayScalarKeys) line[static_cast<std::size_t>(key)] = {S::kScalar, C::kNone};
    line[static_cast<std::size_t>(K::kCols)] = {S::kArray, C::kColsArray};
  }
  return t;
}

constexpr Table kTable = BuildTable();

}  // namespace

JsonSlot ClassifyKey(JsonCtx parent, Key key) {
  return kTable[static_cast<std::size_t>(parent)][static_cast<std::size_t>(key)];
}

}  // namespace bambu
