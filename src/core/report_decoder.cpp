#include "core/report_decoder.hpp"
