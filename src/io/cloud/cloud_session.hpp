// Cloud MQTT (protocol.md §3.1): one session to the regional broker as user
// u_{uid} with the token as password, following every printer of the cloud
// device list. Each printer gets device/{serial}/report subscribed, and
// get_version + pushall on connect or when it appears, and again pushall when it
// stays silent while online (pushall_watchdog.hpp). Reports go into the Fleet.
//
// A printer is "connected" in the Fleet (bambu_up may be 1) while the session is
// connected and the printer is online: the latest of the bind list's `online`
// (when it changes) and the client.connected / client.disconnected events.
// Printers also configured for LAN keep their LAN session and transport; they
// only get metadata (the model, until get_version says otherwise).
// Everything runs on the executor.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "cloud/cloud_api.hpp"
#include "config/config.hpp"
#include "state/fleet.hpp"
#include "state/pushall_watchdog.hpp"

namespace bambu {

/// The system CA bundle used for cloud MQTT when no ca_file is configured.
inline constexpr const char* kSystemCaBundle = "/etc/ssl/certs/ca-certificates.crt";

struct CloudSessionOptions {
  std::string broker_uri;                    // "ssl://us.mqtt.bambulab.com:8883"
  std::string ca_file;                       // PEM trust store; empty = kSystemCaBundle
  WatchdogOptions watchdog;                  // pushall for printers that stay silent
  int keepalive_s = kDefaultMqttKeepaliveS;  // MQTT keepalive (Config::mqtt_keepalive_s)
};

class CloudSession {
 public:
  CloudSession(boost::asio::any_io_executor executor, Fleet& fleet, CloudSessionOptions options,
               std::function<Instant()> clock);
  ~CloudSession();
  CloudSession(const CloudSession&) = delete;
  CloudSession& operator=(const CloudSession&) = delete;

  /// Credentials; the MQTT session is (re)created once both are known and whenever one changes.
  void SetToken(const std::string& token);
  void SetUid(const std::string& uid);
  /// A new bind list: adds, updates and removes printers.
  void SetDevices(const std::vector<CloudDevice>& devices);
  void Stop();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace bambu
