// SAX handler for boost::json::basic_parser that decodes one report into a
// ReportUpdate while the parser tokenizes it. It keeps a small stack of
// known contexts (print, print.ams, unit, tray, ...) and skips every other
// subtree by depth counting, without looking at its keys or values.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include <boost/json/error.hpp>
#include <boost/json/string_view.hpp>

#include "report/json_field_parse.hpp"
#include "report/json_report_keys.hpp"
#include "report/json_report_schema.hpp"
#include "report/report_update.hpp"
#include "report/update_recycler.hpp"

namespace bambu {

/// A set of contexts as bits.
constexpr std::uint32_t CtxBit(JsonCtx ctx) {
  return std::uint32_t{1} << static_cast<unsigned>(ctx);
}
static_assert(static_cast<unsigned>(JsonCtx::kCount) <= 32, "a set of contexts is 32 bits");

/// The frames ReportHandler::FinishFrame has work for when they close (the others, e.g. the
/// root and print, close inline).
inline constexpr std::uint32_t kFinishedFrames =
    CtxBit(JsonCtx::kUnit) | CtxBit(JsonCtx::kUnitTray) | CtxBit(JsonCtx::kVirSlotTray) |
    CtxBit(JsonCtx::kVtTray) | CtxBit(JsonCtx::kHmsItem) | CtxBit(JsonCtx::kExtruderInfo) |
    CtxBit(JsonCtx::kNozzleInfo) | CtxBit(JsonCtx::kInfo) | CtxBit(JsonCtx::kAmsMapping2Item);

class ReportHandler {
 public:
  // Limits the parser checks itself; the decoder caps sizes on its own.
  static constexpr std::size_t max_array_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_object_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_string_size = static_cast<std::size_t>(-1);
  static constexpr std::size_t max_key_size = static_cast<std::size_t>(-1);

  static constexpr std::size_t kMaxUnits = 64;      // per report
  static constexpr std::size_t kMaxTrays = 16;      // per unit, and in vir_slot
  static constexpr std::size_t kMaxHms = 64;        // hms[] entries
  static constexpr std::size_t kMaxExtruders = 16;  // device.extruder.info[]
  static constexpr std::size_t kMaxNozzles = 16;    // device.nozzle.info[] (extruders and rack)
  static constexpr std::size_t kMaxModules = 64;    // info.module[]
  static constexpr std::size_t kMaxColours = 16;    // tray cols[]

  /// Prepares for a new document that decodes into `out` (reset here).
  void Begin(ReportUpdate& out);
  int fields_ignored() const { return ignored_; }
  /// The document's top-level value was not an object (parse was stopped).
  bool not_an_object() const { return not_an_object_; }

  using ErrorCode = boost::json::error_code;
  using Text = boost::json::string_view;

  bool on_document_begin(ErrorCode&) { return true; }
  bool on_document_end(ErrorCode&) { return true; }
  // The callbacks the parser makes for every token are inline (the parser is compiled with
  // them in report_decoder.cpp); what they rarely need is out of line.
  bool on_object_begin(ErrorCode& ec) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (depth_ == 0) {
      frames_[depth_++] = JsonCtx::kRoot;
      return true;
    }
    return OnContainerBegin(JsonShape::kObject, ec);
  }
  bool on_object_end(std::size_t, ErrorCode&) { return OnEnd(); }
  bool on_array_begin(ErrorCode& ec) {
    if (skip_depth_ > 0) {
      ++skip_depth_;
      return true;
    }
    if (depth_ == 0) return RejectNonObjectRoot(ec);
    return OnContainerBegin(JsonShape::kArray, ec);
  }
  bool on_array_end(std::size_t, ErrorCode&) { return OnEnd(); }
  bool on_key_part(Text s, std::size_t, ErrorCode&);
  bool on_key(Text s, std::size_t n, ErrorCode&) {
    if (skip_depth_ > 0) return true;
    pending_ = n == s.size() ? LookupKey({s.data(), s.size()}) : LookupKeyTail(s);
    return true;
  }
  bool on_string_part(Text s, std::size_t, ErrorCode&);
  bool on_string(Text s, std::size_t n, ErrorCode& ec) {
    if (skip_depth_ > 0) return true;
    if (n == s.size()) return OnScalar(JsonScalar::String({s.data(), s.size()}), ec);
    return OnStringTail(s, ec);
  }
  bool on_number_part(Text, ErrorCode&) { return true; }
  bool on_int64(std::int64_t i, Text, ErrorCode& ec) { return OnScalar(JsonScalar::Int(i), ec); }
  bool on_uint64(std::uint64_t u, Text, ErrorCode& ec) { return OnScalar(JsonScalar::Uint(u), ec); }
  bool on_double(double d, Text, ErrorCode& ec) { return OnScalar(JsonScalar::Double(d), ec); }
  bool on_bool(bool b, ErrorCode& ec) { return OnScalar(JsonScalar::Bool(b), ec); }
  bool on_null(ErrorCode& ec) { return OnScalar(JsonScalar::Null(), ec); }
  bool on_comment_part(Text, ErrorCode&) { return true; }
  bool on_comment(Text, ErrorCode&) { return true; }

 private:
  static constexpr std::size_t kMaxFrames = 16;

  JsonCtx Top() const { return frames_[depth_ - 1]; }
  // The last part of a key or string that arrived in parts (rare: kept out of the hot path).
  [[gnu::cold, gnu::noinline]] Key LookupKeyTail(Text s);
  [[gnu::cold, gnu::noinline]] bool OnStringTail(Text s, ErrorCode& ec);
  bool OnContainerBegin(JsonShape shape, ErrorCode& ec);
  bool EnterChild(JsonCtx child);
  bool OnEnd() {
    if (skip_depth_ > 0) {
      --skip_depth_;
      return true;
    }
    if (depth_ > 0) {
      const JsonCtx ctx = frames_[--depth_];
      if (kFinishedFrames & CtxBit(ctx)) FinishFrame(ctx);
    }
    return true;
  }
  void FinishFrame(JsonCtx ctx);
  /// A scalar value: stored when its key is known here (inline, so that the many values of
  /// unknown keys cost a table lookup and no call).
  bool OnScalar(const JsonScalar& v, ErrorCode& ec) {
    if (skip_depth_ > 0) return true;
    if (depth_ == 0) return RejectNonObjectRoot(ec);
    const JsonCtx ctx = Top();
    const JsonSlot slot = ClassifyKey(ctx, pending_);
    if (slot.shape == JsonShape::kUnknown) return true;
    return OnKnownScalar(ctx, slot, v);
  }
  /// Stores a scalar of a known key (`slot.field`: its row in the field table of `ctx`); an
  /// unusable value, or a scalar where a container belongs, is counted as ignored.
  bool OnKnownScalar(JsonCtx ctx, JsonSlot slot, const JsonScalar& v);
  bool AssignScalar(JsonCtx ctx, std::size_t field, const JsonScalar& v);
  /// Appends one value of a mapping array; an unusable one holds its place as `unusable`.
  static bool PushMapped(FilamentMapping& list, const JsonScalar& v, int unusable);
  bool RejectNonObjectRoot(ErrorCode& ec);
  void StartPrint();
  void Skip() { skip_depth_ = 1; }

  ReportUpdate* out_ = nullptr;
  UpdateRecycler recycler_;  // empties `out_` keeping its buffers
  int ignored_ = 0;
  bool not_an_object_ = false;
  std::array<JsonCtx, kMaxFrames> frames_{};
  std::size_t depth_ = 0;        // open known frames
  std::size_t skip_depth_ = 0;   // > 0: inside a skipped subtree
  Key pending_ = Key::kUnknown;  // key whose value comes next (object frames)
  std::string key_buf_;          // a key arriving in parts
  std::string str_buf_;          // a string arriving in parts

  AmsUnitUpdate* unit_ = nullptr;
  TrayUpdate* tray_ = nullptr;
  ExtruderUpdate* extruder_ = nullptr;
  NozzleUpdate* nozzle_ = nullptr;
  ModuleInfo* module_ = nullptr;
  std::size_t colours_ = 0;  // entries of the current cols[] array
  std::optional<std::uint32_t> hms_attr_;
  std::optional<std::uint32_t> hms_code_;
  std::optional<int> slot_ams_id_;  // the ams_mapping2 entry being read
  std::optional<int> slot_slot_id_;
  bool info_is_version_ = false;
};

}  // namespace bambu
