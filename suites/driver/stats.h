// Summary statistics of repetition samples (quantiles by linear interpolation).
#pragma once
#include <vector>

namespace hotops {

struct Summary {
  double median, p20, p80, mean, min, stddev, cv;
};

Summary summarize(std::vector<double> samples);  // samples must be non-empty

}  // namespace hotops
