#!/usr/bin/env python3
"""Random tensor programs for adgen's differential tests.

Writes one C++ file of COUNT random differentiable functions over tensors
(elementwise chains with broadcasting, intermediate values read once or
several times, a scalar parameter, a tensor carried through a loop whose
body branches and may break or continue, full and per-dimension reductions), each
instantiated for float and double, and a main() that checks every function's
f_grad with test/support/tensor_oracle.h: the value, each adjoint against
central differences of the double primal, float against double, that a
second call accumulates, and each adjoint alone with the others null; and
f_vjp with a seed against the same differences. It prints one line per check
("ok" or "MISMATCH") and, last, "checked COUNT functions".

  test/fuzz/tensor_programs.py --seed 1 --count 16 -o programs.cpp

These exercise the tensor code paths the scalar tester (fuzz.py) does not:
fused chains, chains recomputed in their users, gradients added into
.grad in place, sums made in their map's pass, and the one pass of a sum
and its gradients (lib/Emit/TensorFusion.cpp, OnePass.cpp). Program S is
the same on every machine. Only smooth, bounded operations are drawn, so
that central differences are accurate: the oracle, not the program, must
decide.
"""

import argparse
import random

# (shape of a, shape of b): b broadcast against a in each way the runtime
# takes (the whole shape, one element, 0-dim, a row, a column), and a the
# broadcast one; 300 elements span more than one block of 256.
SHAPES = [
    ("{3, 5}", "{3, 5}"),
    ("{300}", "{300}"),
    ("{300}", "{1}"),
    ("{3, 5}", "{}"),
    ("{3, 5}", "{1, 5}"),
    ("{3, 5}", "{5}"),
    ("{3, 5}", "{3, 1}"),
    ("{1, 5}", "{3, 5}"),
    ("{2, 3, 4}", "{3, 1}"),
]


class Generator:
    def __init__(self, rng):
        self.rng = rng

    def leaf(self, names):
        r = self.rng.random()
        if r < 0.15:
            return "({} * T({}))".format(self.rng.choice(names), self.rng.choice(["0.5", "-1.5", "2"]))
        return self.rng.choice(names)

    def expr(self, names, depth, scalar):
        """A tensor expression over names (tensors) and, if scalar, s."""
        if depth == 0 or self.rng.random() < 0.25:
            return self.leaf(names)
        kind = self.rng.random()
        sub = lambda: self.expr(names, depth - 1, scalar)  # noqa: E731
        if kind < 0.45:
            a, b = sub(), sub()
            op = self.rng.choice(["+", "-", "*", "*", "/"])
            if op == "/":  # a denominator of at least 1
                return "({} / ({} * {} + T(1)))".format(a, b, b)
            return "({} {} {})".format(a, op, b)
        if kind < 0.55 and scalar:
            return "({} {} s)".format(sub(), self.rng.choice(["*", "+", "-"]))
        if kind < 0.62:
            return "(-{})".format(sub())
        a = sub()
        return self.rng.choice([
            "adgen::tanh({})".format(a),
            "adgen::sigmoid({})".format(a),
            "adgen::sin({})".format(a),
            "adgen::cos({})".format(a),
            "adgen::exp(-({0} * {0}))".format(a),
            "adgen::exp(adgen::tanh({}))".format(a),
            "adgen::sqrt({0} * {0} + T(1))".format(a),
            "adgen::log({0} * {0} + T(1))".format(a),
            "adgen::pow({}, T(2))".format(a),
        ])

    def reading(self, names, var, scalar):
        """An expression over names that reads var."""
        e = self.expr(names + [var], 2, scalar)
        return e if var in e.replace("(", " ").replace(")", " ").split() else "({} + {})".format(e, var)

    def loop(self, names, scalar):
        """A tensor h carried through a loop whose body branches (on the
        iteration, or on s), and may break or continue. h's updates stay
        bounded (tanh, sigmoid, a half); an update that broadcasts h against
        b changes h's shape in the iteration that makes it."""
        conds = ["i % 2 == 0", "i == 1", "i > 0"] + (["s > T(0)"] if scalar else [])
        then = "h = adgen::tanh({});".format(self.reading(names, "h", scalar))
        other = self.rng.choice([
            "h = adgen::sigmoid({});".format(self.reading(names, "h", scalar)),
            "h = h * T(0.5);",
            None,
        ])
        body = "if ({}) {{ {} }}".format(self.rng.choice(conds), then)
        if other:
            body += " else {{ {} }}".format(other)
        jump = self.rng.random()
        if jump < 0.2:
            body = "if (i == 0) continue; " + body
        elif jump < 0.4:
            body += " if (i == 1) break;"
        start = self.rng.choice([n for n in names if n != "b"] + ["b"])
        return "TT h = {}; for (int i = 0; i < {}; ++i) {{ {} }}".format(
            start, self.rng.choice([2, 3]), body)

    def function(self, name):
        scalar = self.rng.random() < 0.3
        params = "const TT &a, const TT &b" + (", T s" if scalar else "")
        names = ["a", "b"]
        lines = []
        for k in range(self.rng.choice([0, 0, 1, 1, 2])):
            v = "u{}".format(k)
            lines.append("TT {} = {};".format(v, self.expr(names, 2, scalar)))
            names.append(v)
        if self.rng.random() < 0.4:
            lines.append(self.loop(names, scalar))
            names.append("h")
        # The reduced expression reads every parameter and intermediate
        # (-Wunused-parameter, and intermediates are what is tested): the
        # ones the draw left out are added into it.
        def words(text):
            return set(text.replace("(", " ").replace(")", " ").replace(";", " ").split())

        first = self.expr(names, 3, scalar)
        read = words(" ".join(lines) + " " + first)
        for n in names:
            if n not in read or (n[0] in "uh" and n not in words(first)):
                first = "({} + {})".format(first, n)
        if scalar and "s" not in read:
            first = "({} * s)".format(first)
        e = lambda: self.expr(names, 3, scalar)  # noqa: E731
        reduction = self.rng.random()
        if reduction < 0.35:
            ret = "({}).sum()".format(first)
        elif reduction < 0.6:
            ret = "({}).mean()".format(first)
        elif reduction < 0.7:
            ret = "({}).sum() + ({}).mean()".format(first, e())
        elif reduction < 0.78:
            ret = "({}).sum() * T(0.5)".format(first)
        elif reduction < 0.86 and scalar:
            ret = "({}).mean() * s".format(first)
        elif reduction < 0.93:  # a per-dimension sum, then the whole
            ret = "adgen::sum(adgen::tanh(adgen::sum({}, 0)))".format(first)
        else:
            ret = "adgen::mean({})".format(first)
        body = " ".join(lines + ["return {};".format(ret)])
        return scalar, "  MARK TT {}({}) {{ {} }}".format(name, params, body)


def program(seed, count):
    rng = random.Random(seed)
    gen = Generator(rng)
    functions, checks = [], []
    for k in range(count):
        name = "f{}".format(k)
        scalar, text = gen.function(name)
        functions.append(text)
        shape_a, shape_b = rng.choice(SHAPES)
        args = "randn({}, {}), randn({}, {})".format(shape_a, 2 * k + 1, shape_b, 2 * k + 2)
        names = "a b"
        if scalar:
            args += ", {}".format(rng.choice(["0.75", "-1.25"]))
            names += " s"
        checks.append('  check_grad("{0}", "{1}", ORACLE_PRIMAL({0}), ORACLE_GRAD({0}), {2});'.format(
            name, names, args))
        checks.append('  check_vjp("{0}", "{1}", ORACLE_PRIMAL({0}), ORACLE_VJP({0}), seed, {2});'.format(
            name, names, args))
    macro = " \\\n".join(["#define FUNCTIONS(TT, T, MARK)"] + functions)
    return """// Random tensor programs, seed {seed}: test/fuzz/tensor_programs.py --seed {seed} --count {count}
#include <adgen/adgen.h>
#include <adgen/tensor.h>

{macro}

FUNCTIONS(adgen::Tensor, float, ADGEN_DIFFERENTIABLE)
FUNCTIONS(adgen::DoubleTensor, double, ADGEN_DIFFERENTIABLE)

#ifndef ADGEN_TOOL
#include "programs.grad.h"

#include <tensor_oracle.h>

using oracle::check_grad;
using oracle::check_vjp;
using oracle::randn;

int main() {{
  const adgen::DoubleTensor seed = adgen::full<double>({{}}, 0.7);
{checks}
  std::printf("checked {count} functions\\n");
}}
#endif
""".format(seed=seed, count=count, macro=macro, checks="\n".join(checks))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--count", type=int, default=16)
    parser.add_argument("-o", "--output", required=True)
    args = parser.parse_args()
    with open(args.output, "w") as f:
        f.write(program(args.seed, args.count))


if __name__ == "__main__":
    main()
