// libFuzzer target: arbitrary bytes as a sequence of MQTT reports for one printer
// (pieces separated by NUL bytes) → decode + merge → view → collect → text, JSON and HTML; the
// direct exposition writer is compared with prometheus-cpp's TextSerializer. Any crash, sanitizer
// report or exception is a bug.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include <prometheus/text_serializer.h>
#include <boost/json/serialize.hpp>

#include "base/log.hpp"
#include "metric_family_builder.hpp"
#include "metrics/fleet_collector.hpp"
#include "state/fleet.hpp"
#include "state/printer_events.hpp"
#include "test_clock.hpp"
#include "view/ams_view.hpp"
#include "web/ams_json_view.hpp"
#include "web/landing_page.hpp"

namespace {

constexpr double kNow = 1'800'000'000;  // Unix seconds; reports are "fresh"
constexpr std::size_t kMaxReports = 16;

void Render(const bambu::Fleet& fleet) {
  const bambu::PrinterEntry& printer = *fleet.printers().front();
  (void)bambu::BuildView(printer.state);
  (void)boost::json::serialize(bambu::AmsJson(printer));
  (void)boost::json::serialize(bambu::PrinterListJson(fleet, bambu::test::At(kNow), 300));
  (void)bambu::RenderLandingPage(fleet, {.version = "fuzz", .now = bambu::test::At(kNow)});
  for (bool keep_stale : {false, true}) {
    const bambu::CollectOptions options{
        .now = bambu::test::At(kNow), .stale_after_s = 300, .keep_stale_series = keep_stale};
    std::string text;
    bambu::WriteFleetText(fleet, options, text);
    // The direct writer must match prometheus-cpp's serializer byte for byte.
    if (text != prometheus::TextSerializer().Serialize(bambu::FleetFamilies(fleet, options))) {
      std::abort();
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  bambu::log::SetLevel(bambu::log::Level::kError);  // rejections are expected here
  bambu::Fleet fleet;
  bambu::PrinterEntry& printer = fleet.Add({"fuzz", "01P00A000000001", bambu::Transport::kLan});
  OnSessionConnected(printer, bambu::test::At(0));
  std::string_view input(reinterpret_cast<const char*>(data), size);
  for (std::size_t i = 0; i < kMaxReports && !input.empty(); ++i) {
    const std::size_t end = input.find('\0');
    fleet.Ingest(printer, input.substr(0, end), bambu::test::At(kNow));
    input = end == std::string_view::npos ? std::string_view() : input.substr(end + 1);
  }
  Render(fleet);
  return 0;
}
