#include "metrics/heap_trim.hpp"

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace bambu {

void ReleaseFreeMemory(std::size_t freed_bytes) {
#if defined(__GLIBC__)
  if (freed_bytes >= kHeapTrimThreshold) malloc_trim(0);
#else
  (void)freed_bytes;
#endif
}

void LimitMallocArenas() {
#if defined(__GLIBC__)
  mallopt(M_ARENA_MAX, 2);
#endif
}

}  // namespace bambu
