// Which problems each kind of vq_logits variant runs (Variant::unsupported), and what the gather
// path does beyond the family minimum (Variant::traffic). Used by variants.inc.
#pragma once
#include <string>

#include "core/problem.h"
#include "core/work.h"
#include "vq_logits/paths.h"

namespace hotops::vq_logits {

// The per-ISA variants: our GEMV (T = 1) when h is given; any T when the logits are.
template <Path P>
std::string own_unsupported(const Problem& p);
// The *_matmul__jit variants: oneDNN's GEMM from h, any T.
template <Path P>
std::string matmul_unsupported(const Problem& p);
// The oneDNN peer: the dense layer, matmul + oneDNN's log-softmax / softmax.
std::string peer_unsupported(const Problem& p);

// The gather path reads M and evaluates V exps per token where the minimum (the fused form)
// reads n_j and evaluates K.
Work gather_traffic(const Problem& p, const Work& minimum);

}  // namespace hotops::vq_logits
