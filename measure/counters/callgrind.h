// Callgrind output files and cache geometry for valgrind's cache simulator.
#pragma once
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "measure/machine.h"

namespace hotops::measure {

// One dump of a callgrind output file.
struct CallgrindDump {
  std::string trigger;                     // "Client Request: hotops-kernel", "Program termination", ...
  std::map<std::string, uint64_t> totals;  // event name → count (events absent from the line are 0)
  bool has_desc_cache = false;
};

// Parses the "events:", "desc: Trigger:" and "totals:" (else "summary:") lines of one file.
// Throws std::runtime_error naming what is missing.
CallgrindDump parse_callgrind(const std::string& text);

// Valgrind's --I1/--D1/--LL value "size,assoc,line". Valgrind needs a power-of-two
// set count; hwloc may report geometries without one (or unknown/full associativity),
// so the associativity is adjusted and `note` says how.
struct CacheGeometry {
  size_t size = 0;
  int associativity = 0;
  int line = 64;
  std::string note;
  std::string arg() const;
};
CacheGeometry valgrind_geometry(const CacheLevel& level, int fallback_associativity);

}  // namespace hotops::measure
