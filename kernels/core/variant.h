// A variant: one implementation of a family's operation, and THE list grammar that
// registers it. A family's variants.inc has one line per variant:
//
//   HOTOPS_VARIANT(two_pass__avx2, "2001.04438", .traffic(passes<2, 1>))
//   HOTOPS_VARIANT(onednn__jit, "peer", .provider("onednn").computes_with(onednn_isa))
//
// name     <algorithm>[_<detail>]__<isa>, <isa> from core/isa.inc: it sets the file's compile
//          flags, the CPU features (or device) the variant needs, and its device;
// paper    arXiv id of the claim it belongs to, or "peer" for another library's own kernel;
// options  .traffic(f)      bytes it streams when operands come from memory (default: the
//                           family minimum);
//          .unsupported(f)  why it cannot run a problem (empty string: it can);
//          .needs(features) CPU features beyond its ISA's;
//          .provider(name)  whose code computes (default "hotops"): "onednn", "xnnpack", ...;
//          .computes_with(f) the ISA its arithmetic really runs on, when that is not the suffix
//                           (peers that dispatch at run time, composites) — the roofline uses it;
//          .workspace(f)    bytes of scratch it needs for a problem, allocated before timing.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "core/isa.h"
#include "core/problem.h"
#include "core/work.h"

namespace hotops {

using AnyKernel = void (*)();  // a family-typed kernel, cast back through Variant::kernel<Args>()

struct Variant {
  using Traffic = Work (*)(const Problem&, const Work& minimum);
  using Unsupported = std::string (*)(const Problem&);
  using Workspace = size_t (*)(const Problem&);
  using ComputesWith = const IsaInfo& (*)();

  std::string_view family, name;
  const IsaInfo* isa = nullptr;  // from the name suffix
  std::string_view paper;
  std::string_view provider_name = "hotops";
  AnyKernel any_kernel = nullptr;
  const std::type_info* args = nullptr;  // the kernel's argument type
  uint32_t extra_features = 0;
  Traffic traffic_model = nullptr;
  Unsupported unsupported_reason = nullptr;
  Workspace workspace_bytes = nullptr;
  ComputesWith compute_isa = nullptr;

  std::string_view algorithm() const { return name.substr(0, name.rfind("__")); }
  std::string_view isa_name() const { return isa->name; }
  Device device() const { return isa->device; }
  bool is_peer() const { return paper == "peer"; }
  bool is_own() const { return provider_name == "hotops"; }
  // The ISA the arithmetic runs on (the roofline's compute ceiling).
  const IsaInfo& computes_with() const { return compute_isa ? compute_isa() : *isa; }
  // Empty = runs here on this problem; else why not (missing CPU features first).
  std::string skip_reason(const Problem& p) const;
  size_t workspace(const Problem& p) const { return workspace_bytes ? workspace_bytes(p) : 0; }

  template <class Args>
  void (*kernel() const)(const Args&) {
    if (!args || *args != typeid(Args))
      throw std::logic_error("variant " + std::string(name) + " called with the wrong argument type");
    return reinterpret_cast<void (*)(const Args&)>(any_kernel);
  }

  // List options (see the top of this file).
  Variant& traffic(Traffic f) { return traffic_model = f, *this; }
  Variant& unsupported(Unsupported f) { return unsupported_reason = f, *this; }
  Variant& needs(uint32_t features) { return extra_features |= features, *this; }
  Variant& provider(std::string_view p) { return provider_name = p, *this; }
  Variant& computes_with(ComputesWith f) { return compute_isa = f, *this; }
  Variant& workspace(Workspace f) { return workspace_bytes = f, *this; }
};

// The ISA suffix of a variant name ("two_pass__avx2" -> "avx2"); "" without "__".
constexpr std::string_view isa_suffix(std::string_view name) {
  const size_t at = name.rfind("__");
  return at == std::string_view::npos ? std::string_view() : name.substr(at + 2);
}

// A family's variants in list order; add() is what HOTOPS_ADD_VARIANT expands to.
class VariantList {
 public:
  explicit VariantList(std::string_view family) : family_(family) {}
  template <class Args>
  Variant& add(std::string_view name, void (*kernel)(const Args&), std::string_view paper) {
    Variant v;
    v.family = family_, v.name = name, v.isa = &isa(isa_suffix(name)), v.paper = paper;
    v.any_kernel = reinterpret_cast<AnyKernel>(kernel), v.args = &typeid(Args);
    return variants_.emplace_back(v);
  }
  std::vector<Variant> take() { return std::move(variants_); }

 private:
  std::string_view family_;
  std::vector<Variant> variants_;
};

}  // namespace hotops

// Inside a function with a VariantList named `list`: `#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT`,
// then include the family's variants.inc. An ISA suffix missing from core/isa.inc does not compile.
#define HOTOPS_ADD_VARIANT(name, paper, ...)                                              \
  static_assert(::hotops::is_isa(::hotops::isa_suffix(#name)), "variant name " #name      \
                " must end in __<isa>, an ISA of core/isa.inc");                          \
  list.add(#name, &name, paper) __VA_ARGS__;
