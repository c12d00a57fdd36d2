// The one loop of every peak kernel (peak_<isa>.cpp): kChains independent chains x ← step(x, k),
// enough of them to cover latency × pipes, so that the loop is bound by throughput. Each file
// passes only the instruction it measures and is compiled with its ISA's flags.
#pragma once
#include <cstdint>

namespace hotops::measure {
// Internal linkage on purpose: one instantiation used by files of different ISAs could be merged
// by the linker into one copy built with the wrong flags (as kernels/core/simd/avx2.h).
namespace {

// Runs `iterations` rounds of x[k] = step(x[k], k) over chains that all start at `start`;
// returns the chain steps done (× the operations of one step = the operations). The starts are
// made opaque, so that the compiler cannot merge chains it knows to be equal, and the ends are
// kept, so that no chain is dead code.
template <int kChains, class V, class Step>
double run_chains(int64_t iterations, V start, Step step) {
  V x[kChains];
  for (int k = 0; k < kChains; ++k) {
    x[k] = start;
    asm volatile("" : "+x"(x[k]));
  }
  for (int64_t i = 0; i < iterations; ++i)
    for (int k = 0; k < kChains; ++k) x[k] = step(x[k], k);
  for (int k = 0; k < kChains; ++k) asm volatile("" : : "x"(x[k]));
  return double(iterations) * kChains;
}

}  // namespace
}  // namespace hotops::measure
