#include "metrics/heap_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bambu {

void LimitMallocArenas() {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 2);
#endif
}

}  // namespace bambu
