#include "core/work.h"

namespace hotops {

double Work::transcendental_slots() const {
  using C = TranscendentalCost;
  return exp * C::exp + log * C::log + tanh * C::tanh + sqrt * C::sqrt + div * C::div;
}

Work& Work::operator+=(const Work& o) {
  elements += o.elements, f32 += o.f32, bf16_dot += o.bf16_dot, int8_mac += o.int8_mac, int4_mac += o.int4_mac;
  exp += o.exp, log += o.log, tanh += o.tanh, sqrt += o.sqrt, div += o.div;
  bytes_read += o.bytes_read, bytes_written += o.bytes_written;
  return *this;
}

Work Work::scaled(double f) const {
  Work w;
  w += *this;
  w.elements *= f, w.f32 *= f, w.bf16_dot *= f, w.int8_mac *= f, w.int4_mac *= f;
  w.exp *= f, w.log *= f, w.tanh *= f, w.sqrt *= f, w.div *= f;
  w.bytes_read *= f, w.bytes_written *= f;
  return w;
}

}  // namespace hotops
