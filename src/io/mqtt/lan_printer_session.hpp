// One LAN printer: MQTT session to the printer (user bblp, access code, TLS),
// subscription to device/{serial}/report on every connect, get_version and
// pushall on connect, and a pushall watchdog. Reports go into the Fleet.
#pragma once

#include <functional>
#include <memory>

#include <boost/asio/any_io_executor.hpp>

#include "config/config.hpp"
#include "state/fleet.hpp"
#include "state/pushall_watchdog.hpp"

namespace bambu {

class LanPrinterSession {
 public:
  LanPrinterSession(boost::asio::any_io_executor executor, Fleet& fleet, PrinterEntry& printer,
                    PrinterConfig config, std::function<Instant()> clock,
                    WatchdogOptions watchdog = {});
  ~LanPrinterSession();
  void Start();
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bambu
