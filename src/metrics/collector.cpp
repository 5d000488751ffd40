#include "metrics/collector.hpp"

namespace bambu {

void WriteExposition(const Collectors& collectors, Instant now, ArenaText& out,
                     FamilySizes* sizes) {
  ExpositionWriter writer(sizes);
  for (const auto& collector : collectors) collector->Collect(now, writer);
  writer.Finish(out);
}

}  // namespace bambu
