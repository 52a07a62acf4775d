#!/usr/bin/env bash
# Checks the GradBench executables (bench/adbench/gradbench/*_main.cpp) end to
# end, as GradBench's cpp.py runs them (`<exe> <input.json> <function>`):
#
#   check_gradbench_exes.sh BINDIR
#
# BINDIR holds make_inputs and the six executables, named gmm, ba, lstm, ode,
# lse, det (GradBench's tools/<tool>/bin/<eval>) or <eval>_main. Needs
# python3 (standard library only). For each eval it
#  1. writes the inputs with `make_inputs` (min_runs 3, min_seconds 0);
#  2. runs every function: objective/jacobian/manual_jacobian (gmm, ba,
#     lstm) or primal/gradient/manual_gradient (ode, lse, det); each must exit
#     0, print valid JSON with finite numbers on line 1, then exactly one
#     {"name": "prepare", "nanoseconds": N} and min_runs
#     {"name": "evaluate", "nanoseconds": N} lines (integers N >= 0);
#  3. checks each output's shape against the input (GradBench's output
#     structures, PROTOCOL.md), and the objective/primal value against an
#     independent Python transcription of GradBench's definition (for gmm:
#     the naive log posterior of evals/gmm/run.py, constants included);
#     for ba also the CSR row pointers and column indices;
#  4. compares the adgen output (jacobian/gradient) with the hand-written one
#     (manual_*) structurally, numbers by GradBench's rule
#     |x - y| / max(|x| + |y|, 1) <= 1e-9 (GradBench itself allows 1e-4);
#  5. checks that an unknown function, a wrong argument count and a missing
#     input file each exit 1 with nothing on stdout.
# Prints one line per check; exits 1 if any fails (2 on a usage error).
set -u

if [ $# -ne 1 ]; then
  echo "Usage: $0 BINDIR" >&2
  exit 2
fi
bin=$1
min_runs=3
tol=1e-9

work=$(mktemp -d "${TMPDIR:-/tmp}/gbexes.XXXXXX") || exit 2
trap 'rm -rf "$work"' EXIT
failures=0
pass() { echo "ok   $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }

exe_path() {
  if [ -x "$bin/$1" ]; then echo "$bin/$1"
  elif [ -x "$bin/$1_main" ]; then echo "$bin/$1_main"
  fi
}

cat >"$work/check.py" <<'PY'
import json, math, sys

def strict_loads(text):
    def bad(token):
        raise ValueError("non-finite number " + token)
    return json.loads(text, parse_constant=bad)

def is_num(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)

def close(x, y, tol):
    return abs(x - y) / max(abs(x) + abs(y), 1.0) <= tol

def mismatch(a, b, tol, path="$"):
    """First structural/numeric difference of a from b (GradBench's rule), or None."""
    if is_num(a) and is_num(b):
        return None if close(a, b, tol) else "%s: %r vs %r" % (path, a, b)
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return "%s: length %d vs %d" % (path, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            m = mismatch(x, y, tol, "%s[%d]" % (path, i))
            if m:
                return m
        return None
    if isinstance(a, dict) and isinstance(b, dict):
        if set(a) != set(b):
            return "%s: keys %s vs %s" % (path, sorted(a), sorted(b))
        for k in a:
            m = mismatch(a[k], b[k], tol, path + "." + k)
            if m:
                return m
        return None
    return "%s: %s vs %s" % (path, type(a).__name__, type(b).__name__)

def shape_of(v):
    """[] for a number, [n, ...] for nested arrays of numbers, None otherwise."""
    if is_num(v):
        return []
    if isinstance(v, list) and v:
        shapes = [shape_of(e) for e in v]
        if shapes[0] is not None and all(s == shapes[0] for s in shapes):
            return [len(v)] + shapes[0]
    if isinstance(v, list) and not v:
        return [0]
    return None

# ---- independent transcriptions of GradBench's definitions (PROTOCOL.md)

def logsumexp(v):
    m = max(v)
    return math.log(sum(math.exp(e - m) for e in v)) + m

def gmm_log_posterior(inp):
    # evals/gmm/run.py log_posterior, in logs: log likelihood + log Wishart prior.
    D, K, N = inp["d"], inp["k"], inp["n"]
    m, gamma = inp["m"], inp["gamma"]
    lse_alpha = logsumexp(inp["alpha"])
    S, logdet = [], []
    for k in range(K):
        Q = [[0.0] * D for _ in range(D)]
        ii = 0
        for j in range(D):
            Q[j][j] = math.exp(inp["q"][k][j])
            for i in range(j + 1, D):
                Q[i][j] = inp["l"][k][ii]
                ii += 1
        S.append([[sum(Q[r][a] * Q[r][b] for r in range(D)) for b in range(D)] for a in range(D)])
        logdet.append(2 * sum(inp["q"][k]))  # det(Q^T Q)
    loglik = 0.0
    for i in range(N):
        x = inp["x"][i]
        terms = []
        for k in range(K):
            c = [x[a] - inp["mu"][k][a] for a in range(D)]
            quad = sum(c[a] * S[k][a][b] * c[b] for a in range(D) for b in range(D))
            terms.append(inp["alpha"][k] - lse_alpha - 0.5 * quad
                         - 0.5 * (D * math.log(2 * math.pi) - logdet[k]))
        loglik += logsumexp(terms)
    n = D + m + 1
    multigammaln = D * (D - 1) / 4 * math.log(math.pi) + sum(
        math.lgamma(n / 2 + (1 - j) / 2) for j in range(1, D + 1))
    logprior = 0.0
    for k in range(K):
        trace = gamma * gamma * sum(S[k][a][a] for a in range(D))  # tr(V^-1 X), V = I / gamma^2
        logprior += ((n - D - 1) / 2 * logdet[k] - trace / 2 - D * n / 2 * math.log(2)
                     - n / 2 * (-2 * D * math.log(gamma)) - multigammaln)
    return loglik + logprior

def ba_project(cam, X, w, feat):
    # cpp/gradbench/evals/ba.hpp computeReprojError
    Xo = [X[i] - cam[3 + i] for i in range(3)]
    r = cam[0:3]
    sq = sum(v * v for v in r)
    if sq != 0:
        th = math.sqrt(sq)
        wv = [v / th for v in r]
        cr = [wv[1] * Xo[2] - wv[2] * Xo[1], wv[2] * Xo[0] - wv[0] * Xo[2], wv[0] * Xo[1] - wv[1] * Xo[0]]
        tmp = sum(wv[i] * Xo[i] for i in range(3)) * (1 - math.cos(th))
        Xc = [Xo[i] * math.cos(th) + cr[i] * math.sin(th) + wv[i] * tmp for i in range(3)]
    else:
        cr = [r[1] * Xo[2] - r[2] * Xo[1], r[2] * Xo[0] - r[0] * Xo[2], r[0] * Xo[1] - r[1] * Xo[0]]
        Xc = [Xo[i] + cr[i] for i in range(3)]
    p = [Xc[0] / Xc[2], Xc[1] / Xc[2]]
    rsq = p[0] ** 2 + p[1] ** 2
    L = 1 + cam[9] * rsq + cam[10] * rsq * rsq
    return [w * (p[0] * L * cam[6] + cam[7] - feat[0]), w * (p[1] * L * cam[6] + cam[8] - feat[1])]

def ba_objective(inp):
    e = ba_project(inp["cam"], inp["x"], inp["w"], inp["feat"])  # observation 0
    return {"reproj_error": {"elements": e, "repeated": inp["p"]},
            "w_err": {"element": 1 - inp["w"] ** 2, "repeated": inp["p"]}}

def lstm_objective(inp):
    # cpp/gradbench/evals/lstm.hpp objective
    mp, ep, seq = inp["main_params"], inp["extra_params"], inp["sequence"]
    l, b, c = len(mp) // 2, len(mp[0]) // 4, len(seq)
    st = [list(r) for r in inp["state"]]
    sig = lambda v: 1 / (1 + math.exp(-v))
    total, count = 0.0, 0
    for t in range(c - 1):
        inp_ = [seq[t][i] * ep[0][i] for i in range(b)]
        for L in range(l):
            w, bias, h, cell = mp[2 * L], mp[2 * L + 1], st[2 * L], st[2 * L + 1]
            for i in range(b):
                f = sig(inp_[i] * w[i] + bias[i])
                ig = sig(h[i] * w[b + i] + bias[b + i])
                og = sig(inp_[i] * w[2 * b + i] + bias[2 * b + i])
                ch = math.tanh(h[i] * w[3 * b + i] + bias[3 * b + i])
                cell[i] = cell[i] * f + ig * ch
                h[i] = og * math.tanh(cell[i])
            inp_ = h
        y = [inp_[i] * ep[1][i] + ep[2][i] for i in range(b)]
        lse = math.log(sum(math.exp(v) for v in y) + 2)
        total += sum(seq[t + 1][i] * (y[i] - lse) for i in range(b))
        count += b
    return -total / count

def ode_primal(inp):
    x, s = inp["x"], inp["s"]
    n, h = len(x), 2.0 / s
    f = lambda y: [x[0]] + [x[i] * y[i - 1] for i in range(1, n)]
    y = [0.0] * n
    for _ in range(s):
        k1 = f(y)
        k2 = f([y[i] + h * k1[i] / 2 for i in range(n)])
        k3 = f([y[i] + h * k2[i] / 2 for i in range(n)])
        k4 = f([y[i] + h * k3[i] for i in range(n)])
        y = [y[i] + h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]) / 6 for i in range(n)]
    return y

def det_primal(inp):
    ell, A = inp["ell"], inp["A"]
    def det(rows, cols):
        if len(rows) == 1:
            return A[rows[0] * ell + cols[0]]
        return sum((-1) ** j * A[rows[0] * ell + cols[j]] * det(rows[1:], cols[:j] + cols[j + 1:])
                   for j in range(len(cols)))
    return det(list(range(ell)), list(range(ell)))

REFERENCE = {
    ("gmm", "objective"): gmm_log_posterior,
    ("ba", "objective"): ba_objective,
    ("lstm", "objective"): lstm_objective,
    ("ode", "primal"): ode_primal,
    ("lse", "primal"): lambda inp: logsumexp(inp["x"]),
    ("det", "primal"): det_primal,
}

def expected_shape(ev, fn, inp):
    if fn in ("objective", "primal"):
        if ev == "ba":
            return None  # checked against the reference value, structure included
        return [len(inp["x"])] if ev == "ode" else []
    if ev == "gmm":
        d, k = inp["d"], inp["k"]
        return {"alpha": [k], "mu": [k, d], "q": [k, d], "l": [k, d * (d - 1) // 2]}
    if ev == "ba":
        return {"rows": [31], "cols": [31], "vals": [31]}
    if ev == "lstm":
        l, b = len(inp["main_params"]) // 2, len(inp["main_params"][0]) // 4
        return [8 * l * b + 3 * b]
    if ev in ("ode", "lse"):
        return [len(inp["x"])]
    if ev == "det":
        return [inp["ell"] ** 2]

def check_output(ev, fn, input_file, output_file, min_runs, tol):
    """Lines, shape, reference value; returns a list of problems."""
    problems = []
    inp = json.load(open(input_file))
    lines = open(output_file).read().split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if len(lines) < 1:
        return ["no output"]
    try:
        out = strict_loads(lines[0])
    except ValueError as e:
        return ["line 1 is not valid JSON: %s" % e]
    timings = []
    for i, line in enumerate(lines[1:], 2):
        try:
            t = json.loads(line)
        except ValueError as e:
            problems.append("line %d is not valid JSON: %s" % (i, e))
            continue
        ns = t.get("nanoseconds") if isinstance(t, dict) else None
        if (not isinstance(t, dict) or set(t) != {"name", "nanoseconds"} or
                not isinstance(ns, int) or isinstance(ns, bool) or ns < 0):
            problems.append("line %d is not a timing object: %s" % (i, line))
            continue
        timings.append(t["name"])
    if timings != ["prepare"] + ["evaluate"] * min_runs:
        problems.append("timings %s, expected prepare then %d evaluate" % (timings, min_runs))
    want = expected_shape(ev, fn, inp)
    if isinstance(want, dict):
        if not isinstance(out, dict) or set(out) != set(want):
            problems.append("output keys %s, expected %s" % (
                sorted(out) if isinstance(out, dict) else type(out).__name__, sorted(want)))
        else:
            for k, s in want.items():
                if shape_of(out[k]) != s:
                    problems.append("%s has shape %s, expected %s" % (k, shape_of(out[k]), s))
    elif want is not None and shape_of(out) != want:
        problems.append("output shape %s, expected %s" % (shape_of(out), want))
    ref = REFERENCE.get((ev, fn))
    if ref and not problems:
        m = mismatch(out, ref(inp), tol)
        if m:
            problems.append("differs from the Python reference: " + m)
    if ev == "ba" and fn != "objective" and not problems:
        n, m_, p = inp["n"], inp["m"], inp["p"]
        rows = [15 * i if i <= 2 * p else 30 * p + (i - 2 * p) for i in range(30)] + [31 * p]
        one = list(range(11)) + [11 * n + i for i in range(3)] + [11 * n + 3 * m_]
        cols = one + one + [11 * n + 3 * m_ + p - 1]
        if out["rows"] != rows or out["cols"] != cols:
            problems.append("CSR rows/cols differ from GradBench's SparseMat layout")
        if not close(out["vals"][-1], -2 * inp["w"], tol):
            problems.append("last value %r, expected -2w" % out["vals"][-1])
    return problems

def main():
    cmd = sys.argv[1]
    if cmd == "output":
        ev, fn, inp, outp, runs, tol = sys.argv[2:8]
        problems = check_output(ev, fn, inp, outp, int(runs), float(tol))
        for p in problems:
            print("  " + p)
        sys.exit(1 if problems else 0)
    if cmd == "compare":
        a, b, tol = sys.argv[2:5]
        first = lambda f: strict_loads(open(f).read().split("\n")[0])
        m = mismatch(first(a), first(b), float(tol))
        if m:
            print("  " + m)
        sys.exit(1 if m else 0)
    sys.exit(2)

main()
PY

make_inputs=$(exe_path make_inputs)
if [ -z "$make_inputs" ]; then
  fail "make_inputs: not found in $bin"
  echo "1 check(s) failed"
  exit 1
fi
if "$make_inputs" "$work" "$min_runs"; then
  pass "make_inputs wrote the inputs"
else
  fail "make_inputs exited non-zero"
fi

for ev in gmm ba lstm ode lse det; do
  case $ev in
    gmm | ba | lstm) fns="objective jacobian manual_jacobian"; ad=jacobian; manual=manual_jacobian ;;
    *) fns="primal gradient manual_gradient"; ad=gradient; manual=manual_gradient ;;
  esac
  exe=$(exe_path "$ev")
  if [ -z "$exe" ]; then
    fail "$ev: executable not found in $bin"
    continue
  fi
  input="$work/$ev.json"
  if [ ! -f "$input" ]; then
    fail "$ev: no input $input"
    continue
  fi
  for fn in $fns; do
    out="$work/$ev.$fn.out"
    "$exe" "$input" "$fn" >"$out" 2>"$work/$ev.$fn.err"
    rc=$?
    if [ $rc -ne 0 ]; then
      fail "$ev $fn: exit status $rc: $(head -c 300 "$work/$ev.$fn.err")"
      rm -f "$out"
      continue
    fi
    if msg=$(python3 "$work/check.py" output "$ev" "$fn" "$input" "$out" "$min_runs" "$tol"); then
      pass "$ev $fn: output JSON, shape, timings$(case $fn in objective | primal) echo ", value vs reference" ;; esac)"
    else
      fail "$ev $fn:"
      echo "$msg"
    fi
  done
  if [ -f "$work/$ev.$ad.out" ] && [ -f "$work/$ev.$manual.out" ]; then
    if msg=$(python3 "$work/check.py" compare "$work/$ev.$ad.out" "$work/$ev.$manual.out" "$tol"); then
      pass "$ev: $ad (adgen) equals $manual within $tol"
    else
      fail "$ev: $ad (adgen) differs from $manual:"
      echo "$msg"
    fi
  else
    fail "$ev: $ad vs $manual not compared (a run failed)"
  fi

  # Bad command lines: exit 1, nothing on stdout.
  bad() { # description, then the arguments
    local what=$1
    shift
    "$exe" "$@" >"$work/bad.out" 2>"$work/bad.err"
    local rc=$?
    if [ $rc -eq 1 ] && [ ! -s "$work/bad.out" ] && [ -s "$work/bad.err" ]; then
      pass "$ev: $what exits 1"
    else
      fail "$ev: $what: exit status $rc (stdout $(wc -c <"$work/bad.out") bytes), expected 1 and a message"
    fi
  }
  bad "unknown function" "$input" no_such_function
  bad "wrong argument count" "$input"
  bad "missing input file" "$work/does_not_exist.json" "${fns%% *}"
  if "$exe" "$input" no_such_function 2>&1 >/dev/null | grep -q "Unknown function: no_such_function"; then
    pass "$ev: unknown function message"
  else
    fail "$ev: no 'Unknown function: no_such_function' on stderr"
  fi
done

if [ $failures -ne 0 ]; then
  echo "$failures check(s) failed"
  exit 1
fi
echo "all checks passed"
