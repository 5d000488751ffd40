// The `reason` label of bambu_mqtt_connect_failures_total for one failed MQTT connect,
// shared by the LAN and cloud sessions. Pure: no MQTT library here.
#pragma once

#include <string>
#include <string_view>

namespace bambu {

/// Maps an MqttSession connect-failure reason (see MqttHandlers::on_connect_failed) to a
/// counter reason: "bad credentials" / "not authorized" → "bad_credentials", "tls: …" →
/// "tls", "unreachable: …" → "unreachable", any other text → "other".
std::string ConnectFailureKind(std::string_view reason);

}  // namespace bambu
