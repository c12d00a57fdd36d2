#include "measure/ceilings/team.h"

#include <algorithm>
#include <barrier>
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <stdexcept>
#include <thread>

#include "measure/machine.h"

namespace hotops::measure {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point origin, Clock::time_point t) {
  return std::chrono::duration<double>(t - origin).count();
}

}  // namespace

std::vector<double> run_team(const TeamKernel& kernel, const TeamPlan& plan) {
  if (plan.threads < 1) throw std::invalid_argument("run_team: threads must be >= 1");
  if (plan.threads > host_topology().cores)
    throw std::invalid_argument("run_team: " + std::to_string(plan.threads) + " threads but only " +
                                std::to_string(host_topology().cores) + " cores");
  const int n = plan.threads;
  const Clock::time_point origin = Clock::now();
  std::vector<double> start(n), end(n), work(n);
  std::vector<double> rates;
  int64_t rounds = 1;
  bool calibrating = true;
  double warmed = 0;
  int reps_done = 0;
  std::exception_ptr error;
  std::mutex error_mutex;

  // Runs once per phase, after every thread has finished its timed block.
  auto phase_done = [&]() noexcept {
    const double span = *std::max_element(end.begin(), end.end()) - *std::min_element(start.begin(), start.end());
    double total = 0;
    for (double w : work) total += w;
    if (calibrating) {
      // Grow until a block is long enough to time and the warm-up is done, then scale
      // to the target.
      warmed += span;
      if (span < plan.target_seconds / 8) {
        rounds *= 4;
      } else if (warmed < plan.warmup_seconds) {
        rounds = std::max<int64_t>(1, int64_t(std::ceil(double(rounds) * plan.target_seconds / span)));
      } else {
        rounds = std::max<int64_t>(1, int64_t(std::ceil(double(rounds) * plan.target_seconds / span)));
        calibrating = false;
      }
    } else {
      rates.push_back(total / span);
      ++reps_done;
    }
  };
  std::barrier sync(n, phase_done);

  auto body = [&](int t) {
    bool ok = true;
    try {
      pin_thread_to_core(t);
      if (kernel.setup) kernel.setup(t);
      kernel.run(t, 1);  // warm-up: page faults, caches, clocks
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      ok = false;
    }
    sync.arrive_and_wait();  // everyone ready (phase_done sees zero spans: calibration continues)
    while (reps_done < plan.repetitions) {
      if (error) break;  // read after a barrier: same decision on every thread
      start[t] = seconds_since(origin, Clock::now());
      work[t] = ok ? kernel.run(t, rounds) : 0;
      end[t] = seconds_since(origin, Clock::now());
      sync.arrive_and_wait();
    }
  };
  // The calling thread works as thread 0; give it back its binding afterwards, or the
  // processes it starts later (likwid-bench) inherit a one-core affinity mask.
  const CpuBinding saved = current_binding();
  std::vector<std::thread> pool;
  for (int t = 1; t < n; ++t) pool.emplace_back(body, t);
  body(0);
  for (auto& th : pool) th.join();
  restore_binding(saved);
  if (error) std::rethrow_exception(error);
  return rates;
}

}  // namespace hotops::measure
