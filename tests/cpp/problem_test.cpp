// Repro-string parsing: canonical forms, defaults, and errors that name the problem.
#include <gtest/gtest.h>

#include "core/problem.h"
#include "core/registry.h"

namespace hotops {
namespace {

const ProblemSchema kSchema = ProblemSchema().integer("rows", 1).integer("n").dtypes("dtype", {"f32", "bf16"});

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
  EXPECT_NE(error_of("n=abc").find("'n=abc': expected an integer"), std::string::npos);
  EXPECT_NE(error_of("rows=2").find("missing 'n'"), std::string::npos);
  EXPECT_NE(error_of("n=0").find("must be between 1 and"), std::string::npos);
  EXPECT_NE(error_of("n=-5").find("must be between 1 and"), std::string::npos);
  EXPECT_NE(error_of("n=10,cols=3").find("unknown key 'cols'"), std::string::npos);
  EXPECT_NE(error_of("n=10,n=11").find("twice"), std::string::npos);
  EXPECT_NE(error_of("n=10,dtype=f64").find("allowed values are f32, bf16"), std::string::npos);
  EXPECT_NE(error_of("n10").find("expected key=value"), std::string::npos);
  EXPECT_NE(error_of("").find("empty"), std::string::npos);
  EXPECT_NE(error_of("n=1e99").find("expected an integer"), std::string::npos);
  EXPECT_NE(error_of("n=5^3").find("expected an integer"), std::string::npos);
}

// Attention-like and ShiftQuant-like keys: reals, flags, choices, dtypes, the direction.
const ProblemSchema kTyped = ProblemSchema()
                                 .integer("n")
                                 .optional_real("scale", 1e-6, 1e6)
                                 .real("bias", -1.0, -100, 100)
                                 .flag("causal", false)
                                 .dtypes("w_dtype", {"f32", "bf16", "int4"})
                                 .direction({"fwd", "bwd", "train"});

TEST(Problem, TypedKeysParseValidateAndCanonicalize) {
  Problem p = parse_problem("n=8,causal=1,w_dtype=int4,dir=bwd,scale=0.125", kTyped);
  EXPECT_EQ(p.repro, "n=8,scale=0.125,bias=-1,causal=true,w_dtype=int4,dir=bwd");
  EXPECT_DOUBLE_EQ(p.real("scale"), 0.125);
  EXPECT_DOUBLE_EQ(p.real("bias"), -1.0);
  EXPECT_TRUE(p.flag("causal"));
  EXPECT_EQ(p.dtype("w_dtype"), DType::int4);
  EXPECT_EQ(p.direction(), "bwd");
  EXPECT_EQ(parse_problem(p.repro, kTyped).repro, p.repro);  // the canonical form round-trips

  p = parse_problem("n=8", kTyped);
  EXPECT_FALSE(p.has("scale"));  // optional: the family's rule applies
  EXPECT_FALSE(p.flag("causal"));
  EXPECT_EQ(p.direction(), "fwd");
  EXPECT_EQ(p.options().at("causal"), "false");
  EXPECT_EQ(p.dims().at("n"), 8);
  EXPECT_THROW(p.real("n"), ProblemError);  // wrong kind: named, not a crash
}

TEST(Problem, TypedKeysRejectBadValuesByName) {
  auto err = [](const std::string& t) {
    try {
      parse_problem(t, kTyped);
    } catch (const ProblemError& e) {
      return std::string(e.what());
    }
    return std::string();
  };
  EXPECT_NE(err("n=8,scale=abc").find("'scale=abc': expected a finite number"), std::string::npos);
  EXPECT_NE(err("n=8,scale=inf").find("finite"), std::string::npos);
  EXPECT_NE(err("n=8,scale=0").find("must be between"), std::string::npos);
  EXPECT_NE(err("n=8,causal=maybe").find("expected true or false"), std::string::npos);
  EXPECT_NE(err("n=8,w_dtype=int3").find("allowed values are f32, bf16, int4"), std::string::npos);
  EXPECT_NE(err("n=8,dir=sideways").find("allowed values are fwd, bwd, train"), std::string::npos);
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
