// ReadClocks: the wall and monotonic clocks read together.
#include "base/clock.hpp"

#include <chrono>

namespace bambu {

Instant ReadClocks() {
  using std::chrono::duration;
  return {.unix_s = duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(),
          .mono_s = duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count()};
}

}  // namespace bambu
