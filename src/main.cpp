// bambu_exporter: flags, configuration, wiring, event loop.
#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <iostream>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <prometheus/gauge.h>
#include <prometheus/registry.h>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "core/cloud_api.hpp"
#include "core/command_line.hpp"
#include "core/config.hpp"
#include "core/fleet.hpp"
#include "core/log.hpp"
#include "core/web_app.hpp"
#include "io/cloud_login.hpp"
#include "io/cloud_mode.hpp"
#include "io/http_server.hpp"
#include "io/lan_printer_session.hpp"

namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(3);

double UnixNow() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

std::shared_ptr<prometheus::Registry> SelfMetrics() {
  auto registry = std::make_shared<prometheus::Registry>();
  prometheus::BuildGauge()
      .Name("bambu_exporter_build_info")
      .Help("Version and git revision of bambu_exporter; value 1.")
      .Register(*registry)
      .Add({{"version", BAMBU_VERSION}, {"revision", BAMBU_REVISION}})
      .Set(1);
  return registry;
}

/// Binds the HTTP server; logs and returns null when the address cannot be used.
std::unique_ptr<bambu::HttpServer> Listen(boost::asio::io_context& ioc, const std::string& address,
                                          const bambu::WebApp& app) {
  try {
    auto server = std::make_unique<bambu::HttpServer>(
        ioc, bambu::HttpServerOptions{.listen_address = address}, app);
    bambu::log::Info("listening", {{"address", address}, {"port", std::to_string(server->port())}});
    return server;
  } catch (const std::exception& error) {
    bambu::log::Error("cannot listen", {{"address", address}, {"err", error.what()}});
    return nullptr;
  }
}

/// One LAN session per configured printer, each registered in the fleet.
std::vector<std::unique_ptr<bambu::LanPrinterSession>> CreateSessions(boost::asio::io_context& ioc,
                                                                      bambu::Fleet& fleet,
                                                                      const bambu::Config& config) {
  std::vector<std::unique_ptr<bambu::LanPrinterSession>> sessions;
  for (const bambu::PrinterConfig& printer : config.printers) {
    bambu::PrinterEntry& entry = fleet.Add({printer.name, printer.serial, "lan"});
    sessions.push_back(std::make_unique<bambu::LanPrinterSession>(ioc.get_executor(), fleet, entry,
                                                                  printer, UnixNow));
    bambu::log::Info("printer configured", {{"name", printer.name},
                                            {"serial", printer.serial},
                                            {"host", printer.host},
                                            {"port", std::to_string(printer.port)}});
  }
  if (sessions.empty() && !config.cloud) {
    bambu::log::Warn("no printers configured", {{"file", config.source_path}});
  }
  return sessions;
}

/// Runs the exporter until SIGINT/SIGTERM. Returns the process exit code.
int Run(const bambu::Config& config) {
  boost::asio::io_context ioc;
  bambu::Fleet fleet;
  bool started = false;  // read by /-/ready on the loop thread
  std::unique_ptr<bambu::CloudMode> cloud;
  std::vector<std::shared_ptr<prometheus::Collectable>> self_metrics = {SelfMetrics()};
  if (config.cloud) {
    cloud = std::make_unique<bambu::CloudMode>(ioc.get_executor(), fleet, *config.cloud, UnixNow);
    self_metrics.push_back(cloud->collector());
  }
  bambu::WebApp app(
      fleet,
      {config.stale_after_s, config.keep_stale_series, UnixNow, [&started] { return started; }},
      std::move(self_metrics));
  std::unique_ptr<bambu::HttpServer> server = Listen(ioc, config.listen_address, app);
  if (!server) return 1;
  auto sessions = CreateSessions(ioc, fleet, config);

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    bambu::log::Info("shutting down", {{"signal", std::to_string(signal_number)}});
    for (auto& session : sessions) session->Stop();
    if (cloud) cloud->Stop();
    server->Stop();
    ioc.stop();
  });
  for (auto& session : sessions) session->Start();
  if (cloud) cloud->Start();
  started = true;

  ioc.run();
  ioc.restart();
  ioc.run_for(kShutdownGrace);  // completes what Stop() started; forced stop after 3 s
  if (!ioc.stopped()) bambu::log::Warn("forced shutdown", {{"after_s", "3"}});
  sessions.clear();
  cloud.reset();
  server.reset();
  bambu::log::Info("stopped");
  return 0;
}

/// `bambu_exporter login`: the interactive login that writes the token file.
int Login(const bambu::LoginCommand& command) {
  bambu::LoginOptions options;
  options.base_url = command.api_base_url.empty()
                         ? bambu::CloudHostsForRegion(command.region)->api_base_url
                         : command.api_base_url;
  options.ca_file = command.ca_file;
  options.token_file = command.token_file;
  options.account = command.account;
  return bambu::RunLogin(options, std::cin, std::cout);
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view program = "bambu_exporter";
  bambu::CommandLine flags;
  try {
    flags = bambu::ParseCommandLine(std::vector<std::string_view>(argv + 1, argv + argc));
  } catch (const bambu::CommandLineError& error) {
    std::fprintf(stderr, "bambu_exporter: %s (see --help)\n", error.what());
    return 2;
  }
  if (flags.show_help) {
    std::fputs(bambu::UsageText(program).c_str(), stdout);
    return 0;
  }
  if (flags.show_version) {
    std::printf("bambu_exporter %s (revision %s)\n", BAMBU_VERSION, BAMBU_REVISION);
    return 0;
  }
  bambu::log::SetLevel(flags.log_level);
  if (flags.login) return Login(*flags.login);

  bambu::Config config;
  try {
    config = bambu::LoadConfig(flags.config_file);
  } catch (const bambu::ConfigError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  if (flags.config_check) {
    std::printf("config OK: %zu printers%s\n", config.printers.size(),
                config.cloud ? ", cloud account" : "");
    return 0;
  }
  if (flags.listen_address) config.listen_address = *flags.listen_address;
  bambu::log::Info(
      "starting",
      {{"version", BAMBU_VERSION}, {"revision", BAMBU_REVISION}, {"config", config.source_path}});
  return Run(config);
}
