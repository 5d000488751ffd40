// Heap tuning for a long-running process with many idle connections: few malloc
// arenas, and freed memory returned to the operating system after a large scrape.
#pragma once

#include <cstddef>

namespace bambu {

/// Bytes freed at once from which ReleaseFreeMemory trims the heap (4 MiB, about
/// 200 printers' worth of /metrics text).
inline constexpr std::size_t kHeapTrimThreshold = 4 * 1024 * 1024;

/// After `freed_bytes` were freed: when that is at least kHeapTrimThreshold, asks
/// glibc to give free pages back (malloc_trim), so that the resident size drops
/// back after a scrape instead of staying at its peak. No-op elsewhere.
void ReleaseFreeMemory(std::size_t freed_bytes);

/// Caps glibc at 2 malloc arenas (call before any thread starts). The exporter has one event
/// loop plus Paho's two threads; more arenas only fragment memory (1,000 TLS sessions: 95 MB
/// resident with the default, 87 MB with 2; scripts/bench). No-op elsewhere.
void LimitMallocArenas();

}  // namespace bambu
