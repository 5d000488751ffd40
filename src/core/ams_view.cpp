#include "core/ams_view.hpp"
