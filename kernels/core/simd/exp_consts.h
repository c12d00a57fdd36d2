// Constants of the vector exp over the SIMD traits (core/simd/exp.h). Plain numbers, no ISA
// code, so every ISA's files may include this.
//
// exp(x) = 2^n · p(t) with n = round(x·log2 e) and t = x − n·ln2 (Cody-Waite: ln2 = hi + lo,
// hi = float(ln 2); inside an FMA n·hi is exact and x − n·hi is exact for |n| < 2^22, so t
// carries no cancellation error). p is the degree-5 polynomial 1 + t·(c1 + … + t·c5) with
// the relative-error minimax fit on [−ln2/2, ln2/2] (Remez exchange with p(0) = 1 fixed):
// max |p(t)/e^t − 1| = 9.1e-8 in exact arithmetic, 9.5e-8 with the coefficients rounded to
// float. Measured end to end (AVX2 code vs double exp): max relative error 1.64e-7 over every
// float in [−87.3, 0] (exp_nonpos), 1.64e-7 for |x| ≤ 1e5 (exp_split, 32M random points),
// 2.4e-7 when the output factor is folded into the coefficients (exp_scaled). The AVX2 and
// AVX-512 traits give the same results; tests/cpp/simd_exp_test.cpp holds every trait to
// these (on 10^6 random points: 1.63e-7, 1.60e-7, 2.0e-7); the scalar trait, without FMA,
// measures 1.80e-7, 2.14e-7 and 2.05e-7.
#pragma once

namespace hotops::simd::expc {

inline constexpr float kLog2e = 0x1.715476p+0f;
inline constexpr float kLn2Hi = 0x1.62E430p-1f;
inline constexpr float kLn2Lo = -0x1.05C610p-29f;  // ln 2 − kLn2Hi

inline constexpr float kC1 = 0x1.FFFFF6p-1f;
inline constexpr float kC2 = 0x1.FFFDC6p-2f;
inline constexpr float kC3 = 0x1.555A6Ap-3f;
inline constexpr float kC4 = 0x1.573A54p-5f;
inline constexpr float kC5 = 0x1.0FA834p-7f;

// 1.5·2^23: floats in [2^23, 2^24) are spaced 1 apart, so v = x·log2e + kRoundMagic in one
// FMA rounds x·log2e to the nearest integer n (for |n| < 2^22), v − kRoundMagic recovers n
// exactly, and v's low mantissa bits hold n in two's complement.
inline constexpr float kRoundMagic = 0x1.8p23f;

// The two-pass kernels take exp of raw inputs. float(log2 e) is off by 1.3e-8 relative, so
// for large |x| the rounded n can be one off the nearest integer and |t| exceeds ln2/2 a
// little: measured max relative error 1.6e-7 for |x| ≤ 1e5, 3.1e-7 at 1e6, 5.7e-7 at
// kSplitMax = 2^21. Inputs below −kSplitMax (−inf included) are clamped to it.
inline constexpr float kSplitMax = 0x1p21f;

}  // namespace hotops::simd::expc
