#include "report/json_report_fields.hpp"

#include <utility>

namespace bambu {
namespace {

constexpr int kMaxWireId = 65535;

/// Stores `parsed` (possibly nullopt) and tells whether it was usable.
template <class T>
bool Store(std::optional<T>& field, std::optional<T> parsed) {
  field = std::move(parsed);
  return field.has_value();
}

/// Stores a required string member; an unusable value leaves it empty.
bool StoreText(std::string& field, const JsonScalar& v) {
  auto s = AsString(v);
  field = s ? std::move(*s) : std::string();
  return s.has_value();
}

}  // namespace

std::optional<int> AsWireId(const JsonScalar& v) { return AsIntIn(v, 0, kMaxWireId); }

bool AssignPrintField(Key key, const JsonScalar& v, ReportUpdate& out) {
  switch (key) {
    case Key::kMsg:
      return Store(out.msg, AsInt(v));
    case Key::kGcodeState:
      return Store(out.gcode_state, AsString(v));
    case Key::kMcPercent:
      return Store(out.mc_percent, AsDouble(v));
    case Key::kMcRemainingTime:
      return Store(out.mc_remaining_time, AsDouble(v));
    case Key::kLayerNum:
      return Store(out.layer_num, AsDouble(v));
    case Key::kTotalLayerNum:
      return Store(out.total_layer_num, AsDouble(v));
    case Key::kNozzleTemper:
      return Store(out.nozzle_temper, AsDouble(v));
    case Key::kNozzleTargetTemper:
      return Store(out.nozzle_target_temper, AsDouble(v));
    case Key::kBedTemper:
      return Store(out.bed_temper, AsDouble(v));
    case Key::kBedTargetTemper:
      return Store(out.bed_target_temper, AsDouble(v));
    case Key::kChamberTemper:
      return Store(out.chamber_temper, AsDouble(v));
    case Key::kWifiSignal:
      return Store(out.wifi_signal_dbm, AsDbm(v));
    default:
      return true;
  }
}

bool AssignAmsField(Key key, const JsonScalar& v, AmsUpdate& out) {
  switch (key) {
    case Key::kAmsExistBits:
      return Store(out.ams_exist_bits, AsHex64(v));
    case Key::kTrayExistBits:
      return Store(out.tray_exist_bits, AsHex64(v));
    case Key::kTrayIsBblBits:
      return Store(out.tray_is_bbl_bits, AsHex64(v));
    case Key::kTrayNow:
      return Store(out.tray_now, AsInt(v));
    case Key::kPowerOnFlag:
      return Store(out.power_on_flag, AsBool(v));
    default:
      return true;
  }
}

bool AssignUnitField(Key key, const JsonScalar& v, AmsUnitUpdate& out) {
  switch (key) {
    case Key::kId: {
      auto id = AsWireId(v);
      out.id = id.value_or(-1);
      return id.has_value();
    }
    case Key::kHumidity:
      return Store(out.humidity_index, AsInt(v));
    case Key::kHumidityRaw:
      return Store(out.humidity_raw, AsDouble(v));
    case Key::kTemp:
      return Store(out.temp_c, AsDouble(v));
    case Key::kDryTime:
      return Store(out.dry_time_min, AsInt(v));
    case Key::kInfo:
      return Store(out.info, AsHex32(v));
    default:
      return true;
  }
}

bool AssignTrayField(Key key, const JsonScalar& v, TrayUpdate& out) {
  switch (key) {
    case Key::kId: {
      auto id = AsWireId(v);
      out.id = id.value_or(-1);
      return id.has_value();
    }
    case Key::kState:
      return Store(out.state, AsInt(v));
    case Key::kTrayType:
      return Store(out.tray_type, AsString(v));
    case Key::kTrayInfoIdx:
      return Store(out.tray_info_idx, AsString(v));
    case Key::kTraySubBrands:
      return Store(out.tray_sub_brands, AsString(v));
    case Key::kTrayColor:
      return Store(out.tray_color, AsString(v));
    case Key::kTagUid:
      return Store(out.rfid_tag, AsRfidTag(v));
    case Key::kRemain:
      return Store(out.remain, AsInt(v));
    case Key::kTrayWeight:
      return Store(out.tray_weight_g, AsDouble(v));
    case Key::kTotalLen:
      return Store(out.total_len_mm, AsDouble(v));
    case Key::kNozzleTempMin:
      return Store(out.nozzle_temp_min_c, AsDouble(v));
    case Key::kNozzleTempMax:
      return Store(out.nozzle_temp_max_c, AsDouble(v));
    case Key::kK:
      return Store(out.k, AsDouble(v));
    default:
      return true;
  }
}

bool AssignExtruderField(Key key, const JsonScalar& v, ExtruderUpdate& out) {
  switch (key) {
    case Key::kId: {
      auto id = AsWireId(v);
      out.id = id.value_or(-1);
      return id.has_value();
    }
    case Key::kSnow:
      return Store(out.snow, AsInt(v));
    case Key::kTemp:
      return Store(out.temp, AsUint32(v));
    default:
      return true;
  }
}

bool AssignModuleField(Key key, const JsonScalar& v, ModuleInfo& out) {
  switch (key) {
    case Key::kName:
      return StoreText(out.name, v);
    case Key::kProductName:
      return StoreText(out.product_name, v);
    case Key::kProjectName:
      return StoreText(out.project_name, v);
    case Key::kSwVer:
      return StoreText(out.sw_ver, v);
    case Key::kHwVer:
      return StoreText(out.hw_ver, v);
    case Key::kSn:
      return StoreText(out.sn, v);
    default:
      return true;
  }
}

}  // namespace bambu
