// libzip over a function source that asks the RangeSource for what libzip reads, in blocks of
// at least ZipReadLimits::min_read_bytes kept in memory, so the tail and one small entry cost a
// read each.
#include "jobs/zip_entry_reader.hpp"

#include <zip.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <vector>

namespace bambu {
namespace {

/// What the libzip callback reads through: the source, the blocks read so far, the position.
class BlockReader {
 public:
  BlockReader(RangeSource& source, const ZipReadLimits& limits)
      : source_(source), limits_(limits), size_(source.Size()) {
    zip_error_init(&error_);
  }
  ~BlockReader() { zip_error_fini(&error_); }
  BlockReader(const BlockReader&) = delete;
  BlockReader& operator=(const BlockReader&) = delete;

  static zip_int64_t Callback(void* user, void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
    return static_cast<BlockReader*>(user)->Handle(data, length, cmd);
  }

  PlanFailure failure() const { return failure_; }
  std::uint64_t bytes_read() const { return bytes_read_; }

 private:
  struct Block {
    std::uint64_t offset = 0;
    std::string bytes;
  };

  zip_int64_t Handle(void* data, zip_uint64_t length, zip_source_cmd_t cmd) {
    switch (cmd) {
      case ZIP_SOURCE_OPEN:
        position_ = 0;
        return 0;
      case ZIP_SOURCE_CLOSE:
      case ZIP_SOURCE_FREE:
        return 0;
      case ZIP_SOURCE_READ:
        return ReadAt(static_cast<char*>(data), length);
      case ZIP_SOURCE_SEEK: {
        const zip_int64_t to =
            zip_source_seek_compute_offset(position_, size_, data, length, &error_);
        if (to < 0) return -1;
        position_ = static_cast<std::uint64_t>(to);
        return 0;
      }
      case ZIP_SOURCE_TELL:
        return static_cast<zip_int64_t>(position_);
      case ZIP_SOURCE_STAT: {
        zip_stat_t* stat = ZIP_SOURCE_GET_ARGS(zip_stat_t, data, length, &error_);
        if (stat == nullptr) return -1;
        zip_stat_init(stat);
        stat->size = size_;
        stat->valid |= ZIP_STAT_SIZE;
        return sizeof(zip_stat_t);
      }
      case ZIP_SOURCE_ERROR:
        return zip_error_to_data(&error_, data, length);
      case ZIP_SOURCE_SUPPORTS:
        return ZIP_SOURCE_SUPPORTS_SEEKABLE;
      default:
        zip_error_set(&error_, ZIP_ER_OPNOTSUPP, 0);
        return -1;
    }
  }

  zip_int64_t ReadAt(char* out, zip_uint64_t wanted) {
    if (position_ >= size_) return 0;
    const std::uint64_t length = std::min<std::uint64_t>(wanted, size_ - position_);
    const Block* block = Covering(position_, length);
    if (block == nullptr) block = Fetch(position_, length);
    if (block == nullptr) {
      zip_error_set(&error_, ZIP_ER_READ, 0);
      return -1;
    }
    std::memcpy(out, block->bytes.data() + (position_ - block->offset), length);
    position_ += length;
    return static_cast<zip_int64_t>(length);
  }

  const Block* Covering(std::uint64_t offset, std::uint64_t length) const {
    for (const Block& block : blocks_) {
      if (offset >= block.offset && offset + length <= block.offset + block.bytes.size()) {
        return &block;
      }
    }
    return nullptr;
  }

  const Block* Fetch(std::uint64_t offset, std::uint64_t length) {
    const std::uint64_t want = std::min<std::uint64_t>(
        std::max<std::uint64_t>(length, limits_.min_read_bytes), size_ - offset);
    if (bytes_read_ + want > limits_.max_read_bytes) {
      failure_ = PlanFailure::kEntryTooLarge;
      return nullptr;
    }
    Block block{offset, {}};
    const PlanFailure failure = source_.Read(offset, static_cast<std::size_t>(want), block.bytes);
    if (failure != PlanFailure::kNone || block.bytes.size() != want) {
      failure_ = failure == PlanFailure::kNone ? PlanFailure::kTransfer : failure;
      return nullptr;
    }
    bytes_read_ += want;
    blocks_.push_back(std::move(block));
    return &blocks_.back();
  }

  RangeSource& source_;
  const ZipReadLimits& limits_;
  const std::uint64_t size_;
  std::uint64_t position_ = 0;
  std::uint64_t bytes_read_ = 0;
  std::vector<Block> blocks_;
  PlanFailure failure_ = PlanFailure::kNone;  // the first read that failed, and why
  zip_error_t error_;
};

struct ZipCloser {
  void operator()(zip_t* archive) const { zip_discard(archive); }
};
struct ZipFileCloser {
  void operator()(zip_file_t* file) const { zip_fclose(file); }
};

/// The failure to report when libzip gave up: the source's own, else the archive is bad.
PlanFailure Blame(const BlockReader& reader, PlanFailure otherwise) {
  return reader.failure() != PlanFailure::kNone ? reader.failure() : otherwise;
}

/// Reads the located entry `index` of `archive`, refusing sizes beyond the limits.
PlanFailure ReadEntry(zip_t* archive, zip_uint64_t index, const ZipReadLimits& limits,
                      const BlockReader& reader, std::string& out) {
  zip_stat_t stat;
  if (zip_stat_index(archive, index, 0, &stat) != 0) return Blame(reader, PlanFailure::kNotZip);
  const bool sized = (stat.valid & ZIP_STAT_SIZE) && (stat.valid & ZIP_STAT_COMP_SIZE);
  if (!sized) return PlanFailure::kNotZip;
  if (stat.size > limits.max_entry_bytes) return PlanFailure::kEntryTooLarge;
  if (stat.size > std::max<std::uint64_t>(stat.comp_size, 1) * limits.max_ratio) {
    return PlanFailure::kEntryTooLarge;
  }
  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive, index, 0));
  if (!file) return Blame(reader, PlanFailure::kNotZip);
  // One byte more than declared shows a size that lies; the cap holds either way.
  out.resize(static_cast<std::size_t>(stat.size) + 1);
  std::size_t filled = 0;
  while (filled < out.size()) {
    const zip_int64_t got = zip_fread(file.get(), out.data() + filled, out.size() - filled);
    if (got < 0) return Blame(reader, PlanFailure::kNotZip);
    if (got == 0) break;
    filled += static_cast<std::size_t>(got);
  }
  if (filled != stat.size) return PlanFailure::kNotZip;
  out.resize(filled);
  return PlanFailure::kNone;
}

}  // namespace

ZipEntryRead ReadZipEntry(RangeSource& source, std::string_view entry_name,
                          const ZipReadLimits& limits) {
  ZipEntryRead result;
  // libzip opens an empty source as a new, empty archive; a real zip has its 22-byte end record.
  constexpr std::uint64_t kEndRecordBytes = 22;
  if (source.Size() < kEndRecordBytes) {
    result.failure = PlanFailure::kNotZip;
    return result;
  }
  BlockReader reader(source, limits);
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* zip_source = zip_source_function_create(&BlockReader::Callback, &reader, &error);
  if (zip_source == nullptr) {
    zip_error_fini(&error);
    result.failure = PlanFailure::kNotZip;
    return result;
  }
  std::unique_ptr<zip_t, ZipCloser> archive(zip_open_from_source(zip_source, ZIP_RDONLY, &error));
  zip_error_fini(&error);
  if (!archive) {
    zip_source_free(zip_source);
    result.failure = Blame(reader, PlanFailure::kNotZip);
  } else {
    const std::string name(entry_name);
    const zip_int64_t index = zip_name_locate(archive.get(), name.c_str(), 0);
    result.failure = index < 0 ? PlanFailure::kEntryMissing
                               : ReadEntry(archive.get(), static_cast<zip_uint64_t>(index), limits,
                                           reader, result.data);
  }
  if (result.failure != PlanFailure::kNone) result.data.clear();
  result.bytes_read = reader.bytes_read();
  return result;
}

}  // namespace bambu
