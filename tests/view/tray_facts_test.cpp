// Spool identity and drying settings of a tray (protocol.md §5.11, §5.18) in the view.
#include <doctest/doctest.h>

#include "view/ams_view.hpp"

namespace bambu {
namespace {

/// A unit-0 slot-0 Bambu PLA spool, present.
PrinterState OneSpool() {
  PrinterState state;
  state.tray_exist_bits = 0x1;
  TrayState& tray = state.units[0].trays[0];
  tray.tray_type = "PLA";
  tray.rfid_tag = true;
  return state;
}

const TrayView& Slot0(const PrinterView& view) { return view.units.at(0).trays.at(0); }

}  // namespace

TEST_CASE("tray_uuid: 32 hex digits identify a spool, zeros and other forms do not") {
  PrinterState state = OneSpool();
  TrayState& tray = state.units[0].trays[0];
  tray.tray_uuid = "5F3D8925633343C29FB9A97FA9125971";
  CHECK(Slot0(BuildView(state)).spool_uuid == "5F3D8925633343C29FB9A97FA9125971");
  tray.tray_uuid = "00000000000000000000000000000000";  // untagged spools
  CHECK(Slot0(BuildView(state)).spool_uuid.empty());
  tray.tray_uuid = "XXXXXXXXXXXXXXXXXXXXXXX";  // the P1S capture's redaction
  CHECK(Slot0(BuildView(state)).spool_uuid.empty());
  tray.tray_uuid = "5F3D8925633343C29FB9A97FA912597Z";
  CHECK(Slot0(BuildView(state)).spool_uuid.empty());
}

TEST_CASE("drying settings: drying_temp/drying_time, else tray_temp/tray_time, 0 = unset") {
  PrinterState state = OneSpool();
  TrayState& tray = state.units[0].trays[0];
  tray.tray_temp_c = 55;  // P1/A1 names
  tray.tray_time_h = 8;
  CHECK(Slot0(BuildView(state)).drying_temp_c == 55);
  CHECK(Slot0(BuildView(state)).drying_time_s == 28800);
  tray.drying_temp_c = 65;  // the newer names win
  tray.drying_time_h = 12;
  CHECK(Slot0(BuildView(state)).drying_temp_c == 65);
  CHECK(Slot0(BuildView(state)).drying_time_s == 43200);
  tray.drying_temp_c = 0;
  tray.drying_time_h = 0;
  tray.tray_temp_c = 0;
  tray.tray_time_h = 0;
  CHECK_FALSE(Slot0(BuildView(state)).drying_temp_c.has_value());
  CHECK_FALSE(Slot0(BuildView(state)).drying_time_s.has_value());
}

}  // namespace bambu
