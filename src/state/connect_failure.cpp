#include "state/connect_failure.hpp"

namespace bambu {

std::string ConnectFailureKind(std::string_view reason) {
  if (reason == "bad credentials" || reason == "not authorized") return "bad_credentials";
  if (reason.starts_with("tls: ")) return "tls";
  if (reason.starts_with("unreachable: ")) return "unreachable";
  return "other";
}

}  // namespace bambu
