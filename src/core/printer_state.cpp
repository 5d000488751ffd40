#include "core/printer_state.hpp"
