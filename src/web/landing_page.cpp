#include "web/landing_page.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <vector>

#include "state/printer_up.hpp"
#include "view/ams_view.hpp"

namespace bambu {
namespace {

constexpr std::string_view kHead = R"(<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,">
<title>bambu_exporter</title>
<style>
body{font-family:sans-serif;margin:2em;color:#222}
h2{margin:1.2em 0 0.4em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:0.5em 0 1em}
th,td{border:1px solid #ccc;padding:0.25em 0.6em;text-align:left}
th{background:#f4f4f4}
caption{text-align:left;font-weight:bold;padding:0.25em 0;white-space:nowrap}
.units{display:flex;flex-wrap:wrap;gap:0 2em;align-items:flex-start}
.swatch{display:inline-block;width:1.6em;height:1em;border:1px solid #888;vertical-align:middle}
.clear{background:repeating-conic-gradient(#ccc 0 25%,#fff 0 50%) 50%/0.5em 0.5em}
.up{color:#1a7f37}.down{color:#c62828}.empty{color:#888}.drying{color:#b35c00}
</style>
</head>
<body>
<h1>bambu_exporter</h1>
)";

constexpr std::string_view kLinks = R"(<li><a href="/api/v1/printers">Printers (JSON)</a></li>
<li><a href="/api/v1/spools">Spools (JSON)</a> &middot; <a href="/api/v1/spools.csv">Spools (CSV)</a></li>
<li><a href="/-/healthy">Health</a></li>
</ul>
)";

std::string Format(const char* format, double value) {
  char text[64];
  std::snprintf(text, sizeof text, format, value);
  return text;
}

bool IsHexColor(std::string_view color) {
  if (color.size() != 7 || color[0] != '#') return false;
  for (char c : color.substr(1)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

std::vector<std::string_view> ValidColors(std::string_view list) {
  std::vector<std::string_view> out;
  while (!list.empty()) {
    const auto comma = list.find(',');
    if (const auto item = list.substr(0, comma); IsHexColor(item)) out.push_back(item);
    list = comma == std::string_view::npos ? std::string_view{} : list.substr(comma + 1);
  }
  return out;
}

/// A colour swatch: one colour, or a left-to-right gradient of a multi-colour spool.
std::string Swatch(const TrayView& tray) {
  std::vector<std::string_view> colors = ValidColors(tray.colors);
  if (colors.empty() && IsHexColor(tray.color)) colors.push_back(tray.color);
  if (colors.empty() && tray.color == "transparent") {
    return R"(<span class="swatch clear" title="transparent"></span>)";
  }
  if (colors.empty()) return R"(<span class="swatch empty"></span>)";
  std::string style = "background:";
  if (colors.size() == 1) {
    style += colors.front();
  } else {
    style += "linear-gradient(90deg";
    for (std::string_view color : colors) (style += ',') += color;
    style += ')';
  }
  return R"(<span class="swatch" style=")" + style + R"("></span>)";
}

/// Percent-encodes everything but RFC 3986 unreserved characters.
std::string UrlPathSegment(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (std::isalnum(byte) || c == '-' || c == '.' || c == '_' || c == '~') {
      out += c;
    } else {
      ((out += '%') += kHex[byte >> 4]) += kHex[byte & 0xF];
    }
  }
  return out;
}

std::string OptionalText(const std::optional<std::string>& text) {
  return text ? HtmlEscape(*text) : std::string();
}

std::string Remaining(const TrayView& tray) {
  if (!tray.remaining_ratio) return "&ndash;";
  std::string text = Format("%.0f %%", *tray.remaining_ratio * 100);
  if (tray.remaining_grams) text += Format(" (%.0f g)", *tray.remaining_grams);
  return text;
}

void AppendTrayRow(std::string& html, std::string_view slot_name, const TrayView& tray) {
  html += "<tr><td>";
  html += HtmlEscape(slot_name);
  html += "</td>";
  if (!tray.present || !tray.loaded || tray.tray == nullptr) {
    html += R"(<td colspan="5" class="empty">empty</td></tr>)";
    html += '\n';
    return;
  }
  html += "<td>" + Swatch(tray) + "</td>";
  html += "<td>" + OptionalText(tray.tray->tray_type) + "</td>";
  html += "<td>" + OptionalText(tray.tray->tray_sub_brands) + "</td>";
  html += "<td>" + Remaining(tray) + "</td>";
  html += tray.active ? R"(<td class="up">&#9679; active</td>)" : "<td></td>";
  html += "</tr>\n";
}

constexpr std::string_view kTrayHeader =
    "<tr><th>Slot</th><th>Colour</th><th>Type</th><th>Name</th><th>Remaining</th>"
    "<th>Active</th></tr>\n";

/// "7 h 30 min", "45 min": a drying cycle's time left, to the minute.
std::string HoursMinutes(double seconds) {
  const long minutes = std::lround(seconds / 60);
  if (minutes < 60) return std::to_string(minutes) + " min";
  return std::to_string(minutes / 60) + " h " + std::to_string(minutes % 60) + " min";
}

/// "drying, 7 h 30 min left" while the unit dries (the target temperature is not decoded).
std::string DryingText(const UnitView& unit) {
  if (!unit.drying || !*unit.drying) return {};
  std::string text = " &middot; <span class=\"drying\">drying";
  if (unit.drying_remaining_seconds && *unit.drying_remaining_seconds > 0) {
    text += ", " + HoursMinutes(*unit.drying_remaining_seconds) + " left";
  }
  return text + "</span>";
}

std::string UnitCaption(const UnitView& unit) {
  std::string caption = HtmlEscape(unit.name) + DryingText(unit) + " &middot; humidity ";
  if (unit.humidity_level) caption += "level " + std::to_string(*unit.humidity_level);
  if (unit.humidity_ratio) caption += Format(" (%.0f %%)", *unit.humidity_ratio * 100);
  if (!unit.humidity_level && !unit.humidity_ratio) caption += "&ndash;";
  caption += " &middot; temperature ";
  caption += unit.temperature_c ? Format("%.1f &deg;C", *unit.temperature_c) : "&ndash;";
  return caption;
}

void AppendUnit(std::string& html, const UnitView& unit) {
  html += "<table class=\"ams\">\n<caption>" + UnitCaption(unit) + "</caption>\n";
  html += kTrayHeader;
  for (const TrayView& tray : unit.trays) AppendTrayRow(html, tray.slot_name, tray);
  html += "</table>\n";
}

void AppendExternal(std::string& html, const std::vector<TrayView>& external) {
  if (external.empty()) return;
  html += "<table class=\"external\">\n<caption>External spool</caption>\n";
  html += kTrayHeader;
  for (const TrayView& tray : external) {
    AppendTrayRow(html, tray.slot_name, tray);
  }
  html += "</table>\n";
}

void AppendPrinter(std::string& html, const PrinterEntry& printer,
                   const LandingPageOptions& options) {
  const bool up = IsPrinterUp(printer, options.now, options.stale_after_s);
  html += "<h2>" + HtmlEscape(printer.identity.name) + "</h2>\n<table class=\"printer\">\n";
  html +=
      "<tr><th>Name</th><th>Serial</th><th>Model</th><th>Status</th><th>Last report</th></tr>\n";
  html += "<tr><td>" + HtmlEscape(printer.identity.name) + "</td>";
  html += "<td>" + HtmlEscape(printer.identity.serial) + "</td>";
  html += "<td>" + OptionalText(printer.state.version.model) + "</td>";
  html += up ? R"(<td class="up">up</td>)" : R"(<td class="down">down</td>)";
  html += "<td>" + FormatAge(ReportAgeS(printer, options.now)) + "</td></tr>\n";
  html += "</table>\n<p><a href=\"/api/v1/printers/" +
          HtmlEscape(UrlPathSegment(printer.identity.serial)) + "/ams\">AMS (JSON)</a></p>\n";
  const PrinterView view = BuildView(printer.state);
  html += "<div class=\"units\">\n";
  for (const UnitView& unit : view.units) AppendUnit(html, unit);
  AppendExternal(html, view.external);
  html += "</div>\n";
}

}  // namespace

std::string HtmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FormatAge(std::optional<double> age_s) {
  if (!age_s) return "never";
  const double age = std::max(0.0, *age_s);
  if (age < 120) return Format("%.0f s ago", std::floor(age));
  if (age < 2 * 3600) return Format("%.0f min ago", std::floor(age / 60));
  return Format("%.0f h ago", std::floor(age / 3600));
}

std::string RenderLandingPage(const Fleet& fleet, const LandingPageOptions& options) {
  std::string html(kHead);
  html += "<p>Prometheus exporter for Bambu Lab printers, AMS and filament. Version " +
          HtmlEscape(options.version) + "</p>\n";
  html += "<ul>\n<li><a href=\"" + HtmlEscape(options.metrics_path) + "\">Metrics</a></li>\n";
  html += kLinks;
  if (fleet.printers().empty()) html += "<p>No printers configured.</p>\n";
  for (const auto& printer : fleet.printers()) AppendPrinter(html, *printer, options);
  html += "</body>\n</html>\n";
  return html;
}

}  // namespace bambu
