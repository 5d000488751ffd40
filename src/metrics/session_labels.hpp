// Label text of the typed session values (docs/metrics.md): `transport` of bambu_up and
// `reason` of bambu_mqtt_connect_failures_total. The one place where these enums become text.
#pragma once

#include <array>
#include <string_view>

#include "state/connect_failure.hpp"
#include "state/fleet.hpp"

namespace bambu {

constexpr std::string_view TransportLabel(Transport transport) {
  return transport == Transport::kCloud ? "cloud" : "lan";
}

constexpr std::string_view ConnectFailureLabel(ConnectFailure reason) {
  switch (reason) {
    case ConnectFailure::kBadCredentials:
      return "bad_credentials";
    case ConnectFailure::kTls:
      return "tls";
    case ConnectFailure::kUnreachable:
      return "unreachable";
    case ConnectFailure::kOther:
      break;
  }
  return "other";
}

/// Every reason, in label order (the order of the samples).
inline constexpr std::array<ConnectFailure, kConnectFailureKinds> kConnectFailuresByLabel = {
    ConnectFailure::kBadCredentials, ConnectFailure::kOther, ConnectFailure::kTls,
    ConnectFailure::kUnreachable};

}  // namespace bambu
