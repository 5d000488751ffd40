// /api/v1/spools and /api/v1/spools.csv on the hand-built workshop printer: every loaded spool,
// with names, what is left and the unit's humidity; CSV quoting and formula defusing.
#include <doctest/doctest.h>

#include <string>
#include <utility>

#include <boost/json/parse.hpp>

#include "test_clock.hpp"
#include "web/spool_inventory.hpp"
#include "web/web_app.hpp"
#include "web_test_fleet.hpp"

namespace bambu {
namespace {

WebResponse Get(const Fleet& fleet, const std::string& target) {
  WebAppOptions options;
  options.clock = [] { return test::At(testing::kNow); };
  const WebApp app(fleet, std::move(options), {});
  return app.Handle({"GET", target, ""});
}

}  // namespace

TEST_CASE("GET /api/v1/spools: every loaded spool with names, remaining and humidity") {
  Fleet fleet;
  testing::AddWorkshopPrinter(fleet).state.units[0].trays[0].tray_uuid =
      "5F3D8925633343C29FB9A97FA9125971";
  const WebResponse response = Get(fleet, "/api/v1/spools");
  CHECK(response.status == 200);
  CHECK(response.content_type == "application/json");
  const boost::json::array spools = boost::json::parse(response.body).as_array();
  // Slot 0 (Bambu PLA), slot 1 (PETG); slot 2 is present but not configured; the TPU spool.
  REQUIRE(spools.size() == 3);
  const auto& bambu = spools.at(0).as_object();
  CHECK(bambu.at("printer") == "Workshop & Co");
  CHECK(bambu.at("serial") == testing::kSerial);
  CHECK(bambu.at("printer_up") == true);
  CHECK(bambu.at("unit_name") == "AMS-1");
  CHECK(bambu.at("slot_name") == "A1");
  CHECK(bambu.at("filament_type") == "PLA");
  CHECK(bambu.at("color") == "#5E43B7");
  CHECK(bambu.at("vendor") == "bambu");
  CHECK(bambu.at("tray_uuid") == "5F3D8925633343C29FB9A97FA9125971");
  CHECK(bambu.at("remaining_ratio") == 0.83);
  CHECK(bambu.at("remaining_grams") == 830);
  CHECK(bambu.at("spool_weight_grams") == 1000);
  CHECK(bambu.at("humidity_level") == 2);
  CHECK(bambu.at("humidity_ratio") == 0.28);
  CHECK(spools.at(1).at("slot_name") == "A2");
  CHECK(spools.at(1).at("active") == true);
  CHECK(spools.at(1).at("remaining_ratio").is_null());  // untagged: remain -1
  CHECK(spools.at(1).at("tray_uuid").is_null());
  const auto& external = spools.at(2).as_object();
  CHECK(external.at("ams") == 255);
  CHECK(external.at("slot_name") == "Ext");
  CHECK(external.at("unit_name").is_null());
  CHECK(external.at("humidity_level").is_null());
}

TEST_CASE("GET /api/v1/spools.csv: header, one row per spool, RFC 4180 quoting") {
  Fleet fleet;
  PrinterEntry& printer = testing::AddWorkshopPrinter(fleet);
  printer.state.units[0].trays[1].tray_sub_brands = "=HYPERLINK(\"x\"),1\nrow";
  printer.state.units[0].trays[0].tray_uuid = "5F3D8925633343C29FB9A97FA9125971";
  const WebResponse response = Get(fleet, "/api/v1/spools.csv");
  CHECK(response.status == 200);
  CHECK(response.content_type == "text/csv; charset=utf-8");
  CHECK(response.body ==
        "printer,serial,printer_up,ams,slot,unit_name,slot_name,active,filament_type,"
        "filament_id,name,color,vendor,tray_uuid,remaining_ratio,remaining_grams,"
        "spool_weight_grams,humidity_level,humidity_ratio\r\n"
        "Workshop & Co,01P00A000000001,true,0,0,AMS-1,A1,false,PLA,GFA00,PLA Basic,#5E43B7,"
        "bambu,5F3D8925633343C29FB9A97FA9125971,0.83,830,1000,2,0.28\r\n"
        "Workshop & Co,01P00A000000001,true,0,1,AMS-1,A2,true,PETG,GFG99,"
        "\"'=HYPERLINK(\"\"x\"\"),1\nrow\",#FF0000,other,,,,,2,0.28\r\n"
        "Workshop & Co,01P00A000000001,true,255,0,,Ext,false,TPU,,,#FFFF00,other,,,,,,\r\n");
}

TEST_CASE("the landing page links the spool inventory") {
  Fleet fleet;
  testing::AddWorkshopPrinter(fleet);
  const std::string html = Get(fleet, "/").body;
  CHECK(html.find("href=\"/api/v1/spools\"") != std::string::npos);
  CHECK(html.find("href=\"/api/v1/spools.csv\"") != std::string::npos);
}

TEST_CASE("spools of a stale printer stay, marked printer_up false") {
  Fleet fleet;
  testing::AddWorkshopPrinter(fleet);
  const auto rows = CollectSpools(fleet, test::At(testing::kNow + 3600), 300);
  REQUIRE(rows.size() == 3);
  CHECK_FALSE(rows[0].printer_up);
}

}  // namespace bambu
