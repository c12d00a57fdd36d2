// Inputs of the attention family. Kinds: "normal" (the benchmark input: q, k, v, dO uniform in
// (−1, 1)), "wide" (q, k in (−4, 4): scores spread over ±16, so the running max of an online
// softmax moves from block to block and rescales), "huge" (q in ±3·10^4: scores of order
// ±10^4 — naive exp overflows, softplus and sigmoid must not), "equal" (every query and every key
// the same vector: all scores tie). The values are stored rounded to the problem's dtype; a
// backward's o and lse are the fp64 forward of the stored q, k, v (what a forward would save).
#include "attention/config.h"
#include "core/case.h"
#include "core/random.h"

namespace hotops::attention {
namespace {

void fill_rows(Tensor& t, Rng& rng, double lo, double hi, bool equal_rows) {
  const size_t width = size_t(t.width());
  std::vector<double> row(width);
  for (size_t i = 0; i < t.count(); ++i) {
    if (!equal_rows || i < width) row[i % width] = rng.uniform(lo, hi);
    t.put(i, row[i % width]);
  }
}

}  // namespace

void fill_inputs(Case& cs) {
  const Config c = config(cs.problem());
  const std::string& kind = cs.input();
  double qk = 1;
  if (kind == "wide") qk = 4;
  else if (kind == "huge") qk = 3e4;
  else if (kind != "normal" && kind != "equal") throw ProblemError("attention has no input kind '" + kind + "'");
  Rng rng(cs.seed());
  const bool equal = kind == "equal";
  fill_rows(cs.tensor("q"), rng, -qk, qk, equal);
  fill_rows(cs.tensor("k"), rng, kind == "huge" ? -1 : -qk, kind == "huge" ? 1 : qk, equal);
  fill_rows(cs.tensor("v"), rng, -1, 1, false);
  if (!c.backward) return;
  fill_rows(cs.tensor("do"), rng, -1, 1, false);
  if (c.kind != Kind::softmax) return;
  Tensor &o = cs.tensor("o"), &lse = cs.tensor("lse");
  const size_t nq = size_t(c.n * c.d), nkv = size_t(c.nk * c.d);
  std::vector<double> q(nq), k(nkv), v(nkv), oh(nq), lh(size_t(c.n)), s1(size_t(c.n)), s2(size_t(c.n));
  for (int64_t h = 0; h < c.heads; ++h) {
    for (size_t i = 0; i < nq; ++i) q[i] = cs.tensor("q").at(size_t(h) * nq + i);
    for (size_t i = 0; i < nkv; ++i) k[i] = cs.tensor("k").at(size_t(h) * nkv + i), v[i] = cs.tensor("v").at(size_t(h) * nkv + i);
    forward_head(c, q.data(), k.data(), v.data(), oh.data(), lh.data(), s1.data(), s2.data());
    for (size_t i = 0; i < nq; ++i) o.put(size_t(h) * nq + i, oh[i]);
    for (int64_t i = 0; i < c.n; ++i) lse.put(size_t(h * c.n + i), lh[size_t(i)]);
  }
}

}  // namespace hotops::attention
