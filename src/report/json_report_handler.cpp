#include "report/json_report_handler.hpp"

#include "report/colour_text.hpp"
#include "report/wire_fields.hpp"

namespace bambu {
namespace {

constexpr std::string_view kClientConnected = "client.connected";
constexpr std::string_view kClientDisconnected = "client.disconnected";

constexpr std::size_t kTypicalItems = 4;  // units per report, trays per unit

constexpr int kMappingUnused = 65535;    // print.mapping: slicer filament not used (§7.4)
constexpr int kAmsMappingUnused = -1;    // ams_mapping: not used or external
constexpr int kMaxMappingValue = 65535;  // (ams_id << 8) | slot fits 16 bits

}  // namespace

void ReportHandler::Begin(ReportUpdate& out) {
  recycler_.Clear(out);
  out_ = &out;
  ignored_ = 0;
  not_an_object_ = false;
  depth_ = 0;
  skip_depth_ = 0;
  pending_ = Key::kUnknown;
  key_buf_.clear();
  str_buf_.clear();
  unit_ = nullptr;
  tray_ = nullptr;
  extruder_ = nullptr;
  nozzle_ = nullptr;
  module_ = nullptr;
  info_is_version_ = false;
}

bool ReportHandler::RejectNonObjectRoot(ErrorCode& ec) {
  not_an_object_ = true;
  ec = boost::json::error::syntax;
  return false;
}

void ReportHandler::StartPrint() {
  if (out_->has_print) recycler_.ClearPrint(*out_);  // duplicate "print": the last one wins
  out_->has_print = true;
}

/// Prepares the object or array `child` is about to hold; false = drop it. Inlined into
/// OnContainerBegin, its only caller (one call per container).
[[gnu::always_inline]] inline bool ReportHandler::EnterChild(JsonCtx child) {
  ReportUpdate& out = *out_;
  switch (child) {
    case JsonCtx::kPrint:
      StartPrint();
      return true;
    case JsonCtx::kAms:
      recycler_.ClearAms(out.ams);  // empty unless "ams" came twice
      return true;
    case JsonCtx::kUnitArray:
      out.ams.has_units = true;
      recycler_.ClearUnits(out.ams.units);
      out.ams.units.reserve(kTypicalItems);
      return true;
    case JsonCtx::kUnit:
      if (out.ams.units.size() >= kMaxUnits) return false;
      unit_ = &out.ams.units.emplace_back();
      return true;
    case JsonCtx::kTrayArray:
      unit_->has_trays = true;
      recycler_.ReuseTrays(*unit_);
      unit_->trays.reserve(kTypicalItems);
      return true;
    case JsonCtx::kUnitTray:
      if (unit_->trays.size() >= kMaxTrays) return false;
      tray_ = &unit_->trays.emplace_back();
      return true;
    case JsonCtx::kVtTray:
      tray_ = &out.vt_tray.emplace();
      return true;
    case JsonCtx::kVirSlotArray:
      out.has_vir_slot = true;
      out.vir_slot.clear();
      return true;
    case JsonCtx::kVirSlotTray:
      if (out.vir_slot.size() >= kMaxTrays) return false;
      tray_ = &out.vir_slot.emplace_back();
      return true;
    case JsonCtx::kColsArray:
      tray_->cols.emplace();
      colours_ = 0;
      return true;
    case JsonCtx::kHmsArray:
      out.hms.emplace();
      return true;
    case JsonCtx::kHmsItem:
      if (out.hms->size() >= kMaxHms) return false;
      hms_attr_.reset();
      hms_code_.reset();
      return true;
    case JsonCtx::kDevice:
      return true;
    case JsonCtx::kExtruder:
    case JsonCtx::kExtruderInfoArray:
      out.extruders.clear();
      return true;
    case JsonCtx::kExtruderInfo:
      if (out.extruders.size() >= kMaxExtruders) return false;
      extruder_ = &out.extruders.emplace_back();
      return true;
    case JsonCtx::kCtc:
    case JsonCtx::kCtcInfo:
    case JsonCtx::kNozzle:
      return true;
    case JsonCtx::kNozzleInfoArray:
      out.has_nozzles = true;
      out.nozzles.clear();
      return true;
    case JsonCtx::kNozzleInfo:
      if (out.nozzles.size() >= kMaxNozzles) return false;
      nozzle_ = &out.nozzles.emplace_back();
      return true;
    case JsonCtx::kInfo:
      out.has_version = false;
      out.modules.clear();
      info_is_version_ = false;
      return true;
    case JsonCtx::kModuleArray:
      out.modules.clear();
      return true;
    case JsonCtx::kModule:
      if (out.modules.size() >= kMaxModules) return false;
      module_ = &out.modules.emplace_back();
      return true;
    case JsonCtx::kEvent:
      return true;
    case JsonCtx::kMappingArray:
      out.mapping.emplace();
      return true;
    case JsonCtx::kAmsMappingArray:
      out.ams_mapping.emplace();
      return true;
    case JsonCtx::kAmsMapping2Array:
      out.ams_mapping2.emplace();
      return true;
    case JsonCtx::kAmsMapping2Item:
      slot_ams_id_.reset();
      slot_slot_id_.reset();
      return true;
    default:
      return false;
  }
}

bool ReportHandler::OnContainerBegin(JsonShape shape, ErrorCode&) {
  const JsonSlot slot = ClassifyKey(Top(), pending_);
  if (slot.shape == JsonShape::kUnknown) {
    Skip();
  } else if (slot.shape != shape || depth_ == kMaxFrames || !EnterChild(slot.child)) {
    ++ignored_;
    Skip();
  } else {
    frames_[depth_++] = slot.child;
  }
  return true;
}

/// Closes a known container: drops items without a usable id.
void ReportHandler::FinishFrame(JsonCtx ctx) {
  ReportUpdate& out = *out_;
  switch (ctx) {
    case JsonCtx::kUnit:
      if (unit_->id < 0) {
        out.ams.units.pop_back();
        ++ignored_;
      }
      break;
    case JsonCtx::kUnitTray:
      if (tray_->id < 0) {
        unit_->trays.pop_back();
        ++ignored_;
      }
      break;
    case JsonCtx::kVirSlotTray:
      if (tray_->id < 0) {
        out.vir_slot.pop_back();
        ++ignored_;
      }
      break;
    case JsonCtx::kVtTray:
      if (tray_->id < 0) {
        out.vt_tray.reset();
        ++ignored_;
      }
      break;
    case JsonCtx::kHmsItem:
      if (hms_attr_ && hms_code_) {
        out.hms->push_back(HmsEntry{*hms_attr_, *hms_code_});
      } else {
        ++ignored_;
      }
      break;
    case JsonCtx::kExtruderInfo:
      if (extruder_->id < 0) {
        out.extruders.pop_back();
        ++ignored_;
      }
      break;
    case JsonCtx::kNozzleInfo:
      if (nozzle_->id < 0) {
        out.nozzles.pop_back();
        ++ignored_;
      }
      break;
    case JsonCtx::kInfo:
      out.has_version = info_is_version_;
      if (!info_is_version_) out.modules.clear();
      break;
    case JsonCtx::kAmsMapping2Item:
      // An entry without both ids still holds its filament's place, as unused.
      if (!slot_ams_id_ || !slot_slot_id_) ++ignored_;
      if (slot_ams_id_ && slot_slot_id_) {
        out.ams_mapping2->push_back({*slot_ams_id_, *slot_slot_id_});
      } else {
        out.ams_mapping2->push_back(AmsSlotRef{});
      }
      break;
    default:
      break;
  }
}

bool ReportHandler::on_key_part(Text s, std::size_t, ErrorCode&) {
  if (skip_depth_ == 0) key_buf_.append(s.data(), s.size());
  return true;
}

Key ReportHandler::LookupKeyTail(Text s) {
  key_buf_.append(s.data(), s.size());
  const Key key = LookupKey(key_buf_);
  key_buf_.clear();
  return key;
}

bool ReportHandler::on_string_part(Text s, std::size_t, ErrorCode&) {
  if (skip_depth_ == 0) str_buf_.append(s.data(), s.size());
  return true;
}

bool ReportHandler::OnStringTail(Text s, ErrorCode& ec) {
  str_buf_.append(s.data(), s.size());
  const bool ok = OnScalar(JsonScalar::String(str_buf_), ec);
  str_buf_.clear();
  return ok;
}

bool ReportHandler::PushMapped(FilamentMapping& list, const JsonScalar& v, int unusable) {
  const std::optional<int> value = AsIntIn(v, -1, kMaxMappingValue);
  list.push_back(value.value_or(unusable));
  return value.has_value();
}

/// false = unusable. Inlined into OnKnownScalar, its only caller (one call per value).
[[gnu::always_inline]] inline bool ReportHandler::AssignScalar(JsonCtx ctx, std::size_t field,
                                                               const JsonScalar& v) {
  ReportUpdate& out = *out_;
  switch (ctx) {
    case JsonCtx::kPrint:
    case JsonCtx::kCtcInfo:
      return AssignField(kPrintFields, field, v, out);
    case JsonCtx::kAms:
      return AssignField(kAmsFields, field, v, out.ams);
    case JsonCtx::kUnit:
      return AssignField(kAmsUnitFields, field, v, *unit_);
    case JsonCtx::kUnitTray:
    case JsonCtx::kVtTray:
    case JsonCtx::kVirSlotTray:
      return AssignField(kTrayFields, field, v, *tray_);
    case JsonCtx::kColsArray: {
      if (v.kind != JsonScalar::Kind::kString || colours_ >= kMaxColours) return false;
      ++colours_;
      AppendColorToList(*tray_->cols, v.str);
      return true;
    }
    case JsonCtx::kHmsItem:
      if (pending_ == KeyOf("attr")) return (hms_attr_ = AsUint32(v)).has_value();
      return (hms_code_ = AsUint32(v)).has_value();
    case JsonCtx::kExtruderInfo:
      return AssignField(kExtruderFields, field, v, *extruder_);
    case JsonCtx::kNozzleInfo:
      return AssignField(kNozzleFields, field, v, *nozzle_);
    case JsonCtx::kInfo: {
      auto command = AsString(v);
      info_is_version_ = command && *command == "get_version";
      return command.has_value();
    }
    case JsonCtx::kModule:
      return AssignField(kModuleFields, field, v, *module_);
    case JsonCtx::kMappingArray:
      return PushMapped(*out.mapping, v, kMappingUnused);
    case JsonCtx::kAmsMappingArray:
      return PushMapped(*out.ams_mapping, v, kAmsMappingUnused);
    case JsonCtx::kAmsMapping2Item: {
      std::optional<int>& id = pending_ == KeyOf("ams_id") ? slot_ams_id_ : slot_slot_id_;
      return (id = AsIntIn(v, 0, 255)).has_value();
    }
    case JsonCtx::kEvent: {
      if (v.kind != JsonScalar::Kind::kString) return false;
      if (v.str == kClientConnected) out.cloud_online = true;
      if (v.str == kClientDisconnected) out.cloud_online = false;
      return true;
    }
    default:
      return false;
  }
}

bool ReportHandler::OnKnownScalar(JsonCtx ctx, JsonSlot slot, const JsonScalar& v) {
  if (slot.shape != JsonShape::kScalar || !AssignScalar(ctx, slot.field, v)) ++ignored_;
  return true;
}

}  // namespace bambu
