// LookupKey: every key the decoder reads is found; near misses (same length and
// the same first, quarter, middle and last characters, i.e. the same hash) are not.
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "report/json_report_keys.hpp"

namespace bambu {

TEST_CASE("LookupKey finds the keys the decoder reads") {
  CHECK(LookupKey("print") == Key::kPrint);
  CHECK(LookupKey("k") == Key::kK);
  CHECK(LookupKey("id") == Key::kId);
  CHECK(LookupKey("sn") == Key::kSn);
  CHECK(LookupKey("ams") == Key::kAms);
  CHECK(LookupKey("tray") == Key::kTray);
  CHECK(LookupKey("remain") == Key::kRemain);
  CHECK(LookupKey("tray_type") == Key::kTrayType);
  CHECK(LookupKey("humidity_raw") == Key::kHumidityRaw);
  CHECK(LookupKey("tray_exist_bits") == Key::kTrayExistBits);
  CHECK(LookupKey("nozzle_target_temper") == Key::kNozzleTargetTemper);
  CHECK(LookupKey("mc_remaining_time") == Key::kMcRemainingTime);
  CHECK(LookupKey("product_name") == Key::kProductName);
  CHECK(LookupKey("project_name") == Key::kProjectName);
}

TEST_CASE("LookupKey rejects near misses of every length class") {
  for (std::string_view miss : {"",
                                "x",
                                "i",
                                "ix",
                                "sx",
                                "amx",
                                "tXay",
                                "rXmain",
                                "tray_tXpe",
                                "hXmiditX_raw",
                                "tray_exisX_bits",
                                "projXct_name",
                                "nozzle_targXt_temper",
                                "mc_remainXng_time",
                                "product_nXme",
                                "Print",
                                "print ",
                                "tray_type\\u0000",
                                "ams_exist_bits_",
                                "trayX",
                                "tray_now\n",
                                "tray_diameter"}) {  // decoded once, read by nothing
    CAPTURE(std::string(miss));
    CHECK(LookupKey(miss) == Key::kUnknown);
  }
  const std::string with_nul("tray\0type", 9);
  CHECK(LookupKey(with_nul) == Key::kUnknown);
}

}  // namespace bambu
