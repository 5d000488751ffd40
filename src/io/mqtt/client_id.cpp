#include "io/mqtt/client_id.hpp"

#include <random>

namespace bambu {
namespace {

constexpr std::string_view kPrefix = "bambu_exporter_";

std::string DrawInstanceId() {
  std::random_device random;
  std::uniform_int_distribution<unsigned> digit(0, 15);
  std::string id;
  for (int i = 0; i < 8; ++i) id += "0123456789abcdef"[digit(random)];
  return id;
}

}  // namespace

std::string_view InstanceId() {
  static const std::string id = DrawInstanceId();  // thread-safe, once per process
  return id;
}

std::string LanClientId(std::string_view serial) {
  return std::string(kPrefix) + std::string(serial) + "_" + std::string(InstanceId());
}

std::string CloudClientId() { return std::string(kPrefix) + std::string(InstanceId()); }

}  // namespace bambu
