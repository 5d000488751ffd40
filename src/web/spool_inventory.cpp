#include "web/spool_inventory.hpp"

#include <charconv>
#include <string_view>

#include <boost/json/value.hpp>

#include "state/printer_up.hpp"
#include "view/ams_view.hpp"
#include "web/json_number.hpp"

namespace bambu {
namespace {

namespace json = boost::json;

SpoolRow RowOf(const PrinterEntry& printer, bool up, const TrayView& tray, const UnitView* unit) {
  SpoolRow row;
  row.printer = printer.identity.name;
  row.serial = printer.identity.serial;
  row.printer_up = up;
  row.ams = tray.ams;
  row.slot = tray.slot;
  row.slot_name = tray.slot_name;
  row.active = tray.active;
  row.filament_type = tray.tray->tray_type.value_or("");
  row.filament_id = tray.tray->tray_info_idx.value_or("");
  row.name = tray.tray->tray_sub_brands.value_or("");
  row.color = tray.color;
  row.vendor = tray.bambu_spool ? "bambu" : "other";
  row.tray_uuid = tray.spool_uuid;
  row.remaining_ratio = tray.remaining_ratio;
  row.remaining_grams = tray.remaining_grams;
  row.spool_weight_grams = tray.spool_weight_grams;
  if (unit != nullptr) {
    row.unit_name = unit->name;
    row.humidity_level = unit->humidity_level;
    row.humidity_ratio = unit->humidity_ratio;
  }
  return row;
}

json::value Nullable(const std::optional<double>& value) { return JsonNumberOrNull(value); }

json::value Nullable(const std::optional<int>& value) {
  return value ? json::value(*value) : json::value(nullptr);
}

json::value Nullable(const std::string& text) {
  return text.empty() ? json::value(nullptr) : json::value(text);
}

/// A CSV cell: quoted when it holds a comma, quote or line break; formula starts defused.
void AppendText(std::string& line, std::string_view text) {
  std::string cell;
  if (!text.empty() && std::string_view("=+-@").find(text.front()) != std::string_view::npos) {
    cell += '\'';
  }
  cell += text;
  if (cell.find_first_of(",\"\r\n") != std::string::npos) {
    std::string quoted = "\"";
    for (char c : cell) quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
    cell = quoted + '"';
  }
  line += cell;
}

void AppendNumber(std::string& line, const std::optional<double>& value) {
  if (!value) return;
  char text[32];
  line.append(text, std::to_chars(text, text + sizeof text, *value).ptr);
}

constexpr std::string_view kCsvHeader =
    "printer,serial,printer_up,ams,slot,unit_name,slot_name,active,filament_type,filament_id,"
    "name,color,vendor,tray_uuid,remaining_ratio,remaining_grams,spool_weight_grams,humidity_level,"
    "humidity_ratio\r\n";

}  // namespace

std::vector<SpoolRow> CollectSpools(const Fleet& fleet, Instant now, double stale_after_s) {
  std::vector<SpoolRow> rows;
  for (const auto& printer : fleet.printers()) {
    const bool up = IsPrinterUp(*printer, now, stale_after_s);
    const PrinterView view = BuildView(printer->state);
    for (const UnitView& unit : view.units) {
      for (const TrayView& tray : unit.trays) {
        if (tray.loaded) rows.push_back(RowOf(*printer, up, tray, &unit));
      }
    }
    for (const TrayView& tray : view.external) {
      if (tray.loaded) rows.push_back(RowOf(*printer, up, tray, nullptr));
    }
  }
  return rows;
}

json::array SpoolsJson(const std::vector<SpoolRow>& rows) {
  json::array out;
  for (const SpoolRow& row : rows) {
    out.emplace_back(json::object{{"printer", row.printer},
                                  {"serial", row.serial},
                                  {"printer_up", row.printer_up},
                                  {"ams", row.ams},
                                  {"slot", row.slot},
                                  {"unit_name", Nullable(row.unit_name)},
                                  {"slot_name", Nullable(row.slot_name)},
                                  {"active", row.active},
                                  {"filament_type", Nullable(row.filament_type)},
                                  {"filament_id", Nullable(row.filament_id)},
                                  {"name", Nullable(row.name)},
                                  {"color", Nullable(row.color)},
                                  {"vendor", row.vendor},
                                  {"tray_uuid", Nullable(row.tray_uuid)},
                                  {"remaining_ratio", Nullable(row.remaining_ratio)},
                                  {"remaining_grams", Nullable(row.remaining_grams)},
                                  {"spool_weight_grams", Nullable(row.spool_weight_grams)},
                                  {"humidity_level", Nullable(row.humidity_level)},
                                  {"humidity_ratio", Nullable(row.humidity_ratio)}});
  }
  return out;
}

std::string SpoolsCsv(const std::vector<SpoolRow>& rows) {
  std::string csv(kCsvHeader);
  for (const SpoolRow& row : rows) {
    std::string line;
    for (std::string_view text : {std::string_view(row.printer), std::string_view(row.serial)}) {
      AppendText(line, text);
      line += ',';
    }
    line += row.printer_up ? "true," : "false,";
    line += std::to_string(row.ams) + ',' + std::to_string(row.slot) + ',';
    AppendText(line, row.unit_name);
    line += ',';
    AppendText(line, row.slot_name);
    line += row.active ? ",true," : ",false,";
    for (std::string_view text :
         {std::string_view(row.filament_type), std::string_view(row.filament_id),
          std::string_view(row.name), std::string_view(row.color), std::string_view(row.vendor),
          std::string_view(row.tray_uuid)}) {
      AppendText(line, text);
      line += ',';
    }
    AppendNumber(line, row.remaining_ratio);
    line += ',';
    AppendNumber(line, row.remaining_grams);
    line += ',';
    AppendNumber(line, row.spool_weight_grams);
    line += ',';
    if (row.humidity_level) line += std::to_string(*row.humidity_level);
    line += ',';
    AppendNumber(line, row.humidity_ratio);
    csv += line + "\r\n";
  }
  return csv;
}

}  // namespace bambu
