// AMS unit and tray families of metrics.md ("AMS units", "Trays"), built
// from a PrinterView.
#pragma once

#include "metrics/metric_sink.hpp"
#include "view/ams_view.hpp"

namespace bambu {

/// Adds the bambu_ams_* and bambu_tray_* samples of one printer; `printer`
/// holds its printer and serial labels.
void AddAmsMetrics(MetricSink& out, const LabelSet& printer, const PrinterView& view);

}  // namespace bambu
