#include "measure/counters/callgrind.h"

#include <sstream>
#include <stdexcept>

namespace hotops::measure {

CallgrindDump parse_callgrind(const std::string& text) {
  CallgrindDump d;
  std::vector<std::string> events;
  std::string summary;
  bool have_summary = false, have_totals = false;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (line.rfind("events:", 0) == 0) {
      std::istringstream ev(line.substr(7));
      for (std::string e; ev >> e;) events.push_back(e);
    } else if (line.rfind("desc: Trigger:", 0) == 0) {
      d.trigger = line.substr(14);
      d.trigger.erase(0, d.trigger.find_first_not_of(' '));
    } else if (line.rfind("desc: D1 cache:", 0) == 0) {
      d.has_desc_cache = true;
    } else if (line.rfind("totals:", 0) == 0) {
      // What valgrind reports as "Collected"; "summary:" can be 0 after
      // CALLGRIND_STOP_INSTRUMENTATION or include the client request's own instructions.
      summary = line.substr(7), have_summary = true, have_totals = true;
    } else if (line.rfind("summary:", 0) == 0 && !have_totals) {
      summary = line.substr(8), have_summary = true;
    }
  }
  if (events.empty()) throw std::runtime_error("callgrind output has no 'events:' line");
  if (!have_summary) throw std::runtime_error("callgrind output has no 'summary:' or 'totals:' line");
  std::istringstream vs(summary);
  size_t i = 0;
  for (std::string v; vs >> v; ++i) {
    if (i >= events.size()) throw std::runtime_error("callgrind summary has more values than events");
    try {
      d.totals[events[i]] = std::stoull(v);
    } catch (const std::exception&) {
      throw std::runtime_error("callgrind summary value '" + v + "' is not a count");
    }
  }
  for (; i < events.size(); ++i) d.totals[events[i]] = 0;  // trailing zeros are omitted
  return d;
}

std::string CacheGeometry::arg() const {
  return std::to_string(size) + "," + std::to_string(associativity) + "," + std::to_string(line);
}

CacheGeometry valgrind_geometry(const CacheLevel& level, int fallback_associativity) {
  CacheGeometry g;
  g.size = level.size;
  g.line = level.line > 0 ? level.line : 64;
  const size_t lines = g.size / size_t(g.line);
  if (lines == 0) throw std::invalid_argument(level.name + " cache size is smaller than one line");
  int assoc = level.associativity;
  if (assoc < 0) {  // fully associative: one set
    assoc = int(lines);
  } else if (assoc == 0) {
    assoc = fallback_associativity;
    g.note = level.name + ": associativity unknown, assumed " + std::to_string(assoc) + "-way";
  }
  auto pow2 = [](size_t x) { return x && !(x & (x - 1)); };
  if (lines % size_t(assoc) != 0 || !pow2(lines / size_t(assoc))) {
    // Largest power-of-two set count that leaves at least the real associativity.
    size_t sets = 1;
    while (lines % (sets * 2) == 0 && lines / (sets * 2) >= size_t(assoc)) sets *= 2;
    const int adjusted = int(lines / sets);
    g.note += (g.note.empty() ? "" : "; ") + level.name + ": " + std::to_string(assoc) + "-way gives " +
              std::to_string(lines / size_t(assoc)) + " sets, not a power of two; simulated as " +
              std::to_string(adjusted) + "-way";
    assoc = adjusted;
  }
  g.associativity = assoc;
  return g;
}

}  // namespace hotops::measure
