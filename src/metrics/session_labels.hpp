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

constexpr std::string_view SessionStateLabel(SessionState state) {
  switch (state) {
    case SessionState::kUp:
      return "up";
    case SessionState::kDisconnected:
      return "disconnected";
    case SessionState::kWaiting:
      return "waiting";
    case SessionState::kNoReports:
      return "no_reports";
    case SessionState::kStale:
      break;
  }
  return "stale";
}

/// Every reason, in label order (the order of the samples).
inline constexpr std::array<ConnectFailure, kConnectFailureKinds> kConnectFailuresByLabel = {
    ConnectFailure::kBadCredentials, ConnectFailure::kOther, ConnectFailure::kTls,
    ConnectFailure::kUnreachable};

/// Every state, in label order (the order of the samples).
inline constexpr std::array<SessionState, 5> kSessionStatesByLabel = {
    SessionState::kDisconnected, SessionState::kNoReports, SessionState::kStale, SessionState::kUp,
    SessionState::kWaiting};

}  // namespace bambu
