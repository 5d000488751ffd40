// MQTT client ids of this exporter process (README, "Several exporters on one printer"). A
// broker allows one session per client id and closes the older one when a second connects, so
// every exporter instance needs its own ids; within one process they stay the same, so a
// reconnect replaces the process's own stale session and nobody else's.
#pragma once

#include <string>
#include <string_view>

namespace bambu {

/// 8 lower-case hex digits drawn once per process from std::random_device.
std::string_view InstanceId();

/// "bambu_exporter_<serial>_<instance>": the LAN session of printer `serial`.
std::string LanClientId(std::string_view serial);

/// "bambu_exporter_<instance>": the cloud account's session.
std::string CloudClientId();

}  // namespace bambu
