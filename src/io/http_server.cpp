#include "io/http_server.hpp"
