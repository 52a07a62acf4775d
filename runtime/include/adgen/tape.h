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
#include <cstring>
#include <limits>
#include <new>
#include <type_traits>
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

namespace detail {
/// Freed tape buffers (of trivially copyable values), kept per thread for
/// the next tape: a gradient makes the same tapes call after call, and a
/// big buffer handed back to the system comes back as page faults on every
/// call (bench/README.md: the LSTM's 16 tapes of 0.5 MB; a recursive vjp
/// makes its tapes at every level). At most kKept buffers and kBudget bytes.
class TapeBuffers {
public:
  static constexpr std::size_t kKept = 32;
  static constexpr std::size_t kBudget = std::size_t(1) << 28; // 256 MiB

  /// A kept buffer of at least `bytes` (the smallest that fits, and not
  /// more than 4x too big), or nullptr; `*capacity` gets its size.
  static void *take(std::size_t bytes, std::size_t *capacity) noexcept {
    if (gone())
      return nullptr;
    TapeBuffers &p = local();
    std::size_t best = p.count_;
    for (std::size_t i = 0; i < p.count_; ++i)
      if (p.size_[i] >= bytes && p.size_[i] / 4 <= bytes &&
          (best == p.count_ || p.size_[i] < p.size_[best]))
        best = i;
    if (best == p.count_)
      return nullptr;
    void *b = p.buffer_[best];
    *capacity = p.size_[best];
    p.bytes_ -= p.size_[best];
    --p.count_;
    p.buffer_[best] = p.buffer_[p.count_];
    p.size_[best] = p.size_[p.count_];
    return b;
  }
  /// Keeps b (from malloc, `bytes` long) when there is room, else frees it.
  static void give(void *b, std::size_t bytes) noexcept {
    if (!gone()) {
      TapeBuffers &p = local();
      if (p.count_ < kKept && p.bytes_ + bytes <= kBudget) {
        p.buffer_[p.count_] = b;
        p.size_[p.count_] = bytes;
        ++p.count_;
        p.bytes_ += bytes;
        return;
      }
    }
    std::free(b);
  }
  ~TapeBuffers() {
    for (std::size_t i = 0; i < count_; ++i)
      std::free(buffer_[i]);
    gone() = true;
  }

private:
  static TapeBuffers &local() {
    thread_local TapeBuffers pool;
    return pool;
  }
  // True once this thread's pool is destroyed (a tape may outlive it).
  static bool &gone() {
    thread_local bool flag = false; // trivially destructible: always usable
    return flag;
  }
  void *buffer_[kKept] = {};
  std::size_t size_[kKept] = {};
  std::size_t count_ = 0;
  std::size_t bytes_ = 0;
};
} // namespace detail

template <class T> class Tape {
public:
  Tape() = default;
  Tape(const Tape &) = delete;
  Tape &operator=(const Tape &) = delete;
  ~Tape() {
    if constexpr (kPlain) {
      if (begin_)
        detail::TapeBuffers::give(begin_, capacity() * sizeof(T));
    } else {
      delete[] begin_;
    }
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
  /// Empty again, keeping its buffer (a tape reused by every iteration of
  /// an enclosing loop).
  void clear() { top_ = begin_; }
  bool empty() const { return top_ == begin_; }
  /// An empty tape whose buffer holds more than `bytes` hands it back.
  void trim(std::size_t bytes) {
    if (empty() && capacity() * sizeof(T) > bytes)
      release();
  }
  /// Empty, with its buffer handed back (to the pool of kept buffers).
  void release() {
    if constexpr (kPlain) {
      if (begin_)
        detail::TapeBuffers::give(begin_, capacity() * sizeof(T));
    } else {
      delete[] begin_;
    }
    begin_ = top_ = end_ = nullptr;
  }
  /// Bytes held by the values stored now.
  std::size_t bytes() const { return size() * sizeof(T); }
  /// Room for n values without growing; a request of more than
  /// max_size() values aborts like running out of memory.
  void reserve(std::size_t n) {
    if (n > capacity())
      reallocate(n);
  }
  /// The most values a tape can hold: more bytes than that are more than an
  /// allocation can have (PTRDIFF_MAX), and their count in bytes may wrap.
  static constexpr std::size_t max_size() { return kMaxSize; }

private:
  static constexpr bool kPlain = std::is_trivially_copyable_v<T>;
  static constexpr std::size_t kMaxSize =
      static_cast<std::size_t>(std::numeric_limits<std::ptrdiff_t>::max()) / sizeof(T);
  std::size_t capacity() const { return static_cast<std::size_t>(end_ - begin_); }
  [[noreturn]] static void out_of_memory() noexcept {
    std::fputs("adgen::Tape: out of memory\n", stderr);
    std::abort();
  }
  // Geometric, from 16 values, up to max_size() (the doubling does not
  // wrap). Small: a recursive function's vjp has tapes of a few values, and
  // allocates them at every level of the recursion.
  [[gnu::noinline]] void grow() noexcept {
    const std::size_t n = capacity();
    if (n >= kMaxSize)
      out_of_memory();
    reallocate(n < 8 ? std::min<std::size_t>(16, kMaxSize)
               : n <= kMaxSize / 2 ? 2 * n
                                   : kMaxSize);
  }
  // n > capacity(). n * sizeof(T) is only computed once it cannot wrap.
  void reallocate(std::size_t n) noexcept {
    if (n > kMaxSize)
      out_of_memory();
    std::size_t count = size();
    T *bigger;
    if constexpr (kPlain) {
      // A buffer an earlier tape left, when one fits.
      std::size_t kept = 0;
      if (void *reused = detail::TapeBuffers::take(n * sizeof(T), &kept)) {
        T *b = static_cast<T *>(reused);
        if (count)
          std::memcpy(static_cast<void *>(b), begin_, count * sizeof(T));
        if (begin_)
          detail::TapeBuffers::give(begin_, capacity() * sizeof(T));
        begin_ = b;
        top_ = b + count;
        end_ = b + kept / sizeof(T);
        return;
      }
      bigger = static_cast<T *>(std::realloc(begin_, n * sizeof(T)));
      if (!bigger)
        out_of_memory();
    } else {
      bigger = new (std::nothrow) T[n];
      if (!bigger)
        out_of_memory();
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

namespace detail {
/// The tapes of a recursive function's split reverse (f_fwd records, f_rev
/// reads back; docs/design.md, "Recursion"), one set per depth of the
/// recursion, per thread. An invocation at depth d owns set d while it
/// runs: its calls record at depth d + 1, so its own pushes never
/// interleave with theirs, and invocations that follow one another at
/// depth d (siblings) stack on set d, to be read back in the opposite
/// order. `Tapes` is generated: its tapes, `frames` (the values f_rev reads
/// from f_fwd's top level, one per invocation) and release().
template <class Tapes> class SplitLevel {
public:
  SplitLevel() : stack_(stack()) {
    if (stack_.depth == stack_.levels.size())
      stack_.levels.push_back(new Tapes());
    tapes = stack_.levels[stack_.depth++];
  }
  SplitLevel(const SplitLevel &) = delete;
  SplitLevel &operator=(const SplitLevel &) = delete;
  /// The tapes keep their buffers from call to call (a gradient computed
  /// again and again would grow them again each time, through page faults),
  /// except buffers bigger than what the pool of kept buffers may hold,
  /// given back when the last f_rev of an outermost call leaves depth 0.
  ~SplitLevel() {
    if (--stack_.depth == 0 && stack_.levels[0]->frames.empty())
      for (Tapes *t : stack_.levels)
        t->trim(TapeBuffers::kBudget);
  }
  Tapes *tapes;

private:
  struct Stack {
    std::size_t depth = 0;
    std::vector<Tapes *> levels;
    ~Stack() {
      for (Tapes *t : levels)
        delete t;
    }
  };
  static Stack &stack() {
    thread_local Stack s;
    return s;
  }
  Stack &stack_;
};
} // namespace detail

} // namespace adgen

#endif // ADGEN_TAPE_H
