# lit configuration for adgen's tests. Substitutions:
#   %adgen    the adgen tool of this build
#   %cxx      g++ 12 with the flags generated code must pass (-Wall -Wextra -Werror)
#   %clangxx  clang++-16 with the same flags
#   %builddir this build's directory (examples, benchmarks, the CMake package)
#   %srcroot  the source tree (examples/cmake-consumer)
# Features: graphviz (`dot` is on PATH, to render --emit=dot).
import os
import shutil
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
config.substitutions.append(("%adgen", config.adgen_exe))
config.substitutions.append(("%cxx", "g++ " + flags))
config.substitutions.append(("%clangxx", "clang++-16 " + flags))
config.substitutions.append(("%builddir", config.adgen_obj_root))
config.substitutions.append(("%srcroot", config.adgen_src_root))
if shutil.which("dot"):
    config.available_features.add("graphviz")
