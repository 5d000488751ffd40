#include "core/fleet.hpp"
