// perf_event counters: generic hardware events of this process (user space only),
// opened one by one so a missing event (e.g. LLC on some AMD parts) costs only itself.
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "measure/counters/counters.h"
#include "measure/machine.h"

namespace hotops::measure {
using nlohmann::json;

namespace {

struct EventSpec {
  const char* name;
  uint32_t type;
  uint64_t config;
};

constexpr uint64_t kLlcReadMiss = PERF_COUNT_HW_CACHE_LL | (PERF_COUNT_HW_CACHE_OP_READ << 8) |
                                  (PERF_COUNT_HW_CACHE_RESULT_MISS << 16);
const EventSpec kEvents[] = {
    {"cycles", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES},
    {"instructions", PERF_TYPE_HARDWARE, PERF_COUNT_HW_INSTRUCTIONS},
    {"cache_references", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_REFERENCES},
    {"cache_misses", PERF_TYPE_HARDWARE, PERF_COUNT_HW_CACHE_MISSES},
    {"llc_read_misses", PERF_TYPE_HW_CACHE, kLlcReadMiss},
};

int open_event(const EventSpec& e) {
  perf_event_attr a{};
  a.size = sizeof a;
  a.type = e.type;
  a.config = e.config;
  a.disabled = 1;
  a.exclude_kernel = 1;  // allowed up to perf_event_paranoid = 2
  a.exclude_hv = 1;
  a.inherit = 1;  // threads created while counting are counted too
  a.read_format = PERF_FORMAT_TOTAL_TIME_ENABLED | PERF_FORMAT_TOTAL_TIME_RUNNING;
  return int(syscall(SYS_perf_event_open, &a, 0, -1, -1, 0));
}

std::string read_first_line(const char* path) {
  std::ifstream in(path);
  std::string s;
  std::getline(in, s);
  return s.empty() ? "unreadable" : s;
}

bool in_vm() {
  std::ifstream in("/proc/cpuinfo");
  for (std::string line; std::getline(in, line);)
    if (line.rfind("flags", 0) == 0) return line.find(" hypervisor") != std::string::npos;
  return false;
}

// Why perf_event_open failed, in terms of what to change.
std::string explain(const char* event, int err) {
  std::string s = std::string("perf_event_open(") + event + "): " + strerrorname_np(err) + " — ";
  switch (err) {
    case ENOENT:
    case EOPNOTSUPP:
    case ENODEV: {
      s += "no hardware PMU exposed";
      if (in_vm()) s += " in this VM";
      if (!std::filesystem::exists("/sys/bus/event_source/devices/cpu"))
        s += " (/sys/bus/event_source/devices has no 'cpu' PMU)";
      return s;
    }
    case EACCES:
    case EPERM:
      return s + "not permitted: perf_event_paranoid=" + read_first_line("/proc/sys/kernel/perf_event_paranoid") +
             " (user-space counting of this process needs <= 2, or CAP_PERFMON)";
    case ENOSYS:
      return s + "kernel built without perf events";
    default:
      return s + std::strerror(err);
  }
}

class PerfBackend final : public CounterBackend {
 public:
  std::string name() const override { return "perf_event"; }

  json measure(const CounterRequest& r) override {
    check_in_process(r, name());
    std::vector<std::pair<const EventSpec*, int>> fds;
    json unavailable = json::object();
    for (const EventSpec& e : kEvents) {
      const int fd = open_event(e);
      if (fd < 0) unavailable[e.name] = explain(e.name, errno);
      else fds.emplace_back(&e, fd);
    }
    if (fds.empty()) return {{"source", "none"}, {"reason", unavailable.dump()}};
    r.run();  // warm-up, not counted
    for (auto& [e, fd] : fds) ioctl(fd, PERF_EVENT_IOC_RESET, 0), ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
    for (int i = 0; i < r.iterations; ++i) r.run();
    for (auto& [e, fd] : fds) ioctl(fd, PERF_EVENT_IOC_DISABLE, 0);
    json per_call = json::object(), scaling = json::object();
    for (auto& [e, fd] : fds) {
      uint64_t v[3] = {0, 0, 0};  // value, time enabled, time running
      const bool ok = read(fd, v, sizeof v) == ssize_t(sizeof v);
      close(fd);
      if (!ok || v[2] == 0) {
        unavailable[e->name] = "never scheduled on a counter";
        continue;
      }
      // Multiplexed events are scaled to the whole enabled time.
      per_call[e->name] = double(v[0]) * double(v[1]) / double(v[2]) / r.iterations;
      if (v[2] < v[1]) scaling[e->name] = double(v[2]) / double(v[1]);
    }
    json derived = json::object();
    auto has = [&](const char* k) { return per_call.contains(k) && per_call[k].get<double>() > 0; };
    if (has("cycles") && per_call.contains("instructions"))
      derived["ipc"] = per_call["instructions"].get<double>() / per_call["cycles"].get<double>();
    if (has("cache_references") && per_call.contains("cache_misses"))
      derived["cache_miss_rate"] = per_call["cache_misses"].get<double>() / per_call["cache_references"].get<double>();
    if (per_call.contains("llc_read_misses")) {
      const double line = host_topology().caches.empty() ? 64 : host_topology().last_level().line;
      const double bytes = per_call["llc_read_misses"].get<double>() * line;
      derived["memory_read_bytes"] = bytes;
      if (r.minimum.bytes_read > 0) derived["memory_read_bytes_over_minimum"] = bytes / r.minimum.bytes_read;
    }
    json details = {{"iterations", r.iterations}, {"scope", "this process, user space"}};
    if (r.threads > 1)
      details["caveat"] = "threads that existed before the counters opened (a reused pool) are not counted";
    if (!unavailable.empty()) details["unavailable_events"] = unavailable;
    if (!scaling.empty()) details["multiplexed_fraction"] = scaling;
    return {{"source", "perf_event"}, {"per_call", per_call}, {"derived", derived}, {"details", details}};
  }
};

}  // namespace

std::unique_ptr<CounterBackend> probe_perf_event(std::string* reason) {
  const int fd = open_event(kEvents[0]);
  if (fd < 0) {
    *reason = explain(kEvents[0].name, errno);
    return nullptr;
  }
  close(fd);
  return std::make_unique<PerfBackend>();
}

}  // namespace hotops::measure
