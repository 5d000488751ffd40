// The landing page of real reports: a drying unit shows its time left, and a two-nozzle
// printer's external spools come in the printer's order, Ext-L before Ext-R.
#include "web/landing_page.hpp"

#include <doctest/doctest.h>

#include <string>

#include "fixture_fleet.hpp"
#include "test_clock.hpp"

namespace bambu {

TEST_CASE("landing page: drying units with their time left, external spools Ext-L then Ext-R") {
  Fleet fleet;
  PrinterEntry& printer = test::AddTestPrinter(fleet, "H2D");
  REQUIRE(test::IngestFixture(fleet, printer,
                              "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_get_version.json"));
  REQUIRE(
      test::IngestFixture(fleet, printer, "ha-bambulab_H2D-AMS-AMS2Pro-AMSHT-drying_full.json"));
  const std::string html = RenderLandingPage(fleet, {.version = "test",
                                                     .metrics_path = "/metrics",
                                                     .now = test::At(test::kGoldenNow),
                                                     .stale_after_s = 300});
  // Unit 1 (AMS 2 Pro): dry_time 692 min; unit 128 (AMS HT): 450 min; unit 0 does not dry.
  CHECK(html.find("<caption>AMS 2 PRO-2 &middot; <span class=\"drying\">drying, 11 h 32 min "
                  "left</span> &middot; humidity") != std::string::npos);
  CHECK(html.find("<caption>AMS HT-1 &middot; <span class=\"drying\">drying, 7 h 30 min "
                  "left</span> &middot; humidity") != std::string::npos);
  CHECK(html.find("<caption>AMS-1 &middot; humidity") != std::string::npos);
  const std::size_t left = html.find("<td>Ext-L</td>");
  const std::size_t right = html.find("<td>Ext-R</td>");
  REQUIRE(left != std::string::npos);
  REQUIRE(right != std::string::npos);
  CHECK(left < right);
}

}  // namespace bambu
