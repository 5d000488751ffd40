#include "report/update_recycler.hpp"

#include <utility>

#include "report/wire_fields.hpp"

namespace bambu {

void UpdateRecycler::Clear(ReportUpdate& update) {
  ClearPrint(update);
  update.has_version = false;
  update.modules.clear();
  update.cloud_online.reset();
}

void UpdateRecycler::ClearPrint(ReportUpdate& update) {
  ClearRows(kPrintFields, update);  // the print-level fields and msg
  ClearAms(update.ams);
  update.vt_tray.reset();
  update.has_vir_slot = false;
  update.vir_slot.clear();
  update.extruders.clear();
  update.has_nozzles = false;
  update.nozzles.clear();
  update.has_print = false;
}

void UpdateRecycler::ClearAms(AmsUpdate& ams) {
  ClearRows(kAmsFields, ams);  // the container's fields and power_on_flag
  ams.has_units = false;
  ClearUnits(ams.units);
}

void UpdateRecycler::KeepTraysAndClear(std::vector<AmsUnitUpdate>& units) {
  for (AmsUnitUpdate& unit : units) {
    if (unit.trays.capacity() == 0 || spare_trays_.size() >= kMaxSpareTrayLists) continue;
    unit.trays.clear();
    spare_trays_.push_back(std::move(unit.trays));
  }
  units.clear();
}

void UpdateRecycler::ReuseTrays(AmsUnitUpdate& unit) {
  if (unit.trays.capacity() == 0 && !spare_trays_.empty()) {
    unit.trays = std::move(spare_trays_.back());
    spare_trays_.pop_back();
  }
  unit.trays.clear();
}

}  // namespace bambu
