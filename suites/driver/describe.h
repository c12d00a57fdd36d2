// `hotops-bench describe REQUEST`: what this build knows about problems timed elsewhere (a
// peer library's bridge, scripts/torch_peer.py), so that their results carry the same work
// model, canonical problem, roofline placement and environment as the suites' own.
#pragma once
#include <string>

#include <nlohmann/json.hpp>

namespace hotops {

// request: {"machine": name (default: host name), "ceilings": path (optional),
//           "runs": [{"family", "problem" (repro), "cache" ("in"|"out", default "out"),
//                     "device" ("cpu"|"cuda", default "cuda"), "seconds" (optional, per call)}]}
// response: {"context": environment, "ceilings": the loaded file or null, "ceilings_reason",
//            "timing_policy": when device calls are replayed as graphs, how much the L2 flush writes,
//            "runs": [{"family", "problem": {repro, dims, options}, "work", "footprint_bytes",
//                      "derived" (with seconds)} or {"family", "error"}]} — one per request run,
//            in order; a run this build cannot describe (unknown family, bad problem) has "error".
// Throws std::invalid_argument when the request itself is malformed.
nlohmann::json describe(const nlohmann::json& request);

// The subcommand: reads the request from `path` ("-": stdin), prints the response.
int describe_main(const std::string& path);

}  // namespace hotops
