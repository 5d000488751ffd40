#include "core/json_report_keys.hpp"

#include <array>
#include <cstddef>

namespace bambu {
namespace {

struct KeyName {
  std::string_view text;
  Key key;
};

constexpr KeyName kKeyNames[] = {
    {"print", Key::kPrint},
    {"info", Key::kInfo},
    {"event", Key::kEvent},
    {"msg", Key::kMsg},
    {"command", Key::kCommand},
    {"gcode_state", Key::kGcodeState},
    {"mc_percent", Key::kMcPercent},
    {"mc_remaining_time", Key::kMcRemainingTime},
    {"layer_num", Key::kLayerNum},
    {"total_layer_num", Key::kTotalLayerNum},
    {"nozzle_temper", Key::kNozzleTemper},
    {"nozzle_target_temper", Key::kNozzleTargetTemper},
    {"bed_temper", Key::kBedTemper},
    {"bed_target_temper", Key::kBedTargetTemper},
    {"chamber_temper", Key::kChamberTemper},
    {"wifi_signal", Key::kWifiSignal},
    {"hms", Key::kHms},
    {"ams", Key::kAms},
    {"vt_tray", Key::kVtTray},
    {"vir_slot", Key::kVirSlot},
    {"device", Key::kDevice},
    {"ams_exist_bits", Key::kAmsExistBits},
    {"tray_exist_bits", Key::kTrayExistBits},
    {"tray_is_bbl_bits", Key::kTrayIsBblBits},
    {"tray_now", Key::kTrayNow},
    {"power_on_flag", Key::kPowerOnFlag},
    {"id", Key::kId},
    {"humidity", Key::kHumidity},
    {"humidity_raw", Key::kHumidityRaw},
    {"temp", Key::kTemp},
    {"dry_time", Key::kDryTime},
    {"tray", Key::kTray},
    {"state", Key::kState},
    {"tray_type", Key::kTrayType},
    {"tray_info_idx", Key::kTrayInfoIdx},
    {"tray_sub_brands", Key::kTraySubBrands},
    {"tray_color", Key::kTrayColor},
    {"cols", Key::kCols},
    {"tag_uid", Key::kTagUid},
    {"remain", Key::kRemain},
    {"tray_weight", Key::kTrayWeight},
    {"total_len", Key::kTotalLen},
    {"tray_diameter", Key::kTrayDiameter},
    {"nozzle_temp_min", Key::kNozzleTempMin},
    {"nozzle_temp_max", Key::kNozzleTempMax},
    {"k", Key::kK},
    {"attr", Key::kAttr},
    {"code", Key::kCode},
    {"extruder", Key::kExtruder},
    {"snow", Key::kSnow},
    {"ctc", Key::kCtc},
    {"module", Key::kModule},
    {"name", Key::kName},
    {"product_name", Key::kProductName},
    {"project_name", Key::kProjectName},
    {"sw_ver", Key::kSwVer},
    {"hw_ver", Key::kHwVer},
    {"sn", Key::kSn},
};

constexpr std::size_t kSlotBits = 7;
constexpr std::size_t kSlots = std::size_t{1} << kSlotBits;  // load factor < 0.5
constexpr std::size_t kMaxProbes = 4;                        // checked at compile time
constexpr std::uint8_t kEmpty = 0xFF;

/// Cheap hash: length and the first, middle and last characters (keys are
/// short ASCII words; a collision only costs a probe).
constexpr std::uint32_t HashOf(std::string_view s) {
  const auto n = static_cast<std::uint32_t>(s.size());
  std::uint32_t h = n * 0x9E3779B1u;
  if (n != 0) {
    h ^= static_cast<std::uint8_t>(s[0]) * 0x85EBCA77u;
    h ^= static_cast<std::uint8_t>(s[n / 2]) * 0xC2B2AE3Du;
    h ^= static_cast<std::uint8_t>(s[n - 1]) * 0x27D4EB2Fu;
  }
  h ^= h >> 15;
  return h * 0x2C1B3C6Du;
}

constexpr std::size_t SlotOf(std::uint32_t hash) { return hash >> (32 - kSlotBits); }

struct Entry {
  std::uint32_t hash = 0;       // HashOf(name): most misses end here without a compare
  std::uint8_t index = kEmpty;  // into kKeyNames, kEmpty when free
};

struct Table {
  std::array<Entry, kSlots> entries{};
  std::size_t max_probes = 0;
};

constexpr Table BuildTable() {
  Table t;
  for (std::size_t k = 0; k < std::size(kKeyNames); ++k) {
    const std::uint32_t hash = HashOf(kKeyNames[k].text);
    std::size_t slot = SlotOf(hash);
    std::size_t probes = 1;
    while (t.entries[slot].index != kEmpty) {
      slot = (slot + 1) & (kSlots - 1);
      ++probes;
    }
    t.entries[slot] = {hash, static_cast<std::uint8_t>(k)};
    if (probes > t.max_probes) t.max_probes = probes;
  }
  return t;
}

constexpr Table kTable = BuildTable();
static_assert(std::size(kKeyNames) < kSlots / 2, "key table too full");
static_assert(kTable.max_probes <= kMaxProbes, "hash clusters keys; change HashOf");

bool SameText(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (a[i] != b[i]) return false;
  }
  return true;
}

}  // namespace

Key LookupKey(std::string_view text) {
  const std::uint32_t hash = HashOf(text);
  std::size_t slot = SlotOf(hash);
  for (std::size_t probe = 0; probe < kMaxProbes; ++probe) {
    const Entry& e = kTable.entries[slot];
    if (e.index == kEmpty) return Key::kUnknown;
    if (e.hash == hash && SameText(kKeyNames[e.index].text, text)) return kKeyNames[e.index].key;
    slot = (slot + 1) & (kSlots - 1);
  }
  return Key::kUnknown;
}

}  // namespace bambu
