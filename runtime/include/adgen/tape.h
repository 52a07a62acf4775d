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
  void push(const T &value) {
#ifdef ADGEN_TAPE_STATS
    tape_bytes_pushed() += sizeof(T);
#endif
    data_.push_back(value);
  }
  T pop() {
    assert(!data_.empty() && "adgen::Tape: pop from an empty tape");
    T value = std::move(data_.back()); // (a copy of an array moves out whole)
    data_.pop_back();
    return value;
  }
  std::size_t size() const { return data_.size(); }
  bool empty() const { return data_.empty(); }
  /// Bytes held by the values stored now.
  std::size_t bytes() const { return data_.size() * sizeof(T); }
  void reserve(std::size_t n) { data_.reserve(n); }

private:
  std::vector<T> data_;
};

} // namespace adgen

#endif // ADGEN_TAPE_H
