#include "version.h"

#include <fmt/format.h>
#include <hwloc.h>

#include <nlohmann/json_fwd.hpp>  // the version macros, without the library

#include "build_info.h"
#include "git_describe.h"  // generated at every build: HOTOPS_GIT_DESCRIBE

namespace hotops {

std::string version_text(const std::string& program) {
  const unsigned hw = hwloc_get_api_version();
  return fmt::format(
      "{} {}\n"
      "built with {} ({}; flags:{})\n"
      "peers: {}\n"
      "libraries: google-benchmark {}, fmt {}.{}.{}, hwloc API {}.{}.{}, nlohmann-json {}.{}.{}",
      program, HOTOPS_GIT_DESCRIBE, HOTOPS_COMPILER, HOTOPS_BUILD_TYPE, HOTOPS_CXX_FLAGS,
      std::string(HOTOPS_PEERS).empty() ? "none" : HOTOPS_PEERS, HOTOPS_BENCHMARK_VERSION, FMT_VERSION / 10000,
      FMT_VERSION / 100 % 100, FMT_VERSION % 100, hw >> 16, (hw >> 8) & 0xff, hw & 0xff, NLOHMANN_JSON_VERSION_MAJOR,
      NLOHMANN_JSON_VERSION_MINOR, NLOHMANN_JSON_VERSION_PATCH);
}

}  // namespace hotops
