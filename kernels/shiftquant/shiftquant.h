// ShiftQuant family (arXiv 2411.10948; README.md: "our reading"): a Linear layer's training step
// Y = X·W, dX = dY·Wᵀ, dW = Xᵀ·dY with each GEMM's operands quantized along its reduction
// dimension, and the baselines it is measured against. Three kinds of variant, by name prefix:
//   quantize_*  op=quantize  the quantizers (x along K, w along K, dy along N)
//   gemm_*      op=gemm      Y = X·W on already-quantized (or fp16/bf16/f32) operands
//   step_*      op=step      the training step from f32 X, W, dY to f32 Y, dX, dW (dir: fwd/bwd/train)
#pragma once
#include <cstdint>
#include <string>
#include <string_view>

#include "core/problem.h"
#include "core/variant.h"
#include "gemm/gemm.h"
#include "shiftquant/quantize.h"

namespace hotops::shiftquant {

enum class Op : uint8_t { step, gemm, quantize };
// The numbers a problem's GEMMs run on: integer codes with power-of-two groups (ShiftQuant),
// float-scale groups or one float scale per row; or a floating-point storage format.
enum class Format : uint8_t { shift, floatgroup, rowwise, f32, f16, bf16 };
std::string_view format_name(Format f);

// Everything a kernel needs to know about a problem's numbers, from its keys.
struct Numerics {
  Format format;
  int bits = 0, g_bits = 0;  // X and W; dY (integer formats)
  int64_t group = 0;         // pow2 / float groups along each reduction
  bool stochastic = false;   // dY's rounding
  bool integer() const { return format == Format::shift || format == Format::floatgroup || format == Format::rowwise; }
  Scale scale() const { return format == Format::shift ? Scale::pow2 : format == Format::floatgroup ? Scale::fp : Scale::row; }
  QuantSpec spec(bool gradient, uint64_t seed = 0, uint32_t stream = 0) const {
    return {gradient ? g_bits : bits, scale(), group, gradient && stochastic, seed, stream};
  }
};
Op op_of(const Problem& p);
Numerics numerics_of(const Problem& p);
bool fwd_of(const Problem& p);  // the step computes Y
bool bwd_of(const Problem& p);  // the step computes dX and dW

// A quantized operand as kernels see it: codes (int8, or int4 packed) and their scales.
struct QView {
  const void* codes;
  bool int4;
  const int8_t* exps;   // shift
  const float* scales;  // floatgroup, rowwise
};

struct QuantizeArgs {
  int64_t tokens, k, n;
  Numerics num;
  uint64_t seed;
  const float *x, *w, *dy;
  QuantOut qx, qw, qdy;  // x along K (rows), w along K (cols), dy along N (rows)
};

struct GemmArgs {  // y = x·w: tokens×k times k×n
  int64_t tokens, k, n;
  Numerics num;
  int threads;
  QView qx, qw;           // integer formats
  const void *x, *w;      // f32 / f16 / bf16 formats
  void* out;              // int64 (shift), int32 (rowwise), f32 (others)
};

struct StepArgs {
  int64_t tokens, k, n;
  Numerics num;
  bool fwd, bwd;
  uint64_t seed;  // stochastic rounding of dY
  int threads;
  const float *x, *w, *dy;
  float *y, *dx, *dw;  // y when fwd; dx, dw when bwd
  void* workspace;     // step_workspace(p) bytes
};

// Scratch of a step: quantized (or fp16/bf16) copies of its operands.
size_t step_workspace(const Problem& p);

// Stochastic-rounding streams of dY's two quantizations.
inline constexpr uint32_t kStreamDyRows = 1, kStreamDyCols = 2;

// Which problems a variant runs: `op` and `format` must match (else the reason).
template <Op O, Format F>
std::string needs(const Problem& p);
// The oneDNN peers read int8 codes only (oneDNN 2.6 has no int4 matmul).
template <Op O, Format F>
std::string needs_int8_storage(const Problem& p);

// oneDNN's int8 matmul runs on VNNI wherever its dispatch level includes it (avx512_core_bf16 and
// up do): the roofline's int8 ceiling for the oneDNN int8 peers.
const IsaInfo& onednn_int8_isa();

// Each variant's argument type follows from its name prefix.
constexpr Op op_of_name(std::string_view name) {
  return name.starts_with("quantize") ? Op::quantize : name.starts_with("gemm") ? Op::gemm : Op::step;
}
template <Op O>
struct ArgsFor;
template <>
struct ArgsFor<Op::quantize> {
  using type = QuantizeArgs;
};
template <>
struct ArgsFor<Op::gemm> {
  using type = GemmArgs;
};
template <>
struct ArgsFor<Op::step> {
  using type = StepArgs;
};

#define HOTOPS_VARIANT(name, ...) void name(const ArgsFor<op_of_name(#name)>::type& a);
#include "shiftquant/variants.inc"
#undef HOTOPS_VARIANT

// What variants share: one GEMM on a GemmArgs, one training step on a StepArgs, with the named
// GEMM ISA and quantizer ISA ("rearranged" picks the float-group rearrangement).
void run_gemm(gemm::Isa isa, bool rearranged, const GemmArgs& a);
void run_step(gemm::Isa isa, QIsa qisa, bool rearranged, const StepArgs& a);

}  // namespace hotops::shiftquant
