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
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <type_traits>
#include <utility>

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
  Tape() = default;
  Tape(const Tape &) = delete;
  Tape &operator=(const Tape &) = delete;
  ~Tape() {
    if constexpr (kPlain)
      std::free(begin_);
    else
      delete[] begin_;
  }

  // A push is a compare and a store through a pointer, a pop a decrement
  // and a load. Growing is out of line and noexcept (running out of memory
  // aborts): with a growth path that may throw, or with std::vector's
  // push_back, g++ and clang++ kept the loop's state in memory and a
  // recurrence's gradient ran 1.6x slower than over a pre-sized array
  // (bench/loops, Leaky).
  void push(const T &value) {
#ifdef ADGEN_TAPE_STATS
    tape_bytes_pushed() += sizeof(T);
#endif
    if (top_ == end_)
      grow();
    *top_++ = value;
  }
  T pop() {
    assert(top_ != begin_ && "adgen::Tape: pop from an empty tape");
    return std::move(*--top_); // (a copy of an array moves out whole)
  }
  std::size_t size() const { return static_cast<std::size_t>(top_ - begin_); }
  bool empty() const { return top_ == begin_; }
  /// Bytes held by the values stored now.
  std::size_t bytes() const { return size() * sizeof(T); }
  void reserve(std::size_t n) {
    if (n > capacity())
      reallocate(n);
  }

private:
  static constexpr bool kPlain = std::is_trivially_copyable_v<T>;
  std::size_t capacity() const { return static_cast<std::size_t>(end_ - begin_); }
  // Geometric, from 256 values.
  [[gnu::noinline]] void grow() noexcept {
    reallocate(capacity() < 128 ? 256 : 2 * capacity());
  }
  void reallocate(std::size_t n) noexcept {
    std::size_t count = size();
    T *bigger;
    if constexpr (kPlain) {
      bigger = static_cast<T *>(std::realloc(begin_, n * sizeof(T)));
      if (!bigger) {
        std::fputs("adgen::Tape: out of memory\n", stderr);
        std::abort();
      }
    } else {
      bigger = new T[n]; // (bad_alloc here terminates)
      std::move(begin_, top_, bigger);
      delete[] begin_;
    }
    begin_ = bigger;
    top_ = bigger + count;
    end_ = bigger + n;
  }
  T *begin_ = nullptr;
  T *top_ = nullptr;
  T *end_ = nullptr;
};

} // namespace adgen

#endif // ADGEN_TAPE_H
