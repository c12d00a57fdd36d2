// Input kinds of the ShiftQuant family: what X, W and dY hold.
//   normal       N(0, 1) — the benchmark input
//   outliers     N(0, 1) and one value of ±1000…2000 in every run of `group` elements of a row
//   zero_groups  N(0, 1) with a third of the row runs and of the column runs of `group` all zero
//   spread       N(0, 1), each row run and each column run of `group` scaled by 2^u, u in
//                [−12, 12]: exponent spreads beyond 15 within a row or column (the clamp)
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace hotops::shiftquant {

inline const std::vector<std::string> kInputs = {"normal", "outliers", "zero_groups", "spread"};

// Fills x (rows×cols) with `input`, from `seed`; `group` sets the runs (≥ 1).
void fill_input(float* x, int64_t rows, int64_t cols, const std::string& input, int64_t group, uint64_t seed);

}  // namespace hotops::shiftquant
