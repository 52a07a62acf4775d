"""lit's ShTest for the run under sanitizers (`lit --param sanitize=1`).

A module of its own, not a class in lit.cfg.py: lit hands the test format to
its worker processes by pickling, which finds a class by its module's name.

Only the code that %cxx, %clangxx and %fuzz build is instrumented (not adgen, nor the
CMake-built examples), so a test that builds nothing with them would repeat
the normal run exactly: it is reported UNSUPPORTED.

Under sanitizers a test's code is built with g++ only: its RUN lines that
use %clangxx are left out (the normal run builds and checks both; %fuzz gets
--compilers g++). Sanitizing the same generated code twice found nothing the
first build had not, and took a third of the whole CI run.
"""
import re

import lit.formats
import lit.Test
import lit.TestRunner

_BUILDS = re.compile(r"RUN:.*%(cxx|clangxx|fuzz)\b")


class SanitizedShTest(lit.formats.ShTest):
    def execute(self, test, litConfig):
        with open(test.getSourcePath(), encoding="utf-8", errors="replace") as f:
            if not any(_BUILDS.search(line) for line in f):
                return lit.Test.Result(
                    lit.Test.UNSUPPORTED,
                    "builds nothing with %cxx, %clangxx or %fuzz: the same as the normal run")
        if test.config.unsupported:
            return lit.Test.Result(lit.Test.UNSUPPORTED, "Test is unsupported")
        script = lit.TestRunner.parseIntegratedTestScript(test)
        if isinstance(script, lit.Test.Result):
            return script
        script = [d for d in script if "%clangxx" not in getattr(d, "command", d)]
        if litConfig.noExecute:
            return lit.Test.Result(lit.Test.PASS)
        tmpDir, tmpBase = lit.TestRunner.getTempPaths(test)
        substitutions = lit.TestRunner.getDefaultSubstitutions(test, tmpDir, tmpBase)
        conditions = {feature: True for feature in test.config.available_features}
        script = lit.TestRunner.applySubstitutions(
            script, substitutions, conditions,
            recursion_limit=test.config.recursiveExpansionLimit)
        return lit.TestRunner._runShTest(test, litConfig, self.execute_external, script, tmpBase)
