// Heap tuning for a long-running process with many idle connections: few malloc arenas.
// (The text of a scrape lives in its own TextArena, mapped and unmapped per answer, so the
// heap does not grow with it and needs no trimming after a scrape.)
#pragma once

namespace bambu {

/// Malloc arenas the exporter asks glibc for: one event loop plus Paho's two threads; more
/// arenas only fragment memory (docs/performance.md, section 3).
inline constexpr int kMallocArenas = 2;

/// Caps glibc at `arenas` malloc arenas (call before any thread starts). Returns whether the
/// C library took the cap (false where there is no M_ARENA_MAX, i.e. not glibc).
bool LimitMallocArenas(int arenas = kMallocArenas);

}  // namespace bambu
