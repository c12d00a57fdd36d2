// likwid counters through its perfmon library: groups FLOPS_SP, L2, L3 and MEM (on
// Zen: MEM1 + MEM2, one per half of the memory channels), each run around the kernel.
#include <sched.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "measure/counters/counters.h"
#include "measure/machine.h"

#ifdef HOTOPS_HAVE_LIKWID
#include <likwid.h>
#endif

namespace hotops::measure {
using nlohmann::json;

#ifndef HOTOPS_HAVE_LIKWID

std::unique_ptr<CounterBackend> probe_likwid(std::string* reason) {
  *reason = "hotops was built without liblikwid (likwid.h / liblikwid not found by CMake)";
  return nullptr;
}

#else

namespace {

// likwid reports its failures on stderr; capture them to put them in the diagnosis.
class StderrCapture {
 public:
  StderrCapture() {
    std::fflush(stdout);  // likwid may fork (access daemon): do not duplicate buffered output
    std::fflush(stderr);
    file_ = std::tmpfile();
    saved_ = dup(2);
    if (file_ && saved_ >= 0) dup2(fileno(file_), 2);
  }
  std::string finish() {
    std::fflush(stderr);
    if (saved_ >= 0) dup2(saved_, 2), close(saved_), saved_ = -1;
    std::string text;
    if (file_) {
      std::rewind(file_);
      char buf[512];
      size_t n;
      while ((n = std::fread(buf, 1, sizeof buf, file_)) > 0) text.append(buf, n);
      std::fclose(file_);
      file_ = nullptr;
    }
    while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
    for (char& c : text)
      if (c == '\n') c = ' ';
    return text;
  }
  ~StderrCapture() { finish(); }

 private:
  FILE* file_ = nullptr;
  int saved_ = -1;
};

// What is missing for likwid's direct / daemon access modes on this machine.
std::string access_context() {
  std::string s;
  s += std::filesystem::exists("/dev/cpu/0/msr") ? "/dev/cpu/0/msr present"
                                                 : "/dev/cpu/0/msr absent (msr module not loaded, or a VM)";
  struct stat st {};
  const char* daemon = "/usr/sbin/likwid-accessD";
  if (stat(daemon, &st) != 0) s += "; no likwid-accessD";
  else if (!(st.st_mode & S_ISUID) || st.st_uid != 0) s += "; likwid-accessD is not setuid root";
  if (!std::filesystem::exists("/sys/bus/event_source/devices/cpu"))
    s += "; no 'cpu' PMU in /sys/bus/event_source/devices";
  return s;
}

// Initializes perfmon on `cpus`; empty on success, else the diagnosis.
std::string init_perfmon(std::vector<int>& cpus) {
  if (topology_init() != 0) return "likwid topology_init failed";
  CpuInfo_t info = get_cpuInfo();
  if (!info || !info->short_name || std::string(info->short_name).empty())
    return "likwid does not support this CPU";
  StderrCapture cap;
  const int rc = perfmon_init(int(cpus.size()), cpus.data());
  const std::string msg = cap.finish();
  if (rc == 0) return {};
  std::string s = "likwid perfmon_init failed (" + std::to_string(rc);
  if (rc < 0 && strerrorname_np(-rc)) s += ", " + std::string(strerrorname_np(-rc));
  s += ") on " + std::string(info->short_name);
  if (!msg.empty()) s += ": '" + msg + "'";
  return s + "; " + access_context();
}

class LikwidBackend final : public CounterBackend {
 public:
  std::string name() const override { return "likwid"; }

  json measure(const CounterRequest& r) override {
    check_in_process(r, name());
    // One thread: keep it on its current CPU while counting. More: the driver pins its
    // threads to the first cores, so count those.
    cpu_set_t saved;
    sched_getaffinity(0, sizeof saved, &saved);
    std::vector<int> cpus;
    if (r.threads <= 1) {
      cpus.push_back(sched_getcpu());
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(cpus[0], &one);
      sched_setaffinity(0, sizeof one, &one);
    } else {
      for (int t = 0; t < r.threads; ++t) cpus.push_back(core_pu(t));
    }
    struct Restore {
      cpu_set_t* set;
      ~Restore() {
        perfmon_finalize();
        sched_setaffinity(0, sizeof *set, set);
      }
    };
    if (std::string why = init_perfmon(cpus); !why.empty()) {
      sched_setaffinity(0, sizeof saved, &saved);
      return {{"source", "none"}, {"reason", why}};
    }
    Restore restore{&saved};
    r.run();  // warm-up, not counted
    json groups = json::object(), missing = json::array();
    double mem_bytes = 0;
    bool have_mem = false;
    for (const char* g : {"FLOPS_SP", "L2", "L3", "MEM", "MEM1", "MEM2"}) {
      if ((std::string(g) == "MEM1" || std::string(g) == "MEM2") && groups.contains("MEM")) continue;
      const int gid = perfmon_addEventSet(g);
      if (gid < 0) {
        missing.push_back(g);
        continue;
      }
      if (perfmon_setupCounters(gid) != 0 || perfmon_startCounters() != 0) {
        missing.push_back(std::string(g) + " (setup/start failed)");
        continue;
      }
      for (int i = 0; i < r.iterations; ++i) r.run();
      perfmon_stopCounters();
      json events = json::object(), metrics = json::object();
      for (int e = 0; e < perfmon_getNumberOfEvents(gid); ++e) {
        double sum = 0;
        for (size_t t = 0; t < cpus.size(); ++t) sum += perfmon_getLastResult(gid, e, int(t));
        events[perfmon_getEventName(gid, e)] = sum / r.iterations;
      }
      for (int m = 0; m < perfmon_getNumberOfMetrics(gid); ++m) {
        const std::string name = perfmon_getMetricName(gid, m);
        json per_thread = json::array();
        for (size_t t = 0; t < cpus.size(); ++t) per_thread.push_back(perfmon_getLastMetric(gid, m, int(t)));
        metrics[name] = cpus.size() == 1 ? per_thread[0] : per_thread;
        // Uncore memory volume is reported on one CPU per socket: the sum is the total.
        if (name.find("Memory data volume") != std::string::npos) {
          for (const json& v : per_thread) mem_bytes += v.get<double>() * 1e9 / r.iterations;
          have_mem = true;
        }
      }
      groups[g] = {{"events_per_call", events}, {"metrics", metrics}};
    }
    json derived = json::object();
    if (have_mem) {
      derived["memory_bytes"] = mem_bytes;
      if (r.minimum.bytes() > 0) derived["memory_bytes_over_minimum"] = mem_bytes / r.minimum.bytes();
    }
    json details = {{"iterations", r.iterations}, {"cpus", cpus}};
    if (!missing.empty()) details["groups_unavailable"] = missing;
    return {{"source", "likwid"}, {"per_call", groups}, {"derived", derived}, {"details", details}};
  }
};

}  // namespace

std::unique_ptr<CounterBackend> probe_likwid(std::string* reason) {
  std::vector<int> cpus = {sched_getcpu()};
  if (std::string why = init_perfmon(cpus); !why.empty()) {
    *reason = why;
    return nullptr;
  }
  perfmon_finalize();
  return std::make_unique<LikwidBackend>();
}

#endif

}  // namespace hotops::measure
