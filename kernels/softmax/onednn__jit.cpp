#include "softmax/softmax.h"
namespace hotops::softmax {
void onednn__jit(const SoftmaxArgs& a) { two_pass__scalar(a); }  // TODO placeholder
}
