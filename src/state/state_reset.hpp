// msg 0 (a full report: "replace"): the print part of a printer's state starts
// over, without reallocating what the new report lists again.
#pragma once

#include "report/report_update.hpp"
#include "state/printer_state.hpp"

namespace bambu {

/// Clears everything a print report sets, as if the state were new; keeps version,
/// cloud_online and the printer's vir_slot habit. The map nodes of units, trays, external
/// spools and extruders that `update` lists again (exactly those a merge of `update` into an
/// empty state creates) are kept, cleared, so that a full report every few seconds does not
/// free and reallocate them; the others are dropped. Merge(state, update) afterwards gives
/// the same state as merging `update` into a new one.
void ResetPrint(PrinterState& state, const ReportUpdate& update);

}  // namespace bambu
