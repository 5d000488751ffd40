// Returning freed heap memory to the operating system after a large scrape.
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

}  // namespace bambu
