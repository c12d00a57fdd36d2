// What the peer libraries really compute with, for the roofline (Variant::computes_with).
#pragma once
#include "core/isa.h"

namespace hotops::peers {

// oneDNN's CPU dispatch level on this machine (dnnl_get_effective_cpu_isa), as our ISA.
const IsaInfo& onednn_isa();
// XNNPACK picks its micro-kernels at initialization and has no API that says which: the
// widest ISA this machine has, so its roofline bound is never too low.
inline const IsaInfo& xnnpack_isa() { return best_host_isa(); }

}  // namespace hotops::peers
