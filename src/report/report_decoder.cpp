#include "report/report_decoder.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include "report/json_report_handler.hpp"

namespace bambu {
namespace {

boost::json::parse_options DecoderParseOptions() {
  boost::json::parse_options opt;
  opt.max_depth = ReportDecoder::kMaxDepth;
  return opt;  // strict JSON: no comments, no trailing commas, valid UTF-8 only
}

}  // namespace

std::string_view ReasonName(RejectReason reason) {
  switch (reason) {
    case RejectReason::kInvalidJson:
      return "invalid_json";
    case RejectReason::kNotAnObject:
      return "not_an_object";
    case RejectReason::kTooLarge:
      return "too_large";
    case RejectReason::kTooDeep:
      return "too_deep";
  }
  return "invalid_json";
}

struct ReportDecoder::Impl {
  boost::json::basic_parser<ReportHandler> parser{DecoderParseOptions()};
};

ReportDecoder::ReportDecoder(std::size_t max_bytes)
    : impl_(std::make_unique<Impl>()), max_bytes_(max_bytes) {}

ReportDecoder::~ReportDecoder() = default;

DecodeStatus ReportDecoder::Decode(std::string_view payload, ReportUpdate& out) {
  DecodeStatus status;
  if (payload.size() > max_bytes_) {
    status.rejected = RejectReason::kTooLarge;
    return status;
  }
  auto& parser = impl_->parser;
  try {
    parser.reset();
    parser.handler().Begin(out);
    boost::json::error_code ec;
    const std::size_t used = parser.write_some(false, payload.data(), payload.size(), ec);
    status.fields_ignored = parser.handler().fields_ignored();
    // Accepted, the usual case: returned before the error-code compares below.
    if (!ec && used == payload.size() && parser.done()) return status;
    if (parser.handler().not_an_object()) {
      status.rejected = RejectReason::kNotAnObject;
    } else if (ec == boost::json::error::too_deep) {
      status.rejected = RejectReason::kTooDeep;
    } else if (ec || used != payload.size() || !parser.done()) {
      status.rejected = RejectReason::kInvalidJson;  // includes trailing data
    }
  } catch (...) {  // only std::bad_alloc can get here; never let it escape
    parser.reset();
    status.rejected = RejectReason::kInvalidJson;
  }
  return status;
}

}  // namespace bambu
