#include "bench_util.hpp"

#include <boost/json/basic_parser_impl.hpp>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

namespace bambu::bench {

double g_time_scale = 1.0;

std::string ReadFixture(const std::string& name) {
  const std::string path = std::string(BAMBU_FIXTURE_DIR) + "/" + name;
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in || text.str().empty()) {
    std::fprintf(stderr, "bambu_bench: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  return text.str();
}

struct NullParser::Impl {
  boost::json::basic_parser<NullHandler> parser{boost::json::parse_options{}};
};

NullParser::NullParser() : impl_(new Impl) {}
NullParser::~NullParser() { delete impl_; }

std::uint64_t NullParser::Parse(const std::string& bytes) {
  boost::json::error_code ec;
  impl_->parser.reset();
  impl_->parser.write_some(false, bytes.data(), bytes.size(), ec);
  return impl_->parser.handler().events + (ec ? 1 : 0);
}

}  // namespace bambu::bench
