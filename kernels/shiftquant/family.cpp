// ShiftQuant family: schema and its limits, work model, operands by op and format, inputs.
// The fp64 references are in expected.cpp.
#include <fmt/format.h>

#include <cmath>

#include "core/define_family.h"
#include "core/family.h"
#include "gemm/gemm.h"
#include "shiftquant/expected.h"
#include "shiftquant/inputs.h"
#include "shiftquant/plan.h"
#include "shiftquant/reference.h"
#include "shiftquant/shiftquant.h"
#ifdef HOTOPS_HAVE_ONEDNN
#include "peers/isa.h"
#endif

namespace hotops::shiftquant {
namespace {

DType code_dtype(int bits) { return packs_int4(bits) ? DType::int4 : DType::int8; }

// Operands of one quantization of an rows×cols matrix named `name`: codes q<name> and exponents
// e<name> (pow2) or scales s<name>.
void add_quantized(std::vector<Operand>& ops, const std::string& name, const Numerics& num, bool gradient, Along along,
                   Shape2 s, Access access) {
  const QuantSpec q = num.spec(gradient);
  ops.push_back({"q" + name, code_dtype(q.bits), {s.rows, s.cols}, access});
  const int64_t count = int64_t(scale_count(q, along, s));
  if (num.format == Format::shift) {
    ops.push_back({"e" + name, DType::int8, {count}, access});
  } else {
    ops.push_back({"s" + name, DType::f32, {count}, access});
  }
}

class ShiftQuantFamily final : public Family {
 public:
  explicit ShiftQuantFamily(std::vector<Variant> variants)
      : Family({"shiftquant",
                "Linear-layer training step with K-group quantized GEMMs: ShiftQuant (2411.10948, power-of-two "
                "scales, shift-combined int32 group sums) vs float-scale groups, per-row int8, fp32/bf16/fp16",
                ProblemSchema()
                    .integer("tokens")
                    .integer("k")
                    .integer("n")
                    .choice("op", {"step", "gemm", "quantize"})
                    .choice("dtype", {"int8", "int6", "int4", "f32", "f16", "bf16"})
                    .choice("scale", {"pow2", "float", "row"})
                    .integer("group", 128)
                    .choice("g_dtype", {"same", "int8", "int6", "int4"})
                    .choice("rounding", {"stochastic", "nearest"})
                    .direction({"train", "fwd", "bwd"}),
                kInputs,
                {"tokens=1,k=1,n=1,op=gemm,group=32", "tokens=5,k=130,n=17,op=gemm,group=32",
                 "tokens=5,k=130,n=17,op=gemm,dtype=int4,group=64", "tokens=5,k=130,n=17,op=gemm,scale=float,group=32",
                 "tokens=5,k=130,n=17,op=gemm,dtype=int4,scale=float,group=32",
                 "tokens=5,k=130,n=17,op=gemm,scale=row", "tokens=5,k=130,n=17,op=gemm,dtype=int4,scale=row",
                 "tokens=13,k=300,n=35,op=gemm,dtype=int6,group=128", "tokens=13,k=300,n=35,op=gemm,dtype=f32",
                 "tokens=13,k=300,n=35,op=gemm,dtype=f16", "tokens=13,k=300,n=35,op=gemm,dtype=bf16",
                 "tokens=1,k=37,n=33,op=quantize,group=32", "tokens=7,k=130,n=66,op=quantize,dtype=int4,group=32",
                 "tokens=7,k=130,n=66,op=quantize,dtype=int6,scale=float,group=64,rounding=nearest",
                 "tokens=7,k=130,n=66,op=quantize,scale=row",
                 "tokens=1,k=40,n=24,group=32", "tokens=33,k=70,n=45,dtype=int4,g_dtype=int8,group=32",
                 "tokens=33,k=70,n=45,dtype=int6,scale=float,group=32",
                 "tokens=33,k=70,n=45,scale=row", "tokens=33,k=70,n=45,dtype=int4,scale=row,dir=bwd",
                 "tokens=20,k=64,n=48,dtype=int4,dir=fwd,group=32", "tokens=33,k=70,n=45,dtype=f32",
                 "tokens=33,k=70,n=45,dtype=f16", "tokens=33,k=70,n=45,dtype=bf16,dir=bwd"}},
               std::move(variants)) {}

  void validate(const Problem& p) const override {
    const Numerics num = numerics_of(p);
    const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n"), g = p.dim("group");
    if (g < 4 || g > 4096 || (g & (g - 1)))
      throw ProblemError(fmt::format("'group={}' in problem '{}': a power of two in [4, 4096] (the paper's: 32, 64, 128)",
                                     g, p.repro));
    if (!num.integer()) {
      if (op_of(p) == Op::quantize)
        throw ProblemError(fmt::format("'op=quantize' in problem '{}': only integer dtypes are quantized", p.repro));
      if (p.option("g_dtype") != "same")
        throw ProblemError(fmt::format("'g_dtype' in problem '{}': the gradient of a {} step is {} too", p.repro,
                                       p.option("dtype"), p.option("dtype")));
      return;
    }
    // The reductions the problem's GEMMs run: K (Y = X·W), N (dX), tokens (dW).
    std::vector<std::pair<const char*, int64_t>> reductions = {{"k", k}};
    if (op_of(p) == Op::step && bwd_of(p)) reductions = {{"k", k}, {"n", n}, {"tokens", t}};
    if (op_of(p) == Op::step && !fwd_of(p)) reductions.erase(reductions.begin());
    const int64_t limit = num.format == Format::shift ? gemm::max_k_shift() : gemm::max_k_s32();
    for (auto [key, len] : reductions)
      if (op_of(p) != Op::quantize && len > limit)
        throw ProblemError(fmt::format("'{}={}' in problem '{}': a reduction over {} int{} products can overflow the "
                                       "exact {} accumulation (at most {})",
                                       key, len, p.repro, len, num.bits, num.format == Format::shift ? "int64" : "int32",
                                       limit));
    if (double(t) * double(std::max(k, n)) >= 4294967296.0)
      throw ProblemError(fmt::format("problem '{}': tensors of 2^32 elements or more (stochastic rounding indexes "
                                     "elements with 32 bits)", p.repro));
  }

  Work work(const Problem& p) const override {
    const Numerics num = numerics_of(p);
    const double t = double(p.dim("tokens")), k = double(p.dim("k")), n = double(p.dim("n"));
    const Op op = op_of(p);
    const bool fwd = op != Op::step || fwd_of(p), bwd = op == Op::step && bwd_of(p);
    Work w;
    w.elements = t;
    const double in_bits = num.integer() ? num.bits : num.format == Format::f32 ? 32 : 16;
    if (op == Op::quantize) {  // per element: |x|, max, scale, round, clamp (+ the hash for dY)
      const double e = t * k + k * n + t * n;
      w.f32 = 5 * e;
      w.bytes_read = 4 * e;
      w.bytes_written = (t * k + k * n) * num.bits / 8 + t * n * num.g_bits / 8;
      return w;
    }
    const double macs = t * k * n * ((fwd ? 1 : 0) + (bwd ? 2 : 0));
    if (!num.integer()) {
      (num.format == Format::bf16 ? w.bf16_dot : w.f32) = 2 * macs;
    } else {
      (num.bits == 4 && (!bwd || num.g_bits == 4) ? w.int4_mac : w.int8_mac) = 2 * macs;
    }
    if (op == Op::gemm) {
      const double out_bytes = num.format == Format::shift ? 8 : 4;
      w.bytes_read = (t * k + k * n) * in_bits / 8;
      w.bytes_written = t * n * out_bytes;
      return w;
    }
    // The step: X, W, dY read once (f32), the outputs written once; quantization or conversion of
    // each operand as its GEMMs need it (5 f32 ops per element and quantization, 1 per conversion).
    const double x = t * k, wt = k * n, dy = t * n;
    w.bytes_read = 4 * (x + wt + (bwd ? dy : 0));
    w.bytes_written = 4 * ((fwd ? t * n : 0) + (bwd ? x + wt : 0));
    if (num.integer()) {
      w.f32 += 5 * ((fwd ? x + wt : 0) + (bwd ? 2 * dy + wt + x : 0));
    } else if (num.format != Format::f32) {
      w.f32 += x + wt + (bwd ? dy : 0);
    }
    return w;
  }

  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const Numerics num = numerics_of(p);
    const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n");
    std::vector<Operand> ops;
    switch (op_of(p)) {
      case Op::quantize:
        ops = {{"x", DType::f32, {t, k}, Access::in}, {"w", DType::f32, {k, n}, Access::in},
               {"dy", DType::f32, {t, n}, Access::in}};
        add_quantized(ops, "x", num, false, Along::rows, {t, k}, Access::out);
        add_quantized(ops, "w", num, false, Along::cols, {k, n}, Access::out);
        add_quantized(ops, "dy", num, true, Along::rows, {t, n}, Access::out);
        return ops;
      case Op::gemm:
        if (num.integer()) {
          add_quantized(ops, "x", num, false, Along::rows, {t, k}, Access::in);
          add_quantized(ops, "w", num, false, Along::cols, {k, n}, Access::in);
          if (num.format == Format::floatgroup) {
            ops.push_back({"y", DType::f32, {t, n}, Access::out});
          } else {
            ops.push_back({"acc", num.format == Format::shift ? DType::int64 : DType::int32, {t, n}, Access::out});
          }
          return ops;
        }
        {
          const DType d = num.format == Format::f32 ? DType::f32 : num.format == Format::f16 ? DType::f16 : DType::bf16;
          return {{"x", d, {t, k}, Access::in}, {"w", d, {k, n}, Access::in}, {"y", DType::f32, {t, n}, Access::out}};
        }
      case Op::step:
        ops = {{"x", DType::f32, {t, k}, Access::in}, {"w", DType::f32, {k, n}, Access::in},
               {"dy", DType::f32, {t, n}, Access::in}};
        if (fwd_of(p)) ops.push_back({"y", DType::f32, {t, n}, Access::out});
        if (bwd_of(p)) {
          ops.push_back({"dx", DType::f32, {t, k}, Access::out});
          ops.push_back({"dw", DType::f32, {k, n}, Access::out});
        }
        return ops;
    }
    return ops;
  }

  void fill(Case& c) const override {
    const Problem& p = c.problem();
    const Numerics num = numerics_of(p);
    const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n"), g = p.dim("group");
    if (op_of(p) != Op::gemm) {
      fill_input(c.tensor("x").host_as<float>(), t, k, c.input(), g, c.seed());
      fill_input(c.tensor("w").host_as<float>(), k, n, c.input(), g, c.seed() + 1);
      fill_input(c.tensor("dy").host_as<float>(), t, n, c.input(), g, c.seed() + 2);
      return;
    }
    std::vector<float> x(size_t(t * k)), w(size_t(k * n));
    fill_input(x.data(), t, k, c.input(), g, c.seed());
    fill_input(w.data(), k, n, c.input(), g, c.seed() + 1);
    if (!num.integer()) {  // stored rounded to the format
      Tensor &tx = c.tensor("x"), &tw = c.tensor("w");
      for (size_t i = 0; i < x.size(); ++i) tx.put(i, x[i]);
      for (size_t i = 0; i < w.size(); ++i) tw.put(i, w[i]);
      return;
    }
    store_quantized(c, "x", ref_quantize(num.spec(false), Along::rows, x.data(), t, k), num);
    store_quantized(c, "w", ref_quantize(num.spec(false), Along::cols, w.data(), k, n), num);
  }

  std::vector<Expected> reference(const Case& c) const override { return expected(c); }

  void run(const Variant& v, Case& c) const override {
    const Problem& p = c.problem();
    const Numerics num = numerics_of(p);
    const int64_t t = p.dim("tokens"), k = p.dim("k"), n = p.dim("n");
    const bool shift = num.format == Format::shift;
    auto out = [&](const char* name) {  // a quantized output
      const std::string s(name);
      return QuantOut{c.tensor("q" + s).host(), c.tensor("q" + s).dtype() == DType::int4,
                      shift ? c.ptr<int8_t>("e" + s) : nullptr, shift ? nullptr : c.ptr<float>("s" + s)};
    };
    auto view = [&](const char* name) {  // a quantized input
      const QuantOut o = out(name);
      return QView{o.codes, o.int4, o.exps, o.scales};
    };
    switch (op_of(p)) {
      case Op::quantize:
        return v.kernel<QuantizeArgs>()({t, k, n, num, c.seed(), c.ptr<float>("x"), c.ptr<float>("w"),
                                         c.ptr<float>("dy"), out("x"), out("w"), out("dy")});
      case Op::gemm: {
        GemmArgs a{t, k, n, num, c.context().threads, {}, {}, nullptr, nullptr, nullptr};
        if (num.integer()) {
          a.qx = view("x"), a.qw = view("w");
          a.out = c.tensor(num.format == Format::floatgroup ? "y" : "acc").host();
        } else {
          a.x = c.tensor("x").host(), a.w = c.tensor("w").host(), a.out = c.ptr<float>("y");
        }
        return v.kernel<GemmArgs>()(a);
      }
      case Op::step: {
        const bool fwd = fwd_of(p), bwd = bwd_of(p);
        return v.kernel<StepArgs>()({t, k, n, num, fwd, bwd, c.seed(), c.context().threads, c.ptr<float>("x"),
                                     c.ptr<float>("w"), c.ptr<float>("dy"), fwd ? c.ptr<float>("y") : nullptr,
                                     bwd ? c.ptr<float>("dx") : nullptr, bwd ? c.ptr<float>("dw") : nullptr,
                                     c.workspace()});
      }
    }
  }

 private:
  static void store_quantized(Case& c, const std::string& name, const RefQuant& q, const Numerics& num) {
    Tensor& codes = c.tensor("q" + name);
    for (size_t i = 0; i < q.codes.size(); ++i) codes.put(i, q.codes[i]);
    if (num.format == Format::shift) {
      Tensor& e = c.tensor("e" + name);
      for (size_t i = 0; i < q.exps.size(); ++i) e.put(i, q.exps[i]);
    } else {
      Tensor& s = c.tensor("s" + name);
      for (size_t i = 0; i < q.scales.size(); ++i) s.put(i, q.scales[i]);
    }
  }
};

}  // namespace
}  // namespace hotops::shiftquant

HOTOPS_DEFINE_FAMILY(shiftquant, ShiftQuantFamily) {
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "shiftquant/variants.inc"
#undef HOTOPS_VARIANT
}
