#!/usr/bin/env python3
"""adgen's random-program differential tester.

Generates random differentiable C++ functions (generate.py), runs adgen on
them, builds each with g++ and clang++-16 and checks f_grad and f_vjp against
long-double central differences, seed linearity and each other (harness.h).

  test/fuzz/fuzz.py --adgen build/bin/adgen --seed 1 --count 300

Programs are numbered by seed: program S is the same on every machine, and
`--seed S --count 1` runs it alone. Programs run in batches (one adgen run
and one build per compiler for a batch); a batch that fails is run again
program by program, so that each failure is pinned to its seed. Failures
are:

  adgen-error     adgen refused a program of its supported subset, or crashed (or,
                  with --valgrind, memcheck found an invalid access in adgen)
  compile-error   the generated code did not compile
  warning         the generated code compiled with a warning (-Wall -Wextra)
  mismatch        a check of harness.h failed
  crash, timeout  the test program died or hung
  sanitizer       (--sanitize) AddressSanitizer, LeakSanitizer or UBSan reported

With --reduce, each failure is reduced (reduce.py) to a small program that
still fails the same way, and written as a lit regression test into
--regressions (default test/Regression). The exit status is 1 when any
program failed.
"""

import argparse
import concurrent.futures
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, HERE)

import generate  # noqa: E402
import render  # noqa: E402

SANITIZE = ["-fsanitize=address,undefined", "-fno-sanitize-recover=all", "-fno-omit-frame-pointer"]


class Config:
    def __init__(self, args):
        self.adgen = os.path.abspath(args.adgen)
        self.compilers = args.compilers.split(",")
        self.flags = ["-std=c++17", "-Wall", "-Wextra", "-I" + os.path.join(ROOT, "runtime", "include"),
                      "-I" + HERE] + (SANITIZE if args.sanitize else [])
        self.timeout = args.timeout
        # adgen itself under memcheck: any invalid access fails the run.
        self.wrapper = ["valgrind", "-q", "--error-exitcode=99"] if args.valgrind else []


class Outcome:
    def __init__(self, kind, detail="", compiler=""):
        self.kind, self.detail, self.compiler = kind, detail, compiler

    def failed(self):
        return self.kind not in ("ok", "skip")

    def same(self, other):
        """Whether `other` fails the way this does (for the reducer)."""
        if other.kind != self.kind:
            return False
        if self.kind == "adgen-error":  # the same message, wherever it points
            return message(other.detail) == message(self.detail)
        return True

    def __str__(self):
        where = " (%s)" % self.compiler if self.compiler else ""
        return "%s%s: %s" % (self.kind, where, self.detail)


def message(text):
    """The first diagnostic's text without its location."""
    m = re.search(r"error: (.*)", text)
    return m.group(1).strip() if m else text.strip()[:200]


def sanitizer_environment():
    """A sanitizer's report ends the test program with status 23 (ours; options
    already in the environment come after and win)."""
    env = dict(os.environ)
    for name, ours in (("ASAN_OPTIONS", "detect_leaks=1:halt_on_error=1:exitcode=23"),
                       ("UBSAN_OPTIONS", "halt_on_error=1:print_stacktrace=1:exitcode=23")):
        env[name] = ours + (":" + os.environ[name] if os.environ.get(name) else "")
    return env


def run(cmd, cwd, timeout, env=None):
    for attempt in range(20):
        try:
            p = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                               env=env)
            return p.returncode, p.stdout + p.stderr
        except subprocess.TimeoutExpired:
            return None, "timed out after %ds: %s" % (timeout, " ".join(cmd))
        except OSError as e:  # "text file busy": the linker's handle not closed yet
            if e.errno != errno.ETXTBSY or attempt == 19:
                raise
            time.sleep(0.1)


def test_batch(config, programs, work, stem="batch"):
    """Runs `programs` in one file; returns {name: Outcome}, or the Outcome
    of the whole batch when adgen or a build failed."""
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, stem + ".cpp")
    with open(path, "w") as f:
        f.write(render.source(programs, stem))
    header = os.path.join(work, stem + ".grad.h")
    if os.path.exists(header):
        os.remove(header)
    rc, out = run(config.wrapper + [config.adgen, path, "-o", header, "--", "-std=c++17"], work,
                  config.timeout * (20 if config.wrapper else 1))
    if rc != 0:
        return Outcome("adgen-error", out.strip() if rc is not None else "adgen " + out)
    results = {p.name: Outcome("ok") for p in programs}
    warned = None  # the numbers are checked all the same
    for cxx in config.compilers:
        exe = os.path.join(work, stem + "-" + os.path.basename(cxx))
        # g++ warns of values maybe used uninitialised only when it optimises;
        # clang++'s warnings do not depend on it, and -O0 builds twice as fast.
        opt = "-O0" if "clang" in os.path.basename(cxx) else "-O1"
        rc, out = run([cxx, opt] + config.flags + ["-I" + work, path, "-o", exe], work, 300)
        if rc != 0:
            return Outcome("compile-error", first_error(out), cxx)
        warnings = [l for l in out.splitlines() if ".grad.h:" in l and "warning:" in l]
        if warnings and not warned:
            warned = Outcome("warning", warnings[0], cxx)
        rc, out = run([exe], work, config.timeout, sanitizer_environment())
        if rc == 23:
            return Outcome("sanitizer", tail(out), cxx)
        seen = set()
        for line in out.splitlines():
            m = re.match(r"(f\d+): (ok|skip|MISMATCH)(.*)", line)
            if not m:
                continue
            name, verdict, rest = m.groups()
            seen.add(name)
            if verdict == "MISMATCH" and not results[name].failed():
                results[name] = Outcome("mismatch", rest.strip(), cxx)
            elif verdict == "skip" and results[name].kind == "ok":
                results[name] = Outcome("skip", rest.strip())
        if len(seen) != len(programs):
            kind = "timeout" if rc is None else "crash"
            return Outcome(kind, tail(out), cxx)
    if warned and len(programs) > 1:
        return warned  # (pinned to a program by running them one by one)
    if warned and not results[programs[0].name].failed():
        results[programs[0].name] = warned
    return results


def first_error(out):
    lines = [l for l in out.splitlines() if "error" in l]
    return lines[0] if lines else tail(out)


def tail(out):
    return " | ".join(out.strip().splitlines()[-3:])


def test_programs(config, seeds, work):
    """{seed: Outcome} for a batch of seeds, each failure pinned to its seed."""
    programs = [generate.generate(s) for s in seeds]
    got = test_batch(config, programs, work)
    if isinstance(got, dict):
        return {p.seed: got[p.name] for p in programs}
    if len(programs) == 1:
        return {programs[0].seed: got}
    out = {}
    for p in programs:
        single = test_batch(config, [p], os.path.join(work, "s%d" % p.seed), "f%d" % p.seed)
        out[p.seed] = single[p.name] if isinstance(single, dict) else single
    return out


def regression_test(program, outcome, path):
    """Writes a reduced failing program as a lit test: the checks must pass."""
    stem = os.path.splitext(os.path.basename(path))[0]
    header = "\n".join([
        "// Found by the random-program tester (test/fuzz/fuzz.py, program %d of the" % program.seed,
        "// generator of the day) and reduced automatically. It failed with:",
        "//   " + str(outcome).replace("\n", "\n//   ")[:600],
        "//",
        "// RUN: rm -rf %t && mkdir -p %t",
        "// RUN: %%adgen %%s -o %%t/%s.grad.h -- -std=c++17" % stem,
        "// RUN: %cxx -I%t -I%S/../fuzz %s -o %t/gcc && %t/gcc | FileCheck %s",
        "// RUN: %clangxx -I%t -I%S/../fuzz %s -o %t/clang && %t/clang | FileCheck %s",
        "// CHECK: %s: ok" % program.name,
        "",
    ])
    text = render.source([program], stem, header)
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--adgen", default=os.path.join(ROOT, "build", "bin", "adgen"))
    ap.add_argument("--seed", type=int, default=1, help="first program (default 1)")
    ap.add_argument("--count", type=int, default=100, help="programs to run (default 100)")
    ap.add_argument("--batch", type=int, default=20, help="programs per file (default 20)")
    ap.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--compilers", default="g++,clang++-16")
    ap.add_argument("--sanitize", action="store_true", help="build with ASan and UBSan")
    ap.add_argument("--valgrind", action="store_true", help="run adgen under valgrind's memcheck")
    ap.add_argument("--timeout", type=int, default=60, help="seconds per adgen run or test program")
    ap.add_argument("--work", help="keep the files here (default: a temporary directory)")
    ap.add_argument("--reduce", action="store_true", help="reduce failures to lit regression tests")
    ap.add_argument("--regressions", default=os.path.join(ROOT, "test", "Regression"))
    ap.add_argument("--json", help="write the figures and failures to this file")
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()

    config = Config(args)
    work = args.work or tempfile.mkdtemp(prefix="adgen-fuzz-")
    seeds = list(range(args.seed, args.seed + args.count))
    batches = [seeds[i:i + args.batch] for i in range(0, len(seeds), args.batch)]
    start = time.time()
    outcomes = {}
    with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
        futures = [pool.submit(test_programs, config, b, os.path.join(work, "b%d" % b[0]))
                   for b in batches]
        for future in concurrent.futures.as_completed(futures):
            got = future.result()
            outcomes.update(got)
            for seed in sorted(got):
                if got[seed].failed() or args.verbose:
                    print("program %d: %s" % (seed, got[seed]), flush=True)

    failures = {s: o for s, o in sorted(outcomes.items()) if o.failed()}
    skipped = sum(1 for o in outcomes.values() if o.kind == "skip")
    print("%d programs (seeds %d-%d), %d passed, %d skipped (no reliable oracle at the point), %d failed, %.0f s"
          % (len(outcomes), seeds[0], seeds[-1], len(outcomes) - skipped - len(failures), skipped,
             len(failures), time.time() - start))
    kinds = {}
    for o in failures.values():
        kinds[o.kind] = kinds.get(o.kind, 0) + 1
    for kind, n in sorted(kinds.items()):
        print("  %s: %d" % (kind, n))

    if args.reduce and failures:
        import reduce
        for seed, outcome in failures.items():
            program = generate.generate(seed)
            small = reduce.reduce(program, outcome, lambda p, w: test_programs_one(config, p, w),
                                  os.path.join(work, "reduce%d" % seed), log=print)
            path = os.path.join(args.regressions, "fuzz-%d.cpp" % seed)
            regression_test(small, outcome, path)
            print("program %d: reduced to %s" % (seed, os.path.relpath(path)))

    if args.json:
        with open(args.json, "w") as f:
            json.dump({"programs": len(outcomes), "skipped": skipped, "seconds": round(time.time() - start),
                       "failures": {str(s): str(o) for s, o in failures.items()}}, f, indent=1)
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    return 1 if failures else 0


def test_programs_one(config, program, work):
    got = test_batch(config, [program], work, "f%d" % program.seed)
    return got[program.name] if isinstance(got, dict) else got


if __name__ == "__main__":
    sys.exit(main())
