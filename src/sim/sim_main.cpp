// bambu_sim: plays Bambu printers (X1C, P1S, A1, H2D) against an MQTT broker,
// with payloads seeded from real fixtures. Exits 0 on SIGINT/SIGTERM.
#include <csignal>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "base/log.hpp"
#include "sim/sim_announcer.hpp"
#include "sim/sim_options.hpp"
#include "sim/sim_runner.hpp"

int main(int argc, char** argv) {
  using namespace bambu;
  sim::Options options;
  try {
    options = sim::ParseOptions(std::vector<std::string>(argv + 1, argv + argc),
                                BAMBU_SOURCE_FIXTURE_DIR);
  } catch (const sim::UsageError& e) {
    std::cerr << "bambu_sim: " << e.what() << "\n" << sim::kUsage;
    return 2;
  }
  if (options.help) {
    std::cout << sim::kUsage;
    return 0;
  }
  log::Level level;
  if (!log::ParseLevel(options.log_level, level)) {
    std::cerr << "bambu_sim: --log-level: expected debug, info, warn or error\n";
    return 2;
  }
  log::SetLevel(level);
  try {
    boost::asio::io_context io;
    sim::SimRunner runner(io, options);
    std::unique_ptr<sim::SimAnnouncer> announcer;
    boost::asio::signal_set moves(io, SIGUSR1);
    boost::asio::signal_set signals(io, SIGINT, SIGTERM);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
      if (ec) return;
      log::Info("sim stopping", {{"signal", std::to_string(signal)}});
      runner.Stop();
      if (announcer) announcer->Stop();
      moves.cancel();
      io.stop();
    });
    if (!options.announce_to.empty()) {
      std::vector<sim::AnnouncedPrinter> announced;
      for (const auto& spec : options.printers) {
        announced.push_back({spec.serial, spec.model, options.announce_address});
      }
      announcer = std::make_unique<sim::SimAnnouncer>(io, options.announce_to, std::move(announced),
                                                      options.announce_interval_ms);
      announcer->Start();
      moves.async_wait([&](const boost::system::error_code& ec, int) {
        if (ec) return;
        for (const auto& move : options.moves) announcer->Move(move.serial, move.address);
      });
    }
    runner.Start();
    log::Info("sim started", {{"broker", options.broker},
                              {"printers", std::to_string(options.printers.size())},
                              {"interval_ms", std::to_string(options.interval_ms)}});
    io.run();
  } catch (const std::exception& e) {
    log::Error("sim failed", {{"error", e.what()}});
    return 1;
  }
  return 0;
}
