#!/usr/bin/env python3
"""Runs adgen on a corpus of bad inputs and checks that each is refused well.

    scripts/bad_input.py ADGEN CORPUS_DIR [--runtime DIR] [--timeout SECONDS] [-v]

Each case is a file in CORPUS_DIR (.cpp, or anything else named by ARGS) that
says in comments what adgen must print:

    // ERROR@+1:14: reading the global variable 'g'
        the next line (+1; also -N, or +0 for this line), column 14, has
        `<file>:<line>:<col>: error: ` followed by this text (a prefix of
        the message; {tmp} and the others below are replaced here too);
    // ERROR: no such file
        some line of standard error has `error: ` followed by this text
        (diagnostics without a location: a missing input, an unwritable
        output);
    // NOTE@+1:3: in this call to 'helper'
        the same for a note (where an error inside a helper was called from);
    // ARGS: {tmp}/missing.cpp -o {out} -- -std=c++17
        the command line after `adgen` (default: `{src} -o {out} -- -std=c++17
        -I{runtime}`); {src}, {out}, {tmp} and {runtime} are replaced.

Every case must: exit with status 1 (not 0, not a signal, within the time
limit); print each expected diagnostic; print nothing that looks like a crash
(a stack dump, an assertion, `terminate called`); and leave the output alone.
Each case runs twice: once without an output file (none may appear) and once
with one holding other text (it must be unchanged, byte for byte).

Prints one line per case and a summary; exits 1 if any case fails.
"""
import argparse
import os
import re
import shlex
import subprocess
import sys
import tempfile

CRASH = re.compile(r"Stack dump|Assertion .* failed|terminate called|Segmentation fault|"
                   r"UNREACHABLE|PLEASE submit a bug report|LLVM ERROR")
EXPECT = re.compile(r"//\s*(ERROR|NOTE)(?:@([+-]\d+):(\d+))?:\s*(.*\S)")
ARGS = re.compile(r"//\s*ARGS:\s*(.*\S)")
DEFAULT_ARGS = "{src} -o {out} -- -std=c++17 -I{runtime}"
PREVIOUS = "// an earlier output, which a refused run must leave as it is\n"


def expectations(path):
    """(args template, [(line or None, col or None, text)])."""
    args, expected = DEFAULT_ARGS, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for number, line in enumerate(f, start=1):
            m = EXPECT.search(line)
            if m:
                kind, offset, col, text = m.groups()
                at = number + int(offset) if offset is not None else None
                expected.append((kind.lower(), at, int(col) if col else None, text))
            m = ARGS.search(line)
            if m:
                args = m.group(1)
    return args, expected


def run_case(adgen, path, runtime, timeout, with_previous):
    """None if the case passes, else why not."""
    args, expected = expectations(path)
    if not expected:
        return "the case names no expected diagnostic (// ERROR...)"
    with tempfile.TemporaryDirectory(prefix="adgen-bad-") as tmp:
        out = os.path.join(tmp, "out.grad.h")
        if with_previous:
            with open(out, "w") as f:
                f.write(PREVIOUS)
        # A path whose parent is a file: unwritable, even for root.
        with open(os.path.join(tmp, "a-file"), "w") as f:
            f.write("not a directory\n")
        def fill(text):
            for key, value in (("{src}", path), ("{out}", out), ("{tmp}", tmp),
                               ("{runtime}", runtime)):
                text = text.replace(key, value)
            return text
        words = [fill(w) for w in shlex.split(args)]
        try:
            p = subprocess.run([adgen] + words, capture_output=True, text=True,
                               timeout=timeout, errors="replace")
        except subprocess.TimeoutExpired:
            return "no answer within %d s (a hang?)" % timeout
        err = p.stdout + p.stderr
        if p.returncode != 1:
            what = ("killed by signal %d" % -p.returncode if p.returncode < 0
                    else "exit status %d" % p.returncode)
            return "%s, not 1\n%s" % (what, err)
        crash = CRASH.search(err)
        if crash:
            return "looks like a crash (%s)\n%s" % (crash.group(0), err)
        if with_previous:
            with open(out) as f:
                if f.read() != PREVIOUS:
                    return "the existing output file was changed"
        elif os.path.exists(out):
            return "an output file was written"
        name = os.path.basename(path)
        for kind, line, col, text in expected:
            text = fill(text)
            if line is None:
                want = "%s: %s" % (kind, text)
            else:
                want = "%s:%d:%d: %s: %s" % (name, line, col, kind, text)
            found = any(want in l for l in err.splitlines())
            if not found:
                return "expected `%s`, got:\n%s" % (want, err)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("adgen")
    ap.add_argument("corpus")
    ap.add_argument("--runtime", default=os.path.join(os.path.dirname(__file__), "..",
                                                       "runtime", "include"))
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("-v", action="store_true", help="print passing cases too")
    opts = ap.parse_args()
    runtime = os.path.abspath(opts.runtime)
    cases = sorted(os.path.join(opts.corpus, n) for n in os.listdir(opts.corpus)
                   if not n.startswith(".") and os.path.isfile(os.path.join(opts.corpus, n)))
    failed = 0
    for case in cases:
        why = None
        for with_previous in (False, True):
            why = why or run_case(os.path.abspath(opts.adgen), os.path.abspath(case), runtime,
                                  opts.timeout, with_previous)
        name = os.path.basename(case)
        if why:
            failed += 1
            print("FAIL %s: %s" % (name, why))
        elif opts.v:
            print("ok   %s" % name)
    print("%d bad inputs, %d refused as expected, %d failed" %
          (len(cases), len(cases) - failed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
