#include "base/build_info.hpp"

namespace bambu {

const char* BuildVersion() { return BAMBU_VERSION; }
const char* BuildRevision() { return BAMBU_REVISION; }

}  // namespace bambu
