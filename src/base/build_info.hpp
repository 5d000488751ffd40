// Version and git revision of this build (bambu_exporter_build_info, --version, the landing
// page). Only build_info.cpp sees the compile definitions, so a new commit rebuilds one file.
#pragma once

namespace bambu {

/// The project version, e.g. "0.1.0".
const char* BuildVersion();
/// The short git revision the build was configured from, or "unknown".
const char* BuildRevision();

}  // namespace bambu
