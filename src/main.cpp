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

#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>

#include "base/build_info.hpp"
#include "base/clock.hpp"
#include "base/log.hpp"
#include "cloud/cloud_api.hpp"
#include "config/command_line.hpp"
#include "config/config.hpp"
#include "io/cloud/cloud_login.hpp"
#include "io/exporter_runtime.hpp"
#include "io/http/http_server.hpp"
#include "io/http/web_security.hpp"
#include "io/mqtt/message_inbox.hpp"
#include "metrics/exporter_collector.hpp"
#include "metrics/heap_trim.hpp"
#include "metrics/process_collector.hpp"
#include "state/fleet.hpp"
#include "web/web_app.hpp"

namespace {

constexpr auto kShutdownGrace = std::chrono::seconds(3);

/// Binds the HTTP server; logs and returns null when the address cannot be used.
/// Failed TLS handshakes and shed connections are counted in `counters`, which must outlive the
/// server.
std::unique_ptr<bambu::HttpServer> Listen(boost::asio::io_context& ioc, const std::string& address,
                                          const std::string& web_config_file,
                                          const bambu::WebApp& app,
                                          bambu::ExporterCounters& counters) {
  try {
    auto server = std::make_unique<bambu::HttpServer>(
        ioc,
        bambu::HttpServerOptions{
            .listen_address = address,
            .web_config_file = web_config_file,
            .on_tls_handshake_failure = [&counters] { ++counters.http_tls_handshake_failures; },
            .on_connection_shed = [&counters] { ++counters.http_connections_shed; }},
        app);
    bambu::log::Info("listening", {{"address", address}, {"port", std::to_string(server->port())}});
    return server;
  } catch (const std::exception& error) {
    bambu::log::Error("cannot listen", {{"address", address}, {"err", error.what()}});
    return nullptr;
  }
}

/// Runs the exporter until SIGINT/SIGTERM. Returns the process exit code.
int Run(const bambu::Config& config, const bambu::CommandLine& flags) {
  boost::asio::io_context ioc;
  bambu::Fleet fleet;
  bool started = false;  // read by /-/ready on the loop thread
  bambu::ExporterRuntime runtime(ioc.get_executor(), fleet, bambu::ReadClocks);
  bambu::ExporterCounters counters;
  bambu::WebApp app(fleet,
                    {.metrics_path = flags.telemetry_path,
                     .stale_after_s = config.stale_after_s,
                     .keep_stale_series = config.keep_stale_series,
                     .clock = bambu::ReadClocks,
                     .reload = [&runtime](std::string& error) { return runtime.Reload(error); },
                     .ready = [&started] { return started; },
                     .before_request = [&ioc] { bambu::DrainMqttInbox(ioc.get_executor()); }},
                    {runtime.collector(), std::make_shared<bambu::ExporterCollector>(counters),
                     std::make_shared<bambu::ProcessCollector>()});
  std::unique_ptr<bambu::HttpServer> server =
      Listen(ioc, config.listen_address, flags.web_config_file, app, counters);
  if (!server) return 1;

  boost::asio::signal_set signals(ioc, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int signal_number) {
    if (ec) return;
    bambu::log::Info("shutting down", {{"signal", std::to_string(signal_number)}});
    runtime.Stop();
    server->Stop();
    ioc.stop();
  });
  runtime.Apply(config);  // starts the LAN sessions and cloud mode
  runtime.ReloadOnSighup();
  started = true;

  ioc.run();
  ioc.restart();
  ioc.run_for(kShutdownGrace);  // completes what Stop() started; forced stop after 3 s
  if (!ioc.stopped()) bambu::log::Warn("forced shutdown", {{"after_s", "3"}});
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
  bambu::LimitMallocArenas();
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
    std::printf("bambu_exporter %s (revision %s)\n", bambu::BuildVersion(), bambu::BuildRevision());
    return 0;
  }
  bambu::log::SetLevel(flags.log_level);
  bambu::log::SetFormat(flags.log_format);
  if (flags.login) return Login(*flags.login);

  bambu::Config config;
  try {
    config = bambu::LoadConfig(flags.config_file);
  } catch (const bambu::ConfigError& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
  if (!flags.web_config_file.empty()) {
    try {  // the whole file, certificates and keys included
      bambu::BuildWebSecurity(bambu::LoadWebConfig(flags.web_config_file));
    } catch (const bambu::WebConfigError& error) {
      std::fprintf(stderr, "%s\n", error.what());
      return 1;
    }
  }
  if (flags.config_check) {
    std::printf("config OK: %zu printers%s\n", config.printers.size(),
                config.cloud ? ", cloud account" : "");
    return 0;
  }
  if (flags.listen_address) config.listen_address = *flags.listen_address;
  bambu::log::Info("starting", {{"version", bambu::BuildVersion()},
                                {"revision", bambu::BuildRevision()},
                                {"config", config.source_path},
                                {"telemetry_path", flags.telemetry_path}});
  return Run(config, flags);
}
