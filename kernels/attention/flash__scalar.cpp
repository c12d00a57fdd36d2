#include "attention/vec_scalar.h"
#include "attention/flash.h"

namespace hotops::attention {
void flash__scalar(const AttnArgs& a) { flash<Scalar>(a); }
}  // namespace hotops::attention
