// powernorm family: the shared per-channel case (common/channel_case.h), training forward.
#include "core/isa.h"
#include "norm/common/channel_case.h"
#include "norm/common/row_case.h"
#include "norm/powernorm/powernorm.h"

namespace hotops {
namespace norm::powernorm {
namespace {

const ChannelSpec kSpec{/*train=*/true, [](const Problem&) { return false; }};

std::vector<Variant> variants() {
#define HOTOPS_NORM_FAMILY "powernorm"
#define HOTOPS_NORM_VARIANTS "norm/powernorm/variants.inc"
#include "norm/common/variant_list.inc"
}

}  // namespace
}  // namespace norm::powernorm

const Family& powernorm_family() {
  using namespace norm;
  static const NormFamily f(channel_family(
      "powernorm",
      "PowerNorm training forward (2003.07845): normalize by the running quadratic mean and update it, f32/bf16",
      rows_schema({"f32", "bf16"}), row_test_problems({"f32", "bf16"}), powernorm::kSpec, powernorm::variants()));
  return f;
}

}  // namespace hotops
