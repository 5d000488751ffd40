#include "io/lan_printer_session.hpp"
