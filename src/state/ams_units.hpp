// AMS unit facts shared by the view and the filament counters: unit model, the bits of
// ams_exist_bits / tray_exist_bits (protocol.md §5.1, §5.4, §5.9) and the tray rules
// (Bambu RFID spool, colour, remain) of metrics.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "state/printer_state.hpp"

namespace bambu {

enum class UnitModel { kAms, kAmsLite, kAms2Pro, kAmsHt };

inline constexpr int kA2lUnitId = 16;  // the A2L's AMS lite

/// AMS HT unit ids 128..135.
inline bool IsAmsHtId(int id) { return id >= 128 && id <= 135; }

/// "ams", "ams_lite", "ams_2_pro", "ams_ht".
std::string_view UnitModelName(UnitModel model);

/// Model of unit `id`: info bits 0-3, else the get_version module prefix, else the id range.
UnitModel ResolveUnitModel(const PrinterState& state, int id, const AmsUnitState& unit);

/// A unit is present while its ams_exist_bits bit is set; every unit without the bits.
bool IsUnitPresent(const PrinterState& state, int id);

/// Bit of slot `slot` of unit `id` in tray_exist_bits / tray_is_bbl_bits; nullopt when none.
std::optional<int> TrayExistBit(int id, int slot);

/// Bambu RFID spool: a reported tag_uid with a non-'0' character (BS IsBBL_Filament).
bool IsBambuSpool(const TrayState& tray);

/// tray_type is set and not "" (not configured).
bool HasFilamentType(const TrayState& tray);

/// "#RRGGBB" of tray_color; "transparent" for a Bambu spool's "00000000" (protocol.md §5.13);
/// empty when unset.
std::string TrayColor(const TrayState& tray);

/// The spool's tray_uuid (protocol.md §5.11): 32 hex digits; empty when unset, all zeros (no
/// tag) or of another form (a redacted capture, a hostile printer).
std::string_view SpoolUuid(const TrayState& tray);

/// remain when it is a valid percentage 0..100 on a Bambu spool; nullopt otherwise.
std::optional<int> TrackedRemain(const TrayState& tray);

}  // namespace bambu
