// Every family and variant hotops knows, from kernels/families.inc.
#pragma once
#include <string_view>
#include <vector>

#include "core/family.h"

namespace hotops {

const std::vector<const Family*>& families();
const Family* find_family(std::string_view name);  // nullptr if unknown
const Variant* find_variant(const Family& f, std::string_view name);

// Shell-style glob ('*', '?') match used by suites and --filter.
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace hotops
