#include "web/unwatched_printers.hpp"

#include "cloud/cloud_api.hpp"
#include "web/landing_page.hpp"

namespace bambu {
namespace {

/// What the operator can do about a printer that is not watched.
std::string_view Why(Watch watch) {
  switch (watch) {
    case Watch::kNoCode:
      return "no access code for this serial (add one to discovery.access_codes_dir)";
    case Watch::kAnotherShard:
      return "another shard's";
    case Watch::kNotConfigured:
      return "has a code, but no printers: entry and discovery.auto_add is off";
    case Watch::kYes:
    case Watch::kCloud:
      break;
  }
  return "";
}

}  // namespace

std::string UnwatchedPrintersHtml(const DiscoveredPrinters& printers, Instant now) {
  std::string rows;
  for (const auto& [serial, printer] : printers.printers()) {
    if (printer.watch == Watch::kYes || printer.watch == Watch::kCloud) continue;
    const Announcement& a = printer.announcement;
    rows += "<tr><td>" + HtmlEscape(a.name) + "</td><td>" + HtmlEscape(serial) + "</td><td>" +
            HtmlEscape(CloudModelName(a.model_code, "")) + "</td><td>" + HtmlEscape(a.address) +
            "</td><td class=\"" + std::string(WatchLabel(printer.watch)) + "\">" +
            HtmlEscape(Why(printer.watch)) + "</td><td>" +
            FormatAge(now.mono_s - printer.last_seen.mono_s) + "</td></tr>\n";
  }
  std::string html = "<h2 id=\"unwatched\">On the network, not watched</h2>\n";
  if (rows.empty()) {
    return html + "<p class=\"empty\">Every printer heard on the network is watched.</p>\n";
  }
  html +=
      "<table class=\"unwatched\">\n<tr><th>Name</th><th>Serial</th><th>Model</th>"
      "<th>Address</th><th>Why</th><th>Last heard</th></tr>\n";
  return html + rows + "</table>\n";
}

}  // namespace bambu
