// adgen/tape.h - the stack that generated reverse loops read back.
//
// A forward loop pushes, at the start of each iteration, the carried values
// that the reverse loop cannot recompute; the reverse loop pops them in the
// opposite order. Values that are recomputed (the body's temporaries, index
// variables) are never stored, so a loop whose iterations are independent
// stores nothing.
#ifndef ADGEN_TAPE_H
#define ADGEN_TAPE_H

#include <cassert>
#include <cstddef>
#include <utility>
#include <vector>

namespace adgen {

#ifdef ADGEN_TAPE_STATS
/// With ADGEN_TAPE_STATS defined, every tape adds the bytes it stores here
/// (benchmarks report tape bytes per call). Off by default: no cost.
inline std::size_t &tape_bytes_pushed() {
  static std::size_t bytes = 0;
  return bytes;
}
#endif

template <class T> class Tape {
public:
  // A stack over a buffer that only grows (geometrically, from 256 values)
  // with an index of its own: a push is a compare and a store, a pop a
  // decrement and a load. (std::vector's push_back/pop_back made reverse
  // loops about 1.7x slower than the same loop over a pre-sized array.)
  void push(const T &value) {
#ifdef ADGEN_TAPE_STATS
    tape_bytes_pushed() += sizeof(T);
#endif
    if (size_ == data_.size())
      grow();
    data_[size_++] = value;
  }
  T pop() {
    assert(size_ > 0 && "adgen::Tape: pop from an empty tape");
    return std::move(data_[--size_]); // (a copy of an array moves out whole)
  }
  std::size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  /// Bytes held by the values stored now.
  std::size_t bytes() const { return size_ * sizeof(T); }
  void reserve(std::size_t n) {
    if (n > data_.size())
      data_.resize(n);
  }

private:
  void grow() { data_.resize(data_.size() < 128 ? 256 : 2 * data_.size()); }
  std::vector<T> data_;
  std::size_t size_ = 0;
};

} // namespace adgen

#endif // ADGEN_TAPE_H
