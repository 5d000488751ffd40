// LookupKey: every key the decoder reads is found; near misses (one character off in the
// first or last eight, or in the middle of a key over 16 characters) are not.
#include <string>
#include <string_view>

#include <doctest/doctest.h>

#include "report/json_report_keys.hpp"

namespace bambu {

TEST_CASE("LookupKey finds the keys the decoder reads") {
  for (std::string_view key : {"print", "k", "id", "sn", "ams", "tray", "remain", "tray_type",
                               "humidity_raw", "tray_exist_bits", "nozzle_target_temper",
                               "mc_remaining_time", "product_name", "project_name"}) {
    CAPTURE(std::string(key));
    CHECK(LookupKey(key) != Key::kUnknown);
    CHECK(kKeys.texts[static_cast<std::size_t>(LookupKey(key)) - 1] == key);
  }
  CHECK(LookupKey("print") == KeyOf("print"));
  CHECK(LookupKey("tray_type") == KeyOf("tray_type"));
}

TEST_CASE("every key of the schema and the field tables is found as itself") {
  REQUIRE(kKeys.size > 50);
  for (std::size_t i = 0; i < kKeys.size; ++i) {
    CAPTURE(std::string(kKeys.texts[i]));
    CHECK(LookupKey(kKeys.texts[i]) == static_cast<Key>(i + 1));
  }
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
                                "nozzle_tXrget_temper",
                                "bed_targXt_temper",
                                "mc_remaiXing_time",
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
