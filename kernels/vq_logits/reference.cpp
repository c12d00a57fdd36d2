#include "vq_logits/reference.h"

#include <algorithm>
#include <cmath>

namespace hotops::vq_logits {
namespace {

// The f32 sum of d products, in any order, is off by at most (d + 8)·2^-24 of Σ|terms| (with
// room for the lanes' final tree); a log-probability is a difference of two such logits.
double gemv_gamma(const Shape& s) { return s.from == From::hidden ? 2.0 * double(s.d + 8) * 0x1p-24 : 0.0; }
// The head's own rounding: f32 exps, lane sums of ≤ 64 terms, the log.
constexpr double kHead = 1e-5;

struct Token {
  double lse;            // log Σ_j n_j·exp(L_j)
  std::vector<double> p;  // per code: n_j·exp(L_j − lse), the code's share of the probability
};

Token normalize(const Model& m, const double* L) {
  const int64_t K = m.s.K;
  double mx = -INFINITY, sum = 0;
  for (int64_t j = 0; j < K; ++j)
    if (m.counts[size_t(j)]) mx = std::max(mx, L[j]);
  for (int64_t j = 0; j < K; ++j)
    if (m.counts[size_t(j)]) sum += double(m.counts[size_t(j)]) * std::exp(L[j] - mx);
  Token t{mx + std::log(sum), std::vector<double>(size_t(K), 0.0)};
  for (int64_t j = 0; j < K; ++j)
    if (m.counts[size_t(j)]) t.p[size_t(j)] = double(m.counts[size_t(j)]) * std::exp(L[j] - t.lse);
  return t;
}

Expected per_token(const std::string& name, const std::vector<double>& floor, double tol) {
  Expected e;
  e.output = name, e.tol = tol, e.floor = Expected::Floor::row_scale, e.row_scale = floor;
  e.values.resize(floor.size());
  return e;
}

// The vocabulary grouped by code, in token order within a code (the sampler's M⁻¹).
std::vector<std::vector<int32_t>> tokens_by_code(const Model& m) {
  std::vector<std::vector<int32_t>> out(size_t(m.s.K));
  for (int64_t i = 0; i < m.s.V; ++i) out[size_t(m.map[size_t(i)])].push_back(int32_t(i));
  return out;
}

}  // namespace

double softmax_tolerance(int64_t n) { return 4e-6 + 2e-7 * std::sqrt(double(n)) + 3e-10 * double(n); }

std::vector<Expected> reference_outputs(const Model& m) {
  const Shape& s = m.s;
  const CodeLogits cl = code_logits(m);
  const double gamma = gemv_gamma(s);
  // Per token, what an error is measured against: Σ|terms| of its logits (the GEMV's rounding),
  // the logits' size (the head's f32 rounding is relative to it) and 1.
  std::vector<double> floor(size_t(s.T));
  for (int64_t t = 0; t < s.T; ++t) {
    double big = 0;
    for (int64_t j = 0; j < s.K; ++j)
      if (m.counts[size_t(j)]) big = std::max(big, std::fabs(cl.L[size_t(t * s.K + j)]));
    floor[size_t(t)] = cl.scale[size_t(t)] + big + 1.0;
  }
  const double tol = 2 * gamma + kHead;
  std::vector<Token> tok(size_t(s.T));
  for (int64_t t = 0; t < s.T; ++t) tok[size_t(t)] = normalize(m, cl.L.data() + t * s.K);
  auto L = [&](int64_t t, int64_t j) { return cl.L[size_t(t * s.K + j)]; };

  if (s.out == Out::logprob) {
    Expected logp = per_token("logp", floor, tol), lse = per_token("lse", floor, tol);
    for (int64_t t = 0; t < s.T; ++t) {
      lse.values[size_t(t)] = tok[size_t(t)].lse;
      logp.values[size_t(t)] = L(t, m.map[size_t(m.targets[size_t(t)])]) - tok[size_t(t)].lse;
    }
    return {logp, lse};
  }
  if (s.out == Out::sample) {
    const auto groups = tokens_by_code(m);
    Expected token = per_token("token", floor, 0), logp = per_token("logp", floor, tol);
    token.floor = Expected::Floor::fixed;
    for (int64_t t = 0; t < s.T; ++t) {
      const std::vector<double>& p = tok[size_t(t)].p;
      const double u1 = m.u[size_t(2 * t)], u2 = m.u[size_t(2 * t + 1)];
      int64_t c = 0;
      for (double run = 0; c < s.K; ++c)
        if (p[size_t(c)] > 0 && (run += p[size_t(c)]) > u1) break;
      const auto& g = groups[size_t(std::min(c, s.K - 1))];
      token.values[size_t(t)] = g[std::min(g.size() - 1, size_t(u2 * double(g.size())))];
      logp.values[size_t(t)] = L(t, c) - tok[size_t(t)].lse;
    }
    return {token, logp};
  }
  // loss_grad: the gradient's terms are probabilities (≤ 1): its error is measured against 1.
  Expected loss = per_token("loss", floor, tol);
  const bool dense = s.layer == Layer::dense;
  const int64_t width = s.rows();
  double scale = 0;
  for (double f : cl.scale) scale = std::max(scale, f);
  Expected grad = per_token(dense ? "dlogits" : "dlc", std::vector<double>(size_t(s.T), 1.0),
                            2 * gamma * scale + softmax_tolerance(width) + 1e-6);
  grad.values.resize(size_t(s.T * width));
  for (int64_t t = 0; t < s.T; ++t) {
    const Token& k = tok[size_t(t)];
    const int32_t tgt = m.targets[size_t(t)], code = m.map[size_t(tgt)];
    loss.values[size_t(t)] = k.lse - L(t, code);
    double* g = grad.values.data() + t * width;
    if (dense) {
      for (int64_t i = 0; i < s.V; ++i) g[i] = std::exp(L(t, m.map[size_t(i)]) - k.lse);
      g[tgt] -= 1;
    } else {
      std::copy(k.p.begin(), k.p.end(), g);
      g[code] -= 1;
    }
  }
  return {loss, grad};
}

}  // namespace hotops::vq_logits
