// PowerNorm training forward (Shen et al., arXiv 2003.07845, Algorithm 1): normalize by the
// running quadratic mean, y = γ·x/√(ψ² + ε) + β (per column, no mean), and update it with
// the batch's: ψ² ← α·ψ² + (1 − α)·mean_rows(x²) — the shared per-channel family
// (common/channel_family.h) in training mode. Inference is affine_norm with stats=quadratic_mean.
#include "norm/common/channel_family.h"

HOTOPS_NORM_FAMILY(powernorm, channel_norm_family,
                   {.name = "powernorm",
                    .description = "PowerNorm training forward (2003.07845): normalize by the running quadratic mean "
                                   "and update it, f32/bf16",
                    .schema = norm::rows_schema({"f32", "bf16"}),
                    .test_problems = norm::row_test_problems({"f32", "bf16"}),
                    .train = true,
                    .uses_mean = [](const Problem&) { return false; }}) {
#define HOTOPS_VARIANT(...) HOTOPS_ADD_NORM_VARIANT(ChannelNormArgs, __VA_ARGS__)
#include "norm/powernorm/variants.inc"
#undef HOTOPS_VARIANT
}
