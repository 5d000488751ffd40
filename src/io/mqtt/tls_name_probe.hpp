// Why did a TLS connection with a host name check fail? Paho checks the broker's host name
// after the handshake and reports a mismatch like a refused TCP connection ("TCP/TLS connect
// failure", no OpenSSL error), so MqttSession asks this probe: one TLS handshake of its own,
// chain verified against the same trust store, that tells a certificate naming another host
// apart from anything else. Classification only: Paho's check is what refuses the broker.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <boost/asio/any_io_executor.hpp>

namespace bambu {

enum class CertificateName {
  kNamesHost,  // the handshake passed: chain and host name are fine (now)
  kOtherHost,  // the chain is trusted but the certificate does not name the host
  kUnknown,    // unreachable, untrusted chain, bad URI, timeout, ...
};

/// Connects to the host and port of `uri` ("ssl://host:port" or "mqtts://host:port"),
/// verifies the server certificate against `ca_file` (PEM; empty = system default paths) and
/// the host name, then closes. `done` runs once, on `executor`, within about `timeout`.
void ProbeCertificateName(boost::asio::any_io_executor executor, const std::string& uri,
                          const std::string& ca_file, std::chrono::seconds timeout,
                          std::function<void(CertificateName)> done);

}  // namespace bambu
