// From problem keys to the numbers kernels run on; which variant runs which problem; the
// workspace plan of a step.
#include <fmt/format.h>

#include "shiftquant/plan.h"
#include "shiftquant/shiftquant.h"
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/isa.h"
#endif

namespace hotops::shiftquant {
namespace {

int bits_of(const std::string& dtype) { return dtype == "int8" ? 8 : dtype == "int6" ? 6 : dtype == "int4" ? 4 : 0; }

size_t align64(size_t x) { return (x + 63) / 64 * 64; }

}  // namespace

std::string_view format_name(Format f) {
  static constexpr std::string_view kNames[] = {"shift", "floatgroup", "rowwise", "f32", "f16", "bf16"};
  return kNames[size_t(f)];
}

Op op_of(const Problem& p) {
  const std::string& op = p.option("op");
  return op == "gemm" ? Op::gemm : op == "quantize" ? Op::quantize : Op::step;
}

Numerics numerics_of(const Problem& p) {
  Numerics n;
  const std::string& dtype = p.option("dtype");
  n.bits = bits_of(dtype);
  if (n.bits == 0) {
    n.format = dtype == "f32" ? Format::f32 : dtype == "f16" ? Format::f16 : Format::bf16;
    return n;
  }
  const std::string& scale = p.option("scale");
  n.format = scale == "pow2" ? Format::shift : scale == "float" ? Format::floatgroup : Format::rowwise;
  const std::string& g = p.option("g_dtype");
  n.g_bits = g == "same" ? n.bits : bits_of(g);
  n.group = p.dim("group");
  n.stochastic = p.option("rounding") == "stochastic";
  return n;
}

bool fwd_of(const Problem& p) { return p.direction() != "bwd"; }
bool bwd_of(const Problem& p) { return p.direction() != "fwd"; }

template <Op O, Format F>
std::string needs(const Problem& p) {
  static constexpr std::string_view kOps[] = {"step", "gemm", "quantize"};
  if (op_of(p) != O) return fmt::format("runs op={} only", kOps[size_t(O)]);
  if (O == Op::quantize) return numerics_of(p).integer() ? "" : "quantizes integer formats only";
  const Format f = numerics_of(p).format;
  if (f == F) return "";
  return fmt::format("runs the {} format only (this problem: {})", format_name(F), format_name(f));
}

template <Op O, Format F>
std::string needs_int8_storage(const Problem& p) {
  if (std::string why = needs<O, F>(p); !why.empty()) return why;
  return numerics_of(p).bits == 4 ? "oneDNN 2.6 has no int4 matmul (the codes are stored packed)" : "";
}

#define HOTOPS_NEEDS(O, F) template std::string needs<Op::O, Format::F>(const Problem&);
#define HOTOPS_NEEDS_ALL(O) \
  HOTOPS_NEEDS(O, shift) HOTOPS_NEEDS(O, floatgroup) HOTOPS_NEEDS(O, rowwise) HOTOPS_NEEDS(O, f32) HOTOPS_NEEDS(O, f16) HOTOPS_NEEDS(O, bf16)
HOTOPS_NEEDS_ALL(step)
HOTOPS_NEEDS_ALL(gemm)
HOTOPS_NEEDS_ALL(quantize)
#undef HOTOPS_NEEDS_ALL
#undef HOTOPS_NEEDS
template std::string needs_int8_storage<Op::gemm, Format::rowwise>(const Problem&);
template std::string needs_int8_storage<Op::step, Format::rowwise>(const Problem&);

const IsaInfo& onednn_int8_isa() {
#ifdef HOTOPS_HAVE_ONEDNN
  const IsaInfo& i = peers::onednn_isa();
  return i.name == "avx512bf16" ? isa("avx512vnni") : i;  // oneDNN's bf16 level includes VNNI
#else
  return isa("scalar");
#endif
}

StepPlan step_plan(int64_t tokens, int64_t k, int64_t n, const Numerics& num, bool fwd, bool bwd) {
  StepPlan plan;
  size_t at = 0;
  if (num.integer()) {
    for (size_t i = 0; i < kStepQuant.size(); ++i) {
      const QuantJob& j = kStepQuant[i];
      if (i < 2 ? !fwd : !bwd) continue;
      const Shape2 s = shape_of(j.tensor, tokens, k, n);
      const QuantSpec q = num.spec(j.gradient);
      plan.quant[i].used = true;
      plan.quant[i].codes = at;
      at += align64(code_bytes(q.bits, s));
      plan.quant[i].scales = at;
      at += align64(scale_count(q, j.along, s) * (num.format == Format::shift ? 1 : sizeof(float)));
    }
  } else if (num.format != Format::f32) {
    const Shape2 shapes[3] = {{tokens, k}, {k, n}, {tokens, n}};
    for (int t = 0; t < 3; ++t) {
      plan.half[size_t(t)] = at;
      at += align64(size_t(shapes[t].rows * shapes[t].cols) * 2);
    }
  }
  plan.bytes = at;
  return plan;
}

size_t step_workspace(const Problem& p) {
  if (op_of(p) != Op::step) return 0;
  return step_plan(p.dim("tokens"), p.dim("k"), p.dim("n"), numerics_of(p), fwd_of(p), bwd_of(p)).bytes;
}

}  // namespace hotops::shiftquant
