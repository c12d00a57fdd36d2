// Driver pieces: suite validation, job expansion, rotation, statistics, atomic writes.
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "job_result.h"
#include "results.h"
#include "measure/stats.h"
#include "suite.h"

namespace hotops {
namespace fs = std::filesystem;
namespace {

fs::path temp_dir() {
  fs::path d = fs::temp_directory_path() / ("hotops-test-" + std::to_string(::getpid()));
  fs::create_directories(d);
  return d;
}

fs::path write_suite(const std::string& name, const std::string& yaml) {
  fs::path p = temp_dir() / (name + ".yaml");
  std::ofstream(p) << yaml;
  return p;
}

std::string load_error(const std::string& yaml) {
  try {
    load_suite(write_suite("s", yaml).string());
  } catch (const SuiteError& e) {
    return e.what();
  }
  return "";
}

TEST(Suite, ShippedSuitesLoadAndExpand) {
  for (const char* name : {"quick", "softmax_paper", "shiftquant_paper"}) {
    const Suite s = load_suite(name);
    EXPECT_EQ(s.name, name);
    EXPECT_TRUE(s.hash.starts_with("sha256:"));
    EXPECT_FALSE(expand(s, "").empty()) << name;
  }
}

TEST(Suite, UnknownSuiteListsTheAvailableOnes) {
  try {
    load_suite("nosuchsuite");
    FAIL();
  } catch (const SuiteError& e) {
    EXPECT_NE(std::string(e.what()).find("no suite 'nosuchsuite'"), std::string::npos);
    EXPECT_NE(std::string(e.what()).find("quick"), std::string::npos);
  }
}

TEST(Suite, BadDefinitionsNameTheEntryAndTheProblem) {
  EXPECT_NE(load_error("entries: [{family: nope, problems: [n=1]}]").find("unknown family 'nope'"), std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [n=x]}]").find("entry 1: 'n=x'"), std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [n=1], cache: [warm]}]").find("cache 'warm'"),
            std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, variants: [two_pass__avx3], problems: [n=1]}]")
                .find("no variant 'two_pass__avx3'"),
            std::string::npos);
  EXPECT_NE(load_error("entries: []").find("non-empty"), std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [n=1]").find("not valid YAML"), std::string::npos);
  EXPECT_NE(load_error("repetitions: 0\nentries: [{family: softmax, problems: [n=1]}]").find("positive"),
            std::string::npos);
}

TEST(Suite, UnknownKeysAreErrorsThatSuggestTheClosestKnownKey) {
  const std::string entry = "{family: softmax, problems: [n=1]}";
  EXPECT_NE(load_error("entries: [{family: softmax, variant: ['*scalar'], problems: [n=1]}]")
                .find("entry 1: unknown key 'variant' (did you mean 'variants'?)"),
            std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [n=1], caches: [in]}]").find("did you mean 'cache'?"),
            std::string::npos);
  EXPECT_NE(load_error("repetitons: 3\nentries: [" + entry + "]").find("unknown key 'repetitons' (did you mean 'repetitions'?)"),
            std::string::npos);
  // Nothing close: the known keys are listed.
  EXPECT_NE(load_error("zzzzzzzz: 1\nentries: [" + entry + "]").find("known keys: name, description"), std::string::npos);
}

TEST(Suite, DuplicateKeysAreErrors) {
  const std::string entry = "{family: softmax, problems: [n=1]}";
  EXPECT_NE(load_error("repetitions: 3\nrepetitions: 5\nentries: [" + entry + "]").find("key 'repetitions' is given twice"),
            std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [n=1], problems: [n=2]}]").find("key 'problems' is given twice"),
            std::string::npos);
}

TEST(Suite, NumbersMustBeFiniteAndOfTheirType) {
  const std::string entries = "\nentries: [{family: softmax, problems: [n=1]}]";
  for (const char* bad : {"min_time: .nan", "min_time: .inf", "min_time: -.inf", "min_time: 0", "min_time: fast"})
    EXPECT_FALSE(load_error(bad + entries).empty()) << bad;
  EXPECT_NE(load_error("min_time: .inf" + entries).find("finite"), std::string::npos);
  EXPECT_NE(load_error("repetitions: 2.5" + entries).find("'repetitions': expected an integer, got '2.5'"),
            std::string::npos);
  EXPECT_NE(load_error("threads: [1]" + entries).find("'threads': expected an integer"), std::string::npos);
  EXPECT_EQ(load_error("min_time: 0.001\nrepetitions: 2" + entries), "");
}

TEST(Suite, NameMustBeUsableInAFileName) {
  const std::string entries = "\nentries: [{family: softmax, problems: [n=1]}]";
  for (const char* bad : {"name: a/b", "name: ../x", "name: .hidden", "name: ''", "name: 'a b'"})
    EXPECT_NE(load_error(bad + entries).find("it names the results file"), std::string::npos) << bad;
  EXPECT_EQ(load_error("name: my_suite-2.v1" + entries), "");
}

TEST(Suite, EntriesMustBeMappingsOfStrings) {
  EXPECT_NE(load_error("entries: [softmax]").find("entry 1: expected a mapping"), std::string::npos);
  EXPECT_NE(load_error("entries: [{family: softmax, problems: [{n: 1}]}]").find("'problems' must hold strings"),
            std::string::npos);
}

TEST(Suite, FilterAndProblemOverride) {
  Suite s = load_suite(write_suite("f", "entries: [{family: softmax, variants: ['*scalar'], problems: [n=10, n=20]}]").string());
  EXPECT_EQ(expand(s, "").size(), 2u * 2u * 4u);  // problems × cache × scalar variants
  EXPECT_EQ(expand(s, "softmax/two_pass*/*/out").size(), 2u);
  override_problems(s, {"rows=2,n=7"});
  auto jobs = expand(s, "");
  ASSERT_EQ(jobs.size(), 2u * 4u);
  EXPECT_EQ(jobs[0].problem.repro, "rows=2,n=7,dtype=f32");
  EXPECT_THROW(override_problems(s, {"n=abc"}), SuiteError);
}

TEST(Rotation, StreamsPastTheLastLevelCache) {
  const size_t llc = 32u << 20;
  EXPECT_EQ(rotation_count(8000, "in", llc), 1u);
  EXPECT_EQ(rotation_count(8000, "out", llc), (4 * llc + 7999) / 8000);
  EXPECT_GE(rotation_count(8000, "out", llc) * 8000, 4 * llc);
  EXPECT_EQ(rotation_count(800u << 20, "out", llc), 1u);
}

TEST(Stats, QuantilesAndSpread) {
  const measure::Summary s = measure::summarize({5, 1, 4, 2, 3});
  EXPECT_DOUBLE_EQ(s.median, 3);
  EXPECT_DOUBLE_EQ(s.p20, 1.8);
  EXPECT_DOUBLE_EQ(s.p80, 4.2);
  EXPECT_DOUBLE_EQ(s.min, 1);
  EXPECT_NEAR(s.cv, std::sqrt(2.5) / 3, 1e-12);
}

TEST(Results, UnwritableDirectoryIsReportedUpFront) {
  if (::geteuid() == 0) {
    EXPECT_THROW(ensure_writable("/proc/hotops-cannot-exist"), std::runtime_error);  // root writes anywhere else
  } else {
    const fs::path ro = temp_dir() / "ro";
    fs::create_directories(ro);
    ::chmod(ro.c_str(), 0500);
    EXPECT_THROW(ensure_writable(ro / "x"), std::runtime_error);
  }
}

}  // namespace
}  // namespace hotops

namespace hotops {
namespace {

// A family whose operands cannot be filled for one problem (n = 13), as a corrupt input
// would: that problem's jobs fail with the reason, the other problem's are still checked.
struct CopyArgs {
  int64_t n;
  const float* x;
  float* y;
};
void copy__scalar(const CopyArgs& a) {
  for (int64_t i = 0; i < a.n; ++i) a.y[i] = a.x[i];
}

class UnfillableFamily final : public Family {
 public:
  UnfillableFamily()
      : Family({"unfillable", "test", ProblemSchema().integer("n"), {"any"}, {"n=1"}}, [] {
          VariantList list("unfillable");
          list.add("copy__scalar", &copy__scalar, "test");
          return list.take();
        }()) {}
  Work work(const Problem& p) const override {
    Work w;
    w.elements = double(p.dim("n")), w.bytes_read = w.bytes_written = 4 * w.elements;
    return w;
  }
  std::vector<Operand> operands(const Problem& p, const Context&) const override {
    return {{"x", DType::f32, {p.dim("n")}, Access::in}, {"y", DType::f32, {p.dim("n")}, Access::out}};
  }
  void fill(Case& c) const override {
    if (c.problem().dim("n") == 13) throw ProblemError("entry 7 of x is out of range");
  }
  std::vector<Expected> reference(const Case& c) const override {
    Expected e;
    e.output = "y", e.values = c.tensor("x").values(), e.tol = 0;
    return {e};
  }
  void run(const Variant& v, Case& c) const override {
    v.kernel<CopyArgs>()({c.problem().dim("n"), c.ptr<float>("x"), c.ptr<float>("y")});
  }
};

TEST(CheckPhase, AProblemWhoseOperandsCannotBeMadeFailsItsJobsNotTheRun) {
  const UnfillableFamily f;
  std::vector<JobResult> results;
  for (const char* repro : {"n=13", "n=8"}) {
    results.emplace_back();
    results.back().job = Job{&f, &f.variants().front(), f.parse(repro), "in"};
  }
  check_jobs(results, size_t(32) << 20, 1, 1);
  EXPECT_EQ(results[0].status, "failed: operands: entry 7 of x is out of range");
  EXPECT_EQ(results[1].status, "ok");
  EXPECT_TRUE(results[1].correctness["passed"].get<bool>());
}

}  // namespace
}  // namespace hotops
