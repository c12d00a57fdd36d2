// likwid-bench report parsing on captured output (likwid 5.2.2, Zen 3 VM).
#include <gtest/gtest.h>

#include "measure/ceilings/likwid_bench.h"

namespace hotops::measure {
namespace {

const char* kCopy = R"(Running without Marker API. Activate Marker API with -m on commandline.
Allocate: Process running on hwthread 0 (Domain S0) - Vector length 62500000/500000000 Offset 0 Alignment 512
--------------------------------------------------------------------------------
LIKWID MICRO BENCHMARK
Test: copy_avx
--------------------------------------------------------------------------------
Using 1 work groups
Using 1 threads
--------------------------------------------------------------------------------
Group: 0 Thread 0 Global Thread 0 running on hwthread 0 - Vector length 62500000 Offset 0
--------------------------------------------------------------------------------
Cycles:			4236788608
CPU Clock:		2445382608
Cycle Clock:		2445382608
Time:			1.732567e+00 sec
Iterations:		32
Iterations per thread:	32
Inner loop executions:	3906250
Size (Byte):		1000000000
Size per thread:	1000000000
Number of Flops:	0
MFlops/s:		0.00
Data volume (Byte):	32000000000
MByte/s:		18469.71
Cycles per update:	2.118394
Cycles per cacheline:	16.947154
Loads per update:	1
Stores per update:	1
Load bytes per element:	8
Store bytes per elem.:	8
Load/store ratio:	1.00
Instructions:		1375000016
UOPs:			1750000000
--------------------------------------------------------------------------------
)";

// Run from a process bound to CPU 0: likwid put both threads there.
const char* kPeak = R"(Test: peakflops_sp_avx_fma
Using 1 work groups
Using 2 threads
Group: 0 Thread 0 Global Thread 0 running on hwthread 0 - Vector length 4000 Offset 0
Group: 0 Thread 1 Global Thread 1 running on hwthread 0 - Vector length 4000 Offset 4000
Time:			1.256371e+00 sec
Iterations:		1048576
Iterations per thread:	1048576
Size (Byte):		16000
Number of Flops:	125829120000
MFlops/s:		100152.84
Data volume (Byte):	16777216000
MByte/s:		13353.71
)";

TEST(LikwidBenchParse, CopyReport) {
  const LikwidBenchReport r = parse_likwid_bench(kCopy);
  EXPECT_EQ(r.test, "copy_avx");
  EXPECT_EQ(r.threads, 1);
  EXPECT_EQ(r.iterations, 32);
  EXPECT_DOUBLE_EQ(r.time_s, 1.732567);
  EXPECT_DOUBLE_EQ(r.size_bytes, 1e9);
  EXPECT_DOUBLE_EQ(r.mbytes_per_s, 18469.71);
  EXPECT_DOUBLE_EQ(r.mflops_per_s, 0);
  // likwid's MByte/s is data volume / time with no write-allocate: 32e9 B / 1.7326 s.
  EXPECT_NEAR(32e9 / r.time_s / 1e6, r.mbytes_per_s, 0.01);
  EXPECT_EQ(r.hwthreads, std::vector<int>{0});
}

TEST(LikwidBenchParse, PeakflopsReport) {
  const LikwidBenchReport r = parse_likwid_bench(kPeak);
  EXPECT_EQ(r.test, "peakflops_sp_avx_fma");
  EXPECT_EQ(r.threads, 2);
  EXPECT_DOUBLE_EQ(r.mflops_per_s, 100152.84);
  EXPECT_EQ(r.hwthreads, (std::vector<int>{0, 0}));  // both on one core: the run must be rejected
}

TEST(LikwidBenchParse, ErrorsNameTheProblem) {
  try {
    parse_likwid_bench("Test: peakflops_sp_avx512_fma\nERROR: Illegal instruction\nThis happens if ...\n");
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("Illegal instruction"), std::string::npos) << e.what();
  }
  std::string truncated = kCopy;
  truncated = truncated.substr(0, truncated.find("MByte/s"));
  try {
    parse_likwid_bench(truncated);
    FAIL() << "expected an exception";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("'MByte/s'"), std::string::npos) << e.what();
  }
  EXPECT_THROW(parse_likwid_bench("Time:\t\tsoon\nIterations: 1\n"), std::runtime_error);
}

TEST(LikwidBenchParse, TestListAndProperties) {
  const auto tests = parse_likwid_test_list(
      "clcopy - Double-precision cache line copy, only touches first element of each cache line.\n"
      "copy_avx - Double-precision vector copy, optimized for AVX\n"
      "stream_avx_fma - Double-precision stream triad A(i) = B(i)*c + C(i), optimized for AVX FMAs\n");
  EXPECT_EQ(tests, (std::vector<std::string>{"clcopy", "copy_avx", "stream_avx_fma"}));
  const auto props = parse_likwid_test_properties(
      "Name: peakflops_sp_avx_fma\nNumber of streams: 1\nFlops per element: 30\nBytes per element: 4\n");
  EXPECT_EQ(props.at("Flops per element"), "30");
  EXPECT_EQ(props.at("Bytes per element"), "4");
}

TEST(LikwidBenchParse, SizesAreDecimalKilobytes) {
  EXPECT_EQ(likwid_size(16000), "16kB");
  EXPECT_EQ(likwid_size(16384), "16kB");
  EXPECT_EQ(likwid_size(1000000000), "1000000kB");
  EXPECT_EQ(likwid_size(10), "1kB");
}

}  // namespace
}  // namespace hotops::measure
