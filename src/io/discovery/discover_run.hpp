// `bambu_exporter discover`: listens for `duration` on its own event loop, then prints the
// printers heard as an exporter.yaml fragment (stdout) and, when stderr is a terminal, a table.
#pragma once

#include <iosfwd>

#include "config/discover_command.hpp"

namespace bambu {

/// Returns the process exit code: 0, or 1 when the port cannot be bound (said on `err`).
int RunDiscover(const DiscoverCommand& command, std::ostream& out, std::ostream& err, bool table);

}  // namespace bambu
