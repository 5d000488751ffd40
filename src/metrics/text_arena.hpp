// Memory for the text of one scrape: a bump allocator over a few large regions, freed all at
// once with the arena. Regions of kHugeRegionBytes or more are mapped on their own, 2 MiB
// aligned and marked for transparent huge pages (MADV_HUGEPAGE), so that the fresh memory of a
// large scrape costs one page fault per 2 MiB instead of one per 4 KiB (about 10 us each on a
// VM: 85 ms per 32 MB); they go back to the operating system when the arena is destroyed, so the
// resident size drops right after the answer is sent. Smaller regions come from the heap.
#pragma once

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace bambu {

class TextArena {
 public:
  /// Regions at least this large are mapped with huge pages (1 MiB; rounded up to 2 MiB).
  static constexpr std::size_t kHugeRegionBytes = std::size_t{1} << 20;

  /// `expected_bytes`: the text expected in all (e.g. the previous scrape's); sizes the first
  /// region. 0: regions grow from a small one.
  explicit TextArena(std::size_t expected_bytes = 0);
  ~TextArena();
  TextArena(const TextArena&) = delete;
  TextArena& operator=(const TextArena&) = delete;

  /// At least `min_bytes` (and `preferred_bytes` when the current region has them) of fresh
  /// memory, valid until the arena is destroyed.
  std::span<char> Allocate(std::size_t min_bytes, std::size_t preferred_bytes);

  /// Bytes of every region (what the arena holds, used or not).
  std::size_t reserved_bytes() const { return reserved_; }

 private:
  struct Region {
    char* base;
    std::size_t size;
    bool mapped;  // mmap (huge pages) rather than operator new
  };

  void AddRegion(std::size_t min_bytes);

  std::vector<Region> regions_;
  char* next_ = nullptr;  // first free byte of the last region
  char* end_ = nullptr;   // end of the last region
  std::size_t expected_;
  std::size_t reserved_ = 0;
};

/// Text in parts (in order) that `arena` owns: the body of a /metrics answer, plain or gzip.
struct ArenaText {
  std::unique_ptr<TextArena> arena;  // may be null when no part views arena memory
  std::vector<std::string_view> parts;

  /// Bytes of all parts.
  std::size_t size() const;
  /// The parts joined into one string.
  std::string Joined() const;
};

}  // namespace bambu
