// Report payloads built for the benchmarks from the real fixtures.
#pragma once

#include <string>

namespace bambu::bench {

/// A fixture as it travels over MQTT: compact JSON, no whitespace (the fixture
/// files are pretty-printed, which would inflate MB/s with cheap blanks).
std::string CompactFixture(const std::string& name);

/// The X1C full report (2 AMS, AMS 2 Pro, AMS HT) with a fourth 4-tray unit
/// (id 3, a copy of unit 0) and the exist bits set for all of them: the
/// "4 AMS units of 4 trays plus an AMS HT" printer of the scrape benchmark.
std::string RichFullReport();

/// A P1S delta as the printer sends it every few seconds while printing: one
/// AMS unit's humidity and temperature and one tray's remain, plus the print
/// progress and temperatures (protocol.md §3.5: deltas carry changed keys only).
std::string P1sAmsDelta();

}  // namespace bambu::bench
