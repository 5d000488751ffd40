// The reason label of bambu_mqtt_connect_failures_total for every failure text MqttSession
// produces (mqtt_session.cpp, mqtt_session_callbacks.cpp, including the text chosen after the
// host-name probe of tls_name_probe.hpp) and for unknown text.
#include "state/connect_failure.hpp"

#include <doctest/doctest.h>

namespace bambu {

TEST_CASE("connect failure: CONNACK 4 and 5 are bad credentials") {
  CHECK(ConnectFailureKind("bad credentials") == "bad_credentials");
  CHECK(ConnectFailureKind("not authorized") == "bad_credentials");
}

TEST_CASE("connect failure: other CONNACK refusals are other") {
  CHECK(ConnectFailureKind("unacceptable protocol version") == "other");
  CHECK(ConnectFailureKind("identifier rejected") == "other");
  CHECK(ConnectFailureKind("server unavailable") == "other");
}

TEST_CASE("connect failure: OpenSSL reasons and a host name mismatch are tls") {
  CHECK(ConnectFailureKind("tls: certificate verify failed") == "tls");
  CHECK(ConnectFailureKind("tls: wrong version number") == "tls");
  CHECK(ConnectFailureKind("tls: certificate does not name the host") == "tls");
}

TEST_CASE("connect failure: Paho's generic failure is unreachable") {
  CHECK(ConnectFailureKind("unreachable: TCP/TLS connect failure") == "unreachable");
  CHECK(ConnectFailureKind("unreachable: connect failed") == "unreachable");
  CHECK(ConnectFailureKind("unreachable: connect not started") == "unreachable");
}

TEST_CASE("connect failure: texts ending in a Paho code are other") {
  CHECK(ConnectFailureKind("connect not started (code -8)") == "other");
  CHECK(ConnectFailureKind("connect failed (code -3)") == "other");
  CHECK(ConnectFailureKind("create failed (code -8)") == "other");
}

TEST_CASE("connect failure: unknown text is other") {
  CHECK(ConnectFailureKind("") == "other");
  CHECK(ConnectFailureKind("something new") == "other");
  // Prefixes count only at the start, with their separator, and case matters.
  CHECK(ConnectFailureKind("tls") == "other");
  CHECK(ConnectFailureKind("TLS: handshake failure") == "other");
  CHECK(ConnectFailureKind("no tls: here") == "other");
  CHECK(ConnectFailureKind("unreachable") == "other");
  CHECK(ConnectFailureKind("bad credentials (code 4)") == "other");
}

}  // namespace bambu
