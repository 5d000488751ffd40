// The "up" rule of bambu_up (metrics.md), shared by the landing page and the JSON view.
#pragma once

#include "state/fleet.hpp"

namespace bambu {

/// Session connected and a report received within the last `stale_after_s` seconds.
inline bool IsPrinterUp(const PrinterEntry& printer, double now_unix, double stale_after_s) {
  return printer.connected && printer.last_report_unix.has_value() &&
         now_unix - *printer.last_report_unix <= stale_after_s;
}

}  // namespace bambu
