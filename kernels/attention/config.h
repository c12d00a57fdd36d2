// An attention problem resolved: every key of the schema with its default rule applied. Shared by
// the family (work model, operands, reference) and the variants' list options.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "attention/attention.h"
#include "core/problem.h"
#include "core/work.h"

namespace hotops::attention {

struct Config {
  int64_t heads, n, nk, d;
  Kind kind;
  bool causal, backward, bf16;
  bool lse;             // softmax forward: also write the log-sum-exp (a backward's input)
  double scale;         // default 1/√d
  double bias;          // sigmoid, default −log nk
  double length_scale;  // softplus, default log nk
  double power;         // softplus re-weighting, default 1

  // Causal: query i sees keys j ≤ i + nk − n (bottom-right aligned).
  int64_t last_key(int64_t i) const { return causal ? i + nk - n : nk - 1; }
  double pairs() const;  // visible (query, key) pairs per head
};

Config config(const Problem& p);
std::string_view kind_name(Kind k);

}  // namespace hotops::attention

namespace hotops {
class Case;
struct Expected;
}  // namespace hotops

namespace hotops::attention {

// The family's parts, one file each: work.cpp, inputs.cpp, reference.cpp.
Work family_work(const Problem& p);
void fill_inputs(Case& c);                       // q, k, v (dO) of the case's input kind; o, lse derived
std::vector<Expected> reference(const Case& c);  // fp64, from the stored values

// The fp64 forward of one head, also what fill_inputs derives a backward's o and lse from.
// q: n×d, k and v: nk×d (row-major, double); o: n×d out, lse: n out (softmax), scale: n out:
// per row, the size of the errors an f32 computation may make (see reference.cpp).
void forward_head(const Config& c, const double* q, const double* k, const double* v, double* o, double* lse,
                  double* o_scale, double* lse_scale);

}  // namespace hotops::attention
