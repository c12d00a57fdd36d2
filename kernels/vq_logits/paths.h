// The three ways to the same output (README.md): dense (logits over V from W), gather (code
// logits, gathered over V, then the V-wide head) and fused (the head over the K codes, weighted
// by n_j: no V-wide tensor). Each variant is one call of run() with its ISA's Ops.
// Declarations only, so that a variant file compiled with its ISA's flags emits no inline code
// of the headers a baseline file uses too.
#pragma once
#include <cstddef>
#include <cstdint>

namespace hotops {
struct Problem;
}

namespace hotops::vq_logits {

struct VqArgs;
struct Ops;

enum class Path : uint8_t { dense, gather, fused };
// Where the layer's logits come from when h is given: our GEMV per token (streams the weights
// once per token: T = 1), or a GEMM over all tokens (oneDNN's matmul until kernels/gemm lands).
enum class Gemm : uint8_t { gemv, matmul };

void run(Path path, Gemm gemm, const Ops& ops, const VqArgs& a);

const Ops& ops_scalar();
const Ops& ops_avx2();
const Ops& ops_avx512f();
const Ops& best_ops();  // the widest table this CPU runs (for the *_matmul__jit variants)

// Bytes of scratch a path needs on problem p (Variant::workspace).
template <Path P>
size_t workspace(const Problem& p);
size_t peer_workspace(const Problem& p);

}  // namespace hotops::vq_logits
