// PushAllWatchdog: pushall after silence_s without a report, at most once per
// min_push_interval_s.
#include "state/pushall_watchdog.hpp"

#include <doctest/doctest.h>

namespace bambu {

TEST_CASE("PushAllWatchdog: due after the silence window, then not before the push interval") {
  PushAllWatchdog watchdog({.silence_s = 60, .min_push_interval_s = 300});
  watchdog.OnActivity(1000);
  watchdog.OnPushAll(1000);  // the pushall of the connect
  CHECK_FALSE(watchdog.Due(1059));
  CHECK_FALSE(watchdog.Due(1299));  // silent, but pushed 299 s ago
  CHECK(watchdog.Due(1300));
  watchdog.OnPushAll(1300);
  CHECK_FALSE(watchdog.Due(1599));
  CHECK(watchdog.Due(1600));
  watchdog.OnActivity(1590);  // a report: the silence window starts again
  CHECK_FALSE(watchdog.Due(1649));
  CHECK(watchdog.Due(1650));
}

TEST_CASE("PushAllWatchdog: never pushed before, silence alone decides") {
  PushAllWatchdog watchdog({.silence_s = 1, .min_push_interval_s = 1});
  watchdog.OnActivity(10);
  CHECK_FALSE(watchdog.Due(10.5));
  CHECK(watchdog.Due(11));
}

}  // namespace bambu
