#include "norm/common/family.h"

namespace hotops::norm {

ProblemSchema rows_schema(std::vector<std::string> dtypes, int64_t min_d) {
  return ProblemSchema{{{"rows", 1}, {"d", -1, min_d}}, {{"dtype", std::move(dtypes)}}};
}

}  // namespace hotops::norm
