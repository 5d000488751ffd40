// Heap tuning for a long-running process with many idle connections: few malloc arenas.
// (The text of a scrape lives in its own TextArena, mapped and unmapped per answer, so the
// heap does not grow with it and needs no trimming after a scrape.)
#pragma once

namespace bambu {

/// Caps glibc at 2 malloc arenas (call before any thread starts). The exporter has one event
/// loop plus Paho's two threads; more arenas only fragment memory (1,000 TLS sessions: 95 MB
/// resident with the default, 87 MB with 2; scripts/bench). No-op elsewhere.
void LimitMallocArenas();

}  // namespace bambu
