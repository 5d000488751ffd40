#include "io/mqtt_session.hpp"
