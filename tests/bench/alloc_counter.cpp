// Global operator new/delete of the bench binary: malloc/free plus counters of
// allocations and of live heap bytes (malloc_usable_size), read by bench_util.hpp.
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <new>

#include "bench_util.hpp"

namespace {
std::atomic<std::uint64_t> g_allocations{0};
std::atomic<std::int64_t> g_live_bytes{0};  // malloc_usable_size of live blocks
std::atomic<std::int64_t> g_peak_bytes{0};
std::atomic<bool> g_track_bytes{false};  // off while timing: keeps the counters cheap

void* Counted(void* p) {
  if (p == nullptr) return p;
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (!g_track_bytes.load(std::memory_order_relaxed)) return p;
  const auto live = g_live_bytes.fetch_add(static_cast<std::int64_t>(malloc_usable_size(p))) +
                    static_cast<std::int64_t>(malloc_usable_size(p));
  if (live > g_peak_bytes.load(std::memory_order_relaxed)) g_peak_bytes.store(live);
  return p;
}

void Release(void* p) {
  if (p == nullptr) return;
  if (g_track_bytes.load(std::memory_order_relaxed))
    g_live_bytes.fetch_sub(static_cast<std::int64_t>(malloc_usable_size(p)));
  std::free(p);
}

void* Allocate(std::size_t size) {
  if (void* p = Counted(std::malloc(size == 0 ? 1 : size))) return p;
  throw std::bad_alloc();
}

void* AllocateAligned(std::size_t size, std::align_val_t align) {
  const std::size_t a = static_cast<std::size_t>(align);
  const std::size_t rounded = (size + a - 1) / a * a;
  if (void* p = Counted(std::aligned_alloc(a, rounded == 0 ? a : rounded))) return p;
  throw std::bad_alloc();
}
}  // namespace

std::uint64_t bambu::bench::AllocationCount() {
  return g_allocations.load(std::memory_order_relaxed);
}
std::int64_t bambu::bench::LiveHeapBytes() { return g_live_bytes.load(); }
std::int64_t bambu::bench::PeakHeapBytes() { return g_peak_bytes.load(); }
void bambu::bench::TrackHeapBytes(bool on) { g_track_bytes.store(on); }
void bambu::bench::ResetPeakHeap() { g_peak_bytes.store(g_live_bytes.load()); }

void* operator new(std::size_t size) { return Allocate(size); }
void* operator new[](std::size_t size) { return Allocate(size); }
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  return Counted(std::malloc(size == 0 ? 1 : size));
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  return Counted(std::malloc(size == 0 ? 1 : size));
}
void* operator new(std::size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}
void* operator new[](std::size_t size, std::align_val_t align) {
  return AllocateAligned(size, align);
}
void operator delete(void* p) noexcept { Release(p); }
void operator delete[](void* p) noexcept { Release(p); }
void operator delete(void* p, std::size_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t) noexcept { Release(p); }
void operator delete(void* p, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::align_val_t) noexcept { Release(p); }
void operator delete(void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept { Release(p); }
