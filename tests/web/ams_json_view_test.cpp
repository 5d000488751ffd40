// JSON views: exact values from a hand-built printer and from a real X1C report.
#include "web/ams_json_view.hpp"

#include <doctest/doctest.h>

#include <boost/json/serialize.hpp>

#include "test_clock.hpp"
#include "web_test_fleet.hpp"

namespace bambu {
namespace {

namespace json = boost::json;
using testing::AddWorkshopPrinter;

const json::object& Unit(const json::object& ams, std::size_t index) {
  return ams.at("ams_units").as_array().at(index).as_object();
}

const json::object& Tray(const json::object& unit, std::size_t slot) {
  return unit.at("trays").as_array().at(slot).as_object();
}

double Num(const json::value& value) { return value.to_number<double>(); }

}  // namespace

TEST_CASE("AmsJson of a hand-built printer: units, trays and unknowns as null") {
  Fleet fleet;
  const json::object ams = AmsJson(AddWorkshopPrinter(fleet));
  CHECK(ams.at("device_id") == "01P00A000000001");
  CHECK(ams.at("has_ams") == true);
  CHECK(ams.at("total_trays") == 4);
  REQUIRE(ams.at("ams_units").as_array().size() == 1);

  const json::object& unit = Unit(ams, 0);
  CHECK(unit.at("unit_id") == 0);
  CHECK(unit.at("model") == "ams");
  CHECK(unit.at("software_version") == "00.00.06.49");
  CHECK(unit.at("hardware_version") == "AMS08");
  CHECK(unit.at("tray_count") == 4);
  CHECK(Num(unit.at("temperature")) == doctest::Approx(25.5));
  CHECK(unit.at("humidity") == 2);  // wire index 4 → app level 2
  CHECK(unit.at("humidity_raw") == 28);
  CHECK(unit.at("dry_time").is_null());  // a plain AMS cannot dry
  CHECK(unit.at("info") == "1001");
  CHECK(unit.at("extruder") == 0);

  const json::object& bambu = Tray(unit, 0);
  CHECK(bambu.at("tray_id") == 0);
  CHECK(bambu.at("present") == true);
  CHECK(bambu.at("active") == false);
  CHECK(bambu.at("filament_type") == "PLA");
  CHECK(bambu.at("filament_id") == "GFA00");
  CHECK(bambu.at("name") == "PLA Basic");
  CHECK(bambu.at("color") == "#5E43B7");
  CHECK(bambu.at("colors") == json::array{"#5E43B7"});
  CHECK(bambu.at("vendor") == "bambu");
  CHECK(bambu.at("remain") == 83);
  CHECK(bambu.at("remaining_grams") == 830);
  CHECK(bambu.at("spool_weight") == 1000);
  CHECK(bambu.at("total_len") == 330000);
  CHECK(bambu.at("nozzle_temp_min") == 190);
  CHECK(bambu.at("nozzle_temp_max") == 230);
  CHECK(Num(bambu.at("k")) == doctest::Approx(0.02));

  const json::object& other = Tray(unit, 1);
  CHECK(other.at("active") == true);  // tray_now 1
  CHECK(other.at("name") == testing::kHostileName);
  CHECK(other.at("colors") == json::array{"#FF0000", "#00FF00"});
  CHECK(other.at("vendor") == "other");
  CHECK(other.at("remain").is_null());  // wire -1
  CHECK(other.at("remaining_grams").is_null());
  CHECK(other.at("spool_weight").is_null());  // wire "0"

  const json::object& unconfigured = Tray(unit, 2);
  CHECK(unconfigured.at("present") == true);
  CHECK(unconfigured.at("filament_type").is_null());
  CHECK(unconfigured.at("vendor").is_null());

  const json::object& empty = Tray(unit, 3);
  CHECK(empty.at("tray_id") == 3);
  CHECK(empty.at("present") == false);
  CHECK(empty.at("color").is_null());
  CHECK(empty.at("colors") == json::array{});
  CHECK(empty.at("remain").is_null());

  const json::array& external = ams.at("external_spool").as_array();
  REQUIRE(external.size() == 1);
  const json::object& spool = external.at(0).as_object();
  CHECK(spool.at("ams") == 255);
  CHECK(spool.at("tray_id") == 0);
  CHECK(spool.at("present") == true);
  CHECK(spool.at("filament_type") == "TPU");
  CHECK(spool.at("color") == "#FFFF00");
  CHECK(spool.at("remain").is_null());  // external spools never track remain
  CHECK(spool.at("vendor") == "other");
}

TEST_CASE("AmsJson serialises whole numbers as integers and never -1") {
  Fleet fleet;
  const std::string text = json::serialize(AmsJson(AddWorkshopPrinter(fleet)));
  CHECK(text.find(":-1") == std::string::npos);  // as a value: "AMS-1" is a name
  CHECK(text.find("\"remain\":83") != std::string::npos);
  CHECK(text.find("\"humidity_raw\":28") != std::string::npos);
}

TEST_CASE("AmsJson of a real X1C report with AMS, AMS 2 Pro (drying) and AMS HT") {
  Fleet fleet;
  PrinterEntry& printer = fleet.Add({"x1c", "00M09A000000001", Transport::kLan});
  REQUIRE(fleet.Ingest(printer,
                       testing::ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_get_version.json"),
                       test::At(100)));
  REQUIRE(fleet.Ingest(printer,
                       testing::ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"),
                       test::At(100)));
  const json::object ams = AmsJson(printer);
  CHECK(ams.at("has_ams") == true);
  CHECK(ams.at("total_trays") == 13);  // 3 four-slot units + 1 AMS HT slot
  REQUIRE(ams.at("ams_units").as_array().size() == 4);

  const json::object& first = Unit(ams, 0);
  CHECK(first.at("humidity") == 1);  // wire "5" (driest) → level 1
  CHECK(first.at("humidity_raw") == 8);
  CHECK(Num(first.at("temperature")) == doctest::Approx(26.2));
  CHECK(first.at("software_version") == "00.01.06.62");
  CHECK(Tray(first, 0).at("remain") == 93);
  CHECK(Tray(first, 0).at("remaining_grams") == 930);
  CHECK(Tray(first, 0).at("name") == "PLA Matte");
  CHECK(Tray(first, 0).at("color") == "#000000");
  CHECK(Tray(first, 0).at("vendor") == "bambu");

  const json::object& pro = Unit(ams, 2);
  CHECK(pro.at("unit_id") == 2);
  CHECK(pro.at("model") == "ams_2_pro");
  CHECK(pro.at("hardware_version") == "N3F05");
  CHECK(pro.at("humidity") == 2);  // wire "4"
  CHECK(pro.at("humidity_raw") == 9);
  CHECK(pro.at("dry_time") == 583);
  CHECK(pro.at("info") == "142023");
  CHECK(Num(pro.at("temperature")) == doctest::Approx(65.0));
  CHECK(Tray(pro, 0).at("present") == false);  // bit 8 of tray_exist_bits 10eff is clear
  CHECK(Tray(pro, 1).at("filament_type") == "ABS");
  CHECK(Tray(pro, 2).at("remain") == 62);

  const json::object& ht = Unit(ams, 3);
  CHECK(ht.at("unit_id") == 128);
  CHECK(ht.at("model") == "ams_ht");
  CHECK(ht.at("tray_count") == 1);
  CHECK(ht.at("info") == "2004");
  CHECK(Tray(ht, 0).at("filament_type") == "PA-CF");
  CHECK(Tray(ht, 0).at("name") == "PAHT-CF");

  const json::array& external = ams.at("external_spool").as_array();
  REQUIRE(external.size() == 1);
  CHECK(external.at(0).at("ams") == 255);
  CHECK(external.at(0).at("present") == false);  // tray_type "" = not configured
  CHECK(external.at(0).at("filament_type").is_null());
}

TEST_CASE("PrinterListJson: identity, model, up and last report time") {
  Fleet fleet;
  AddWorkshopPrinter(fleet);
  fleet.Add({"", "00M09A000000002", Transport::kCloud});  // never reported
  const json::array list = PrinterListJson(fleet, test::At(testing::kNow), 300);
  REQUIRE(list.size() == 2);
  const json::object& first = list.at(0).as_object();
  CHECK(first.at("name") == "Workshop & Co");
  CHECK(first.at("serial") == "01P00A000000001");
  CHECK(first.at("model") == "P1S");
  CHECK(first.at("transport") == "lan");
  CHECK(first.at("up") == true);
  CHECK(first.at("last_report_timestamp") == 1700000000);
  const json::object& second = list.at(1).as_object();
  CHECK(second.at("name") == "00M09A000000002");
  CHECK(second.at("model").is_null());
  CHECK(second.at("transport") == "cloud");
  CHECK(second.at("up") == false);
  CHECK(second.at("last_report_timestamp").is_null());

  const json::array stale = PrinterListJson(fleet, test::At(testing::kLastReport + 301), 300);
  CHECK(stale.at(0).at("up") == false);
}

}  // namespace bambu
