// Runs simulated printers against a broker: MQTT clients, request routing,
// and the publish timer. Single-threaded on the io_context.
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include "io/mqtt/mqtt_session.hpp"
#include "sim/sim_options.hpp"
#include "sim/sim_printer.hpp"

namespace bambu::sim {

class SimRunner {
 public:
  static constexpr std::size_t kMaxClientPerPrinter = 16;  // above this, shared clients
  // Printers per shared client: on connect each publishes 2 messages, and Paho queues at most
  // 100 (maxBufferedMessages) per client.
  static constexpr std::size_t kPrintersPerLink = 40;

  /// Loads fixtures and builds the printers; throws std::runtime_error.
  SimRunner(boost::asio::io_context& io, Options options);
  void Start();
  void Stop();

 private:
  struct Link {  // one MQTT client and the printers it speaks for
    std::shared_ptr<MqttSession> session;
    bool connected = false;
    std::vector<SimPrinter*> printers;
  };

  void AddLink(std::vector<SimPrinter*> printers, const std::string& client_id,
               std::vector<std::string> subscriptions);
  void OnRequest(Link& link, const std::string& topic, const std::string& payload);
  void ArmTimer();
  void PublishTicks();

  boost::asio::io_context& io_;
  Options options_;
  std::vector<std::unique_ptr<SimPrinter>> printers_;
  std::map<std::string, SimPrinter*, std::less<>> by_request_topic_;
  std::vector<std::unique_ptr<Link>> links_;
  boost::asio::steady_timer timer_;
  std::chrono::steady_clock::time_point next_tick_;  // fixed rate: ticks do not drift
  bool running_ = false;
};

}  // namespace bambu::sim
