#include "view/ams_names.hpp"

namespace bambu {
namespace {

constexpr int kFirstHtId = 128;
constexpr int kExternalDeputy = 254;

std::string_view DisplayPrefix(UnitModel model) {
  switch (model) {
    case UnitModel::kAms:
      return "AMS-";
    case UnitModel::kAmsLite:
      return "AMS Lite-";
    case UnitModel::kAms2Pro:
      return "AMS 2 PRO-";
    case UnitModel::kAmsHt:
      return "AMS HT-";
  }
  return "AMS-";
}

/// Bambu Studio numbers units id + 1, AMS HT id − 127; the A2L's single unit 16 is 1.
int DisplayNumber(int unit_id) {
  if (unit_id == kA2lUnitId) return 1;
  return unit_id >= kFirstHtId ? unit_id - (kFirstHtId - 1) : unit_id + 1;
}

std::string Letter(int index) { return std::string(1, static_cast<char>('A' + index)); }

}  // namespace

std::string UnitDisplayName(int unit_id, UnitModel model) {
  return std::string(DisplayPrefix(model)) + std::to_string(DisplayNumber(unit_id));
}

std::string SlotDisplayName(int unit_id, int slot) {
  if (slot < 0 || slot > 3) return {};
  if (unit_id >= 0 && unit_id <= 3) return Letter(unit_id) + std::to_string(slot + 1);
  if (unit_id == kA2lUnitId) return Letter(0) + std::to_string(slot + 1);
  if (IsAmsHtId(unit_id) && slot == 0) return Letter(unit_id - kFirstHtId);
  return {};
}

std::string ExternalDisplayName(int external_id, bool dual_nozzle) {
  if (!dual_nozzle) return "Ext";
  return external_id == kExternalDeputy ? "Ext-L" : "Ext-R";
}

}  // namespace bambu
