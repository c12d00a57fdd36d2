// Roofline placement of one timed result against the measured ceilings.
//
// Axes: intensity = ops / minimum bytes (the family work model, core/work.h: every
// arithmetic op kind, transcendentals at their f32 slot cost), so every variant of a
// problem sits at the same intensity and a variant that makes more passes shows up as a
// lower % of the same roof. gflops counts those ops per second, gbps the minimum bytes per
// second; gbps_traffic uses the variant's own traffic (its extra passes) for reference.
//
// The bound is a time: the larger of the memory time (minimum bytes at the bandwidth of
// the level) and the compute time (each op kind at its own measured peak on the ISA the
// variant declares it computes with — Variant::computes_with, never its name — summed,
// since the kinds share the vector pipes). % of ceiling = bound time / measured time.
//
// Memory ceiling. Level: for cache "out", DRAM; for "in", the innermost level whose half
// holds the footprint (per thread for the private L1/L2, against the L3 capacity of the
// instances the threads use for L3), else DRAM; a level with no measurement falls through
// to the next one out. Kernel: the measured kernel whose write fraction (written / total
// bytes) is closest to the work model's minimum — read (0), triad (1/3), copy (1/2),
// write (1): stores cost more than loads (write-allocate, write-back), so a pure-read roof
// would be unreachable for mixed kernels. Bandwidths count bytes without write-allocate
// reads, as the work models do.
//
// Compute peaks per op kind: f32 → the ISA's FMA peak (scalar → SSE2 mul+add: baseline
// code is auto-vectorised to SSE2); bf16 dot → vdpbf16ps on avx512bf16, else the f32 peak
// (widened); int8/int4 → VNNI on avx512vnni/avxvnni, else AVX2 pmaddubsw.
//
// Threads between 1 and all cores: min(all-core value, threads × one-core value).
// A result above its bound sets above_ceiling (a measurement or model problem, never a win).
#pragma once
#include <string>

#include <nlohmann/json.hpp>

#include "core/family.h"
#include "measure/machine.h"

namespace hotops::measure {

struct RooflineInput {
  Work minimum;                 // family work model
  Work traffic;                 // the variant's bytes when streaming; all zero = the minimum
  double seconds = 0;           // per call
  double footprint_bytes = 0;   // operands touched by one call
  std::string cache = "out";    // "in" or "out"
  int threads = 1;
  const IsaInfo* computes_with = &isa("scalar");  // Variant::computes_with()
};

// Throws std::invalid_argument on non-positive seconds/threads, an unknown cache mode,
// or a work model with neither operations nor bytes. With null ceilings the result has
// the achieved rates, null bound fields and a "reason" (ceilings_reason when given).
nlohmann::json place_on_roofline(const RooflineInput& in, const nlohmann::json& ceilings,
                                 const std::string& ceilings_reason = "");

// Exposed for tests.
std::string memory_level_for(double footprint_bytes, const std::string& cache, int threads, const Topology& topo);
std::string bandwidth_kernel_for(const Work& minimum);

}  // namespace hotops::measure
