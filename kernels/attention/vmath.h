// The sigmoid through tanh, log1p and log on any vector trait (vec_scalar.h), written once for
// every ISA. The coefficients were fitted for this project (iteratively reweighted least squares
// towards the minimax fit of the relative error, then rounded to float). Measured against double
// over 8·10^6 points: tanh max abs error 3.7e-7 (the sigmoid half that); log1p and log max
// relative error 4e-9 in exact arithmetic (a few ulp in float).
#pragma once

namespace hotops::attention {
namespace {

// σ(2y) = ½ + ½·tanh(y) with tanh(y) = y·P(y²)/Q(y²) on |y| ≤ 9 (tanh(9) = 1 − 3e-8; beyond, the
// clamp): evaluated as (Q + y·P) / (2Q) — one FMA, one add and a division (the divider works
// beside the FMA pipes the tile products keep busy). Max abs error 2e-7; Q ≥ 1. −inf gives a
// weight of 3e-8, not 0: masked weights are set to 0 after this map (flash.h).
template <class V>
inline typename V::vec sigmoid_tanh(typename V::vec y) {
  const auto yc = V::clamp_abs(y, 9.0f);
  const auto z = V::mul(yc, yc);
  auto p = V::fmadd(V::set1(0x1.4125e6p-36f), z, V::set1(-0x1.b72180p-27f));
  p = V::fmadd(p, z, V::set1(0x1.36f652p-17f));
  p = V::fmadd(p, z, V::set1(0x1.7ed462p-9f));
  p = V::fmadd(p, z, V::set1(0x1.0895f2p-3f));
  p = V::fmadd(p, z, V::set1(0x1.fffffep-1f));
  auto q = V::fmadd(V::set1(0x1.de5c1ep-13f), z, V::set1(0x1.8555e2p-6f));
  q = V::fmadd(q, z, V::set1(0x1.d9a02ep-2f));
  q = V::fmadd(q, z, V::set1(1.0f));
  return V::div(V::fmadd(yc, p, q), V::add(q, q));
}

// 2·atanh(u) for |u| ≤ 1/3: 2u·A(u²).
template <class V>
inline typename V::vec two_atanh(typename V::vec u) {
  const auto z = V::mul(u, u);
  auto a = V::fmadd(V::set1(0x1.2089e2p-3f), z, V::set1(0x1.1e516ep-3f));
  a = V::fmadd(a, z, V::set1(0x1.99dae0p-3f));
  a = V::fmadd(a, z, V::set1(0x1.5554e0p-2f));
  a = V::fmadd(a, z, V::set1(1.0f));
  return V::mul(V::add(u, u), a);
}

// log(1 + y) for y in [0, 1], accurate for tiny y: 2·atanh(y / (2 + y)).
template <class V>
inline typename V::vec log1p_unit(typename V::vec y) {
  return two_atanh<V>(V::mul(y, V::rcp(V::add(y, V::set1(2.0f)))));
}

// log(x) for finite normal x > 0.
template <class V>
inline typename V::vec vlog(typename V::vec x) {
  typename V::vec e;
  const auto m = V::split_sqrt2(x, e);
  const auto one = V::set1(1.0f);
  return V::fmadd(e, V::set1(0.693147181f), two_atanh<V>(V::mul(V::sub(m, one), V::rcp(V::add(m, one)))));
}

}  // namespace
}  // namespace hotops::attention
