// Device microbenchmarks behind the GPU ceilings (cuda/gpu_bench.cu), launched on a stream
// and timed by the caller (core/device_timer.h): read, write, copy and triad kernels over
// arrays in device memory or held in L2, the fp32 FMA peak, a device-to-device cudaMemcpy.
// Host-only declarations: callable from C++.
#pragma once
#include <cstddef>
#include <cstdint>

#include "measure/ceilings/stream_kernels.h"  // StreamOp and its names

namespace hotops::measure::gpu {

// Fills `count` elements at p with uniform random values of the type: f32/bf16/f16 in
// [-1, 1), int8 in [-127, 127] (random data: zeros make some units run faster than they do).
enum class Fill { f32, bf16, f16, i8 };
void fill_random(void* p, int64_t count, Fill kind, uint32_t seed);

// One launch of `op` over arrays a (written), b and c (read) of n4 16-byte vectors each, every
// thread passing over its share `reps` times (reps > 1 with arrays that fit in L2 measures L2;
// loads bypass L1). Bytes moved: stream_op_info(op).streams · 16 · n4 · reps.
void launch_stream(StreamOp op, void* a, const void* b, const void* c, int64_t n4, int reps, void* stream);

// One launch doing `iterations` · 8 dependent FMA chains on every thread of a full grid;
// returns the floating-point operations it does (2 per FMA).
double launch_fma(int iterations, void* stream);

// One cudaMemcpyAsync device to device of `bytes`.
void launch_memcpy(void* dst, const void* src, size_t bytes, void* stream);

// The multiprocessors and L2 bytes of the current device.
int sm_count();
size_t l2_bytes();

}  // namespace hotops::measure::gpu
