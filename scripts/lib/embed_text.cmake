# Writes OUT, a C++ source defining `std::string_view NAME()` that returns the text of IN
# (a raw string literal), for files the exporter serves as built (docs/runbook.md at
# /runbook). Run by CMakeLists.txt: cmake -DIN=... -DOUT=... -DNAME=... -DHEADER=... -P this.
file(READ "${IN}" text)
string(FIND "${text}" ")embedded\"" clash)
if(NOT clash EQUAL -1)
  message(FATAL_ERROR "${IN} contains the raw string delimiter )embedded\"")
endif()
file(WRITE "${OUT}.tmp" "// Generated from ${IN} by scripts/lib/embed_text.cmake: do not edit.
#include \"${HEADER}\"

namespace bambu {

std::string_view ${NAME}() {
  return R\"embedded(${text})embedded\";
}

}  // namespace bambu
")
file(COPY_FILE "${OUT}.tmp" "${OUT}" ONLY_IF_DIFFERENT)
file(REMOVE "${OUT}.tmp")
