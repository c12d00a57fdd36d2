// The key of the peer libraries' per-shape object caches.
#include <gtest/gtest.h>

#include "peers/cache_key.h"

namespace hotops::peers {
namespace {

TEST(PeerCacheKey, DimsReadLikeAShape) {
  EXPECT_EQ(CacheKey("softmax_fwd_f32", {1000, 64}, 1).dims_string(), "1000x64");
  EXPECT_EQ(CacheKey("op", {7}, 1).dims_string(), "7");
  EXPECT_EQ(CacheKey("op", {}, 1).dims_string(), "");
}

TEST(PeerCacheKey, OrdersByOpDimsAndThreads) {
  EXPECT_EQ(CacheKey("a", {1, 2}, 1), CacheKey("a", {1, 2}, 1));
  EXPECT_NE(CacheKey("a", {1, 2}, 1), CacheKey("a", {1, 2}, 2));
  EXPECT_LT(CacheKey("a", {1, 2}, 1), CacheKey("a", {1, 3}, 1));
  EXPECT_THROW(CacheKey("a", {1, 2, 3, 4, 5, 6, 7, 8, 9}, 1), std::invalid_argument);
}

}  // namespace
}  // namespace hotops::peers
