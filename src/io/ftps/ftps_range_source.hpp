// A file on the printer read by ranges over FTPS; where the server refuses REST, the whole file
// once (size-capped), then served from memory.
#pragma once

#include <cstdint>
#include <string>

#include "io/ftps/ftps_client.hpp"
#include "jobs/range_source.hpp"

namespace bambu {

class FtpsRangeSource final : public RangeSource {
 public:
  /// `size`: the file's SIZE answer.
  FtpsRangeSource(FtpsClient& client, std::string path, std::uint64_t size)
      : client_(client), path_(std::move(path)), size_(size) {}
  std::uint64_t Size() const override { return size_; }
  PlanFailure Read(std::uint64_t offset, std::size_t length, std::string& out) override;

 private:
  PlanFailure LoadWhole();

  FtpsClient& client_;
  std::string path_;
  std::uint64_t size_;
  bool whole_loaded_ = false;
  std::string whole_;
};

}  // namespace bambu
