// The inputs of one vq_logits case as exact doubles of their stored values (rounded to f32 or
// bf16 here), made from the problem, the input kind and the seed. fill() stores them and the
// fp64 reference recomputes them, so both see one model (a dense layer's W is C[M], expanded by
// fill, and checked against it by the reference).
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "core/problem.h"
#include "vq_logits/vq_logits.h"

namespace hotops::vq_logits {

struct Shape {
  int64_t T, V, K, d;
  Layer layer;
  From from;
  Out out;
  bool bf16, map_int16;
  explicit Shape(const Problem& p);
  int64_t rows() const { return layer == Layer::dense ? V : K; }  // width of the layer's logits
};

struct Model {
  Shape s;
  std::vector<double> h = {}, c = {};  // T × d and K × d (from=hidden)
  std::vector<double> lc = {};         // T × K code logits as stored (from=logits)
  std::vector<int32_t> map = {};       // V
  std::vector<int64_t> counts = {};    // n_j = |M⁻¹(j)|
  std::vector<int32_t> targets = {};   // T (logprob, loss_grad)
  std::vector<double> u = {};          // T × 2 (sample)
};

// Input kinds: uniform (the benchmark's: logits of unit scale), large (logits of ±1000: exp
// overflows without the max), empty_codes (the codes with the largest logits own no token),
// one_code (every token in one code), ends (targets 0 and V − 1, in different codes).
const std::vector<std::string>& input_kinds();
// Also accepts "corrupt_map" (not an input kind: fill then refuses the map, see family.cpp).
Model make_model(const Problem& p, const std::string& input, uint64_t seed);

// Code logits L (T × K) in double and, per token, the scale S_t = max_j Σ_k |h_tk·c_jk| over the
// codes in use (what f32 sums over d can lose; 0 when the logits are given).
struct CodeLogits {
  std::vector<double> L, scale;
};
CodeLogits code_logits(const Model& m);

// Refuses a map entry outside [0, codes): names the first one.
void validate_map(const std::vector<int32_t>& map, int64_t codes);

}  // namespace hotops::vq_logits
