// The callgrind client-request sequence the simulated counters backend expects from
// `run-one` (valgrind is started with --instr-atstart=no --collect-atstart=no):
//
//   prepare + check the variant            natively: not instrumented, not counted
//   callgrind_kernel_begin()               instrument (flushes the simulated caches),
//                                          run the kernel once to warm them, then zero
//                                          and switch collection on
//   run the kernel K times                 counted
//   callgrind_kernel_end()                 collection off, dump named "hotops-kernel",
//                                          instrumentation off
//
// Outside valgrind every request is a no-op costing a few instructions.
#pragma once

#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#define HOTOPS_HAVE_CALLGRIND_H 1
#endif

namespace hotops::measure {

inline constexpr const char* kCallgrindDumpName = "hotops-kernel";

template <class Warm>
inline void callgrind_kernel_begin(Warm&& warm_up) {
#ifdef HOTOPS_HAVE_CALLGRIND_H
  CALLGRIND_START_INSTRUMENTATION;
#endif
  warm_up();
#ifdef HOTOPS_HAVE_CALLGRIND_H
  CALLGRIND_ZERO_STATS;
  CALLGRIND_TOGGLE_COLLECT;
#endif
}

inline void callgrind_kernel_end() {
#ifdef HOTOPS_HAVE_CALLGRIND_H
  CALLGRIND_TOGGLE_COLLECT;
  CALLGRIND_DUMP_STATS_AT(kCallgrindDumpName);
  CALLGRIND_STOP_INSTRUMENTATION;
#endif
}

}  // namespace hotops::measure
