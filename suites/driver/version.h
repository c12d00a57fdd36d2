// `--version`: what this binary was built from and with.
#pragma once
#include <string>

namespace hotops {

// "hotops-bench <git describe>" and the build facts: compiler, build type and flags,
// peer libraries, library versions.
std::string version_text(const std::string& program);

}  // namespace hotops
