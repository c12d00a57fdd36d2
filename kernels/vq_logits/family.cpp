// vq_logits family: problem schema and its rules, work model, operands, fill, run (README.md).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <cstring>

#include "core/define_family.h"
#include "core/family.h"
#include "peers/isa.h"
#include "vq_logits/model.h"
#include "vq_logits/reference.h"
#include "vq_logits/rules.h"
#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {
namespace {

// Relations between keys, refused when the problem is parsed (before anything is allocated).
std::string problem_rule(const Problem& p) {
  const Shape s(p);
  if (s.K > s.V) return fmt::format("codes={} exceeds vocab={}: a codebook has at most one code per token", s.K, s.V);
  if (s.V > INT32_MAX) return fmt::format("vocab={} does not fit the int32 token ids", s.V);
  if (s.map_int16 && s.K > 32768) return fmt::format("codes={} do not fit map_dtype=int16 (codes ≤ 32768)", s.K);
  if (s.out == Out::sample && s.layer == Layer::dense)
    return "out=sample is the codebook layer's factorised draw (layer=codebook)";
  return "";
}

ProblemSchema vq_schema() {
  return ProblemSchema()
      .integer("tokens", 1).integer("vocab").integer("codes").integer("d", 768)
      .choice("layer", {"codebook", "dense"}).choice("from", {"hidden", "logits"})
      .choice("out", {"logprob", "loss_grad", "sample"})
      .dtypes("dtype", {"f32", "bf16"}).dtypes("map_dtype", {"int32", "int16"}).choice("map", {"random", "clustered"})
      .rule(problem_rule);
}

// Typed pointer to an operand the problem may not have (null then).
template <class T>
T* maybe(Case& c, const char* role, bool has) {
  return has ? c.ptr<T>(role) : nullptr;
}

class VqLogitsFamily final : public Family {
 public:
  explicit VqLogitsFamily(std::vector<Variant> variants)
      : Family({"vq_logits",
                "output layer through a codebook (2505.10202): dense h·Wᵀ vs code logits gathered over V vs the fused "
                "form over K codes; log-probabilities, cross-entropy and its gradient, sampling",
                vq_schema(), input_kinds(),
                {"vocab=1,codes=1,d=1", "vocab=17,codes=7,d=19", "vocab=17,codes=17,d=33,map=clustered",
                 "vocab=100,codes=9,d=64,dtype=bf16", "vocab=1000,codes=33,d=17,map_dtype=int16",
                 "vocab=4099,codes=100,d=40,map=clustered,map_dtype=int16",
                 "tokens=3,vocab=300,codes=20,from=logits", "tokens=2,vocab=33,codes=5,d=24,from=logits,map=clustered",
                 "vocab=17,codes=7,d=19,layer=dense", "vocab=1000,codes=33,d=17,layer=dense,dtype=bf16",
                 "tokens=3,vocab=300,codes=20,layer=dense,from=logits",
                 "tokens=4,vocab=257,codes=16,d=40", "tokens=5,vocab=257,codes=16,d=40,layer=dense",
                 "vocab=17,codes=7,d=19,out=loss_grad", "vocab=1000,codes=33,d=17,out=loss_grad,map_dtype=int16",
                 "tokens=3,vocab=300,codes=20,from=logits,out=loss_grad,map=clustered",
                 "vocab=100,codes=9,d=64,dtype=bf16,out=loss_grad,layer=dense",
                 "tokens=3,vocab=4099,codes=64,d=16,out=loss_grad,layer=dense",
                 "tokens=2,vocab=70000,codes=3,from=logits,out=loss_grad",
                 "vocab=17,codes=7,d=19,out=sample", "tokens=9,vocab=1000,codes=33,d=17,out=sample,map=clustered",
                 "tokens=7,vocab=300,codes=20,from=logits,out=sample,map_dtype=int16"}},
               std::move(variants)) {}

  // The least any path must do: the layer's product (2·T·rows·d, rows = V dense or K codebook),
  // one exp per logit of the head's width, and the weights streamed once.
  Work work(const Problem& p) const override {
    const Shape s(p);
    const double T = double(s.T), rows = double(s.rows()), d = double(s.d), es = s.bf16 ? 2 : 4;
    Work w;
    w.elements = T;
    if (s.from == From::hidden) {
      (s.bf16 ? w.bf16_dot : w.f32) = 2 * T * rows * d;
      w.bytes_read = (rows + T) * d * es;
    } else {
      w.bytes_read = T * rows * 4;
    }
    w.exp = T * rows, w.f32 += 3 * T * rows, w.log = T;  // max, subtract, add; log Z
    if (s.layer == Layer::codebook) w.bytes_read += double(s.K) * 4 + T * (s.map_int16 ? 2 : 4);  // log n_j, M(t)
    w.bytes_read += s.out == Out::sample ? T * (16 + 4) + (double(s.K) + 1) * 4 : T * 4;  // u, M⁻¹ / targets
    w.bytes_written = T * 8 + (s.out == Out::loss_grad ? T * rows * 4 : 0);
    return w;
  }

  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    const Shape s(p);
    const DType wt = s.bf16 ? DType::bf16 : DType::f32;
    std::vector<Operand> o;
    if (s.from == From::hidden) {
      o.push_back({"h", wt, {s.T, s.d}, Access::in});
      o.push_back({s.layer == Layer::dense ? "w" : "c", wt, {s.rows(), s.d}, Access::in});
    } else {
      o.push_back({"logits", DType::f32, {s.T, s.rows()}, Access::in});
    }
    if (s.layer == Layer::codebook) {
      o.push_back({"map", s.map_int16 ? DType::int16 : DType::int32, {s.V}, Access::in});
      o.push_back({"log_counts", DType::f32, {s.K}, Access::in});
    }
    if (s.out == Out::sample) {
      o.push_back({"code_offsets", DType::int32, {s.K + 1}, Access::in});
      o.push_back({"code_tokens", DType::int32, {s.V}, Access::in});
      o.push_back({"u", DType::f64, {s.T, 2}, Access::in});
      o.push_back({"token", DType::int32, {s.T, 1}, Access::out});
      o.push_back({"logp", DType::f32, {s.T, 1}, Access::out});
    } else {
      o.push_back({"targets", DType::int32, {s.T}, Access::in});
    }
    if (s.out == Out::logprob) {
      o.push_back({"logp", DType::f32, {s.T, 1}, Access::out});
      o.push_back({"lse", DType::f32, {s.T, 1}, Access::out});
    }
    if (s.out == Out::loss_grad) {
      o.push_back({"loss", DType::f32, {s.T, 1}, Access::out});
      o.push_back({s.layer == Layer::dense ? "dlogits" : "dlc", DType::f32, {s.T, s.rows()}, Access::out});
    }
    return o;
  }

  void fill(Case& c) const override;

  std::vector<Expected> reference(const Case& c) const override {
    return reference_outputs(make_model(c.problem(), c.input(), c.seed()));
  }

  // The gather path's gradient adds n_j probabilities per code in f32 (the scatter-add).
  double tolerance(const Variant& v, const Case& c, const Expected& e) const override {
    if (e.output == "dlc" && v.algorithm().starts_with("gather")) return e.tol + c.scalar("max_count") * 0x1p-24;
    return e.tol;
  }

  void run(const Variant& v, Case& c) const override {
    const Shape s(c.problem());
    const bool hidden = s.from == From::hidden, codebook = s.layer == Layer::codebook;
    const bool sample = s.out == Out::sample, grad = s.out == Out::loss_grad;
    VqArgs a{s.T, s.V, s.K, s.d, s.layer, s.from, s.out, s.bf16, s.map_int16,
             maybe<void>(c, "h", hidden), maybe<void>(c, codebook ? "c" : "w", hidden),
             maybe<float>(c, "logits", !hidden), maybe<void>(c, "map", codebook),
             maybe<float>(c, "log_counts", codebook), maybe<int32_t>(c, "code_offsets", sample),
             maybe<int32_t>(c, "code_tokens", sample), maybe<int32_t>(c, "targets", !sample),
             maybe<double>(c, "u", sample), maybe<float>(c, "logp", !grad),
             maybe<float>(c, "lse", s.out == Out::logprob), maybe<float>(c, "loss", grad),
             maybe<float>(c, codebook ? "dlc" : "dlogits", grad), maybe<int32_t>(c, "token", sample),
             static_cast<float*>(c.workspace()), c.context().threads};
    v.kernel<VqArgs>()(a);
  }
};

// Stores the model; a dense layer gets W = C[M] (and given logits L[t][M(i)]); a codebook layer
// gets M, checked entry by entry, and what is derived from it once per model: log n_j and M⁻¹.
void VqLogitsFamily::fill(Case& c) const {
  const Model m = make_model(c.problem(), c.input(), c.seed());
  const Shape& s = m.s;
  if (s.from == From::hidden) {
    c.tensor("h").set(m.h);
    if (s.layer == Layer::codebook) {
      c.tensor("c").set(m.c);
    } else {
      Tensor codes({"c", s.bf16 ? DType::bf16 : DType::f32, {s.K, s.d}, Access::in});
      codes.set(m.c);
      const size_t row = codes.bytes() / size_t(s.K);
      auto* w = static_cast<std::byte*>(c.tensor("w").host());
      for (int64_t i = 0; i < s.V; ++i)
        std::memcpy(w + size_t(i) * row, static_cast<const std::byte*>(codes.host()) + size_t(m.map[size_t(i)]) * row, row);
    }
  } else if (s.layer == Layer::codebook) {
    c.tensor("logits").set(m.lc);
  } else {
    float* x = c.tensor("logits").host_as<float>();
    for (int64_t t = 0; t < s.T; ++t)
      for (int64_t i = 0; i < s.V; ++i) x[t * s.V + i] = float(m.lc[size_t(t * s.K + m.map[size_t(i)])]);
  }
  c.scalar("max_count") = double(*std::max_element(m.counts.begin(), m.counts.end()));
  if (s.out == Out::sample) {
    c.tensor("u").set(m.u);
  } else {
    Tensor& t = c.tensor("targets");
    for (int64_t i = 0; i < s.T; ++i) t.put(size_t(i), m.targets[size_t(i)]);
  }
  if (s.layer == Layer::dense) return;
  Tensor& map = c.tensor("map");
  for (int64_t i = 0; i < s.V; ++i) map.put(size_t(i), m.map[size_t(i)]);
  if (c.input() == "corrupt_map") map.put(size_t(s.V / 2), s.map_int16 && s.K == 32768 ? -1 : double(s.K));
  std::vector<int32_t> stored(size_t(s.V));
  for (int64_t i = 0; i < s.V; ++i) stored[size_t(i)] = int32_t(map.at(size_t(i)));
  validate_map(stored, s.K);
  std::vector<int64_t> counts(size_t(s.K), 0);
  for (int32_t j : stored) ++counts[size_t(j)];
  Tensor& logn = c.tensor("log_counts");
  for (int64_t j = 0; j < s.K; ++j) logn.put(size_t(j), counts[size_t(j)] ? std::log(double(counts[size_t(j)])) : -INFINITY);
  if (s.out != Out::sample) return;
  int32_t* off = c.tensor("code_offsets").host_as<int32_t>();
  int32_t* tok = c.tensor("code_tokens").host_as<int32_t>();
  off[0] = 0;
  for (int64_t j = 0; j < s.K; ++j) off[j + 1] = off[j] + int32_t(counts[size_t(j)]);
  std::vector<int32_t> next(off, off + s.K);
  for (int64_t i = 0; i < s.V; ++i) tok[next[size_t(stored[size_t(i)])]++] = int32_t(i);
}

}  // namespace
}  // namespace hotops::vq_logits

HOTOPS_DEFINE_FAMILY(vq_logits, VqLogitsFamily) {
#define HOTOPS_VARIANT HOTOPS_ADD_VARIANT
#include "vq_logits/variants.inc"
#undef HOTOPS_VARIANT
}
