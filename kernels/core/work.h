// Work model of one call: what a family's problem must do at the least, by op kind, and
// the bytes it must move. One model per family (Family::work); a variant that streams
// more than the minimum declares its traffic (Variant::traffic).
#pragma once

namespace hotops {

// Cost of one transcendental in f32 vector-pipe slots per element: what our vector code
// issues for it (exp: range reduction 3, polynomial 5, rounding and the 2^n scale 2 — see
// core/simd/exp.h). They enter the compute bound at the f32 FMA peak.
struct TranscendentalCost {
  static constexpr double exp = 10, log = 12, tanh = 14, sqrt = 8, div = 8;
};

struct Work {
  double elements = 0;  // the family's natural item (input elements, outputs, tokens, ...)
  // Arithmetic, two ops per multiply-add:
  double f32 = 0;       // fp32 adds, multiplies, FMAs, compares on the FP vector pipes
  double bf16_dot = 0;  // bf16 products summed in fp32 (vdpbf16ps)
  double int8_mac = 0;  // 8-bit integer products summed in int32 (vpdpbusd, vpmaddubsw)
  double int4_mac = 0;  // 4-bit products (unpacked to 8 bits by the kernel)
  // Transcendentals, one per evaluation:
  double exp = 0, log = 0, tanh = 0, sqrt = 0, div = 0;
  double bytes_read = 0, bytes_written = 0;  // without write-allocate reads

  double bytes() const { return bytes_read + bytes_written; }
  double transcendentals() const { return exp + log + tanh + sqrt + div; }
  // Transcendentals in f32 slots (TranscendentalCost).
  double transcendental_slots() const;
  double flops() const { return f32 + bf16_dot; }  // floating-point arithmetic (no transcendentals)
  // Every arithmetic op, transcendentals at their slot cost: the numerator of intensity.
  double ops() const { return f32 + bf16_dot + int8_mac + int4_mac + transcendental_slots(); }
  double intensity() const { return bytes() > 0 ? ops() / bytes() : 0; }

  Work& operator+=(const Work& o);
  Work scaled(double factor) const;  // every count times factor
};

}  // namespace hotops
