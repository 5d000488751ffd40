// Empties a ReportUpdate for the next report without giving its memory back: the vectors keep
// their buffers and the tray lists of cleared AMS units are kept for the units of later
// reports, so a report shaped like earlier ones allocates nothing here (an AMS delta: none).
#pragma once

#include <cstddef>
#include <vector>

#include "report/report_update.hpp"

namespace bambu {

class UpdateRecycler {
 public:
  /// Tray lists kept for later units (a printer has at most 4 AMS and a few AMS HT).
  static constexpr std::size_t kMaxSpareTrayLists = 16;

  UpdateRecycler() { spare_trays_.reserve(kMaxSpareTrayLists); }

  /// Makes `update` equal to a new ReportUpdate.
  void Clear(ReportUpdate& update);
  /// Empties what a "print" object sets; keeps has_version, modules and cloud_online.
  void ClearPrint(ReportUpdate& update);
  /// Empties the AMS container (print.ams).
  void ClearAms(AmsUpdate& ams);
  /// Removes every unit; their tray lists are kept for later units.
  void ClearUnits(std::vector<AmsUnitUpdate>& units) {
    if (!units.empty()) KeepTraysAndClear(units);  // most reports have no units
  }
  /// Empties `unit.trays`, giving it a kept tray list when it has no buffer.
  void ReuseTrays(AmsUnitUpdate& unit);

 private:
  void KeepTraysAndClear(std::vector<AmsUnitUpdate>& units);

  std::vector<std::vector<TrayUpdate>> spare_trays_;  // empty, with capacity
};

}  // namespace bambu
