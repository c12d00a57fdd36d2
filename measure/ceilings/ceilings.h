// Measured machine ceilings: peak compute per ISA/dtype and bandwidth per memory level,
// on 1 and all cores, from built-in kernels and likwid-bench side by side. Stored as
// JSON per machine with a staleness key (CPU, compiler, kernel version).
#pragma once
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "measure/load_probe.h"

namespace hotops::measure {

inline constexpr int kCeilingsSchemaVersion = 1;

struct CeilingsOptions {
  bool quick = false;   // fewer, shorter repetitions and a smaller DRAM working set (< 60 s)
  bool likwid = true;   // also run likwid-bench where installed
  std::string likwid_bench = "likwid-bench";
  std::function<void(const std::string&)> log;  // one progress line per measurement; may be empty
  // A subset: only the entries `wanted` accepts, given their identity ({"name", "threads"}
  // for compute, {"level", "kernel", "threads"} for bandwidth), at these thread counts.
  // Empty: every entry on 1 and all cores. A subset runs the built-in kernels only
  // (likwid-bench spends a second calibrating per run); `subset_for` says what it is for.
  std::vector<int> threads;
  std::function<bool(const nlohmann::json& identity)> wanted;
  std::string subset_for;
  // The load probe taken before measuring (hotops-ceilings takes it first, to refuse on a
  // busy machine before anything is written); empty: measure_ceilings probes itself, with
  // `load_options`. Recorded as environment.load, busy or not.
  std::optional<LoadProbe> load;
  LoadProbeOptions load_options;
};

// The refusal hotops-ceilings prints for a busy machine (without --allow-busy).
std::string busy_refusal(const LoadProbe& probe);

// Runs every measurement; unsupported ones are recorded as skipped with the reason.
nlohmann::json measure_ceilings(const CeilingsOptions& options);

// The device's ceilings (hotops-ceilings --gpu): device memory ("device HBM") and L2
// ("device L2") read/write/copy/triad bandwidth, the fp32 FMA peak, and cuBLAS GEMM peaks
// (fp32, tf32, bf16, fp16, int8) at size³ — entries marked "device": "cuda", with the device's
// environment and staleness key. Throws NoDevice when there is no CUDA device.
struct NoDevice : std::runtime_error {
  using std::runtime_error::runtime_error;
};
struct GpuCeilingsOptions {
  bool quick = false;       // smaller arrays and GEMMs, fewer samples
  int gemm_size = 8192;
  std::function<void(const std::string&)> log;
};
nlohmann::json measure_gpu_ceilings(const GpuCeilingsOptions& options);

// `file` (a ceilings file, or null for none) with its device entries replaced by those of
// `gpu` (a measure_gpu_ceilings result); a new device-only file when `file` is null.
nlohmann::json merge_device_ceilings(const nlohmann::json& file, const nlohmann::json& gpu);

// The identities of the entries measure_ceilings(options) would measure, in order.
std::vector<nlohmann::json> planned_ceilings(const CeilingsOptions& options);

// Identity of a stored entry: {"name", "threads"} or {"level", "kernel", "threads"}.
nlohmann::json ceiling_identity(const nlohmann::json& entry);

// `base` with the entries of `added` (same machine) put in, replacing those of the same
// identity; `base` null: `added`. Records the addition under "subsets".
nlohmann::json merge_ceilings(const nlohmann::json& base, const nlohmann::json& added);

// Paired, interleaved comparison with likwid-bench of DRAM copy, DRAM triad and the fp32
// AVX2 FMA peak on 1 and all cores (the issue-3 acceptance check): `pairs` built-in
// repetitions of 0.25 s, each followed by a likwid-bench run of the same length.
// Throws when likwid-bench or AVX2 is missing.
nlohmann::json compare_with_likwid(int pairs, const std::function<void(const std::string&)>& log);

// Empty when `path` can be written (creating its directory), else why not.
std::string check_writable(const std::string& path);

// Writes `path` via a temporary file in the same directory + rename. Throws
// std::runtime_error naming the path and the system error.
void write_json_atomic(const std::string& path, const nlohmann::json& j);

// Null json when the file is missing, unreadable, corrupt or stale; `reason` says which
// (empty when the ceilings are usable). The second form compares against a given key.
nlohmann::json load_ceilings(const std::string& path, std::string* reason);
nlohmann::json load_ceilings(const std::string& path, const nlohmann::json& current_key, std::string* reason);

// Empty when `stored` matches `current`, else which parts differ ("kernel: 'a' -> 'b'").
std::string staleness_difference(const nlohmann::json& stored, const nlohmann::json& current);

// The entries of a "compute" or "bandwidth" array that are not a device's.
nlohmann::json cpu_entries(const nlohmann::json& section);

// Lookups of measured (not skipped) entries; nullptr when absent. CPU entries have a thread
// count; device entries ("device": "cuda") have none, and levels "device L2", "device HBM".
const nlohmann::json* find_compute(const nlohmann::json& ceilings, const std::string& name, int threads);
const nlohmann::json* find_bandwidth(const nlohmann::json& ceilings, const std::string& level,
                                     const std::string& kernel, int threads);
const nlohmann::json* find_device_compute(const nlohmann::json& ceilings, const std::string& name);
const nlohmann::json* find_device_bandwidth(const nlohmann::json& ceilings, const std::string& level,
                                            const std::string& kernel);

}  // namespace hotops::measure
