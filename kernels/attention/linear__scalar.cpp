#include "attention/vec_scalar.h"
#include "attention/linear.h"

namespace hotops::attention {
void linear__scalar(const AttnArgs& a) { linear<Scalar>(a); }
}  // namespace hotops::attention
