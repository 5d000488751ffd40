// The fields of every report object the exporter reads, each declared once
// (protocol.md §5): a member of the object's field struct, which the typed
// update and the merged state share, and one row {wire key, member, parser} of
// the object's table. The key lookup, the schema, the decoder and the merge
// follow from the tables (field_table.hpp). Absent means "not in this report"
// in an update and "never reported" in the state, never zero.
// A new field: a member of the Fields struct and its row here; the view or
// metric that shows it reads the state's member. Rules beyond "a present field
// overwrites" (tray_type "", power-off exist bits, msg 0) live in the merge.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "report/field_table.hpp"
#include "report/fixed_list.hpp"
#include "report/json_field_parse.hpp"
#include "report/json_report_schema.hpp"

namespace bambu {

/// A tray: print.ams.ams[].tray[], print.vt_tray or print.vir_slot[] (§5.5).
struct TrayFields {
  std::optional<int> state;                  // tray state bitmask (unreliable, kept for JSON view)
  std::optional<std::string> tray_type;      // "PLA", "PETG-CF", "" = not configured
  std::optional<std::string> tray_info_idx;  // filament preset id, e.g. "GFA01"
  std::optional<std::string> tray_sub_brands;  // e.g. "PLA Matte"
  std::optional<std::string> tray_color;       // RRGGBBAA
  // cols[] (multi-colour spools) as "#RRGGBB,#RRGGBB": unset and malformed entries skipped.
  std::optional<std::string> cols;
  std::optional<bool> rfid_tag;         // tag_uid holds a non-'0' character (a Bambu RFID spool)
  std::optional<int> remain;            // percent 0..100, -1 = unknown
  std::optional<double> tray_weight_g;  // spool net weight, grams ("0" = unknown)
  std::optional<double> total_len_mm;   // spool length, millimetres
  std::optional<double> nozzle_temp_min_c;  // recommended nozzle range, °C
  std::optional<double> nozzle_temp_max_c;
  std::optional<double> k;               // pressure advance (P1/A1)
  std::optional<std::string> tray_uuid;  // spool serial, 32 hex digits; all zeros = none (§5.11)
  std::optional<double> drying_temp_c;   // recommended drying, °C (X1 fw 01.09+, H2, P2S; §5.18)
  std::optional<double> drying_time_h;   // hours; "0" = unset
  std::optional<double> tray_temp_c;     // the same on P1 and A1 (tray_temp / tray_time)
  std::optional<double> tray_time_h;
  bool operator==(const TrayFields&) const = default;
};

struct TrayUpdate : TrayFields {
  // User-provided: a value-initialized TrayUpdate (emplace_back()) is then not zero-filled
  // before its members are initialized; every member has its initializer.
  TrayUpdate() noexcept {}  // NOLINT(modernize-use-equals-default)
  int id = -1;              // slot 0..3, or 254/255 for external spools
  bool operator==(const TrayUpdate&) const = default;
};

inline constexpr auto kTrayFields = MakeFieldTable<TrayUpdate, TrayFields>(
    {JsonCtx::kUnitTray, JsonCtx::kVtTray, JsonCtx::kVirSlotTray},
    std::tuple{
        Field<&TrayUpdate::id, AsWireId>{"id"},
        Field<&TrayFields::state, AsInt>{"state"},
        Field<&TrayFields::tray_type, AsString>{"tray_type"},
        Field<&TrayFields::tray_info_idx, AsString>{"tray_info_idx"},
        Field<&TrayFields::tray_sub_brands, AsString>{"tray_sub_brands"},
        Field<&TrayFields::tray_color, AsString>{"tray_color"},
        Field<&TrayFields::cols>{.key = "cols", .array = JsonCtx::kColsArray},
        Field<&TrayFields::rfid_tag, AsRfidTag>{"tag_uid"},
        Field<&TrayFields::remain, AsInt>{"remain"},
        Field<&TrayFields::tray_weight_g, AsDouble>{"tray_weight"},
        Field<&TrayFields::total_len_mm, AsDouble>{"total_len"},
        Field<&TrayFields::nozzle_temp_min_c, AsDouble>{"nozzle_temp_min"},
        Field<&TrayFields::nozzle_temp_max_c, AsDouble>{"nozzle_temp_max"},
        Field<&TrayFields::k, AsDouble>{"k"},
        Field<&TrayFields::tray_uuid, AsString>{"tray_uuid"},
        Field<&TrayFields::drying_temp_c, AsDouble>{"drying_temp"},
        Field<&TrayFields::drying_time_h, AsDouble>{"drying_time"},
        Field<&TrayFields::tray_temp_c, AsDouble>{"tray_temp"},
        Field<&TrayFields::tray_time_h, AsDouble>{"tray_time"},
    });

/// An AMS unit: print.ams.ams[] (§5.2).
struct AmsUnitFields {
  std::optional<int> humidity_index;   // wire index: 5 = driest .. 1 = wettest, 0 = none
  std::optional<double> humidity_raw;  // relative humidity, percent
  std::optional<double> temp_c;        // °C; 0.0 = no sensor
  std::optional<int> dry_time_min;     // remaining drying time, minutes
  std::optional<std::uint32_t> info;   // hex bitfield (§5.4)
  bool operator==(const AmsUnitFields&) const = default;
};

struct AmsUnitUpdate : AmsUnitFields {
  AmsUnitUpdate() noexcept {}  // NOLINT(modernize-use-equals-default): as TrayUpdate()
  int id = -1;                 // 0..3, 16 (A2L AMS lite), 128..135 (AMS HT)
  bool has_trays = false;      // a "tray" array was present
  std::vector<TrayUpdate> trays;
  bool operator==(const AmsUnitUpdate&) const = default;
};

inline constexpr auto kAmsUnitFields = MakeFieldTable<AmsUnitUpdate, AmsUnitFields>(
    {JsonCtx::kUnit},  // print.ams.ams[]
    std::tuple{
        Field<&AmsUnitUpdate::id, AsWireId>{"id"},
        Field<&AmsUnitFields::humidity_index, AsInt>{"humidity"},
        Field<&AmsUnitFields::humidity_raw, AsDouble>{"humidity_raw"},
        Field<&AmsUnitFields::temp_c, AsDouble>{"temp"},
        Field<&AmsUnitFields::dry_time_min, AsInt>{"dry_time"},
        Field<&AmsUnitFields::info, AsHex32>{"info"},
    });

/// The AMS container: print.ams (§5.1).
struct AmsFields {
  std::optional<std::uint64_t> ams_exist_bits;    // hex
  std::optional<std::uint64_t> tray_exist_bits;   // hex
  std::optional<std::uint64_t> tray_is_bbl_bits;  // hex
  std::optional<int> tray_now;                    // decimal string; 255 none, 254 external
  bool operator==(const AmsFields&) const = default;
};

struct AmsUpdate : AmsFields {
  std::optional<bool> power_on_flag;  // read with tray_exist_bits, not kept
  bool has_units = false;             // an "ams" array was present
  std::vector<AmsUnitUpdate> units;
  bool operator==(const AmsUpdate&) const = default;
};

inline constexpr auto kAmsFields = MakeFieldTable<AmsUpdate, AmsFields>(
    {JsonCtx::kAms},  // print.ams
    std::tuple{
        Field<&AmsFields::ams_exist_bits, AsHex64>{"ams_exist_bits"},
        Field<&AmsFields::tray_exist_bits, AsHex64>{"tray_exist_bits"},
        Field<&AmsFields::tray_is_bbl_bits, AsHex64>{"tray_is_bbl_bits"},
        Field<&AmsFields::tray_now, AsInt>{"tray_now"},
        Field<&AmsUpdate::power_on_flag, AsBool>{"power_on_flag"},
    });

/// One entry of print.device.extruder.info[] (§5.6).
struct ExtruderFields {
  std::optional<int> snow;            // (ams_id << 8) | slot of the loaded tray
  std::optional<std::uint32_t> temp;  // bits 0-15 current °C, 16-31 target °C
  bool operator==(const ExtruderFields&) const = default;
};

struct ExtruderUpdate : ExtruderFields {
  int id = -1;  // 0 main/right, 1 deputy/left
  bool operator==(const ExtruderUpdate&) const = default;
};

inline constexpr auto kExtruderFields = MakeFieldTable<ExtruderUpdate, ExtruderFields>(
    {JsonCtx::kExtruderInfo},  // print.device.extruder.info[]
    std::tuple{
        Field<&ExtruderUpdate::id, AsWireId>{"id"},
        Field<&ExtruderFields::snow, AsInt>{"snow"},
        Field<&ExtruderFields::temp, AsUint32>{"temp"},
    });

/// One nozzle of print.device.nozzle.info[] (§5.17).
struct NozzleFields {
  std::optional<double> diameter_mm;  // 0.4
  std::optional<std::string> type;    // "HS01": flow (2nd character), material (last two)
  bool operator==(const NozzleFields&) const = default;
};

struct NozzleUpdate : NozzleFields {
  int id = -1;  // low hex digit: 0 main (right), 1 deputy (left); 0x10 and up: the H2C's rack
  bool operator==(const NozzleUpdate&) const = default;
};

inline constexpr auto kNozzleFields = MakeFieldTable<NozzleUpdate, NozzleFields>(
    {JsonCtx::kNozzleInfo},  // print.device.nozzle.info[]
    std::tuple{
        Field<&NozzleUpdate::id, AsWireId>{"id"},
        Field<&NozzleFields::diameter_mm, AsDouble>{"diameter"},
        Field<&NozzleFields::type, AsString>{"type"},
    });

/// One module of an info/get_version reply (§5.9; not merged field by field: see printer_state).
struct ModuleInfo {
  std::string name;          // "ota", "ams/0", "n3s/128", "esp32", ...
  std::string product_name;  // "Bambu Lab X1-Carbon", may be empty
  std::string project_name;  // "C12", "N2S", may be empty
  std::string sw_ver;
  std::string hw_ver;
  std::string sn;
  bool operator==(const ModuleInfo&) const = default;
};

inline constexpr auto kModuleFields = MakeFieldTable<ModuleInfo, /*merged:*/ void>(
    {JsonCtx::kModule},  // info.module[]
    std::tuple{
        Field<&ModuleInfo::name, AsString>{"name"},
        Field<&ModuleInfo::product_name, AsString>{"product_name"},
        Field<&ModuleInfo::project_name, AsString>{"project_name"},
        Field<&ModuleInfo::sw_ver, AsString>{"sw_ver"},
        Field<&ModuleInfo::hw_ver, AsString>{"hw_ver"},
        Field<&ModuleInfo::sn, AsString>{"sn"},
    });

/// One entry of print.hms[].
struct HmsEntry {
  std::uint32_t attr = 0;
  std::uint32_t code = 0;
  bool operator==(const HmsEntry&) const = default;
};

/// Slicer filaments a job's mapping arrays cover (index = filament id - 1; the A2L sends 32).
inline constexpr std::size_t kMaxMappedFilaments = 32;

/// print.mapping (`(ams_id << 8) | slot`, 65535 unused) or the echo's flat ams_mapping (global
/// tray index, -1 unused or external), one value per slicer filament (§7.4).
using FilamentMapping = FixedList<int, kMaxMappedFilaments>;

/// One entry of the echo's ams_mapping2: {ams_id, slot_id}; {255, 255} unused (§7.4).
struct AmsSlotRef {
  int ams_id = 255;
  int slot_id = 255;
  bool operator==(const AmsSlotRef&) const = default;
};
using AmsSlotMapping = FixedList<AmsSlotRef, kMaxMappedFilaments>;

/// The printer: scalars directly under print, and the chamber controller (§5.8).
struct PrintFields {
  std::optional<std::string> gcode_state;
  std::optional<double> mc_percent;         // percent
  std::optional<double> mc_remaining_time;  // minutes
  std::optional<double> layer_num;
  std::optional<double> total_layer_num;
  std::optional<double> nozzle_temper;  // °C
  std::optional<double> nozzle_target_temper;
  std::optional<double> bed_temper;
  std::optional<double> bed_target_temper;
  std::optional<double> chamber_temper;
  std::optional<std::uint32_t> ctc_temp;     // print.device.ctc.info.temp: bits 0-15 chamber °C
  std::optional<double> wifi_signal_dbm;     // from "-68dBm"
  std::optional<std::vector<HmsEntry>> hms;  // replaced as a whole
  std::optional<double> ctt;                 // chamber target °C, older form of ctc bits 16-31
  std::optional<std::string> nozzle_type;    // "hardened_steel" or a code "HS01" (§5.17)
  std::optional<double> nozzle_diameter_mm;  // "0.4"
  // The current or last job (§5.19).
  std::optional<std::string> subtask_name;  // the job's name as the apps show it
  std::optional<std::string> task_id;       // "0" / "" = none
  std::optional<std::string> subtask_id;
  std::optional<double> gcode_start_time;  // Unix seconds, 0 = none
  // Which file and plate the job runs, and how it ends (§7.2, §7.5).
  std::optional<std::string> gcode_file;          // P1/A1 LAN: the 3MF; X1/H2: plate G-code path
  std::optional<std::string> file;                // the same, newer firmware
  std::optional<int> plate_idx;                   // printed plate, 1-based; 0 = none
  std::optional<int> gcode_file_prepare_percent;  // job download into the printer, 0..100
  std::optional<int> print_error;                 // 50348044 (0x0300400C) = cancelled
  std::optional<int> fail_reason;                 // the same code, kept after FAILED
  std::optional<FilamentMapping> mapping;         // per slicer filament: (ams_id << 8) | slot
  bool operator==(const PrintFields&) const = default;
};

/// The print object's own keys, not merged: msg, and the project_file echo a printer sends
/// once at job start on its report topic (§7.4 b).
struct PrintObjectUpdate : PrintFields {
  std::optional<int> msg;              // 0 = full report (replace), 1 = delta; absent = merge
  std::optional<std::string> command;  // "project_file" for the echo
  std::optional<std::string> param;    // the plate's G-code, "Metadata/plate_2.gcode"
  std::optional<std::string> url;      // where the printer took the 3MF from
  std::optional<FilamentMapping> ams_mapping;  // flat global tray index, -1 unused or external
  std::optional<AmsSlotMapping> ams_mapping2;  // {ams_id, slot_id} per slicer filament
  bool operator==(const PrintObjectUpdate&) const = default;
};

inline constexpr auto kPrintFields = MakeFieldTable<PrintObjectUpdate, PrintFields>(
    {JsonCtx::kPrint},  // print
    std::tuple{
        Field<&PrintObjectUpdate::msg, AsInt>{"msg"},
        Field<&PrintFields::gcode_state, AsString>{"gcode_state"},
        Field<&PrintFields::mc_percent, AsDouble>{"mc_percent"},
        Field<&PrintFields::mc_remaining_time, AsDouble>{"mc_remaining_time"},
        Field<&PrintFields::layer_num, AsDouble>{"layer_num"},
        Field<&PrintFields::total_layer_num, AsDouble>{"total_layer_num"},
        Field<&PrintFields::nozzle_temper, AsDouble>{"nozzle_temper"},
        Field<&PrintFields::nozzle_target_temper, AsDouble>{"nozzle_target_temper"},
        Field<&PrintFields::bed_temper, AsDouble>{"bed_temper"},
        Field<&PrintFields::bed_target_temper, AsDouble>{"bed_target_temper"},
        Field<&PrintFields::chamber_temper, AsDouble>{"chamber_temper"},
        Field<&PrintFields::ctc_temp, AsUint32>{.key = "temp", .inside = JsonCtx::kCtcInfo},
        Field<&PrintFields::wifi_signal_dbm, AsDbm>{"wifi_signal"},
        Field<&PrintFields::hms>{.key = "hms", .array = JsonCtx::kHmsArray},
        Field<&PrintFields::ctt, AsDouble>{"ctt"},
        Field<&PrintFields::nozzle_type, AsString>{"nozzle_type"},
        Field<&PrintFields::nozzle_diameter_mm, AsDouble>{"nozzle_diameter"},
        Field<&PrintFields::subtask_name, AsString>{"subtask_name"},
        Field<&PrintFields::task_id, AsIdText>{"task_id"},
        Field<&PrintFields::subtask_id, AsIdText>{"subtask_id"},
        Field<&PrintFields::gcode_start_time, AsDouble>{"gcode_start_time"},
        Field<&PrintFields::gcode_file, AsString>{"gcode_file"},
        Field<&PrintFields::file, AsString>{"file"},
        Field<&PrintFields::plate_idx, AsInt>{"plate_idx"},
        Field<&PrintFields::gcode_file_prepare_percent, AsInt>{"gcode_file_prepare_percent"},
        Field<&PrintFields::print_error, AsInt>{"print_error"},
        Field<&PrintFields::fail_reason, AsInt>{"fail_reason"},
        Field<&PrintFields::mapping>{.key = "mapping", .array = JsonCtx::kMappingArray},
        Field<&PrintObjectUpdate::command, AsString>{"command"},
        Field<&PrintObjectUpdate::param, AsString>{"param"},
        Field<&PrintObjectUpdate::url, AsString>{"url"},
        Field<&PrintObjectUpdate::ams_mapping>{.key = "ams_mapping",
                                               .array = JsonCtx::kAmsMappingArray},
        Field<&PrintObjectUpdate::ams_mapping2>{.key = "ams_mapping2",
                                                .array = JsonCtx::kAmsMapping2Array},
    });

/// Calls f(table) for every table above.
template <class F>
constexpr void ForEachFieldTable(F&& f) {
  f(kPrintFields);
  f(kAmsFields);
  f(kAmsUnitFields);
  f(kTrayFields);
  f(kExtruderFields);
  f(kNozzleFields);
  f(kModuleFields);
}

}  // namespace bambu
