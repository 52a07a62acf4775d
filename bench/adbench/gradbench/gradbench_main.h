// The command-line convention of GradBench's C++ tools (cpp/gradbench/main.hpp
// in gradbench/gradbench; see PROTOCOL.md here), reimplemented on our JSON:
//
//   <exe> <input.json> <function>
//
// reads the eval's `input` object from the file, builds the function's state
// once (timed as "prepare"), evaluates it at least `min_runs` times and until
// `min_seconds` have passed (defaults 1 and 0), and prints to stdout
//   line 1: the output JSON;
//   then {"name": "prepare", "nanoseconds": N} and one
//   {"name": "evaluate", "nanoseconds": N} line per evaluation.
// Exit status 0; 1 with a message on stderr for a bad command line, an
// unknown function or an invalid input.
#ifndef ADB_GRADBENCH_GRADBENCH_MAIN_H
#define ADB_GRADBENCH_GRADBENCH_MAIN_H

#include "common/json.h"

#include <chrono>
#include <cstdio>
#include <exception>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace adb::gradbench {

// One function of an eval, made from the input (the "prepare" step):
// `evaluate` does the measured work, `output` then gives the output JSON.
struct Task {
  std::function<void()> evaluate;
  std::function<std::string()> output;
};
using MakeTask = std::function<Task(const json::Value& input)>;

inline int run(int argc, char** argv, const std::map<std::string, MakeTask>& functions) {
  if (argc != 3) {
    std::fprintf(stderr, "Usage: %s FILE FUNCTION\n", argv[0]);
    return 1;
  }
  const auto found = functions.find(argv[2]);
  if (found == functions.end()) {
    std::fprintf(stderr, "Unknown function: %s\n", argv[2]);
    return 1;
  }
  try {
    using Clock = std::chrono::steady_clock;
    auto nanoseconds = [](Clock::duration d) {
      return static_cast<long long>(std::chrono::duration_cast<std::chrono::nanoseconds>(d).count());
    };
    const json::Value input = json::parse_file(argv[1]);
    const json::Value* runs = input.find("min_runs");
    const json::Value* seconds = input.find("min_seconds");
    const long long min_runs = runs ? runs->as_int() : 1;
    const double min_seconds = seconds ? seconds->as_number() : 0;
    if (min_runs < 1)
      throw json::Error("min_runs must be at least 1");

    const auto prepare_start = Clock::now();
    Task task = found->second(input);
    const long long prepare_ns = nanoseconds(Clock::now() - prepare_start);

    std::vector<long long> evaluate_ns;
    double elapsed = 0;
    for (long long i = 0; i < min_runs || elapsed < min_seconds; ++i) {
      const auto start = Clock::now();
      task.evaluate();
      evaluate_ns.push_back(nanoseconds(Clock::now() - start));
      elapsed += evaluate_ns.back() * 1e-9;
    }

    std::string out = task.output();
    out += '\n';
    out += "{\"name\": \"prepare\", \"nanoseconds\": " + std::to_string(prepare_ns) + "}\n";
    for (const long long ns : evaluate_ns)
      out += "{\"name\": \"evaluate\", \"nanoseconds\": " + std::to_string(ns) + "}\n";
    std::fwrite(out.data(), 1, out.size(), stdout);
    return std::fflush(stdout) == 0 ? 0 : 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: %s\n", argv[0], e.what());
    return 1;
  }
}

// A size from the input, checked against [low, high].
inline int size_field(const json::Value& input, const char* name, long long low, long long high) {
  const long long v = input.at(name).as_int();
  if (v < low || v > high)
    throw json::Error(std::string(name) + " = " + std::to_string(v) + " is out of range [" +
                      std::to_string(low) + ", " + std::to_string(high) + "]");
  return static_cast<int>(v);
}

inline std::string number_json(double d) {
  std::string out;
  json::write_number(out, d);
  return out;
}

inline std::string numbers_json(const std::vector<double>& v) {
  std::string out;
  json::write_numbers(out, v.data(), v.size());
  return out;
}

} // namespace adb::gradbench

#endif
