# lit configuration for adgen's tests. Substitutions:
#   %adgen    the adgen tool of this build
#   %cxx      g++ 12 with the flags generated code must pass (-Wall -Wextra -Werror)
#   %clangxx  clang++-16 with the same flags
#   %builddir this build's directory (examples, benchmarks, the CMake package)
#   %srcroot  the source tree (examples/cmake-consumer)
#   %fuzz     the random-program tester, test/fuzz/fuzz.py
# Features: graphviz (`dot` is on PATH, to render --emit=dot), valgrind (to
# run adgen itself under memcheck), sanitize (the
# run below).
#
# `lit --param sanitize=1` (CTest's lit-sanitized) runs the execution tests
# again with the code that %cxx and %clangxx build (the generated gradients,
# the runtime headers, the test) under AddressSanitizer, LeakSanitizer and
# UndefinedBehaviorSanitizer: any report ends the program with status 23 and
# fails the test. Only that code is instrumented, not adgen itself nor the
# CMake-built examples, so the tests that build nothing with %cxx, %clangxx or %fuzz
# would repeat the normal run exactly: they are reported UNSUPPORTED
# (lit_sanitize.py). g++ builds at -O0, where every access the source makes
# stays in the program and is checked; clang++ at -O1, the optimised code. The
# outputs go to build/test-sanitized/, so that both runs can go on at once.
import os
import shutil
import sys
import lit.formats

config.name = "adgen"
config.test_format = lit.formats.ShTest(True)
config.suffixes = [".cpp", ".test"]
config.excludes = ["Inputs", "unit", "support"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.adgen_obj_root, "test")

# LLVM 16's FileCheck and not first: the unversioned names may be 14's.
config.environment["PATH"] = os.pathsep.join(
    [config.llvm_tools_dir, "/usr/lib/llvm-16/bin", config.environment.get("PATH", os.environ["PATH"])])

runtime = os.path.join(config.adgen_src_root, "runtime", "include")
support = os.path.join(config.adgen_src_root, "test", "support")
flags = "-std=c++17 -O1 -Wall -Wextra -Werror -I{} -I{}".format(runtime, support)
cxx = "g++ " + flags
clangxx = "clang++-16 " + flags
if lit_config.params.get("sanitize", "0") not in ("", "0", "off", "false"):
    # (-g1: file:line in the reports' stacks, at little cost. clang++-16's
    # runtime is Debian's libclang-rt-16-dev.)
    sanitize = " -g1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
    cxx += " -O0" + sanitize
    clangxx += sanitize
    config.available_features.add("sanitize")
    config.test_exec_root = os.path.join(config.adgen_obj_root, "test-sanitized")
    # A report exits with status 23: ASan's at once, LeakSanitizer's at exit,
    # UBSan's at the first one (-fno-sanitize-recover=all); lit's pipefail
    # makes `%t/gcc | FileCheck` fail on it.
    # Options already in the environment come last and win (for example
    # ASAN_OPTIONS=detect_leaks=0 where LeakSanitizer cannot use ptrace).
    def options(name, ours):
        theirs = os.environ.get(name)
        config.environment[name] = ":".join(ours + ([theirs] if theirs else []))

    options("ASAN_OPTIONS", ["detect_leaks=1", "halt_on_error=1", "exitcode=23",
                             "print_stacktrace=1", "detect_stack_use_after_return=1",
                             "check_initialization_order=1", "strict_init_order=1"])
    options("UBSAN_OPTIONS", ["halt_on_error=1", "print_stacktrace=1", "exitcode=23"])

    sys.path.insert(0, os.path.dirname(__file__))
    import lit_sanitize

    config.test_format = lit_sanitize.SanitizedShTest(True)
# The random-program tester (test/fuzz), its programs built like %cxx's.
fuzz = "python3 {} --adgen {}".format(
    os.path.join(config.adgen_src_root, "test", "fuzz", "fuzz.py"), config.adgen_exe)
if "sanitize" in config.available_features:
    fuzz += " --sanitize --compilers g++"  # (as lit_sanitize.py: g++ only)
config.substitutions.append(("%fuzz", fuzz))
config.substitutions.append(("%adgen", config.adgen_exe))
config.substitutions.append(("%cxx", cxx))
config.substitutions.append(("%clangxx", clangxx))
config.substitutions.append(("%builddir", config.adgen_obj_root))
config.substitutions.append(("%srcroot", config.adgen_src_root))
if shutil.which("dot"):
    config.available_features.add("graphviz")
if shutil.which("valgrind"):
    config.available_features.add("valgrind")
