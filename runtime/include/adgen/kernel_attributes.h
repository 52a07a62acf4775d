// adgen/kernel_attributes.h - how the runtime's elementwise loops are
// compiled. Included by the headers that define them.
//
// ADGEN_VECTOR_CLONES: the loops that run a function over dense elements
// are compiled three times, for AVX-512, for AVX2 and for the baseline, and
// the CPU picks one when the program loads (GCC's target_clones): exp, tanh,
// sigmoid and the arithmetic of a fused chain then run 4 to 16 elements at a
// time without -march flags. GCC 11 or later (the x86-64-v3/v4 names) on
// x86-64 Linux only: Clang 16 cannot clone templates (and adgen itself
// parses these headers with Clang). With FMA, the compiler may contract a
// multiply and an add in those clones, so a result can differ in the last
// bit between CPUs, and between a fused chain and the same operations run
// one by one. Define ADGEN_NO_VECTOR_CLONES to build the baseline alone.
//
// ADGEN_INLINE: always inlined, for the element functions those loops call
// (a loop that still makes a call does not vectorize).
#ifndef ADGEN_KERNEL_ATTRIBUTES_H
#define ADGEN_KERNEL_ATTRIBUTES_H

#if defined(__GNUC__) && !defined(__clang__) && __GNUC__ >= 11 && defined(__x86_64__) && \
    defined(__linux__) && !defined(ADGEN_NO_VECTOR_CLONES)
#define ADGEN_VECTOR_CLONES \
  __attribute__((target_clones("arch=x86-64-v4", "arch=x86-64-v3", "default")))
#else
#define ADGEN_VECTOR_CLONES
#endif

#if defined(__GNUC__)
#define ADGEN_INLINE inline __attribute__((always_inline))
#else
#define ADGEN_INLINE inline
#endif

#include <cstring>

namespace adgen {
namespace detail {
// The bits of a value as another type of the same size (C++20's
// std::bit_cast), for the element functions' bit tricks.
template <class To, class From>
ADGEN_INLINE To bit_cast(const From& v) {
  static_assert(sizeof(To) == sizeof(From), "bit_cast between types of one size");
  To out;
  std::memcpy(&out, &v, sizeof out);
  return out;
}
}  // namespace detail
}  // namespace adgen

#endif  // ADGEN_KERNEL_ATTRIBUTES_H
