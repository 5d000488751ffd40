// TextArena: fresh memory of the asked size, small and huge-page regions alike, valid until
// the arena goes; ArenaText joins its parts in order.
#include "metrics/text_arena.hpp"

#include <doctest/doctest.h>

#include <cstring>
#include <string>
#include <vector>

namespace bambu {
namespace {

TEST_CASE("Allocate gives at least the minimum, the preferred size when the region has it") {
  TextArena arena;
  const auto small = arena.Allocate(10, 100);
  CHECK(small.size() == 100);
  const auto big = arena.Allocate(3 * TextArena::kHugeRegionBytes, 0);  // a mapped region
  CHECK(big.size() == 3 * TextArena::kHugeRegionBytes);
  CHECK(arena.reserved_bytes() >= 3 * TextArena::kHugeRegionBytes);
  std::memset(big.data(), 'b', big.size());
  std::memset(small.data(), 's', small.size());
  CHECK(big.back() == 'b');
  CHECK(small.front() == 's');
}

TEST_CASE("an expected size makes the first region hold it") {
  TextArena arena(5 * 1024 * 1024);
  std::size_t total = 0;
  while (total < 5 * 1024 * 1024) total += arena.Allocate(4096, 64 * 1024).size();
  CHECK(arena.reserved_bytes() >= 5 * 1024 * 1024);
  CHECK(arena.reserved_bytes() < 8 * 1024 * 1024);  // one region, rounded to 2 MiB pages
}

TEST_CASE("ArenaText: size and Joined follow the parts in order") {
  ArenaText text;
  text.arena = std::make_unique<TextArena>();
  const auto room = text.arena->Allocate(6, 6);
  std::memcpy(room.data(), "abcdef", 6);
  text.parts = {{room.data() + 3, 3}, {"-", 1}, {room.data(), 3}};
  CHECK(text.size() == 7);
  CHECK(text.Joined() == "def-abc");
}

}  // namespace
}  // namespace bambu
