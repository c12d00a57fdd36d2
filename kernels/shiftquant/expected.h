// The fp64 reference of every output of a ShiftQuant case (Family::reference).
//   quantize  codes, exponents and scales of the reference quantizers: exact (tol 0)
//   gemm      shift / rowwise: the exact integer accumulator (int64 / s32, tol 0);
//             floatgroup and float formats: fp64 of the stored operands, within the rounding of
//             the f32 sum the kernels do
//   step      y, dx, dw: fp64 products of the operands as the reference quantizers (or the
//             fp16/bf16 conversion) leave them, within that same rounding — so a step is checked
//             as tightly as its GEMMs; its distance to the unquantized product is the
//             quantization error (tests/cpp/shiftquant_step_test.cpp).
#pragma once
#include <vector>

#include "core/case.h"
#include "core/check.h"

namespace hotops::shiftquant {

std::vector<Expected> expected(const Case& c);

}  // namespace hotops::shiftquant
