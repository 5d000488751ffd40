#include "synthetic_reports.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "bench_util.hpp"

namespace bambu::bench {
namespace json = boost::json;

std::string CompactFixture(const std::string& name) {
  return json::serialize(json::parse(ReadFixture(name)));
}

std::string RichFullReport() {
  json::value report = json::parse(ReadFixture("ha-bambulab_X1C-2xAMS-AMS2Pro-AMSHT_full.json"));
  json::object& ams = report.at("print").at("ams").as_object();
  json::array& units = ams.at("ams").as_array();
  json::object fourth = units.at(0).as_object();
  fourth["id"] = "3";
  units.insert(units.begin() + 3, std::move(fourth));  // before the AMS HT (id 128)
  ams["ams_exist_bits"] = "1f";                        // units 0-3 and the HT (bit 4)
  ams["tray_exist_bits"] = "1ffff";                    // 16 AMS slots and the HT slot
  ams["tray_is_bbl_bits"] = "1ffff";
  ams["tray_read_done_bits"] = "1ffff";
  return json::serialize(report);
}

std::string P1sAmsDelta() {
  return R"({"print":{"ams":{"ams":[{"id":"0","humidity":"4","temp":"26.3",)"
         R"("tray":[{"id":"2","remain":87}]}],"tray_now":"2"},"mc_percent":41,)"
         R"("mc_remaining_time":118,"nozzle_temper":219.75,"bed_temper":55.03,)"
         R"("wifi_signal":"-62dBm","command":"push_status","msg":1,"sequence_id":"20321"}})";
}

}  // namespace bambu::bench
