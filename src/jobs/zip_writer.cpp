// libzip over a buffer source kept past zip_close, then read back.
#include "jobs/zip_writer.hpp"

#include <zip.h>

namespace bambu {
namespace {

bool AddEntries(zip_t* archive, const std::vector<ZipWriterEntry>& entries) {
  for (const ZipWriterEntry& entry : entries) {
    zip_source_t* data = zip_source_buffer(archive, entry.content.data(), entry.content.size(), 0);
    if (data == nullptr) return false;
    const zip_int64_t index = zip_file_add(archive, entry.name.c_str(), data, ZIP_FL_ENC_UTF_8);
    if (index < 0) {
      zip_source_free(data);
      return false;
    }
    const zip_int32_t method = entry.deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE;
    if (zip_set_file_compression(archive, static_cast<zip_uint64_t>(index), method, 0) != 0) {
      return false;
    }
  }
  return true;
}

std::string ReadBack(zip_source_t* buffer) {
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) != 0 || !(stat.valid & ZIP_STAT_SIZE)) return {};
  if (zip_source_open(buffer) != 0) return {};
  std::string bytes(stat.size, '\0');
  const zip_int64_t got = zip_source_read(buffer, bytes.data(), bytes.size());
  zip_source_close(buffer);
  if (got < 0 || static_cast<zip_uint64_t>(got) != stat.size) return {};
  return bytes;
}

}  // namespace

std::string WriteZip(const std::vector<ZipWriterEntry>& entries) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  if (buffer == nullptr) {
    zip_error_fini(&error);
    return {};
  }
  zip_source_keep(buffer);  // the archive releases it on close; the bytes are read after
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  zip_error_fini(&error);
  std::string bytes;
  if (archive == nullptr) {
    zip_source_free(buffer);
  } else if (!AddEntries(archive, entries)) {
    zip_discard(archive);
  } else if (zip_close(archive) != 0) {
    zip_discard(archive);
  } else {
    bytes = ReadBack(buffer);
  }
  zip_source_free(buffer);
  return bytes;
}

}  // namespace bambu
