// Attention family: problem schema, operands by role, and the run binding; the work model,
// inputs and fp64 reference are in work.cpp, inputs.cpp and reference.cpp.
#include <fmt/format.h>

#include "attention/config.h"
#include "core/define_family.h"
#include "core/family.h"
#include "peers/isa.h"

namespace hotops::attention {
namespace {

class AttentionFamily final : public Family {
 public:
  explicit AttentionFamily(std::vector<Variant> variants)
      : Family({"attention",
                "attention per head, by kind: softmax, sigmoid (2409.04431), softplus (2501.13428) — flash and "
                "materialized, fwd and bwd (softplus fwd), bf16 flash fwd — and linear (2006.16236, fwd)",
                ProblemSchema().integer("heads", 1).integer("n").optional_integer("kv").integer("d")
                    .flag("causal", false).choice("kind", {"softmax", "sigmoid", "linear", "softplus"}).flag("lse", true)
                    .optional_real("scale", 1e-6, 1e6).optional_real("bias", -1e6, 1e6)
                    .optional_real("length_scale", 0, 1e3).optional_real("power", 0.5, 4)
                    .dtypes("dtype", {"f32", "bf16"}).direction({"fwd", "bwd"}),
                {"normal", "wide", "huge", "equal"}, test_problems()},
               std::move(variants)) {}

  Work work(const Problem& p) const override { return family_work(p); }
  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const Config c = config(p);
    const DType t = c.bf16 ? DType::bf16 : DType::f32;
    const std::vector<int64_t> qs = {c.heads, c.n, c.d}, ks = {c.heads, c.nk, c.d}, ls = {c.heads, c.n, 1};
    const bool softmax = c.kind == Kind::softmax, saves_lse = softmax && c.lse;
    std::vector<Operand> ops = {{"q", t, qs, Access::in}, {"k", t, ks, Access::in}, {"v", t, ks, Access::in}};
    if (!c.backward) {
      ops.push_back({"o", t, qs, Access::out});
      if (saves_lse) ops.push_back({"lse", DType::f32, ls, Access::out});
      return ops;
    }
    if (softmax) ops.push_back({"o", t, qs, Access::in}), ops.push_back({"lse", DType::f32, ls, Access::in});
    ops.push_back({"do", t, qs, Access::in});
    for (const char* g : {"dq", "dk", "dv"}) ops.push_back({g, DType::f32, g[1] == 'q' ? qs : ks, Access::out});
    return ops;
  }
  void fill(Case& c) const override { fill_inputs(c); }
  std::vector<Expected> reference(const Case& c) const override { return attention::reference(c); }
  void run(const Variant& v, Case& cs) const override {
    const Config c = config(cs.problem());
    const bool softmax = c.kind == Kind::softmax;
    auto opt = [&](const char* role, bool present) { return present ? cs.ptr<float>(role) : nullptr; };
    AttnArgs a{c.heads, c.n, c.nk, c.d, c.kind, c.causal, c.backward, c.bf16, float(c.scale), float(c.bias),
               float(c.length_scale), float(c.power), cs.ptr<void>("q"), cs.ptr<void>("k"), cs.ptr<void>("v"),
               (softmax || !c.backward) ? cs.ptr<void>("o") : nullptr, opt("lse", softmax && (c.backward || c.lse)),
               c.backward ? cs.ptr<void>("do") : nullptr, opt("dq", c.backward), opt("dk", c.backward),
               opt("dv", c.backward), cs.workspace(), cs.context().threads};
    v.kernel<AttnArgs>()(a);
  }

 private:
  // Every kind and direction at awkward sizes: n = 1, n and kv not multiples of any tile,
  // d ∈ {1, 63, 64, 128}, causal with kv < n (rows that see no key) and kv > n.
  static std::vector<std::string> test_problems() {
    std::vector<std::string> out;
    const char* shapes[] = {"n=1,d=1", "n=1,kv=37,d=64", "n=5,d=63", "n=70,d=64", "n=131,d=128", "heads=2,n=67,d=1",
                            "n=100,kv=40,d=17", "n=40,kv=150,d=33"};
    for (const char* kind : {"softmax", "sigmoid", "softplus", "linear"})
      for (const char* shape : shapes)
        for (const char* causal : {"false", "true"})
          for (const char* dir : {"fwd", "bwd"}) {
            const std::string_view k = kind;
            if (dir == std::string_view("bwd") && (k == "softplus" || k == "linear")) continue;  // forward only
            out.push_back(fmt::format("{},causal={},kind={},dir={}", shape, causal, kind, dir));
          }
    for (const char* extra : {"n=129,d=64,kind=softmax,dtype=bf16", "n=65,kv=200,d=63,causal=true,dtype=bf16",
                              "n=64,d=128,kind=sigmoid,dtype=bf16,causal=true", "n=3,d=2,kind=softplus,dtype=bf16",
                              "n=77,d=32,kind=softplus,power=2", "n=50,d=16,kind=sigmoid,bias=-1.5,scale=0.5", "n=130,d=64,lse=false",
                              "n=1,kv=70,d=5,lse=false", "heads=3,n=33,kv=9,d=128,lse=false"})
      out.push_back(extra);
    return out;
  }
};

}  // namespace
}  // namespace hotops::attention

HOTOPS_DEFINE_FAMILY(attention, AttentionFamily) {
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "attention/variants.inc"
#undef HOTOPS_VARIANT
}
