#include "core/metrics_collector.hpp"
