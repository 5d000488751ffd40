// Label text of the typed session values (docs/metrics.md): `transport` of bambu_up, `reason`
// of bambu_mqtt_connect_failures_total, `state` of bambu_session_state. The one place where
// these enums become text.
#pragma once

#include <array>
#include <string_view>

#include "state/connect_failure.hpp"
#include "state/fleet.hpp"
#include "state/printer_up.hpp"

namespace bambu {

/// One value of an enum and its label text.
template <class Enum>
struct Labelled {
  Enum value;
  std::string_view label;
};

constexpr std::string_view TransportLabel(Transport transport) {
  return transport == Transport::kCloud ? "cloud" : "lan";
}

/// Every connect-failure reason, in label order (the order of the samples).
inline constexpr std::array<Labelled<ConnectFailure>, kConnectFailureKinds> kConnectFailureLabels{{
    {ConnectFailure::kBadCredentials, "bad_credentials"},
    {ConnectFailure::kOther, "other"},
    {ConnectFailure::kTls, "tls"},
    {ConnectFailure::kUnreachable, "unreachable"},
}};

/// Every session state, in label order (the order of the samples).
inline constexpr std::array<Labelled<SessionState>, 5> kSessionStateLabels{{
    {SessionState::kDisconnected, "disconnected"},
    {SessionState::kNoReports, "no_reports"},
    {SessionState::kStale, "stale"},
    {SessionState::kUp, "up"},
    {SessionState::kWaiting, "waiting"},
}};

}  // namespace bambu
