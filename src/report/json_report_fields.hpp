// Scalar fields of a report: one function per JSON object kind stores a
// known key's value into the matching ReportUpdate member (protocol.md §5).
// Each returns false when the value is unusable; the member is then left
// unset (so a later duplicate key that is unusable clears an earlier one).
#pragma once

#include "report/json_field_parse.hpp"
#include "report/json_report_keys.hpp"
#include "report/report_update.hpp"

namespace bambu {

/// Scalar keys directly under `print`.
bool AssignPrintField(Key key, const JsonScalar& v, ReportUpdate& out);

/// Scalar keys of `print.ams`.
bool AssignAmsField(Key key, const JsonScalar& v, AmsUpdate& out);

/// Scalar keys of one `print.ams.ams[]` unit.
bool AssignUnitField(Key key, const JsonScalar& v, AmsUnitUpdate& out);

/// Scalar keys of a tray object (unit tray, vt_tray, vir_slot[]).
bool AssignTrayField(Key key, const JsonScalar& v, TrayUpdate& out);

/// Scalar keys of one `print.device.extruder.info[]` item.
bool AssignExtruderField(Key key, const JsonScalar& v, ExtruderUpdate& out);

/// Scalar keys of one `info.module[]` item.
bool AssignModuleField(Key key, const JsonScalar& v, ModuleInfo& out);

/// Unit, tray and extruder ids: "0", 128, "255" → [0, 65535].
std::optional<int> AsWireId(const JsonScalar& v);

}  // namespace bambu
