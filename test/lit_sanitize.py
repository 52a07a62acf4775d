"""lit's ShTest for the run under sanitizers (`lit --param sanitize=1`).

A module of its own, not a class in lit.cfg.py: lit hands the test format to
its worker processes by pickling, which finds a class by its module's name.

Only the code that %cxx, %clangxx and %fuzz build is instrumented (not adgen, nor the
CMake-built examples), so a test that builds nothing with them would repeat
the normal run exactly: it is reported UNSUPPORTED.
"""
import re

import lit.formats
import lit.Test

_BUILDS = re.compile(r"RUN:.*%(cxx|clangxx|fuzz)\b")


class SanitizedShTest(lit.formats.ShTest):
    def execute(self, test, litConfig):
        with open(test.getSourcePath(), encoding="utf-8", errors="replace") as f:
            if not any(_BUILDS.search(line) for line in f):
                return lit.Test.Result(
                    lit.Test.UNSUPPORTED,
                    "builds nothing with %cxx, %clangxx or %fuzz: the same as the normal run")
        return super().execute(test, litConfig)
