// THE work model of the attention family (per call, all heads): what any variant must do at the
// least. Score kinds: the two products QKᵀ and PV, 2·d flops each per visible (query, key) pair
// (4·n·nk·d, about halved when causal), the score map's own arithmetic and transcendentals per
// pair; the backward recomputes S and adds dP = dO·Vᵀ, dV, dQ, dK: 10·d flops per pair. Linear:
// φ per element, the d×d state (2·d² per key) and its read-out (2·d² per query). bf16 inputs
// turn the products into bf16 dots. Bytes: Q, K, V, O (+ dO, dQ, dK, dV, and lse where used)
// once; a materialized variant's score matrices are its own traffic (materialized_traffic).
#include <algorithm>

#include "attention/config.h"

namespace hotops::attention {

Work family_work(const Problem& p) {
  const Config c = config(p);
  const double h = double(c.heads), n = double(c.n), nk = double(c.nk), d = double(c.d);
  const double pairs = h * c.pairs(), esize = c.bf16 ? 2 : 4;
  Work w;
  w.elements = h * n * d;  // outputs of the forward (O), queries' gradients of the backward
  double products = 0;     // flops in the matrix products
  if (c.kind == Kind::linear) {
    w.exp = h * (n + nk) * d;              // φ(x) = elu(x) + 1: one exp per element of Q and K
    w.f32 = h * (n + nk) * d * 2           // φ's compare and add
            + h * nk * (2 * d * d + d)     // state Σ φ(k)·vᵀ and normaliser Σ φ(k)
            + h * n * (2 * d * d + 2 * d)  // read-out φ(q)·state and φ(q)·normaliser
            + h * n * d;                   // division by the normaliser (as a multiply)
    w.div = h * n;
  } else {
    products = (c.backward ? 10 : 4) * d * pairs;
    double per_pair = 0;  // the score map's arithmetic between the products
    switch (c.kind) {
      case Kind::softmax:  // max, subtract, sum (fwd); subtract lse, dP − D, ×P, ×s (bwd)
        per_pair = c.backward ? 4 : 3, w.exp = pairs;
        break;
      case Kind::sigmoid:  // bias, 0.5·t + 0.5 (fwd); P(1 − P)·dP, ×s (bwd)
        per_pair = c.backward ? 5 : 2, w.tanh = pairs;
        break;
      case Kind::softplus:  // max(x, 0), |x|, add, sum; the power's multiply
        per_pair = 4 + (c.power != 1 ? 1 : 0), w.exp = pairs * (c.power != 1 ? 2 : 1);
        w.log = pairs * (c.power != 1 ? 2 : 1);
        break;
      case Kind::linear: break;
    }
    w.f32 = per_pair * pairs + (c.kind == Kind::softmax && c.backward ? 2 * h * n * d : 0);  // D = rowsum(dO∘O)
    if (!c.backward && c.kind != Kind::sigmoid) w.div = h * n;                          // the final 1/l
  }
  (c.bf16 ? w.bf16_dot : w.f32) += products;
  const double q = h * n * d * esize, kv = h * nk * d * esize, lse = c.kind == Kind::softmax ? h * n * 4 : 0;
  if (!c.backward) {
    w.bytes_read = q + 2 * kv;
    w.bytes_written = q + lse;
  } else {
    const bool softmax = c.kind == Kind::softmax;
    w.bytes_read = q + 2 * kv + q /* dO */ + (softmax ? q + lse : 0);  // O and lse for D and P
    w.bytes_written = 4 * (h * n * d + 2 * h * nk * d);                 // dQ, dK, dV in f32
  }
  return w;
}

Work materialized_traffic(const Problem& p, const Work& minimum) {
  const Config c = config(p);
  const double scores = double(c.heads) * double(c.n) * double(c.nk) * 4;
  Work w = minimum;
  // Forward: S written, read and P written by the row pass, P read by PV. Backward: P and dP
  // written, read back to form dS in place, dS and P read by the three products.
  w.bytes_read += scores * (c.backward ? 5 : 2);
  w.bytes_written += scores * (c.backward ? 3 : 2);
  return w;
}

}  // namespace hotops::attention
