#include "attention/config.h"

#include <algorithm>
#include <cmath>

namespace hotops::attention {

std::string_view kind_name(Kind k) {
  switch (k) {
    case Kind::softmax: return "softmax";
    case Kind::sigmoid: return "sigmoid";
    case Kind::linear: return "linear";
    case Kind::softplus: return "softplus";
  }
  return "?";
}

Config config(const Problem& p) {
  Config c;
  c.heads = p.dim("heads"), c.n = p.dim("n"), c.d = p.dim("d");
  c.nk = p.has("kv") ? p.dim("kv") : c.n;
  const std::string& kind = p.option("kind");
  c.kind = kind == "sigmoid" ? Kind::sigmoid : kind == "linear" ? Kind::linear : kind == "softplus" ? Kind::softplus
                                                                                                   : Kind::softmax;
  c.causal = p.flag("causal");
  c.lse = p.flag("lse");
  c.backward = p.direction() == "bwd";
  c.bf16 = p.dtype() == DType::bf16;
  c.scale = p.has("scale") ? p.real("scale") : 1.0 / std::sqrt(double(c.d));
  c.bias = p.has("bias") ? p.real("bias") : -std::log(double(c.nk));
  c.length_scale = p.has("length_scale") ? p.real("length_scale") : std::log(double(c.nk));
  c.power = p.has("power") ? p.real("power") : 1.0;
  return c;
}

double Config::pairs() const {
  if (!causal) return double(n) * double(nk);
  double s = 0;  // Σ_i clamp(i + nk − n + 1, 0, nk): rows with a full or partial view of the keys
  for (int64_t i = 0; i < n; ++i) s += double(std::clamp<int64_t>(last_key(i) + 1, 0, nk));
  return s;
}

}  // namespace hotops::attention
