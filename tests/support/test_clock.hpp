// Instants for the tests: At(s) is a moment where both clocks read `s` seconds, so a test that
// does not care which clock a rule reads keeps one number per moment.
#pragma once

#include "base/clock.hpp"

namespace bambu::test {

constexpr Instant At(double seconds) { return {.unix_s = seconds, .mono_s = seconds}; }

}  // namespace bambu::test
