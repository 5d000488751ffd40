// The malloc arena cap main() sets before any thread starts (metrics/heap_trim.hpp): the C
// library must take it. It once compiled to nothing (a check of __GLIBC__ before any C
// header was included), and 1,000 TLS printers then held ~8 MB more, spread over more arenas.
#include <doctest/doctest.h>

#include "metrics/heap_trim.hpp"

namespace bambu {

TEST_CASE("LimitMallocArenas: glibc takes the arena cap") {
#if defined(__SANITIZE_ADDRESS__)
  MESSAGE("ASan's allocator replaces glibc's: the cap is checked in the plain build");
#else
  CHECK(LimitMallocArenas());
  CHECK(LimitMallocArenas(kMallocArenas));
#endif
}

}  // namespace bambu
