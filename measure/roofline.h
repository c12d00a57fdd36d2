// Roofline placement of one timed result against the measured ceilings.
//
// Axes: intensity = (flops + transcendentals) / minimum bytes (the family work model),
// so every variant of a problem sits at the same intensity and a variant that makes
// more passes shows up as a lower % of the same roof. gflops counts the same
// operations per second, gbps the minimum bytes per second; gbps_traffic uses the
// variant's own traffic (its extra passes) for reference.
//
// Memory ceiling. Level: for cache "out", DRAM; for "in", the innermost level that
// holds the footprint (per thread for the private L1/L2, against the L3 capacity of
// the instances the threads use for L3), else DRAM; a level with no measurement falls
// through to the next one out. Kernel: the measured kernel whose write fraction
// (written / total bytes) is closest to the work model's minimum — read (0), triad
// (1/3), copy (1/2), write (1). Mixed read/write kernels therefore mostly use copy
// (softmax: 4 B read + 4 B written per element) or triad (2 reads : 1 write): stores
// cost more than loads (write-allocate, write-back) and a pure-read roof would be
// unreachable for them, while the closest mix is the best rate this machine has shown
// for that mix. All bandwidths count bytes without write-allocate reads, as the work
// models do.
//
// Compute ceiling: the variant's ISA suffix and the problem dtype pick the peak
// (scalar → SSE2 mul+add, since baseline code is auto-vectorised to SSE2; avx2 →
// AVX2 FMA; avx512f → AVX-512 FMA; avx512vnni/avxvnni + int8 → VNNI dot;
// avx512bf16 + bf16 → vdpbf16ps; jit/auto/peer → the best peak measured for that dtype).
//
// Threads between 1 and all cores: min(all-core value, threads × one-core value).
// The bound is the lower roof at this intensity; achieved above it sets
// above_ceiling (a measurement or model problem, never a win).
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
  std::string isa = "scalar";   // variant-name suffix: scalar, avx2, avx512f, jit, ...
  std::string dtype = "f32";    // arithmetic type of the problem
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
