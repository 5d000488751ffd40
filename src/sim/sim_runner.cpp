#include "sim/sim_runner.hpp"

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <stdexcept>
#include <utility>

#include "base/log.hpp"

namespace bambu::sim {
namespace {

std::int64_t UnixSeconds() {
  using namespace std::chrono;
  return duration_cast<seconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace

SimRunner::SimRunner(boost::asio::io_context& io, Options options)
    : io_(io), options_(std::move(options)), timer_(io) {
  std::map<Model, Fixtures> fixtures;
  std::uint32_t index = 0;
  for (const auto& spec : options_.printers) {
    if (!fixtures.count(spec.model)) {
      fixtures.emplace(spec.model, LoadFixtures(spec.model, options_.fixtures_dir));
    }
    printers_.push_back(std::make_unique<SimPrinter>(
        spec.model, spec.serial, fixtures.at(spec.model), options_.seed + 7919 * index++,
        options_.interval_ms, UnixSeconds));
    by_request_topic_[printers_.back()->request_topic()] = printers_.back().get();
  }
  for (const auto& low : options_.low_trays) {
    auto it = by_request_topic_.find("device/" + low.serial + "/request");
    if (it == by_request_topic_.end() ||
        !it->second->SetTrayRemain(low.ams, low.slot, low.remain)) {
      throw std::runtime_error("--low-tray: no loaded tray " + low.ams + "/" + low.slot +
                               " on simulated printer " + low.serial);
    }
    log::Info("sim low tray", {{"serial", low.serial},
                               {"ams", low.ams},
                               {"slot", low.slot},
                               {"remain", std::to_string(low.remain)}});
  }
  for (const auto& hms : options_.hms) {
    auto it = by_request_topic_.find("device/" + hms.serial + "/request");
    if (it == by_request_topic_.end()) {
      throw std::runtime_error("--hms: no simulated printer " + hms.serial);
    }
    it->second->AddHms(hms.attr, hms.code);
    log::Info("sim hms", {{"serial", hms.serial},
                          {"attr", std::to_string(hms.attr)},
                          {"code", std::to_string(hms.code)}});
  }
}

void SimRunner::Start() {
  running_ = true;
  if (printers_.size() <= kMaxClientPerPrinter) {
    for (auto& printer : printers_) {
      AddLink({printer.get()}, "bambu_sim_" + printer->serial(), {printer->request_topic()});
    }
  } else {
    // Shared clients of kPrintersPerLink printers each: one client alone tops out below
    // 1,000 publishes/s, and each client subscribes to its own printers' request topics.
    for (std::size_t first = 0; first < printers_.size(); first += kPrintersPerLink) {
      const std::size_t last = std::min(printers_.size(), first + kPrintersPerLink);
      std::vector<SimPrinter*> group;
      std::vector<std::string> topics;
      for (std::size_t i = first; i < last; ++i) {
        group.push_back(printers_[i].get());
        topics.push_back(printers_[i]->request_topic());
      }
      AddLink(std::move(group),
              "bambu_sim_" + std::to_string(::getpid()) + "_" + std::to_string(links_.size()),
              std::move(topics));
    }
  }
  for (auto& link : links_) link->session->Start();
  ArmTimer();
}

void SimRunner::Stop() {
  running_ = false;
  timer_.cancel();
  for (auto& link : links_) link->session->Stop();
}

void SimRunner::AddLink(std::vector<SimPrinter*> printers, const std::string& client_id,
                        std::vector<std::string> subscriptions) {
  auto link = std::make_unique<Link>();
  link->printers = std::move(printers);
  Link* raw = link.get();
  MqttOptions mqtt;
  mqtt.uri = options_.broker;
  mqtt.client_id = client_id;
  mqtt.username = options_.username;
  mqtt.password = options_.password;
  mqtt.ca_file = options_.ca_file;
  mqtt.insecure = options_.insecure;
  mqtt.max_retry_s = 10;
  MqttHandlers handlers;
  handlers.on_connected = [this, raw, subscriptions = std::move(subscriptions), client_id] {
    raw->connected = true;
    log::Info("sim connected", {{"client", client_id}});
    for (const auto& topic : subscriptions) raw->session->Subscribe(topic);
    // A client that asked (pushall, get_version) before this link was up got no answer, and
    // P1S/A1 send only deltas: publish the full state and the version once per connect.
    for (SimPrinter* printer : raw->printers) {
      raw->session->Publish(printer->report_topic(), printer->FullReport());
      raw->session->Publish(printer->report_topic(), printer->VersionReport());
    }
  };
  handlers.on_lost = [raw, client_id](const std::string& cause) {
    raw->connected = false;
    log::Warn("sim connection lost", {{"client", client_id}, {"cause", cause}});
  };
  handlers.on_connect_failed = [client_id](ConnectFailure, const std::string& reason) {
    log::Warn("sim connect failed", {{"client", client_id}, {"reason", reason}});
  };
  handlers.on_message = [this, raw](const std::string& topic, const std::string& payload) {
    OnRequest(*raw, topic, payload);
  };
  link->session = MqttSession::Create(io_.get_executor(), std::move(mqtt), std::move(handlers));
  links_.push_back(std::move(link));
}

void SimRunner::OnRequest(Link& link, const std::string& topic, const std::string& payload) {
  auto it = by_request_topic_.find(topic);
  if (it == by_request_topic_.end()) return;  // another printer's request on a shared broker
  SimPrinter& printer = *it->second;
  for (const auto& reply : printer.HandleRequest(payload)) {
    link.session->Publish(printer.report_topic(), reply);
  }
  log::Debug("sim request", {{"serial", printer.serial()}, {"payload", payload}});
}

void SimRunner::ArmTimer() {
  // Fixed rate: the next tick is one interval after the previous one was due, not after
  // the previous one's publishes finished; a late tick is published at once.
  const auto now = std::chrono::steady_clock::now();
  next_tick_ = std::max(next_tick_ + std::chrono::milliseconds(options_.interval_ms), now);
  timer_.expires_at(next_tick_);
  timer_.async_wait([this](const boost::system::error_code& ec) {
    if (ec || !running_) return;
    PublishTicks();
    ArmTimer();
  });
}

void SimRunner::PublishTicks() {
  for (auto& link : links_) {
    if (!link->connected) continue;
    for (SimPrinter* printer : link->printers) {
      link->session->Publish(printer->report_topic(), printer->Tick());
    }
  }
}

}  // namespace bambu::sim
