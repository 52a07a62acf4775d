// Unit tests for adgen::Tape (adgen/tape.h), the stack that generated reverse
// loops read back: long runs (10^7 values), growth across many reallocations,
// reuse after emptying, values that are not trivially copyable, and the two
// ways a tape stops the program (a pop from an empty tape, a request for more
// than it can hold).
//
// The pop of an empty tape is an assert: this file keeps asserts on in the
// Release build.
#undef NDEBUG
#include <adgen/tape.h>

#include <gtest/gtest.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

using adgen::Tape;

// A value that differs from its neighbours and whose bits are all used.
double value(std::size_t i) { return static_cast<double>(i) * 0.5 - 1e6 + 1.0 / (1.0 + i); }

TEST(Tape, StartsEmpty) {
  Tape<double> tape;
  EXPECT_TRUE(tape.empty());
  EXPECT_EQ(tape.size(), 0u);
  EXPECT_EQ(tape.bytes(), 0u);
}

TEST(Tape, TenMillionPushesPopInReverseOrder) {
  constexpr std::size_t n = 10'000'000;
  Tape<double> tape;
  for (std::size_t i = 0; i < n; ++i)
    tape.push(value(i));
  ASSERT_EQ(tape.size(), n);
  EXPECT_EQ(tape.bytes(), n * sizeof(double));
  std::size_t wrong = 0;
  for (std::size_t i = n; i-- > 0;)
    wrong += tape.pop() != value(i);
  EXPECT_EQ(wrong, 0u);
  EXPECT_TRUE(tape.empty());
  EXPECT_EQ(tape.bytes(), 0u);
}

TEST(Tape, GrowthKeepsValues) {
  // From 16 values to 2^20 (17 reallocations), checking after each one that
  // everything stored so far is still there, in order.
  Tape<std::int64_t> tape;
  std::size_t pushed = 0;
  for (std::size_t target = 1; target <= (std::size_t{1} << 20); target *= 2) {
    while (pushed < target) {
      tape.push(static_cast<std::int64_t>(pushed * 7919 + 1));
      ++pushed;
    }
    ASSERT_EQ(tape.size(), pushed);
  }
  for (std::size_t i = pushed; i-- > 0;)
    ASSERT_EQ(tape.pop(), static_cast<std::int64_t>(i * 7919 + 1)) << "at " << i;
  EXPECT_TRUE(tape.empty());
}

TEST(Tape, ReserveThenGrowBeyondIt) {
  Tape<float> tape;
  tape.reserve(1000);
  EXPECT_TRUE(tape.empty());
  for (int i = 0; i < 5000; ++i) // past the reservation: grows from there
    tape.push(static_cast<float>(i));
  tape.reserve(10); // smaller than what it holds: nothing changes
  ASSERT_EQ(tape.size(), 5000u);
  for (int i = 4999; i >= 0; --i)
    ASSERT_EQ(tape.pop(), static_cast<float>(i));
}

TEST(Tape, ReuseAfterEmptying) {
  // Generated code declares its tapes per call, but one tape must also
  // survive any number of fill/drain cycles (loops run again inside a call).
  Tape<double> tape;
  for (int cycle = 0; cycle < 50; ++cycle) {
    const std::size_t n = 1 + static_cast<std::size_t>(cycle) * 997 % 20000;
    for (std::size_t i = 0; i < n; ++i)
      tape.push(value(i) + cycle);
    ASSERT_EQ(tape.size(), n);
    ASSERT_EQ(tape.bytes(), n * sizeof(double));
    for (std::size_t i = n; i-- > 0;)
      ASSERT_EQ(tape.pop(), value(i) + cycle) << "cycle " << cycle << " at " << i;
    ASSERT_TRUE(tape.empty());
    ASSERT_EQ(tape.size(), 0u);
    ASSERT_EQ(tape.bytes(), 0u);
  }
}

TEST(Tape, InterleavedPushesAndPops) {
  // A nested loop's pattern: push some, pop some, push again.
  Tape<int> tape;
  std::vector<int> model;
  for (int step = 0; step < 100000; ++step) {
    if (step % 3 == 2 && !model.empty()) {
      ASSERT_EQ(tape.pop(), model.back());
      model.pop_back();
    } else {
      tape.push(step);
      model.push_back(step);
    }
  }
  ASSERT_EQ(tape.size(), model.size());
  while (!model.empty()) {
    ASSERT_EQ(tape.pop(), model.back());
    model.pop_back();
  }
}

TEST(Tape, Arrays) {
  // std::array is trivially copyable: the realloc path, a whole array a value.
  using A = std::array<double, 3>;
  Tape<A> tape;
  for (std::size_t i = 0; i < 100000; ++i)
    tape.push(A{value(i), -value(i), static_cast<double>(i)});
  EXPECT_EQ(tape.bytes(), 100000 * sizeof(A));
  for (std::size_t i = 100000; i-- > 0;) {
    A a = tape.pop();
    ASSERT_EQ(a[0], value(i));
    ASSERT_EQ(a[1], -value(i));
    ASSERT_EQ(a[2], static_cast<double>(i));
  }
  EXPECT_TRUE(tape.empty());
}

TEST(Tape, Vectors) {
  // std::vector is not trivially copyable: the new[]/move path. Values of
  // different lengths, over several reallocations, two fill/drain cycles.
  Tape<std::vector<double>> tape;
  for (int cycle = 0; cycle < 2; ++cycle) {
    for (std::size_t i = 0; i < 3000; ++i)
      tape.push(std::vector<double>(i % 17, value(i) + cycle));
    ASSERT_EQ(tape.size(), 3000u);
    for (std::size_t i = 3000; i-- > 0;) {
      std::vector<double> v = tape.pop();
      ASSERT_EQ(v, std::vector<double>(i % 17, value(i) + cycle)) << "at " << i;
    }
    ASSERT_TRUE(tape.empty());
    ASSERT_EQ(tape.bytes(), 0u);
  }
}

TEST(Tape, PushedValueIsACopy) {
  Tape<std::string> tape;
  std::string s = "carried";
  tape.push(s);
  s += " and changed";
  tape.push(s);
  EXPECT_EQ(tape.pop(), "carried and changed");
  EXPECT_EQ(tape.pop(), "carried");
  EXPECT_EQ(s, "carried and changed");
}

TEST(Tape, MaxSize) {
  static_assert(Tape<double>::max_size() * sizeof(double) >= Tape<double>::max_size());
  EXPECT_EQ(Tape<char>::max_size(), static_cast<std::size_t>(PTRDIFF_MAX));
  EXPECT_EQ(Tape<double>::max_size(), static_cast<std::size_t>(PTRDIFF_MAX) / sizeof(double));
}

using TapeDeathTest = ::testing::Test;

std::size_t opaque(std::size_t n) {
  volatile std::size_t v = n;
  return v;
}

TEST_F(TapeDeathTest, PopFromAnEmptyTape) {
  EXPECT_DEATH(
      {
        Tape<double> tape;
        tape.pop();
      },
      "pop from an empty tape");
  EXPECT_DEATH(
      {
        Tape<double> tape;
        tape.push(1.0);
        tape.pop();
        tape.pop(); // one more than was pushed
      },
      "pop from an empty tape");
}

TEST_F(TapeDeathTest, ImpossibleReserve) {
  // A count whose size in bytes would wrap around: refused before it is
  // computed, with the message of a failed allocation.
  EXPECT_DEATH(Tape<double>().reserve(SIZE_MAX), "adgen::Tape: out of memory");
  EXPECT_DEATH(Tape<double>().reserve(SIZE_MAX / sizeof(double) + 2), "adgen::Tape: out of memory");
  EXPECT_DEATH(Tape<double>().reserve(Tape<double>::max_size() + 1), "adgen::Tape: out of memory");
  using Triple = std::array<double, 3>;
  EXPECT_DEATH(Tape<Triple>().reserve(SIZE_MAX / 3), "adgen::Tape: out of memory");
  EXPECT_DEATH(Tape<std::vector<double>>().reserve(SIZE_MAX), "adgen::Tape: out of memory");
  // The most a tape may hold is still more than any allocation can get. (Not
  // a constant: g++ warns of a constant size it can see is too large.)
  EXPECT_DEATH(Tape<double>().reserve(opaque(Tape<double>::max_size())),
               "adgen::Tape: out of memory");
  EXPECT_DEATH(Tape<std::vector<double>>().reserve(opaque(Tape<std::vector<double>>::max_size())),
               "adgen::Tape: out of memory");
}

TEST_F(TapeDeathTest, ImpossibleReserveOfAFilledTape) {
  // The values already stored do not make a wrapped size look small.
  EXPECT_DEATH(
      {
        Tape<double> tape;
        for (int i = 0; i < 1000; ++i)
          tape.push(i);
        tape.reserve(SIZE_MAX / 4);
      },
      "adgen::Tape: out of memory");
}

} // namespace

namespace {

// Freed buffers of trivially copyable tapes are kept per thread and handed
// to the next tapes (adgen::detail::TapeBuffers): the values must be the
// new tape's, in order, whatever buffer it got, also when it grows out of a
// reused buffer, and for another element type of the same thread.
TEST(TapeBuffers, ReusedBuffersHoldTheNewTapesValues) {
  for (int round = 0; round < 4; ++round) {
    Tape<double> big;
    big.reserve(100000);
    for (std::size_t i = 0; i < 150000; ++i) // past the reservation
      big.push(value(i) + round);
    Tape<std::int32_t> ints; // may get a buffer a double tape left
    for (std::int32_t i = 0; i < 5000; ++i)
      ints.push(i * 3 - round);
    Tape<std::array<int, 16>> arrays;
    for (int i = 0; i < 300; ++i) {
      std::array<int, 16> a{};
      a[static_cast<std::size_t>(i % 16)] = i + round;
      arrays.push(a);
    }
    for (int i = 300; i-- > 0;)
      ASSERT_EQ(arrays.pop()[static_cast<std::size_t>(i % 16)], i + round);
    for (std::int32_t i = 5000; i-- > 0;)
      ASSERT_EQ(ints.pop(), i * 3 - round);
    for (std::size_t i = 150000; i-- > 0;)
      ASSERT_EQ(big.pop(), value(i) + round) << "round " << round << " at " << i;
  }
}

// Many tapes alive at once (more than the pool keeps) and freed in any order.
TEST(TapeBuffers, ManyTapesAtOnce) {
  for (int round = 0; round < 3; ++round) {
    std::array<Tape<double>, 40> tapes;
    for (std::size_t t = 0; t < tapes.size(); ++t)
      for (std::size_t i = 0; i < 1000 * (t + 1); ++i)
        tapes[t].push(value(i * 7 + t));
    for (std::size_t t = tapes.size(); t-- > 0;)
      for (std::size_t i = 1000 * (t + 1); i-- > 0;)
        ASSERT_EQ(tapes[t].pop(), value(i * 7 + t));
  }
}

} // namespace
