// Why one MQTT connect attempt failed: the typed `reason` of bambu_mqtt_connect_failures_total,
// shared by the LAN and cloud sessions. Label text: metrics/session_labels.hpp. Pure: the MQTT
// session (io/mqtt) maps its library's codes to these.
#pragma once

#include <cstddef>
#include <cstdint>

namespace bambu {

enum class ConnectFailure : std::uint8_t {
  kBadCredentials,  // CONNACK 4 (bad user name or password) or 5 (not authorised)
  kTls,             // TLS handshake failed or the certificate was refused
  kUnreachable,     // TCP connect refused or timed out, socket error, no CONNACK in time
  kOther,           // anything else: other CONNACK codes, client library errors
};

inline constexpr std::size_t kConnectFailureKinds = 4;

}  // namespace bambu
