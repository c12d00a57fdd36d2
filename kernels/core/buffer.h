// 64-byte aligned, uninitialized-then-filled arrays for kernel operands.
#pragma once
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <new>

namespace hotops {

template <class T>
class Buffer {
 public:
  Buffer() = default;
  explicit Buffer(size_t n) : n_(n), p_(alloc(n)) {}
  T* data() { return p_.get(); }
  const T* data() const { return p_.get(); }
  size_t size() const { return n_; }
  size_t bytes() const { return n_ * sizeof(T); }
  T& operator[](size_t i) { return p_.get()[i]; }
  const T& operator[](size_t i) const { return p_.get()[i]; }
  T* begin() { return data(); }
  T* end() { return data() + n_; }

 private:
  struct Free {
    void operator()(T* p) const { std::free(p); }
  };
  static T* alloc(size_t n) {
    size_t bytes = (n * sizeof(T) + 63) / 64 * 64;
    void* p = std::aligned_alloc(64, bytes ? bytes : 64);
    if (!p) throw std::bad_alloc();
    return static_cast<T*>(p);
  }
  size_t n_ = 0;
  std::unique_ptr<T, Free> p_;
};

}  // namespace hotops
