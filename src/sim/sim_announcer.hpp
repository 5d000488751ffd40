// The simulated printers' SSDP announcements (docs/protocol.md §8): one NOTIFY datagram per
// printer every interval, unicast to the exporter's discovery port, with Location = the
// printer's address. A printer can be moved to another address (a renewed DHCP lease).
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/udp.hpp>
#include <boost/asio/steady_timer.hpp>

#include "sim/sim_printer.hpp"

namespace bambu::sim {

struct AnnouncedPrinter {
  std::string serial;
  Model model;
  std::string address;  // the Location it announces
};

class SimAnnouncer {
 public:
  /// `target` is "host:port"; throws std::runtime_error when it is not an IPv4 endpoint.
  SimAnnouncer(boost::asio::io_context& io, const std::string& target,
               std::vector<AnnouncedPrinter> printers, int interval_ms);
  void Start();
  void Stop();
  /// From the next announcement on, `serial` announces `address`; false when unknown.
  bool Move(const std::string& serial, const std::string& address);

 private:
  void Tick();

  boost::asio::ip::udp::socket socket_;
  boost::asio::ip::udp::endpoint target_;
  std::vector<AnnouncedPrinter> printers_;
  std::chrono::milliseconds interval_;
  boost::asio::steady_timer timer_;
  bool running_ = false;
};

/// The NOTIFY text a printer of `model` sends (the X1C capture's headers, docs/protocol.md §8).
std::string NotifyText(const AnnouncedPrinter& printer);

}  // namespace bambu::sim
