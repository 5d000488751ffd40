#include "io/discovery/discover_run.hpp"

#include <chrono>
#include <exception>
#include <ostream>

#include <boost/asio/io_context.hpp>

#include "discovery/config_fragment.hpp"
#include "discovery/discovery_collector.hpp"
#include "io/discovery/ssdp_listener.hpp"

namespace bambu {

int RunDiscover(const DiscoverCommand& command, std::ostream& out, std::ostream& err, bool table) {
  boost::asio::io_context ioc;
  DiscoveredPrinters printers;
  DiscoveryCounters counters;
  SsdpListener listener(
      ioc.get_executor(), {command.listen_address, command.multicast},
      [&](std::string_view bytes, const std::string& sender) {
        NotifyResult result = ParseNotify(bytes);
        if (!result.announcement) {
          counters.CountReject(result.reject);
          return;
        }
        ++counters.accepted;
        printers.Observe(std::move(*result.announcement), sender, ReadClocks());
      },
      [&] { ++counters.receive_errors; });
  try {
    listener.Start();
  } catch (const std::exception& error) {
    err << "bambu_exporter discover: " << error.what() << "\n";
    return 1;
  }
  err << "listening on udp " << command.listen_address << " (port " << listener.port() << ") for "
      << command.duration_s << " s...\n";
  ioc.run_for(std::chrono::duration_cast<std::chrono::nanoseconds>(
      std::chrono::duration<double>(command.duration_s)));
  listener.Stop();
  std::uint64_t dropped = 0;
  for (std::uint64_t count : counters.rejected) dropped += count;
  err << printers.printers().size() << " printer(s) heard, " << counters.accepted
      << " announcement(s), " << dropped << " datagram(s) dropped as malformed\n";
  if (table) err << PrinterTable(printers);
  out << ConfigFragment(printers, command);
  return 0;
}

}  // namespace bambu
