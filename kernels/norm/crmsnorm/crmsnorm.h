// CRMSNorm (Jiang et al., arXiv 2305.14858). A zero-mean d-vector is stored compressed as
// its first d − 1 entries x̂ (the last is −Σx̂); per row y = γ·x̂/√((Σx̂² + (Σx̂)²)/d + ε),
// which equals the first d − 1 entries of RMSNorm (= LayerNorm without shift) of the full
// vector. The problem's d is the full width; rows hold d − 1 values.
#pragma once
#include <cstdint>

#include "norm/common/row_family.h"

namespace hotops::norm::crmsnorm {

// Full d-vectors → compressed rows: recentre (the representation is of zero-mean vectors),
// keep the first d − 1 entries. `full` is rows × d, `out` rows × (d − 1).
void compress(const double* full, double* out, int64_t rows, int64_t d);
// Compressed rows → full zero-mean d-vectors: append −Σx̂.
void expand(const double* compressed, double* full, int64_t rows, int64_t d);

// fp64 reference of one compressed row.
void reference(const RowRef& r, const double* x, double* y);

}  // namespace hotops::norm::crmsnorm
