#include "metrics/text_arena.hpp"

#include <sys/mman.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <new>
#include <tuple>
#include <utility>

namespace bambu {
namespace {

constexpr std::size_t kHugePage = std::size_t{2} << 20;  // x86-64 transparent huge page
constexpr std::size_t kFirstRegion = 16 * 1024;          // without an expected size

std::size_t RoundUp(std::size_t bytes, std::size_t unit) {
  return (bytes + unit - 1) / unit * unit;
}

/// `bytes` (a multiple of kHugePage) of anonymous memory at a kHugePage boundary, advised for
/// huge pages; nullptr when the mapping fails.
char* MapHuge(std::size_t bytes) {
  const std::size_t padded = bytes + kHugePage;
  void* raw = mmap(nullptr, padded, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (raw == MAP_FAILED) return nullptr;
  auto* start = static_cast<char*>(raw);
  const auto address = reinterpret_cast<std::uintptr_t>(start);
  char* aligned = start + (RoundUp(address, kHugePage) - address);
  if (aligned > start) munmap(start, static_cast<std::size_t>(aligned - start));
  char* tail = aligned + bytes;
  if (tail < start + padded) munmap(tail, static_cast<std::size_t>(start + padded - tail));
#ifdef MADV_HUGEPAGE
  madvise(aligned, bytes, MADV_HUGEPAGE);  // a hint: without THP these stay 4 KiB pages
#endif
  return aligned;
}

/// Heap regions of finished arenas, kept for the next ones on this thread (at most kSpares of
/// at most TextArena::kHugeRegionBytes each): a small scrape then reuses the same memory
/// instead of the heap growing (brk) and being trimmed back around each answer, which cost 2
/// system calls and fresh page faults per scrape (one printer: ~100 us of ~200).
class SpareRegions {
 public:
  static constexpr std::size_t kSpares = 4;
  ~SpareRegions() {
    for (std::size_t i = 0; i < count_; ++i) ::operator delete(spares_[i].first);
  }
  /// A kept region of at least `bytes`, or {nullptr, 0}.
  std::pair<char*, std::size_t> Take(std::size_t bytes) {
    std::size_t best = count_;  // the smallest that fits
    for (std::size_t i = 0; i < count_; ++i) {
      if (spares_[i].second >= bytes &&
          (best == count_ || spares_[i].second < spares_[best].second)) {
        best = i;
      }
    }
    if (best == count_) return {nullptr, 0};
    const auto found = spares_[best];
    spares_[best] = spares_[--count_];
    return found;
  }
  /// Keeps `base` or frees it when full.
  void Give(char* base, std::size_t bytes) {
    if (count_ < kSpares && bytes <= TextArena::kHugeRegionBytes) {
      spares_[count_++] = {base, bytes};
    } else {
      ::operator delete(base);
    }
  }

 private:
  std::array<std::pair<char*, std::size_t>, kSpares> spares_{};
  std::size_t count_ = 0;
};

thread_local SpareRegions t_spares;

}  // namespace

TextArena::TextArena(std::size_t expected_bytes) : expected_(expected_bytes) {}

TextArena::~TextArena() {
  for (const Region& region : regions_) {
    if (region.mapped) {
      munmap(region.base, region.size);
    } else {
      t_spares.Give(region.base, region.size);
    }
  }
}

std::span<char> TextArena::Allocate(std::size_t min_bytes, std::size_t preferred_bytes) {
  preferred_bytes = std::max(preferred_bytes, min_bytes);
  if (static_cast<std::size_t>(end_ - next_) < min_bytes) AddRegion(preferred_bytes);
  const std::size_t size = std::min(preferred_bytes, static_cast<std::size_t>(end_ - next_));
  char* start = next_;
  next_ += size;
  return {start, size};
}

void TextArena::AddRegion(std::size_t min_bytes) {
  // The first region holds the expected text with 1/8 and 8 KiB to spare (writers size their
  // pieces with 1/16 to spare); later ones grow by half of what is already held, so that a
  // scrape larger than expected needs few regions.
  std::size_t size = regions_.empty() ? expected_ + expected_ / 8 + 8192 : reserved_ / 2;
  size = std::max({size, min_bytes, kFirstRegion});
  Region region{nullptr, size, false};
  if (size >= kHugeRegionBytes) {
    region.size = RoundUp(size, kHugePage);
    region.base = MapHuge(region.size);
    region.mapped = region.base != nullptr;
  }
  if (region.base == nullptr) {
    std::tie(region.base, region.size) = t_spares.Take(size);
  }
  if (region.base == nullptr) {
    region.size = size;
    region.base = static_cast<char*>(::operator new(size));
  }
  regions_.push_back(region);
  reserved_ += region.size;
  next_ = region.base;
  end_ = region.base + region.size;
}

std::size_t ArenaText::size() const {
  std::size_t bytes = 0;
  for (const std::string_view part : parts) bytes += part.size();
  return bytes;
}

std::string ArenaText::Joined() const {
  std::string joined;
  joined.reserve(size());
  for (const std::string_view part : parts) joined += part;
  return joined;
}

}  // namespace bambu
