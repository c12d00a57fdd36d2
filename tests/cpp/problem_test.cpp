// Repro-string parsing: canonical forms, defaults, and errors that name the problem.
#include <gtest/gtest.h>

#include "core/problem.h"
#include "core/registry.h"

namespace hotops {
namespace {

const ProblemSchema kSchema{{{"rows", 1}, {"n", -1}}, {{"dtype", {"f32", "bf16"}}}};

TEST(Problem, ParsesScientificAndCanonicalizes) {
  EXPECT_EQ(parse_problem("n=1e6", kSchema).repro, "rows=1,n=1000000,dtype=f32");
  EXPECT_EQ(parse_problem(" n = 10^3 , rows=4 ,dtype=bf16", kSchema).repro, "rows=4,n=1000,dtype=bf16");
  EXPECT_EQ(parse_problem("n=3e7", kSchema).dim("n"), 30000000);
}

std::string error_of(const std::string& text) {
  try {
    parse_problem(text, kSchema);
  } catch (const ProblemError& e) {
    return e.what();
  }
  return "";
}

TEST(Problem, RejectsMalformedInputWithAClearMessage) {
  EXPECT_NE(error_of("n=abc").find("'n=abc': expected a positive integer"), std::string::npos);
  EXPECT_NE(error_of("rows=2").find("missing 'n'"), std::string::npos);
  EXPECT_NE(error_of("n=0").find("at least 1"), std::string::npos);
  EXPECT_NE(error_of("n=-5").find("at least 1"), std::string::npos);
  EXPECT_NE(error_of("n=10,cols=3").find("unknown key 'cols'"), std::string::npos);
  EXPECT_NE(error_of("n=10,n=11").find("twice"), std::string::npos);
  EXPECT_NE(error_of("n=10,dtype=f64").find("allowed values are f32, bf16"), std::string::npos);
  EXPECT_NE(error_of("n10").find("expected key=value"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("n=1e99").find("positive integer"), std::string::npos);
  EXPECT_NE(error_of("n=5^3").find("positive integer"), std::string::npos);
}

TEST(Glob, MatchesLikeAShell) {
  EXPECT_TRUE(glob_match("*", "two_pass__avx2"));
  EXPECT_TRUE(glob_match("two_pass__*", "two_pass__avx2"));
  EXPECT_TRUE(glob_match("*__avx?", "online__avx2"));
  EXPECT_FALSE(glob_match("*__avx512f", "online__avx2"));
  EXPECT_TRUE(glob_match("softmax/*/rows=1,n=1000,*/out", "softmax/x__y/rows=1,n=1000,dtype=f32/out"));
  EXPECT_FALSE(glob_match("two", "two_pass"));
}

}  // namespace
}  // namespace hotops
