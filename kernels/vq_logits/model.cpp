#include "vq_logits/model.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <numeric>

#include "core/bf16.h"
#include "core/random.h"

namespace hotops::vq_logits {
namespace {

// A code's CDF interval must be this wide for a sampling check's draw to sit in its middle: the
// f32 path's error in the running sum (~1e-6) is then far from either edge.
constexpr double kMinInterval = 1e-4;

double stored(double x, bool bf16) { return bf16 ? bf16_to_f32(f32_to_bf16(float(x))) : double(float(x)); }

// Code logits of one token in double, h·cᵀ (from=hidden) or the stored ones; with `mag`, also
// Σ_k |h_k·c_jk| per code (the size of the terms an f32 sum over d adds up).
std::vector<double> token_logits(const Model& m, int64_t t, std::vector<double>* mag = nullptr) {
  const Shape& s = m.s;
  if (s.from == From::logits) return {m.lc.begin() + t * s.K, m.lc.begin() + (t + 1) * s.K};
  std::vector<double> L(size_t(s.K));
  if (mag) mag->assign(size_t(s.K), 0.0);
  const double* h = m.h.data() + t * s.d;
  for (int64_t j = 0; j < s.K; ++j) {
    const double* c = m.c.data() + j * s.d;
    double a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0};  // four chains: the reference's speed
    int64_t k = 0;
    for (; k + 4 <= s.d; k += 4)
      for (int i = 0; i < 4; ++i) a[i] += h[k + i] * c[k + i], b[i] += std::fabs(h[k + i] * c[k + i]);
    for (; k < s.d; ++k) a[0] += h[k] * c[k], b[0] += std::fabs(h[k] * c[k]);
    L[size_t(j)] = (a[0] + a[1]) + (a[2] + a[3]);
    if (mag) (*mag)[size_t(j)] = (b[0] + b[1]) + (b[2] + b[3]);
  }
  return L;
}

// The codes tokens may map to: all, or (empty_codes) the half with the smaller logits of token 0,
// so that a path that forgot to skip the empty codes gets the largest terms wrong.
std::vector<int32_t> allowed_codes(const Model& m, const std::string& input) {
  std::vector<int32_t> codes(size_t(m.s.K));
  std::iota(codes.begin(), codes.end(), 0);
  if (input == "one_code") return {int32_t((m.s.K - 1) / 2)};
  if (input != "empty_codes" || m.s.K < 2) return codes;
  const std::vector<double> L = token_logits(m, 0);
  std::stable_sort(codes.begin(), codes.end(), [&](int32_t a, int32_t b) { return L[size_t(a)] < L[size_t(b)]; });
  codes.resize(codes.size() / 2);
  std::sort(codes.begin(), codes.end());
  return codes;
}

void make_map(Model& m, const std::string& input, const std::string& kind, Rng& rng) {
  const std::vector<int32_t> allowed = allowed_codes(m, input);
  const int64_t V = m.s.V, n = int64_t(allowed.size());
  m.map.resize(size_t(V));
  for (int64_t i = 0; i < V; ++i)  // clustered: contiguous vocabulary ranges share a code
    m.map[size_t(i)] = allowed[size_t(kind == "clustered" ? i * n / V : int64_t(rng.below(uint64_t(n))))];
  if (input == "ends" && n > 1 && m.map.front() == m.map.back())
    m.map.back() = allowed[size_t((std::find(allowed.begin(), allowed.end(), m.map.back()) - allowed.begin() + 1) % n)];
  m.counts.assign(size_t(m.s.K), 0);
  for (int32_t j : m.map) ++m.counts[size_t(j)];
}

// u1 at the middle of the CDF interval of a code drawn with its probability (narrow intervals are
// drawn again), u2 uniform: the factorised draw of the fused sampler, robust to f32 rounding.
void make_uniforms(Model& m, Rng& rng) {
  const CodeLogits cl = code_logits(m);
  const int64_t K = m.s.K;
  m.u.resize(size_t(2 * m.s.T));
  std::vector<double> cdf(size_t(K) + 1);
  for (int64_t t = 0; t < m.s.T; ++t) {
    const double* L = cl.L.data() + t * K;
    double mx = -INFINITY;
    for (int64_t j = 0; j < K; ++j)
      if (m.counts[size_t(j)]) mx = std::max(mx, L[j]);
    for (int64_t j = 0; j < K; ++j)
      cdf[size_t(j) + 1] = cdf[size_t(j)] + (m.counts[size_t(j)] ? double(m.counts[size_t(j)]) * std::exp(L[j] - mx) : 0.0);
    const double z = cdf[size_t(K)];
    int64_t code = -1;
    for (int tries = 0; tries < 1000 && code < 0; ++tries) {
      const double r = rng.uniform(0.0, 1.0) * z;
      const int64_t j = std::upper_bound(cdf.begin() + 1, cdf.end(), r) - cdf.begin() - 1;
      if ((cdf[size_t(j) + 1] - cdf[size_t(j)]) / z >= kMinInterval) code = j;
    }
    if (code < 0)  // only narrow intervals came up: the widest
      for (int64_t j = 0; j < K; ++j)
        if (code < 0 || cdf[size_t(j) + 1] - cdf[size_t(j)] > cdf[size_t(code) + 1] - cdf[size_t(code)]) code = j;
    m.u[size_t(2 * t)] = (cdf[size_t(code)] + cdf[size_t(code) + 1]) / (2 * z);
    m.u[size_t(2 * t + 1)] = rng.uniform(0.0, 1.0);
  }
}

}  // namespace

Shape::Shape(const Problem& p)
    : T(p.dim("tokens")), V(p.dim("vocab")), K(p.dim("codes")), d(p.dim("d")),
      layer(p.option("layer") == "dense" ? Layer::dense : Layer::codebook),
      from(p.option("from") == "logits" ? From::logits : From::hidden),
      out(p.option("out") == "loss_grad" ? Out::loss_grad : p.option("out") == "sample" ? Out::sample : Out::logprob),
      bf16(p.option("dtype") == "bf16"), map_int16(p.option("map_dtype") == "int16") {}

const std::vector<std::string>& input_kinds() {
  static const std::vector<std::string> kinds = {"uniform", "large", "empty_codes", "one_code", "ends"};
  return kinds;
}

Model make_model(const Problem& p, const std::string& input, uint64_t seed) {
  if (std::find(input_kinds().begin(), input_kinds().end(), input) == input_kinds().end() && input != "corrupt_map")
    throw ProblemError(fmt::format("vq_logits has no input kind '{}' (known: {})", input, fmt::join(input_kinds(), ", ")));
  Model m{Shape(p)};
  const Shape& s = m.s;
  Rng rng(seed);
  const double amp = input == "large" ? 1000.0 : 1.0;  // logits of unit scale, or of ±1000
  if (s.from == From::hidden) {
    m.h.resize(size_t(s.T * s.d));
    m.c.resize(size_t(s.K * s.d));
    const double cs = std::sqrt(3.0 / double(s.d));  // Var(h·c) = d · 1/3 · cs²/3 = 1/3
    for (double& x : m.h) x = stored(amp * rng.uniform(-1.0, 1.0), s.bf16);
    for (double& x : m.c) x = stored(cs * rng.uniform(-1.0, 1.0), s.bf16);
  } else {
    m.lc.resize(size_t(s.T * s.K));
    for (double& x : m.lc) x = stored(amp * rng.uniform(-4.0, 4.0), false);
  }
  make_map(m, input, p.option("map"), rng);
  if (s.out == Out::sample) {
    make_uniforms(m, rng);
  } else {
    m.targets.resize(size_t(s.T));
    for (int64_t t = 0; t < s.T; ++t)
      m.targets[size_t(t)] = int32_t(input == "ends" ? (t % 2 ? s.V - 1 : 0) : int64_t(rng.below(uint64_t(s.V))));
  }
  return m;
}

CodeLogits code_logits(const Model& m) {
  const Shape& s = m.s;
  CodeLogits out{std::vector<double>(size_t(s.T * s.K)), std::vector<double>(size_t(s.T), 0.0)};
#pragma omp parallel for schedule(dynamic)
  for (int64_t t = 0; t < s.T; ++t) {
    std::vector<double> mag;
    const std::vector<double> L = token_logits(m, t, &mag);
    std::copy(L.begin(), L.end(), out.L.begin() + t * s.K);
    for (int64_t j = 0; j < s.K && !mag.empty(); ++j)
      if (m.counts[size_t(j)]) out.scale[size_t(t)] = std::max(out.scale[size_t(t)], mag[size_t(j)]);
  }
  return out;
}

void validate_map(const std::vector<int32_t>& map, int64_t codes) {
  for (size_t i = 0; i < map.size(); ++i)
    if (map[i] < 0 || map[i] >= codes)
      throw ProblemError(fmt::format("vq_logits: map[{}] = {} is outside [0, codes={}): every token needs a code",
                                     i, map[i], codes));
}

}  // namespace hotops::vq_logits
