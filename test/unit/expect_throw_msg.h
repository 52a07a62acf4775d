// EXPECT_THROW_MSG(stmt, E, msg): `stmt` throws an E whose what() is `msg`
// ("" is compared when it throws nothing). Shared by the tensor unit tests.
#ifndef ADGEN_TEST_EXPECT_THROW_MSG_H
#define ADGEN_TEST_EXPECT_THROW_MSG_H

#include <gtest/gtest.h>

#include <string>

#define EXPECT_THROW_MSG(stmt, E, msg)       \
  do {                                       \
    std::string what_;                       \
    try {                                    \
      stmt;                                  \
    } catch (const E& e) {                   \
      what_ = e.what();                      \
    }                                        \
    EXPECT_EQ(what_, msg) << "from: " #stmt; \
  } while (0)

#endif
