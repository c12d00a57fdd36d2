// THE fp64 reference of the attention family, per kind and direction, from the stored (rounded)
// inputs. Each output row also gets the size of the errors an f32 computation of it may make
// (Expected::row_scale), so that one tolerance in units of the f32 rounding fits every input:
//   a score s = scale·q·k carries an error of order ε·a with a = |scale|·Σ|q_c·k_c|, and a weight
//   P passes it on as P·(…)·a: softmax P·(1 + a_j + Σ P a) (the normaliser moves with every
//   score), sigmoid P(1 − P)·a plus the tanh form's absolute error (P = ½ + ½·tanh cannot resolve
//   P below a few ε: u gets + 4, in units of ε), softplus P·(1 + p·L·(a_j + Σ P a));
//   an output row then carries Σ_j u_j·‖v_j‖∞, the gradients the same through dS. Weights below
//   2^-125 may be flushed to 0 (u gets that much too). The tolerance is 16 ε (f32) on this scale:
//   every variant stays below 2 ε on the test problems; a wrong mask, rescale or lse is O(1).
// Conventions shared with the kernels: a row that sees no key (causal, kv < n) has O = 0 and
// lse = −inf; a softplus weight whose scaled score is below −86 (or whose power is below e^-86)
// is 0, as in f32, where it would underflow; a row of zero weights gives O = 0.
#include <algorithm>
#include <cmath>
#include <limits>

#include "attention/config.h"
#include "attention/reference_products.h"
#include "core/case.h"

namespace hotops::attention {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSoftplusFloor = -86.0;
constexpr double kLinearEps = 1e-6;  // φ(q)·Σφ(k) + ε: the usual linear-attention guard
constexpr double kEps = 0x1p-24;     // f32 unit roundoff
constexpr double kTolF32 = 16 * kEps, kTolBf16 = 0x1p-8;  // bf16: P rounded to bf16 (2^-9), worst case
constexpr double kFlush = 0x1p-125 / kEps;  // kernels flush weights below 2^-125 to 0 (no denormals)

double dot(const double* a, const double* b, int64_t d) {
  double s = 0;
  for (int64_t c = 0; c < d; ++c) s += a[c] * b[c];
  return s;
}
double absdot(const double* a, const double* b, int64_t d) {
  double s = 0;
  for (int64_t c = 0; c < d; ++c) s += std::fabs(a[c] * b[c]);
  return s;
}
double amax(const double* a, int64_t d) {
  double m = 0;
  for (int64_t c = 0; c < d; ++c) m = std::max(m, std::fabs(a[c]));
  return m;
}
double softplus(double x) { return x > 0 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x)); }
double sigmoid(double x) { return 1 / (1 + std::exp(-x)); }
int64_t visible(const Config& c, int64_t i) { return std::clamp<int64_t>(c.last_key(i) + 1, 0, c.nk); }

// One query row's weights P_j over its visible keys, their error sizes u_j (units of ε), and
// (softmax) the log-sum-exp with its error size; s and a: the row's q·k and |q|·|k|.
struct Row {
  std::vector<double> s, a, p, u;
  double lse = -kInf, lse_scale = 1;

  void compute(const Config& c, const double* qk, const double* mag, int64_t cnt) {
    s.resize(size_t(cnt)), a.resize(size_t(cnt)), p.resize(size_t(cnt)), u.resize(size_t(cnt));
    for (int64_t j = 0; j < cnt; ++j) s[j] = c.scale * qk[j], a[j] = std::fabs(c.scale) * mag[j];
    lse = -kInf;
    if (cnt == 0) return;
    double abar = 0;
    switch (c.kind) {
      case Kind::softmax: {
        const double m = *std::max_element(s.begin(), s.end());
        double sum = 0;
        for (int64_t j = 0; j < cnt; ++j) sum += p[j] = std::exp(s[j] - m);
        for (int64_t j = 0; j < cnt; ++j) p[j] /= sum, abar += p[j] * a[j];
        lse = m + std::log(sum), lse_scale = 1 + abar;
        for (int64_t j = 0; j < cnt; ++j) u[j] = p[j] * (1 + a[j] + abar) + kFlush;
        break;
      }
      case Kind::sigmoid:
        for (int64_t j = 0; j < cnt; ++j) p[j] = sigmoid(s[j] + c.bias), u[j] = p[j] * (1 + (1 - p[j]) * a[j]) + 4;
        break;
      case Kind::softplus: {
        double sum = 0;
        for (int64_t j = 0; j < cnt; ++j) {
          const double x = c.length_scale * s[j];
          double w = x < kSoftplusFloor ? 0 : softplus(x);
          if (w > 0 && c.power != 1) {
            const double y = c.power * std::log(w);
            w = y < kSoftplusFloor ? 0 : std::exp(y);
          }
          sum += p[j] = w;
        }
        for (int64_t j = 0; j < cnt; ++j) p[j] = sum > 0 ? p[j] / sum : 0, abar += p[j] * a[j];
        const double gain = c.power * std::fabs(c.length_scale);
        for (int64_t j = 0; j < cnt; ++j) u[j] = p[j] * (1 + gain * (a[j] + abar)) + kFlush;
        break;
      }
      case Kind::linear: break;
    }
  }
};

// Linear attention: O_i = φ(q_i)·Σ_j φ(k_j) v_jᵀ / (φ(q_i)·Σ_j φ(k_j) + ε) over visible j, in
// O(n·d²) with a running state; the error scale is the same ratio with |v| (all terms ≥ 0).
void linear_head(const Config& c, const double* q, const double* k, const double* v, double* o, double* scale) {
  const int64_t d = c.d;
  auto phi = [](double x) { return x > 0 ? x + 1 : std::exp(x); };
  std::vector<double> state(size_t(d * d), 0.0), z(size_t(d), 0.0), zv(size_t(d), 0.0), fq(size_t(d), 0.0), fk(size_t(d), 0.0);
  int64_t added = 0;
  auto add_key = [&](int64_t j) {
    for (int64_t a = 0; a < d; ++a) fk[a] = phi(k[j * d + a]);
    const double vmax = amax(v + j * d, d);
    for (int64_t a = 0; a < d; ++a) {
      z[a] += fk[a], zv[a] += fk[a] * vmax;
      for (int64_t b = 0; b < d; ++b) state[a * d + b] += fk[a] * v[j * d + b];
    }
  };
  for (int64_t i = 0; i < c.n; ++i) {
    for (const int64_t cnt = visible(c, i); added < cnt; ++added) add_key(added);
    for (int64_t a = 0; a < d; ++a) fq[a] = phi(q[i * d + a]);
    const double den = dot(fq.data(), z.data(), d) + kLinearEps;
    for (int64_t b = 0; b < d; ++b) {
      double s = 0;
      for (int64_t a = 0; a < d; ++a) s += fq[a] * state[a * d + b];
      o[i * d + b] = s / den;
    }
    scale[i] = dot(fq.data(), zv.data(), d) / den;
  }
}

std::vector<double> head_values(const Tensor& t, int64_t h) {
  const size_t per = t.count() / size_t(t.dim(0));
  std::vector<double> out(per);
  for (size_t i = 0; i < per; ++i) out[i] = t.at(size_t(h) * per + i);
  return out;
}

Expected expect(const std::string& role, size_t count, size_t rows, double tol) {
  Expected e;
  e.output = role, e.values.resize(count), e.tol = tol, e.floor = Expected::Floor::row_scale;
  e.row_scale.resize(rows);
  return e;
}

// Gradients of one head; dq: n×d, dk, dv: nk×d, with their row error scales.
void backward_head(const Config& c, const double* q, const double* k, const double* v, const double* o,
                   const double* lse, const double* dO, double* dq, double* dk, double* dv, double* sq, double* sk,
                   double* sv) {
  const int64_t d = c.d, nk = c.nk;
  const ref::Panels kp(k, nk, d), vp(v, nk, d);
  const ref::Products products = ref::products();
  std::vector<double> qk(size_t(4 * nk)), qkm(size_t(4 * nk)), dpv(size_t(4 * nk)), dpm(size_t(4 * nk)), tmp(size_t(8 * d));
  std::vector<double> kmax(size_t(nk), 0.0);
  for (int64_t j = 0; j < nk; ++j) kmax[j] = amax(k + j * d, d);
  Row r;
  for (int64_t i0 = 0; i0 < c.n; i0 += 4) {
    const int64_t nq = std::min<int64_t>(4, c.n - i0), cnt = visible(c, i0 + nq - 1);
    products(q + i0 * d, nq, kp.x.data(), kp.ax.data(), d, cnt, qk.data(), qkm.data(), nk, tmp.data());
    products(dO + i0 * d, nq, vp.x.data(), vp.ax.data(), d, cnt, dpv.data(), dpm.data(), nk, tmp.data());
    for (int64_t ii = 0; ii < nq; ++ii) {
      const int64_t i = i0 + ii, cnt_i = visible(c, i);
      const double* qi = q + i * d;
      const double* gi = dO + i * d;
      r.compute(c, qk.data() + ii * nk, qkm.data() + ii * nk, cnt_i);
      double D = 0, Dm = 0;
      if (c.kind == Kind::softmax) {
        D = dot(gi, o + i * d, d), Dm = absdot(gi, o + i * d, d);
        for (int64_t j = 0; j < cnt_i; ++j) {  // P from the saved lse, as the kernels recompute it
          r.p[j] = std::isfinite(lse[i]) ? std::exp(r.s[j] - lse[i]) : 0.0;
          r.u[j] = r.p[j] * (1 + r.a[j] + std::fabs(lse[i])) + kFlush;
        }
      }
      const double gmax = amax(gi, d), qmax = amax(qi, d);
      for (int64_t j = 0; j < cnt_i; ++j) {
        const double dp = dpv[size_t(ii * nk + j)], bp = dpm[size_t(ii * nk + j)], p = r.p[j], u = r.u[j];
        double ds, uds;
        if (c.kind == Kind::softmax) {
          ds = p * (dp - D), uds = u * std::fabs(dp - D) + p * (bp + Dm);
        } else {
          ds = p * (1 - p) * dp, uds = 2 * u * std::fabs(dp) + p * (1 - p) * bp;
        }
        ds *= c.scale, uds *= std::fabs(c.scale);
        double* dvj = dv + j * d;
        double* dkj = dk + j * d;
        double* dqi = dq + i * d;
        const double* kj = k + j * d;
        for (int64_t e = 0; e < d; ++e) dvj[e] += p * gi[e], dqi[e] += ds * kj[e], dkj[e] += ds * qi[e];
        sv[j] += u * gmax, sq[i] += uds * kmax[j], sk[j] += uds * qmax;
      }
    }
  }
}

}  // namespace

void forward_head(const Config& c, const double* q, const double* k, const double* v, double* o, double* lse,
                  double* o_scale, double* lse_scale) {
  const int64_t d = c.d, nk = c.nk;
  if (c.kind == Kind::linear) return linear_head(c, q, k, v, o, o_scale);
  std::vector<double> vmax(size_t(nk), 0.0), qk(size_t(4 * nk), 0.0), mag(size_t(4 * nk), 0.0), tmp(size_t(8 * d), 0.0);
  for (int64_t j = 0; j < nk; ++j) vmax[j] = amax(v + j * d, d);
  const ref::Panels kp(k, nk, d);
  const ref::Products products = ref::products();
  const ref::WeightedSum weighted_sum = ref::weighted_sum();
  Row r;
  for (int64_t i0 = 0; i0 < c.n; i0 += 4) {
    const int64_t nq = std::min<int64_t>(4, c.n - i0);
    products(q + i0 * d, nq, kp.x.data(), kp.ax.data(), d, visible(c, i0 + nq - 1), qk.data(), mag.data(), nk,
             tmp.data());
    int64_t cnt[4] = {};
    for (int64_t ii = 0; ii < nq; ++ii) {  // the weights replace the scores in qk
      const int64_t i = i0 + ii;
      cnt[ii] = visible(c, i);
      r.compute(c, qk.data() + ii * nk, mag.data() + ii * nk, cnt[ii]);
      double sc = 0;
      for (int64_t j = 0; j < cnt[ii]; ++j) qk[size_t(ii * nk + j)] = r.p[j], sc += r.u[j] * vmax[j];
      o_scale[i] = sc;
      if (lse) lse[i] = r.lse, lse_scale[i] = r.lse_scale;
    }
    weighted_sum(qk.data(), nk, cnt, nq, v, d, o + i0 * d);
  }
}

std::vector<Expected> reference(const Case& cs) {
  const Config c = config(cs.problem());
  const double tol = c.bf16 ? kTolBf16 : kTolF32;
  const size_t nq = size_t(c.n * c.d), nkv = size_t(c.nk * c.d);
  std::vector<Expected> out;
  if (!c.backward) {
    Expected o = expect("o", size_t(c.heads) * nq, size_t(c.heads * c.n), tol);
    Expected lse = expect("lse", size_t(c.heads * c.n), size_t(c.heads * c.n), tol);
    for (int64_t h = 0; h < c.heads; ++h) {
      const auto q = head_values(cs.tensor("q"), h), k = head_values(cs.tensor("k"), h), v = head_values(cs.tensor("v"), h);
      forward_head(c, q.data(), k.data(), v.data(), o.values.data() + h * nq, lse.values.data() + h * c.n,
                   o.row_scale.data() + h * c.n, lse.row_scale.data() + h * c.n);
    }
    out.push_back(std::move(o));
    if (c.kind == Kind::softmax && c.lse) out.push_back(std::move(lse));
    return out;
  }
  Expected dq = expect("dq", size_t(c.heads) * nq, size_t(c.heads * c.n), tol);
  Expected dk = expect("dk", size_t(c.heads) * nkv, size_t(c.heads * c.nk), tol);
  Expected dv = expect("dv", size_t(c.heads) * nkv, size_t(c.heads * c.nk), tol);
  const bool softmax = c.kind == Kind::softmax;
  for (int64_t h = 0; h < c.heads; ++h) {
    const auto q = head_values(cs.tensor("q"), h), k = head_values(cs.tensor("k"), h), v = head_values(cs.tensor("v"), h);
    const auto g = head_values(cs.tensor("do"), h);
    const auto o = softmax ? head_values(cs.tensor("o"), h) : std::vector<double>();
    const auto lse = softmax ? head_values(cs.tensor("lse"), h) : std::vector<double>();
    backward_head(c, q.data(), k.data(), v.data(), o.data(), lse.data(), g.data(), dq.values.data() + h * nq,
                  dk.values.data() + h * nkv, dv.values.data() + h * nkv, dq.row_scale.data() + h * c.n,
                  dk.row_scale.data() + h * c.nk, dv.row_scale.data() + h * c.nk);
  }
  out.push_back(std::move(dq)), out.push_back(std::move(dk)), out.push_back(std::move(dv));
  return out;
}

}  // namespace hotops::attention
