// JSON views of the fleet: /api/v1/printers (the printer list) and
// /api/v1/printers/{serial}/ams (the seed's get_ams_filaments shape, from live
// state via BuildView). Unknown values are null, never -1 or 0.
#pragma once

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>

#include "base/clock.hpp"
#include "state/fleet.hpp"

namespace bambu {

/// [{name, serial, model, transport, up, last_report_timestamp}], in fleet order.
boost::json::array PrinterListJson(const Fleet& fleet, Instant now, double stale_after_s);

/// {device_id, has_ams, total_trays, ams_units[], external_spool[]} of one printer.
boost::json::object AmsJson(const PrinterEntry& printer);

}  // namespace bambu
