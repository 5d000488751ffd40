#include "io/cloud/cloud_mode.hpp"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "base/log.hpp"
#include "io/cloud/cloud_poller.hpp"
#include "io/cloud/cloud_session.hpp"

namespace bambu {
namespace {

CloudPollerOptions PollerOptions(const CloudConfig& config) {
  CloudPollerOptions options;
  options.http.base_url = config.api_base_url;
  options.http.ca_file = config.ca_file;
  options.token = config.token;
  options.token_file = config.token_file;
  options.devices_interval_s = config.devices_interval_s;
  options.tasks_interval_s = config.tasks_interval_s;
  options.state_file = config.state_file;
  // A rejected token file is re-checked at least as often as the device list is polled.
  options.token_check_interval_s =
      std::min(options.token_check_interval_s, config.devices_interval_s);
  return options;
}

}  // namespace

CloudMode::CloudMode(boost::asio::any_io_executor executor, Fleet& fleet, const CloudConfig& config,
                     std::function<Instant()> clock, ShardConfig shard)
    : fleet_(fleet), shard_(shard) {
  collector_ = std::make_unique<CloudCollector>(
      status_,
      [this](std::string_view serial) {
        if (PrinterEntry* printer = fleet_.Find(serial)) return printer->identity.name;
        for (const CloudDevice& device : status_.devices) {
          if (device.serial == serial) return CloudPrinterName(device);
        }
        return std::string(serial);
      },
      [this](std::string_view serial) { return OwnsSerial(shard_, serial); });
  session_ = std::make_unique<CloudSession>(
      executor, fleet,
      CloudSessionOptions{config.mqtt_broker, config.ca_file, WatchdogOptions{},
                          config.mqtt_keepalive_s},
      std::move(clock));
  CloudPollerCallbacks callbacks;
  CloudSession* session = session_.get();
  callbacks.on_token = [session](const std::string& token) { session->SetToken(token); };
  callbacks.on_uid = [session](const std::string& uid) { session->SetUid(uid); };
  callbacks.on_devices = [this, session](const std::vector<CloudDevice>& devices) {
    session->SetDevices(OwnedDevices(devices));
  };
  poller_ = CloudPoller::Create(executor, PollerOptions(config), status_, std::move(callbacks));
  log::Info("cloud mode configured", {{"region", config.region},
                                      {"api", config.api_base_url},
                                      {"broker", config.mqtt_broker},
                                      {"token_file", config.token_file},
                                      {"shard", std::to_string(shard_.index)},
                                      {"shards", std::to_string(shard_.count)}});
}

std::vector<CloudDevice> CloudMode::OwnedDevices(const std::vector<CloudDevice>& devices) {
  std::vector<CloudDevice> owned;
  for (const CloudDevice& device : devices) {
    if (OwnsSerial(shard_, device.serial)) {
      owned.push_back(device);
    } else if (skipped_.insert(device.serial).second) {
      log::Info("cloud printer left to another shard",
                {{"serial", device.serial},
                 {"shard", std::to_string(ShardOf(device.serial, shard_.count))},
                 {"shards", std::to_string(shard_.count)}});
    }
  }
  return owned;
}

CloudMode::~CloudMode() {
  poller_->Stop();
  session_.reset();
}

void CloudMode::Start() { poller_->Start(); }

void CloudMode::Stop() {
  poller_->Stop();
  session_->Stop();
}

}  // namespace bambu
