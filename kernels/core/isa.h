// CPU features and ISAs, generated from THE table in core/isa.inc (which also gives each
// ISA-suffixed source file its compile flags), and what this machine has.
#pragma once
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace hotops {

enum class Device : uint8_t { cpu, cuda };
std::string_view device_name(Device d);

namespace feature {
enum Index : uint32_t {
#define HOTOPS_FEATURE(x) idx_##x,
#define HOTOPS_ISA(name, device, features)
#include "core/isa.inc"
#undef HOTOPS_ISA
#undef HOTOPS_FEATURE
  count
};
#define HOTOPS_FEATURE(x) inline constexpr uint32_t x = 1u << idx_##x;
#define HOTOPS_ISA(name, device, features)
#include "core/isa.inc"
#undef HOTOPS_ISA
#undef HOTOPS_FEATURE
}  // namespace feature

struct IsaInfo {
  std::string_view name;
  Device device;
  uint32_t features;  // CPU features it needs (a cuda ISA needs a device instead)
};

inline constexpr IsaInfo kIsas[] = {
#define HOTOPS_FEATURE(x)
#define F(x) feature::x
#define HOTOPS_ISA(name, device, features) {#name, Device::device, features},
#include "core/isa.inc"
#undef HOTOPS_ISA
#undef F
#undef HOTOPS_FEATURE
};

// The ISA called `name`; at compile time an unknown name does not compile.
constexpr const IsaInfo& isa(std::string_view name) {
  for (const IsaInfo& i : kIsas)
    if (i.name == name) return i;
  throw std::invalid_argument("unknown ISA");
}
constexpr bool is_isa(std::string_view name) {
  for (const IsaInfo& i : kIsas)
    if (i.name == name) return true;
  return false;
}

// Features of the machine we run on (CPUID through the compiler's builtins).
uint32_t host_features();

// Empty when this machine can run code of `i`, else why not ("CPU lacks avx512f, avx512bw").
std::string isa_unavailable(const IsaInfo& i);
// Empty when every feature in `required` is present, else why not.
std::string missing_features(uint32_t required);
// Comma-separated names of the set bits, e.g. "avx2,fma".
std::string feature_names(uint32_t features);
// The widest CPU ISA of the table that this machine runs (for peers that dispatch).
const IsaInfo& best_host_isa();

}  // namespace hotops
