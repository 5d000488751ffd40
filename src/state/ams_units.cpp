#include "state/ams_units.hpp"

#include <algorithm>
#include <cctype>

#include "report/colour_text.hpp"

namespace bambu {
namespace {

bool BitSet(std::uint64_t bits, int bit) {
  return bit >= 0 && bit < 64 && ((bits >> bit) & 1U) != 0;
}

/// Bit of a unit in ams_exist_bits (protocol.md §5.1); nullopt for ids without one.
std::optional<int> UnitExistBit(int id) {
  if (id >= 0 && id <= 3) return id;
  if (IsAmsHtId(id)) return 4 + (id - 128);
  if (id == kA2lUnitId) return 12;
  return std::nullopt;
}

std::optional<UnitModel> ModelFromInfo(std::uint32_t info) {
  switch (info & 0xFU) {
    case 1:
      return UnitModel::kAms;
    case 2:
    case 5:
      return UnitModel::kAmsLite;
    case 3:
      return UnitModel::kAms2Pro;
    case 4:
      return UnitModel::kAmsHt;
    default:
      return std::nullopt;
  }
}

std::optional<UnitModel> ModelFromPrefix(std::string_view prefix) {
  if (prefix == "ams") return UnitModel::kAms;
  if (prefix == "ams_f1") return UnitModel::kAmsLite;
  if (prefix == "n3f") return UnitModel::kAms2Pro;
  if (prefix == "n3s") return UnitModel::kAmsHt;
  return std::nullopt;
}

}  // namespace

std::string_view UnitModelName(UnitModel model) {
  switch (model) {
    case UnitModel::kAms:
      return "ams";
    case UnitModel::kAmsLite:
      return "ams_lite";
    case UnitModel::kAms2Pro:
      return "ams_2_pro";
    case UnitModel::kAmsHt:
      return "ams_ht";
  }
  return "ams";
}

UnitModel ResolveUnitModel(const PrinterState& state, int id, const AmsUnitState& unit) {
  if (unit.info) {
    if (auto model = ModelFromInfo(*unit.info)) return *model;
  }
  if (auto module = state.version.ams_modules.find(id); module != state.version.ams_modules.end()) {
    if (auto model = ModelFromPrefix(module->second.prefix)) return *model;
  }
  if (IsAmsHtId(id)) return UnitModel::kAmsHt;
  if (id == kA2lUnitId) return UnitModel::kAmsLite;
  return UnitModel::kAms;
}

bool IsUnitPresent(const PrinterState& state, int id) {
  if (!state.ams_exist_bits) return true;
  const std::optional<int> bit = UnitExistBit(id);
  return !bit || BitSet(*state.ams_exist_bits, *bit);
}

std::optional<int> TrayExistBit(int id, int slot) {
  if (id >= 0 && id <= 3) return id * 4 + slot;
  if (IsAmsHtId(id)) return 16 + (id - 128);
  if (id == kA2lUnitId) return 24 + slot;
  return std::nullopt;
}

bool IsBambuSpool(const TrayState& tray) { return tray.rfid_tag.value_or(false); }

bool HasFilamentType(const TrayState& tray) { return tray.tray_type && !tray.tray_type->empty(); }

std::string TrayColor(const TrayState& tray) {
  if (!tray.tray_color) return {};
  if (IsBambuSpool(tray) && *tray.tray_color == "00000000") return "transparent";
  return FormatColor(*tray.tray_color);
}

std::string_view SpoolUuid(const TrayState& tray) {
  constexpr std::size_t kUuidDigits = 32;
  if (!tray.tray_uuid || tray.tray_uuid->size() != kUuidDigits) return {};
  const std::string& uuid = *tray.tray_uuid;
  const bool hex = std::all_of(uuid.begin(), uuid.end(), [](char c) {
    return std::isxdigit(static_cast<unsigned char>(c)) != 0;
  });
  if (!hex || uuid.find_first_not_of('0') == std::string::npos) return {};
  return uuid;
}

std::optional<int> TrackedRemain(const TrayState& tray) {
  if (!IsBambuSpool(tray) || !tray.remain || *tray.remain < 0 || *tray.remain > 100) {
    return std::nullopt;
  }
  return tray.remain;
}

}  // namespace bambu
