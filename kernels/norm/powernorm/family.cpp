// powernorm family: the shared per-channel family (common/channel_family.h), training forward.
#include "norm/common/channel_family.h"
#include "norm/powernorm/powernorm.h"

namespace hotops::norm::powernorm {
namespace {

std::vector<Variant> list_variants() {
  VariantList list("powernorm");
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "norm/powernorm/variants.inc"
#undef HOTOPS_VARIANT
  return list.take();
}

}  // namespace
}  // namespace hotops::norm::powernorm

namespace hotops {
const Family& powernorm_family() {
  using namespace norm;
  static const ChannelFamily f(
      {.name = "powernorm",
       .description = "PowerNorm training forward (2003.07845): normalize by the running quadratic mean and update it, "
                      "f32/bf16",
       .schema = rows_schema({"f32", "bf16"}),
       .test_problems = row_test_problems({"f32", "bf16"}),
       .train = true,
       .uses_mean = [](const Problem&) { return false; }},
      powernorm::list_variants());
  return f;
}
}  // namespace hotops
