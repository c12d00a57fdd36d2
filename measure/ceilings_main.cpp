// hotops-ceilings: measure this machine's compute and bandwidth ceilings once, store them.
#include <fmt/format.h>

#include "cli.h"
#include "measure/ceilings/ceilings.h"
#include "measure/counters/counters.h"
#include "version.h"

namespace {

// Side-by-side table of the entries both tools measured.
void print_agreement(const nlohmann::json& c) {
  fmt::print("\n{:<28} {:>4} {:>11} {:>11} {:>8}  {}\n", "ceiling", "thr", "builtin", "likwid", "lw/bi", "used");
  auto row = [](const std::string& label, const nlohmann::json& e) {
    if (!e.contains("value")) return;
    const std::string lw = e["likwid"].contains("median") ? fmt::format("{:11.1f}", e["likwid"]["median"].get<double>())
                                                          : fmt::format("{:>11}", "-");
    const std::string ratio =
        e.contains("likwid_over_builtin") ? fmt::format("{:8.3f}", e["likwid_over_builtin"].get<double>()) : "       -";
    fmt::print("{:<28} {:>4} {:>11.1f} {} {}  {}\n", label, e["threads"].get<int>(), e["builtin"]["median"].get<double>(),
               lw, ratio, e["used"].get<std::string>());
  };
  for (const auto& e : c["compute"]) row(e["name"].get<std::string>(), e);
  for (const auto& e : c["bandwidth"]) row(e["level"].get<std::string>() + " " + e["kernel"].get<std::string>(), e);
}

// --gpu: the device's entries, merged into `out` (whose CPU entries stay when fresh).
int measure_gpu(const std::string& out, bool quick, bool quiet, hotops::measure::GpuCeilingsOptions g) {
  namespace m = hotops::measure;
  if (std::string why = m::check_writable(out); !why.empty()) {
    fmt::print(stderr, "hotops-ceilings: error: {}\n", why);
    return 2;
  }
  g.quick = quick;
  if (!quiet) g.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
  nlohmann::json measured;
  try {
    measured = m::measure_gpu_ceilings(g);
  } catch (const m::NoDevice& e) {
    fmt::print(stderr, "hotops-ceilings: {}\n", e.what());
    return 1;
  }
  std::string reason;
  const nlohmann::json file = m::load_ceilings(out, &reason);
  if (file.is_null() && !quiet) fmt::print(stderr, "no CPU ceilings kept ({}): the file holds the device's only\n", reason);
  m::write_json_atomic(out, m::merge_device_ceilings(file, measured));
  fmt::print("wrote {} (device: {:.0f} s)\n", out, measured["device_duration_s"].get<double>());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"hotops-ceilings: measured peak compute per ISA/dtype and bandwidth per memory level"};
  app.set_version_flag("--version", [] { return hotops::version_text("hotops-ceilings"); });
  std::string out;
  bool force = false, quick = false, no_likwid = false, quiet = false;
  hotops::measure::CeilingsOptions o;
  bool diagnose = false;
  int compare_pairs = 0;
  auto* out_opt = app.add_option("--out", out, "where to write, e.g. results/<machine>/ceilings.json");
  app.add_option("--compare-likwid", compare_pairs,
                 "paired comparison with likwid-bench (DRAM copy/triad, fp32 FMA), N pairs; prints JSON and exits")
      ->check(hotops::cli::integer_at_least(1, 1000));
  app.add_flag("--counters-diagnosis", diagnose, "print which counter backend works here, or why none does, and exit");
  app.add_flag("--force", force, "re-measure even if the stored ceilings are still fresh");
  app.add_flag("--quick", quick, "fewer, shorter repetitions (under a minute)");
  app.add_flag("--no-likwid", no_likwid, "do not run likwid-bench alongside the built-in kernels");
  app.add_option("--likwid-bench", o.likwid_bench, "likwid-bench executable")->capture_default_str();
  app.add_flag("--quiet", quiet, "no progress lines");
  bool allow_busy = false;
  app.add_flag("--allow-busy", allow_busy,
               "measure even when the load probe finds the machine busy (the file records busy: true and reports "
               "flag it); without it a busy machine is refused");
  bool gpu = false;
  hotops::measure::GpuCeilingsOptions g;
  app.add_flag("--gpu", gpu,
               "measure the CUDA device instead (device memory and L2 bandwidth, FMA and cuBLAS GEMM peaks) and "
               "merge its entries into --out, keeping fresh CPU entries; exit 1 without a device");
  app.add_option("--gemm-size", g.gemm_size, "--gpu: m = n = k of the GEMM peaks")->check(CLI::Range(256, 32768))
      ->capture_default_str();
  if (auto rc = hotops::cli::parse(app, argc, argv, "hotops-ceilings")) return *rc;

  try {
    if (diagnose) {
      fmt::print("{}\n", hotops::measure::select_counters("auto").diagnosis.dump(2));
      return 0;
    }
    if (compare_pairs > 0) {
      auto log = [&](const std::string& line) {
        if (!quiet) fmt::print(stderr, "{}\n", line);
      };
      fmt::print("{}\n", hotops::measure::compare_with_likwid(compare_pairs, log).dump(2));
      return 0;
    }
    if (out_opt->count() == 0 || out.empty()) {
      fmt::print(stderr, "hotops-ceilings: error: --out FILE is required (see hotops-ceilings --help)\n");
      return 2;
    }
    if (gpu) return measure_gpu(out, quick, quiet, g);
    if (!force) {
      std::string reason;
      if (!hotops::measure::load_ceilings(out, &reason).is_null()) {
        fmt::print("{}: ceilings are fresh for this CPU, compiler and kernel; --force re-measures\n", out);
        return 0;
      }
      if (!quiet) fmt::print(stderr, "measuring: {}\n", reason);
    }
    // A busy machine is refused before anything (even the directory) is written.
    o.load = hotops::measure::probe_load();
    if (o.load->busy && !allow_busy) {
      fmt::print(stderr, "hotops-ceilings: error: {}\n", hotops::measure::busy_refusal(*o.load));
      return 2;
    }
    if (o.load->busy) fmt::print(stderr, "hotops-ceilings: warning: --allow-busy: {}\n", o.load->detail);
    // Fail before minutes of measuring, not after.
    if (std::string why = hotops::measure::check_writable(out); !why.empty()) {
      fmt::print(stderr, "hotops-ceilings: error: {}\n", why);
      return 2;
    }
    o.quick = quick;
    o.likwid = !no_likwid;
    if (!quiet) o.log = [](const std::string& line) { fmt::print(stderr, "{}\n", line); };
    const nlohmann::json c = hotops::measure::measure_ceilings(o);
    hotops::measure::write_json_atomic(out, c);
    if (!quiet) print_agreement(c);
    fmt::print("wrote {} ({:.0f} s)\n", out, c["duration_s"].get<double>());
  } catch (const std::exception& e) {
    fmt::print(stderr, "hotops-ceilings: error: {}\n", e.what());
    return 2;
  }
  return 0;
}
