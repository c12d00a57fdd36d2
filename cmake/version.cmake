# Run at every build (target hotops_version): writes OUT with `git describe` of SRC, and
# rewrites it only when that changes, so an unchanged tree recompiles nothing.
execute_process(COMMAND git -C "${SRC}" describe --always --dirty --tags
                OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET RESULT_VARIABLE rc)
if(NOT rc EQUAL 0 OR describe STREQUAL "")
  set(describe "unknown (not built from a git checkout)")
endif()
file(CONFIGURE OUTPUT "${OUT}" CONTENT "// Generated at build time by cmake/version.cmake.
#pragma once
#define HOTOPS_GIT_DESCRIBE \"${describe}\"
" @ONLY)
