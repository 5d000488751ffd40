#include "metrics/collector.hpp"

namespace bambu {

void WriteExposition(const Collectors& collectors, double now_unix, ArenaText& out,
                     FamilySizes* sizes) {
  ExpositionWriter writer(sizes);
  for (const auto& collector : collectors) collector->Collect(now_unix, writer);
  writer.Finish(out);
}

}  // namespace bambu
