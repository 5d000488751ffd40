#include "core/web_app.hpp"
