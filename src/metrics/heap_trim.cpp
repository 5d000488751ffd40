#include "metrics/heap_trim.hpp"

// Tested by M_ARENA_MAX itself, not by __GLIBC__: that macro is only defined once some C
// library header has been included, and this file includes none before the test (a check of
// __GLIBC__ here once compiled the cap out without a word).
#if __has_include(<malloc.h>)
#include <malloc.h>
#endif

namespace bambu {

bool LimitMallocArenas(int arenas) {
#ifdef M_ARENA_MAX
  return mallopt(M_ARENA_MAX, arenas) == 1;
#else
  (void)arenas;
  return false;
#endif
}

}  // namespace bambu
