// THE fp64 reference of the vq_logits outputs, from the model (model.h), with the tolerances the
// f32 paths are held to. Every output is a function of the code logits L (T × K) and M: a dense
// layer's W is C[M], so its vocabulary logits are L[M(i)] exactly, and one reference serves the
// dense, gather and fused paths alike (README.md: the fused form and why it is exact).
#pragma once
#include <vector>

#include "core/check.h"
#include "vq_logits/model.h"

namespace hotops::vq_logits {

std::vector<Expected> reference_outputs(const Model& m);

// Relative error of one probability from the softmax family's kernels over n terms (its own
// budget, softmax/family.cpp).
double softmax_tolerance(int64_t n);

}  // namespace hotops::vq_logits
