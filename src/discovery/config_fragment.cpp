#include "discovery/config_fragment.hpp"

#include <algorithm>
#include <cstdio>
#include <set>
#include <vector>

#include "cloud/cloud_api.hpp"
#include "discovery/watch_plan.hpp"

namespace bambu {
namespace {

/// A YAML double-quoted scalar; the parser let no '"' or '\' through (ssdp_notify.hpp).
std::string Quoted(std::string_view text) { return "\"" + std::string(text) + "\""; }

std::string Signal(const Announcement& a) {
  return a.signal_dbm ? std::to_string(*a.signal_dbm) + " dBm" : "-";
}

std::string Padded(std::string text, std::size_t width) {
  if (text.size() < width) text.resize(width, ' ');
  return text + "  ";
}

}  // namespace

std::string ConfigFragment(const DiscoveredPrinters& printers, const DiscoverCommand& command) {
  char heard[160];
  std::snprintf(heard, sizeof heard,
                "# bambu_exporter discover: %zu printer(s) heard in %.0f s on %s\n",
                printers.printers().size(), command.duration_s, command.listen_address.c_str());
  std::string out = heard;
  out +=
      "# Put each printer's access code (printer screen: Settings > Network) in the file named\n"
      "# below, one file per printer, mode 0600. Addresses are followed from announcements.\n";
  out += "discovery:\n  listen_address: " + Quoted(command.listen_address) + "\n";
  out += std::string("  multicast: ") + (command.multicast ? "true" : "false") + "\n";
  if (printers.printers().empty()) return out + "printers: []\n";
  out += "printers:\n";
  std::set<std::string, std::less<>> names;
  for (const auto& [serial, printer] : printers.printers()) {
    const Announcement& a = printer.announcement;
    const std::string name = UniquePrinterName(
        a.name, serial, [&names](std::string_view n) { return names.contains(n); });
    names.insert(name);
    out += "  - name: " + Quoted(name) + "  # " + CloudModelName(a.model_code, "") + ", " +
           a.address + ", " + Signal(a) + (a.firmware.empty() ? "" : ", fw " + a.firmware) + "\n";
    out += "    serial: " + Quoted(serial) + "\n";
    out += "    access_code_file: " + Quoted(command.codes_dir + "/" + serial) + "\n";
  }
  return out;
}

std::string PrinterTable(const DiscoveredPrinters& printers) {
  const std::vector<std::string> header = {"NAME",   "SERIAL",  "MODEL", "ADDRESS",
                                           "SIGNAL", "CONNECT", "BIND"};
  std::vector<std::vector<std::string>> rows = {header};
  for (const auto& [serial, printer] : printers.printers()) {
    const Announcement& a = printer.announcement;
    rows.push_back({a.name, serial, CloudModelName(a.model_code, ""), a.address, Signal(a),
                    a.connect_mode, a.bind_state});
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) widths[i] = std::max(widths[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t i = 0; i < row.size(); ++i) line += Padded(row[i], widths[i]);
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

}  // namespace bambu
