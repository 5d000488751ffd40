#include "sim/sim_announcer.hpp"

#include <stdexcept>
#include <utility>

#include "base/log.hpp"

namespace bambu::sim {
namespace {

/// The SSDP model code (DevModel.bambu.com) of a simulated model (docs/protocol.md §8).
std::string_view ModelCode(Model model) {
  switch (model) {
    case Model::kX1C:
      return "BL-P001";
    case Model::kP1S:
      return "C12";
    case Model::kA1:
      return "N2S";
    case Model::kH2D:
      return "O1D";
  }
  return "C12";
}

boost::asio::ip::udp::endpoint Endpoint(const std::string& target) {
  const auto colon = target.rfind(':');
  boost::system::error_code ec;
  const auto address = boost::asio::ip::make_address_v4(
      target.substr(0, colon == std::string::npos ? 0 : colon), ec);
  if (colon == std::string::npos || ec) {
    throw std::runtime_error("--announce-to: expected IPv4:PORT, got \"" + target + "\"");
  }
  return {address, static_cast<std::uint16_t>(std::stoi(target.substr(colon + 1)))};
}

}  // namespace

std::string NotifyText(const AnnouncedPrinter& printer) {
  // Real printers end lines with CR LF and send the same header set every time.
  return "NOTIFY * HTTP/1.1\r\nHost: 239.255.255.250:1990\r\nServer: UPnP/1.0\r\nLocation: " +
         printer.address +
         "\r\nNT: urn:bambulab-com:device:3dprinter:1\r\nNTS: ssdp:alive\r\nUSN: " +
         printer.serial + "\r\nCache-Control: max-age=1800\r\nDevModel.bambu.com: " +
         std::string(ModelCode(printer.model)) + "\r\nDevName.bambu.com: Sim " +
         std::string(ModelName(printer.model)) + " " +
         printer.serial.substr(printer.serial.size() > 4 ? printer.serial.size() - 4 : 0) +
         "\r\nDevSignal.bambu.com: -48\r\nDevConnect.bambu.com: lan\r\nDevBind.bambu.com: free"
         "\r\nDevseclink.bambu.com: secure\r\nDevVersion.bambu.com: 01.08.00.00\r\n\r\n";
}

SimAnnouncer::SimAnnouncer(boost::asio::io_context& io, const std::string& target,
                           std::vector<AnnouncedPrinter> printers, int interval_ms)
    : socket_(io),
      target_(Endpoint(target)),
      printers_(std::move(printers)),
      interval_(interval_ms),
      timer_(io) {
  socket_.open(boost::asio::ip::udp::v4());
}

void SimAnnouncer::Start() {
  running_ = true;
  Tick();
}

void SimAnnouncer::Stop() {
  running_ = false;
  timer_.cancel();
}

bool SimAnnouncer::Move(const std::string& serial, const std::string& address) {
  for (AnnouncedPrinter& printer : printers_) {
    if (printer.serial != serial) continue;
    log::Info("sim printer moved",
              {{"serial", serial}, {"from", printer.address}, {"to", address}});
    printer.address = address;
    return true;
  }
  return false;
}

void SimAnnouncer::Tick() {
  if (!running_) return;
  for (const AnnouncedPrinter& printer : printers_) {
    boost::system::error_code ec;
    socket_.send_to(boost::asio::buffer(NotifyText(printer)), target_, 0, ec);
    if (ec) log::Debug("sim announce failed", {{"serial", printer.serial}, {"err", ec.message()}});
  }
  timer_.expires_after(interval_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (!ec) Tick();
  });
}

}  // namespace bambu::sim
