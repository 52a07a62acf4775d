#!/usr/bin/env python3
"""Regenerates data/tensor_grad_reference.txt: the forward results and the
vector-Jacobian products PyTorch computes for every operation of the tensor
runtime's contract (docs/tensor-api.md), which tensor_reference_test.cpp
compares the adgen forward operations and backward helpers against.

Needs PyTorch 1.13 (Debian: apt-get install python3-torch, then run with
/usr/bin/python3). The unit test itself only reads the data file.

Every case is run in float32 and in float64 (names end in _f32 and _f64);
the inputs come from a generator seeded with the CRC-32 of the case's name
(without the dtype suffix), so adding a case changes no other case. Inputs
are kept away from the points where an operation is not differentiable
(relu and abs at 0, clamp at its bounds, ...) except where a case is about
that point on purpose (ties of max/min/maximum, zeros in prod, zero bases
of pow).

File format, one block per case, one item per line, fields separated by
single spaces:

    ### case <name>
    op <op>                   the operation (see OPS below for the list)
    dtype float32|float64
    int <key> <v>...          integer parameters: dim, dims, keepdim (0|1),
                              index, start, end, step, shape, target, ...
    real <key> <v>            a scalar parameter: e (pow), lo, hi (clamp);
                              start, end, step (arange, linspace)
    in <name> shape <d>... values <v>...
                              a tensor input (differentiable); a 0-dim input
                              named s stands for a C++ scalar operand (T)
    const <name> shape <d>... values <v>...
                              an input that gets no gradient (where's cond,
                              1 or 0)
    out shape <d>... values <v>...
                              the forward result (absent for argmax/argmin)
    outint <v>...             argmax/argmin: the indices, row-major
    seed shape <d>... values <v>...
                              v, the gradient of the output
    grad <name> shape <d>... values <v>...
                              torch.autograd.grad(out, inputs, v) for input
                              <name>
    noncontig 1               (optional) the C++ test builds every input
                              (and the seed) of 2 or more dimensions as a
                              transposed view, so that the operation and
                              the backward helpers read strided data

"shape" followed directly by "values" is a 0-dim tensor. Values are Python
repr() of the value as a double: float32 values are widened exactly, so the
C++ side rebuilds bit-identical tensors. Comparisons (lt, ...),
argmax/argmin and creation (arange, linspace: no inputs either) have no
seed and no grad lines. Inputs are listed in the
order of the operation's arguments; cat and stack take x0, x1, ...
"""

import math
import os
import zlib

import torch
import torch.nn.functional as F

DTYPES = [("f32", "float32", torch.float32), ("f64", "float64", torch.float64)]


# ---- Input generators (float64; cast to the case's dtype afterwards) ------

class Gen:
    """Deterministic random values for one case."""

    def __init__(self, name):
        self.g = torch.Generator().manual_seed(zlib.crc32(name.encode()))

    def randn(self, shape):
        return torch.randn(shape, generator=self.g, dtype=torch.float64)

    def uniform(self, shape, lo, hi):
        u = torch.rand(shape, generator=self.g, dtype=torch.float64)
        return lo + (hi - lo) * u

    def away(self, shape, points=(0.0,), margin=0.15):
        """randn values at least `margin` away from each of `points`."""
        x = self.randn(shape)
        for p in points:
            d = x - p
            close = d.abs() < margin
            x = torch.where(close, p + torch.where(d >= 0, 1.0, -1.0) * margin
                            + d, x)
        return x

    def positive(self, shape, lo=0.5, hi=2.0):
        return self.uniform(shape, lo, hi)

    def nonzero(self, shape, lo=0.5, hi=2.0):
        """|x| in [lo, hi), random signs."""
        mag = self.uniform(shape, lo, hi)
        sign = torch.where(self.uniform(shape, 0, 1) < 0.5, -1.0, 1.0)
        return mag * sign

    def ints(self, n, hi):
        return torch.randint(0, hi, (n,), generator=self.g).tolist()


def with_ties(x, positions, value):
    """x with the elements at flat positions set to value."""
    x = x.clone().flatten()
    for p in positions:
        x[p] = value
    return x


# ---- The cases ---------------------------------------------------------------

# A case: name (without dtype), op, inputs {name: fn(Gen) -> float64 tensor}
# in argument order, the forward as fn(inputs dict, params) -> tensor, and
# params. Built lazily so each case gets its own generator.
CASES = []


def case(name, op, inputs, fwd, ints=None, reals=None, consts=None,
         noncontig=False, differentiable=True):
    CASES.append(dict(name=name, op=op, inputs=inputs, fwd=fwd,
                      ints=ints or {}, reals=reals or {}, consts=consts or {},
                      noncontig=noncontig, differentiable=differentiable))


def randn(*shape):
    return lambda gen: gen.randn(list(shape))


def nonzero(*shape, lo=0.5, hi=2.0):
    return lambda gen: gen.nonzero(list(shape), lo, hi)


def positive(*shape, lo=0.5, hi=2.0):
    return lambda gen: gen.positive(list(shape), lo, hi)


# Elementwise binary, tensor with tensor, with broadcasting.
BCAST = [
    ("same", [3, 4], [3, 4]),
    ("3x4_4", [3, 4], [4]),
    ("4_3x4", [4], [3, 4]),
    ("2x1x3_4x1", [2, 1, 3], [4, 1]),
    ("3x1_1x4", [3, 1], [1, 4]),
    ("0d_2x3", [], [2, 3]),
    ("2x3_1", [2, 3], [1]),
    ("2x3x4_3x1", [2, 3, 4], [3, 1]),
]
BINARY = {
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": lambda a, b: a / b,
}
for op, f in BINARY.items():
    for tag, sa, sb in BCAST:
        case("{}_{}".format(op, tag), op,
             {"a": randn(*sa), "b": nonzero(*sb) if op == "div" else randn(*sb)},
             lambda t, p, f=f: f(t["a"], t["b"]))
    case("{}_noncontig".format(op), op,
         {"a": randn(3, 4), "b": nonzero(3, 4) if op == "div" else randn(3, 4)},
         lambda t, p, f=f: f(t["a"], t["b"]), noncontig=True)
case("mul_noncontig_bcast", "mul", {"a": randn(3, 4), "b": randn(4)},
     lambda t, p: t["a"] * t["b"], noncontig=True)

# Tensor with scalar (op_ts: tensor op s) and scalar with tensor (op_st).
for op, f in BINARY.items():
    case(op + "_ts", op + "_ts",
         {"a": randn(2, 3),
          "s": (lambda gen: gen.nonzero([])) if op == "div" else randn()},
         lambda t, p, f=f: f(t["a"], t["s"]))
    case(op + "_st", op + "_st",
         {"s": randn(),
          "b": nonzero(2, 3) if op == "div" else randn(2, 3)},
         lambda t, p, f=f: f(t["s"], t["b"]))

# pow with a scalar exponent.
for tag, e, xs in [("2", 2.0, randn(3, 4)), ("3_negative_base", 3.0, randn(3, 4)),
                   ("half", 0.5, positive(3, 4)),
                   ("minus_1p5", -1.5, positive(3, 4)),
                   ("0", 0.0, randn(3, 4)), ("1", 1.0, randn(3, 4)),
                   ("2p5", 2.5, positive(2, 3))]:
    case("pow_scalar_" + tag, "pow_scalar", {"x": xs},
         lambda t, p: torch.pow(t["x"], p["e"]), reals={"e": e})

# pow with a tensor exponent.
case("pow_tensor_same", "pow", {"x": positive(3, 4), "y": randn(3, 4)},
     lambda t, p: torch.pow(t["x"], t["y"]))
case("pow_tensor_bcast", "pow", {"x": positive(3, 4), "y": randn(4)},
     lambda t, p: torch.pow(t["x"], t["y"]))
case("pow_tensor_bcast_base", "pow", {"x": positive(3, 1), "y": randn(2, 3, 4)},
     lambda t, p: torch.pow(t["x"], t["y"]))
case("pow_tensor_zero_base", "pow",
     {"x": lambda gen: with_ties(gen.positive([2, 4]), [0, 3, 5], 0.0)
      .reshape(2, 4),
      "y": lambda gen: torch.tensor([[1.0, 2.0, 1.5, 3.0], [2.5, 1.0, 2.0, 1.25]])},
     lambda t, p: torch.pow(t["x"], t["y"]))

# maximum / minimum, with ties (half of g to each side, as PyTorch).
for op in ["maximum", "minimum"]:
    f = getattr(torch, op)
    case(op + "_same", op, {"a": randn(3, 4), "b": randn(3, 4)},
         lambda t, p, f=f: f(t["a"], t["b"]))
    case(op + "_ties", op,
         {"a": lambda gen: torch.tensor([[0.5, -1.0, 2.0, 0.25],
                                         [1.5, 1.5, -0.75, 3.0]]),
          "b": lambda gen: torch.tensor([[0.5, 1.0, 2.0, -0.25],
                                         [1.5, 0.0, -0.75, 3.5]])},
         lambda t, p, f=f: f(t["a"], t["b"]))
    case(op + "_bcast_ties", op,
         {"a": lambda gen: torch.tensor([[0.5, -1.0, 2.0], [1.0, 2.0, 3.0],
                                         [-2.0, 0.25, 2.0], [0.0, -1.0, 4.0]]),
          "b": lambda gen: torch.tensor([1.0, -1.0, 2.0])},
         lambda t, p, f=f: f(t["a"], t["b"]))

# where (cond is 1/0 in the file; a bool tensor for PyTorch).
def cond(*shape):
    return lambda gen: (gen.uniform(list(shape), 0, 1) < 0.5).double()


case("where_same", "where", {"a": randn(3, 4), "b": randn(3, 4)},
     lambda t, p: torch.where(t["c"] != 0, t["a"], t["b"]),
     consts={"c": cond(3, 4)})
case("where_bcast", "where", {"a": randn(4), "b": randn(3, 4)},
     lambda t, p: torch.where(t["c"] != 0, t["a"], t["b"]),
     consts={"c": cond(3, 1)})
case("where_0d", "where", {"a": randn(), "b": randn(2, 3)},
     lambda t, p: torch.where(t["c"] != 0, t["a"], t["b"]),
     consts={"c": cond(2, 3)})
case("where_bcast_all", "where", {"a": randn(2, 1, 3), "b": randn(4, 1)},
     lambda t, p: torch.where(t["c"] != 0, t["a"], t["b"]),
     consts={"c": cond(1, 4, 3)})

# Unary.
UNARY = [
    ("neg", torch.neg, randn(3, 4)),
    ("exp", torch.exp, randn(3, 4)),
    ("log", torch.log, positive(3, 4, lo=0.2, hi=3.0)),
    ("sin", torch.sin, randn(3, 4)),
    ("cos", torch.cos, randn(3, 4)),
    ("tanh", torch.tanh, randn(3, 4)),
    ("sigmoid", torch.sigmoid, randn(3, 4)),
    ("relu", torch.relu, lambda gen: gen.away([3, 4])),
    ("sqrt", torch.sqrt, positive(3, 4, lo=0.2, hi=3.0)),
    ("abs", torch.abs, lambda gen: gen.away([3, 4])),
]
for op, f, xs in UNARY:
    case(op, op, {"x": xs}, lambda t, p, f=f: f(t["x"]))
for op, f, xs in [("exp", torch.exp, randn()), ("tanh", torch.tanh, randn(5))]:
    case(op + "_" + ("0d" if op == "exp" else "1d"), op, {"x": xs},
         lambda t, p, f=f: f(t["x"]))
for op, f in [("sigmoid", torch.sigmoid), ("log", torch.log), ("relu", torch.relu)]:
    xs = positive(3, 4) if op == "log" else (lambda gen: gen.away([3, 4]))
    case(op + "_noncontig", op, {"x": xs}, lambda t, p, f=f: f(t["x"]),
         noncontig=True)
case("clamp", "clamp", {"x": lambda gen: gen.away([4, 5], (-0.5, 0.8), 0.05)},
     lambda t, p: torch.clamp(t["x"], p["lo"], p["hi"]),
     reals={"lo": -0.5, "hi": 0.8})
case("clamp_min", "clamp_min",
     {"x": lambda gen: gen.away([4, 5], (0.25,), 0.05)},
     lambda t, p: torch.clamp_min(t["x"], p["lo"]), reals={"lo": 0.25})
case("clamp_max", "clamp_max",
     {"x": lambda gen: gen.away([4, 5], (-0.3,), 0.05)},
     lambda t, p: torch.clamp_max(t["x"], p["hi"]), reals={"hi": -0.3})
case("clamp_all_inside", "clamp", {"x": positive(2, 3, lo=-0.9, hi=0.9)},
     lambda t, p: torch.clamp(t["x"], p["lo"], p["hi"]),
     reals={"lo": -1.0, "hi": 1.0})

# Comparisons: forward only; b repeats some elements of a (after
# broadcasting) so that eq, le and ge see equal values.
for op in ["lt", "le", "gt", "ge", "eq", "ne"]:
    f = getattr(torch, op)
    case(op, op,
         {"a": lambda gen: torch.tensor([[0.5, -1.0, 2.0], [1.0, 2.0, 3.0],
                                         [-2.0, 0.25, 2.0], [0.0, -1.0, 4.0]]),
          "b": lambda gen: torch.tensor([1.0, -1.0, 2.0])},
         lambda t, p, f=f: f(t["a"], t["b"]).to(t["a"].dtype),
         differentiable=False)

# Reductions.
for op in ["sum", "mean"]:
    f = getattr(torch, op)
    case(op + "_all_2d", op, {"x": randn(3, 4)}, lambda t, p, f=f: f(t["x"]))
    case(op + "_all_3d", op, {"x": randn(2, 3, 4)}, lambda t, p, f=f: f(t["x"]))
    case(op + "_all_0d", op, {"x": randn()}, lambda t, p, f=f: f(t["x"]))
    case(op + "_all_large", op, {"x": randn(16, 20)}, lambda t, p, f=f: f(t["x"]))
    for tag, shape, dim, keep in [("d0", [3, 4], 0, 0), ("d1_keep", [3, 4], 1, 1),
                                  ("dm1", [3, 4], -1, 0),
                                  ("3d_d1_keep", [2, 3, 4], 1, 1),
                                  ("3d_d1", [2, 3, 4], 1, 0),
                                  ("3d_dm3", [2, 3, 4], -3, 0),
                                  ("1d_d0_keep", [5], 0, 1),
                                  ("large_d1", [12, 24], 1, 0)]:
        case("{}_dim_{}".format(op, tag), op + "_dim", {"x": randn(*shape)},
             lambda t, p, f=f: f(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
             ints={"dim": dim, "keepdim": keep})
    for tag, shape, dims, keep in [("02", [2, 3, 4], [0, 2], 0),
                                   ("02_keep", [2, 3, 4], [0, 2], 1),
                                   ("m1_0", [2, 3, 4], [-1, 0], 0),
                                   ("all3", [2, 3, 4], [0, 1, 2], 0),
                                   ("12_keep_4d", [2, 2, 3, 2], [1, 2], 1),
                                   ("single", [3, 4], [1], 0)]:
        case("{}_dims_{}".format(op, tag), op + "_dims", {"x": randn(*shape)},
             lambda t, p, f=f: f(t["x"], p["dims"], keepdim=bool(p["keepdim"])),
             ints={"dims": dims, "keepdim": keep})
    case(op + "_dim_noncontig", op + "_dim", {"x": randn(3, 4)},
         lambda t, p, f=f: f(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
         ints={"dim": 1, "keepdim": 0}, noncontig=True)

case("prod_all", "prod", {"x": nonzero(3, 4, lo=0.6, hi=1.4)},
     lambda t, p: torch.prod(t["x"]))
case("prod_all_one_zero", "prod",
     {"x": lambda gen: with_ties(gen.nonzero([3, 4], 0.6, 1.4), [5], 0.0)
      .reshape(3, 4)},
     lambda t, p: torch.prod(t["x"]))
case("prod_all_two_zeros", "prod",
     {"x": lambda gen: with_ties(gen.nonzero([3, 4], 0.6, 1.4), [2, 9], 0.0)
      .reshape(3, 4)},
     lambda t, p: torch.prod(t["x"]))
case("prod_all_0d", "prod", {"x": randn()}, lambda t, p: torch.prod(t["x"]))
for tag, dim, keep in [("d1", 1, 0), ("d0_keep", 0, 1), ("dm1_keep", -1, 1)]:
    # Row 0 has no zero, row 1 one, row 2 two.
    case("prod_dim_zeros_" + tag, "prod_dim",
         {"x": lambda gen: with_ties(gen.nonzero([3, 4], 0.6, 1.4), [6, 8, 11],
                                     0.0).reshape(3, 4)},
         lambda t, p: torch.prod(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
         ints={"dim": dim, "keepdim": keep})
case("prod_dim_3d", "prod_dim", {"x": nonzero(2, 3, 4, lo=0.6, hi=1.4)},
     lambda t, p: torch.prod(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
     ints={"dim": -2, "keepdim": 0})
case("prod_dim_3d_zero", "prod_dim",
     {"x": lambda gen: with_ties(gen.nonzero([2, 3, 4], 0.6, 1.4), [4, 13, 17],
                                 0.0).reshape(2, 3, 4)},
     lambda t, p: torch.prod(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
     ints={"dim": 1, "keepdim": 1})

for op in ["max", "min"]:
    f = getattr(torch, op)
    sign = 1.0 if op == "max" else -1.0
    case(op + "_all", op, {"x": randn(3, 4)}, lambda t, p, f=f: f(t["x"]))
    case(op + "_all_ties", op,
         {"x": lambda gen, s=sign: with_ties(gen.randn([3, 4]), [1, 6, 10],
                                             4.5 * s).reshape(3, 4)},
         lambda t, p, f=f: f(t["x"]))
    case(op + "_all_two_ties_3d", op,
         {"x": lambda gen, s=sign: with_ties(gen.randn([2, 3, 2]), [0, 11],
                                             4.5 * s).reshape(2, 3, 2)},
         lambda t, p, f=f: f(t["x"]))
    # Ties along the reduced dimension: PyTorch takes the first index.
    tied = (lambda gen, s=sign: s * torch.tensor([[3.0, 2.0, 3.0, -2.0],
                                                  [1.0, 2.0, 1.0, 1.0],
                                                  [0.5, 2.0, -1.0, 3.0]]))
    for tag, xs, dim, keep in [("d1", randn(3, 4), 1, 0),
                               ("d0_keep", randn(3, 4), 0, 1),
                               ("d1_ties", tied, 1, 0),
                               ("d0_ties_keep", tied, 0, 1),
                               ("3d_dm2", randn(2, 3, 4), -2, 0),
                               ("1d", randn(6), 0, 0)]:
        case("{}_dim_{}".format(op, tag), op + "_dim", {"x": xs},
             lambda t, p, f=f: f(t["x"], p["dim"],
                                 keepdim=bool(p["keepdim"])).values,
             ints={"dim": dim, "keepdim": keep})
    arg = "arg" + op
    fa = getattr(torch, arg)
    for tag, xs, dim, keep in [("d1", randn(3, 4), 1, 0),
                               ("d0_keep", randn(3, 4), 0, 1),
                               ("d1_ties", tied, 1, 0),
                               ("d0_ties", tied, 0, 0),
                               ("3d_dm1", randn(2, 3, 4), -1, 0)]:
        case("{}_{}".format(arg, tag), arg, {"x": xs},
             lambda t, p, fa=fa: fa(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
             ints={"dim": dim, "keepdim": keep}, differentiable=False)

for tag, xs, dim, keep in [("d1", randn(3, 4), 1, 0),
                           ("d0_keep", randn(3, 4), 0, 1),
                           ("3d_dm1", randn(2, 3, 4), -1, 0),
                           ("3d_d1_keep", randn(2, 3, 4), 1, 1),
                           ("large_values", positive(3, 4, lo=80.0, hi=100.0),
                            1, 0)]:
    case("logsumexp_" + tag, "logsumexp", {"x": xs},
         lambda t, p: torch.logsumexp(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
         ints={"dim": dim, "keepdim": keep})

# Matrix products.
for tag, sa, sb in [("dot", [4], [4]), ("vec_mat", [3], [3, 4]),
                    ("mat_vec", [3, 4], [4]), ("mat_mat", [2, 3], [3, 4]),
                    ("batched_same", [2, 3, 4], [2, 4, 5]),
                    ("batched_mat", [2, 3, 4], [4, 5]),
                    ("mat_batched", [3, 4], [2, 4, 5]),
                    ("batched_vec", [2, 3, 4], [4]),
                    ("vec_batched", [4], [2, 4, 3]),
                    ("bcast_batch", [2, 1, 3, 4], [5, 4, 2]),
                    ("bcast_batch_both", [3, 1, 2, 3], [1, 2, 3, 2]),
                    ("large", [8, 16], [16, 12]),
                    ("odd_sizes", [7, 9], [9, 5]),
                    ("odd_batched", [2, 5, 7], [7, 3]),
                    ("odd_vec_mat", [9], [9, 7])]:
    case("matmul_" + tag, "matmul", {"a": randn(*sa), "b": randn(*sb)},
         lambda t, p: torch.matmul(t["a"], t["b"]))
case("matmul_noncontig", "matmul", {"a": randn(3, 4), "b": randn(4, 2)},
     lambda t, p: torch.matmul(t["a"], t["b"]), noncontig=True)
case("matmul_noncontig_batched", "matmul",
     {"a": randn(2, 3, 4), "b": randn(2, 4, 2)},
     lambda t, p: torch.matmul(t["a"], t["b"]), noncontig=True)
for tag, sa, sb in [("2x3_3x4", [2, 3], [3, 4]), ("1x5_5x1", [1, 5], [5, 1]),
                    ("4x1_1x3", [4, 1], [1, 3])]:
    case("mm_" + tag, "mm", {"a": randn(*sa), "b": randn(*sb)},
         lambda t, p: torch.mm(t["a"], t["b"]))
case("mm_noncontig", "mm", {"a": randn(3, 4), "b": randn(4, 2)},
     lambda t, p: torch.mm(t["a"], t["b"]), noncontig=True)

# Shape operations.
for tag, shape, d0, d1 in [("3d_0_2", [2, 3, 4], 0, 2), ("3d_m1_m2", [2, 3, 4], -1, -2),
                           ("2d", [3, 4], 0, 1), ("same_dim", [3, 4], 1, 1)]:
    case("transpose_" + tag, "transpose", {"x": randn(*shape)},
         lambda t, p: torch.transpose(t["x"], p["d0"], p["d1"]),
         ints={"d0": d0, "d1": d1})
for tag, shape in [("2d", [3, 4]), ("1d", [3]), ("0d", [])]:
    case("t_" + tag, "t", {"x": randn(*shape)}, lambda t, p: torch.t(t["x"]))
for tag, shape, dims in [("201", [2, 3, 4], [2, 0, 1]),
                         ("negative", [2, 3, 4], [-1, 0, 1]),
                         ("4d", [2, 1, 3, 2], [3, 1, 0, 2]),
                         ("identity", [3, 4], [0, 1])]:
    case("permute_" + tag, "permute", {"x": randn(*shape)},
         lambda t, p: t["x"].permute(p["dims"]), ints={"dims": dims})
case("permute_noncontig", "permute", {"x": randn(2, 3, 4)},
     lambda t, p: t["x"].permute(p["dims"]), ints={"dims": [1, 2, 0]},
     noncontig=True)
for tag, shape, new in [("infer", [2, 3, 4], [4, -1]), ("flat", [3, 4], [12]),
                        ("split", [2, 6], [3, 2, 2]), ("to_0d", [1, 1], []),
                        ("from_0d", [], [1, 1, 1]), ("infer_first", [2, 3, 4], [-1, 6])]:
    case("reshape_" + tag, "reshape", {"x": randn(*shape)},
         lambda t, p: t["x"].reshape(p["shape"]), ints={"shape": new})
case("reshape_noncontig", "reshape", {"x": randn(3, 4)},
     lambda t, p: t["x"].reshape(p["shape"]), ints={"shape": [2, 6]},
     noncontig=True)
for tag, shape, new in [("6x4", [2, 3, 4], [6, 4]), ("infer", [2, 3, 4], [-1]),
                        ("unsqueeze_like", [3, 4], [3, 1, 4])]:
    case("view_" + tag, "view", {"x": randn(*shape)},
         lambda t, p: t["x"].view(p["shape"]), ints={"shape": new})
for tag, shape, start, end in [("all", [2, 3, 4], 0, -1), ("12", [2, 3, 4], 1, 2),
                               ("01", [2, 3, 4], 0, 1), ("1d", [5], 0, -1),
                               ("4d_m3_m2", [2, 3, 2, 2], -3, -2)]:
    case("flatten_" + tag, "flatten", {"x": randn(*shape)},
         lambda t, p: torch.flatten(t["x"], p["start"], p["end"]),
         ints={"start": start, "end": end})
case("flatten_noncontig", "flatten", {"x": randn(3, 4)},
     lambda t, p: torch.flatten(t["x"], p["start"], p["end"]),
     ints={"start": 0, "end": -1}, noncontig=True)
for tag, shape in [("all", [2, 1, 3, 1]), ("none", [2, 3]), ("to_0d", [1, 1])]:
    case("squeeze_" + tag, "squeeze", {"x": randn(*shape)},
         lambda t, p: torch.squeeze(t["x"]))
for tag, shape, dim in [("d1", [2, 1, 3, 1], 1), ("dm1", [2, 1, 3, 1], -1),
                        ("not_one", [2, 1, 3, 1], 0)]:
    case("squeeze_dim_" + tag, "squeeze_dim", {"x": randn(*shape)},
         lambda t, p: torch.squeeze(t["x"], p["dim"]), ints={"dim": dim})
for tag, shape, dim in [("d0", [3, 4], 0), ("d2", [3, 4], 2), ("dm1", [3, 4], -1),
                        ("0d", [], 0), ("dm2", [3, 4], -2)]:
    case("unsqueeze_" + tag, "unsqueeze", {"x": randn(*shape)},
         lambda t, p: torch.unsqueeze(t["x"], p["dim"]), ints={"dim": dim})
for tag, shape, new in [("col", [3, 1], [3, 4]), ("new_dims", [4], [2, 3, 4]),
                        ("keep", [3, 1], [-1, 5]), ("0d", [], [2, 2]),
                        ("both", [1, 3, 1], [2, 3, 4])]:
    case("expand_" + tag, "expand", {"x": randn(*shape)},
         lambda t, p: t["x"].expand(p["shape"]), ints={"shape": new})
for tag, shape, dim, index in [("d0", [3, 4], 0, 1), ("d1_neg_index", [3, 4], 1, -1),
                               ("3d", [2, 3, 4], 1, 2), ("3d_dm1", [2, 3, 4], -1, 0),
                               ("1d", [5], 0, 3)]:
    case("select_" + tag, "select", {"x": randn(*shape)},
         lambda t, p: torch.select(t["x"], p["dim"], p["index"]),
         ints={"dim": dim, "index": index})
case("select_noncontig", "select", {"x": randn(3, 4)},
     lambda t, p: torch.select(t["x"], p["dim"], p["index"]),
     ints={"dim": 1, "index": 2}, noncontig=True)
for tag, shape, dim, start, length in [("d1", [3, 5], 1, 1, 3),
                                       ("d0_neg_start", [4, 3], 0, -2, 2),
                                       ("3d", [2, 4, 3], -2, 0, 1),
                                       ("whole", [3, 2], 0, 0, 3)]:
    case("narrow_" + tag, "narrow", {"x": randn(*shape)},
         lambda t, p: torch.narrow(t["x"], p["dim"], p["start"], p["length"]),
         ints={"dim": dim, "start": start, "length": length})


def py_slice(x, dim, start, end, step):
    index = [slice(None)] * x.dim()
    index[dim] = slice(start, end, step)
    return x[tuple(index)]


for tag, shape, dim, start, end, step in [
        ("d1_step2", [4, 6], 1, 1, 5, 2), ("d0_step3", [4, 6], 0, 0, 4, 3),
        ("d1", [3, 4], 1, 1, 3, 1), ("neg_start_end_past", [3, 6], 1, -4, 100, 1),
        ("neg_end", [5, 2], 0, 1, -1, 1), ("3d_dm1_step2", [2, 3, 5], -1, 0, 5, 2),
        ("1d", [7], 0, 2, 6, 1)]:
    case("slice_" + tag, "slice", {"x": randn(*shape)},
         lambda t, p: py_slice(t["x"], p["dim"], p["start"], p["end"], p["step"]),
         ints={"dim": dim, "start": start, "end": end, "step": step})
for tag, shape, noncontig in [("noncontig", [3, 4], True),
                              ("noncontig_3d", [2, 3, 4], True),
                              ("already", [3, 4], False)]:
    case("contiguous_" + tag, "contiguous", {"x": randn(*shape)},
         lambda t, p: t["x"].contiguous(), noncontig=noncontig)
for tag, shapes, dim in [("d0", [[2, 3], [1, 3], [3, 3]], 0),
                         ("d1", [[2, 3], [2, 1]], 1),
                         ("dm1_3d", [[2, 2, 1], [2, 2, 3]], -1),
                         ("1d", [[3], [2], [4]], 0),
                         ("single", [[2, 2]], 0)]:
    case("cat_" + tag, "cat",
         {"x{}".format(i): randn(*s) for i, s in enumerate(shapes)},
         lambda t, p: torch.cat([t[k] for k in sorted(t)], p["dim"]),
         ints={"dim": dim})
case("cat_noncontig", "cat", {"x0": randn(3, 2), "x1": randn(3, 3)},
     lambda t, p: torch.cat([t["x0"], t["x1"]], p["dim"]), ints={"dim": 1},
     noncontig=True)
for tag, shape, n, dim in [("d0", [2, 3], 3, 0), ("d2", [2, 3], 2, 2),
                           ("dm1", [2, 3], 3, -1), ("d1", [4], 2, 1),
                           ("0d", [], 3, 0)]:
    case("stack_" + tag, "stack",
         {"x{}".format(i): randn(*shape) for i in range(n)},
         lambda t, p: torch.stack([t[k] for k in sorted(t)], p["dim"]),
         ints={"dim": dim})

# Softmax family.
for op in ["softmax", "log_softmax"]:
    f = getattr(torch, op)
    for tag, xs, dim in [("d1", randn(3, 4), 1), ("d0", randn(3, 4), 0),
                         ("rows_odd", randn(5, 7), -1),
                         ("3d_dm2", randn(2, 3, 4), -2), ("1d", randn(5), 0),
                         ("large_values", positive(3, 4, lo=80.0, hi=100.0), -1)]:
        case("{}_{}".format(op, tag), op, {"x": xs},
             lambda t, p, f=f: f(t["x"], p["dim"]), ints={"dim": dim})
    case(op + "_noncontig", op, {"x": randn(3, 4)},
         lambda t, p, f=f: f(t["x"], p["dim"]), ints={"dim": 1}, noncontig=True)

# Losses (reduction mean).
for tag, shape in [("2d", [3, 4]), ("1d", [5]), ("3d", [2, 2, 3])]:
    case("mse_loss_" + tag, "mse_loss", {"a": randn(*shape), "b": randn(*shape)},
         lambda t, p: F.mse_loss(t["a"], t["b"]))
for op, f in [("cross_entropy", F.cross_entropy), ("nll_loss", F.nll_loss)]:
    case(op + "_2d", op, {"x": randn(4, 5)},
         lambda t, p, f=f: f(t["x"], torch.tensor(p["target"])),
         ints={"target": [1, 0, 4, 1]})
    case(op + "_1d", op, {"x": randn(5)},
         lambda t, p, f=f: f(t["x"], torch.tensor(p["target"][0])),
         ints={"target": [3]})
    case(op + "_n1", op, {"x": randn(1, 3)},
         lambda t, p, f=f: f(t["x"], torch.tensor(p["target"])),
         ints={"target": [2]})
case("cross_entropy_large_values", "cross_entropy",
     {"x": positive(3, 4, lo=80.0, hi=100.0)},
     lambda t, p: F.cross_entropy(t["x"], torch.tensor(p["target"])),
     ints={"target": [0, 3, 2]})

# Linear layers.
for tag, sx in [("1d", [3]), ("2d", [2, 3]), ("3d", [2, 4, 3])]:
    case("linear_" + tag, "linear", {"x": randn(*sx), "W": randn(5, 3)},
         lambda t, p: F.linear(t["x"], t["W"]))
    case("linear_bias_" + tag, "linear_bias",
         {"x": randn(*sx), "W": randn(5, 3), "b": randn(5)},
         lambda t, p: F.linear(t["x"], t["W"], t["b"]))
case("linear_bias_odd_sizes", "linear_bias",
     {"x": randn(5, 7), "W": randn(6, 7), "b": randn(6)},
     lambda t, p: F.linear(t["x"], t["W"], t["b"]))


# Strided inputs (and seed): the same ops on transposed views.
def dimcase(name, op, xs, fwd, **ints):
    case(name, op, {"x": xs}, fwd, ints=ints, noncontig=True)


dimcase("prod_dim_noncontig", "prod_dim",
        lambda gen: with_ties(gen.nonzero([3, 4], 0.6, 1.4), [6], 0.0)
        .reshape(3, 4),
        lambda t, p: torch.prod(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
        dim=1, keepdim=0)
case("prod_all_noncontig", "prod", {"x": nonzero(3, 4, lo=0.6, hi=1.4)},
     lambda t, p: torch.prod(t["x"]), noncontig=True)
for op in ["max", "min"]:
    f = getattr(torch, op)
    dimcase(op + "_dim_noncontig", op + "_dim", randn(3, 4),
            lambda t, p, f=f: f(t["x"], p["dim"],
                                keepdim=bool(p["keepdim"])).values,
            dim=0, keepdim=0)
    case(op + "_all_noncontig", op, {"x": randn(3, 4)},
         lambda t, p, f=f: f(t["x"]), noncontig=True)
    dimcase("arg{}_noncontig".format(op), "arg" + op, randn(3, 4),
            lambda t, p, f=getattr(torch, "arg" + op):
            f(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
            dim=1, keepdim=1)
    CASES[-1]["differentiable"] = False
dimcase("logsumexp_noncontig", "logsumexp", randn(2, 3, 4),
        lambda t, p: torch.logsumexp(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
        dim=-1, keepdim=0)
dimcase("mean_dims_noncontig", "mean_dims", randn(2, 3, 4),
        lambda t, p: torch.mean(t["x"], p["dims"], keepdim=bool(p["keepdim"])),
        dims=[0, 2], keepdim=1)
case("sum_all_noncontig", "sum", {"x": randn(3, 4)},
     lambda t, p: torch.sum(t["x"]), noncontig=True)
dimcase("transpose_noncontig", "transpose", randn(2, 3, 4),
        lambda t, p: torch.transpose(t["x"], p["d0"], p["d1"]), d0=0, d1=2)
case("t_noncontig", "t", {"x": randn(3, 4)}, lambda t, p: torch.t(t["x"]),
     noncontig=True)
dimcase("narrow_noncontig", "narrow", randn(3, 5),
        lambda t, p: torch.narrow(t["x"], p["dim"], p["start"], p["length"]),
        dim=1, start=1, length=3)
dimcase("slice_noncontig", "slice", randn(4, 6),
        lambda t, p: py_slice(t["x"], p["dim"], p["start"], p["end"], p["step"]),
        dim=0, start=1, end=4, step=2)
dimcase("unsqueeze_noncontig", "unsqueeze", randn(3, 4),
        lambda t, p: torch.unsqueeze(t["x"], p["dim"]), dim=1)
dimcase("expand_noncontig", "expand", randn(3, 2, 1),
        lambda t, p: t["x"].expand(p["shape"]), shape=[2, 3, 2, 4])
case("stack_noncontig", "stack", {"x0": randn(3, 4), "x1": randn(3, 4)},
     lambda t, p: torch.stack([t["x0"], t["x1"]], p["dim"]), ints={"dim": 1},
     noncontig=True)
for op, f in [("abs", torch.abs), ("tanh", torch.tanh), ("sqrt", torch.sqrt)]:
    xs = positive(3, 4) if op == "sqrt" else (lambda gen: gen.away([3, 4]))
    case(op + "_noncontig", op, {"x": xs}, lambda t, p, f=f: f(t["x"]),
         noncontig=True)
case("clamp_noncontig", "clamp",
     {"x": lambda gen: gen.away([3, 4], (-0.5, 0.8), 0.05)},
     lambda t, p: torch.clamp(t["x"], p["lo"], p["hi"]),
     reals={"lo": -0.5, "hi": 0.8}, noncontig=True)
case("pow_scalar_noncontig", "pow_scalar", {"x": positive(3, 4)},
     lambda t, p: torch.pow(t["x"], p["e"]), reals={"e": 1.5}, noncontig=True)
case("pow_tensor_noncontig", "pow", {"x": positive(3, 4), "y": randn(3, 4)},
     lambda t, p: torch.pow(t["x"], t["y"]), noncontig=True)
case("maximum_noncontig", "maximum", {"a": randn(3, 4), "b": randn(4)},
     lambda t, p: torch.maximum(t["a"], t["b"]), noncontig=True)
case("where_noncontig", "where", {"a": randn(3, 4), "b": randn(3, 4)},
     lambda t, p: torch.where(t["c"] != 0, t["a"], t["b"]),
     consts={"c": cond(3, 4)}, noncontig=True)
case("div_ts_noncontig", "div_ts", {"a": randn(3, 4), "s": randn()},
     lambda t, p: t["a"] / t["s"], noncontig=True)
case("mse_loss_noncontig", "mse_loss", {"a": randn(3, 4), "b": randn(3, 4)},
     lambda t, p: F.mse_loss(t["a"], t["b"]), noncontig=True)
for op, f in [("cross_entropy", F.cross_entropy), ("nll_loss", F.nll_loss)]:
    case(op + "_noncontig", op, {"x": randn(4, 5)},
         lambda t, p, f=f: f(t["x"], torch.tensor(p["target"])),
         ints={"target": [4, 0, 2, 2]}, noncontig=True)
case("linear_bias_noncontig", "linear_bias",
     {"x": randn(2, 3), "W": randn(5, 3), "b": randn(5)},
     lambda t, p: F.linear(t["x"], t["W"], t["b"]), noncontig=True)
case("linear_noncontig_3d", "linear", {"x": randn(2, 4, 3), "W": randn(5, 3)},
     lambda t, p: F.linear(t["x"], t["W"]), noncontig=True)
case("matmul_noncontig_vec", "matmul", {"a": randn(3, 4), "b": randn(4)},
     lambda t, p: torch.matmul(t["a"], t["b"]), noncontig=True)

# Empty tensors.
case("exp_empty", "exp", {"x": randn(0, 3)}, lambda t, p: torch.exp(t["x"]))
case("add_empty_bcast", "add", {"a": randn(0, 3), "b": randn(3)},
     lambda t, p: t["a"] + t["b"])
case("sum_dim_empty", "sum_dim", {"x": randn(0, 3)},
     lambda t, p: torch.sum(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
     ints={"dim": 0, "keepdim": 0})
case("sum_all_empty", "sum", {"x": randn(2, 0)}, lambda t, p: torch.sum(t["x"]))
case("matmul_empty_inner", "matmul", {"a": randn(2, 0), "b": randn(0, 3)},
     lambda t, p: torch.matmul(t["a"], t["b"]))
case("cat_empty", "cat", {"x0": randn(0, 3), "x1": randn(2, 3)},
     lambda t, p: torch.cat([t["x0"], t["x1"]], p["dim"]), ints={"dim": 0})
case("reshape_empty", "reshape", {"x": randn(0, 3)},
     lambda t, p: t["x"].reshape(p["shape"]), ints={"shape": [3, 0]})


# 0-dim tensors where PyTorch accepts a dim of 0 or -1, and an empty dims
# list (PyTorch 1.13 reduces over everything).
case("flatten_0d", "flatten", {"x": randn()},
     lambda t, p: torch.flatten(t["x"], p["start"], p["end"]),
     ints={"start": 0, "end": -1})
case("squeeze_0d", "squeeze", {"x": randn()}, lambda t, p: torch.squeeze(t["x"]))
case("sum_dim_0d", "sum_dim", {"x": randn()},
     lambda t, p: torch.sum(t["x"], p["dim"], keepdim=bool(p["keepdim"])),
     ints={"dim": -1, "keepdim": 0})
case("softmax_0d", "softmax", {"x": randn()},
     lambda t, p: torch.softmax(t["x"], p["dim"]), ints={"dim": 0})
for op in ["sum", "mean"]:
    case(op + "_dims_empty_list", op + "_dims", {"x": randn(2, 3)},
         lambda t, p, op=op: getattr(torch, op)(t["x"], [], keepdim=False),
         ints={"dims": [], "keepdim": 0})


# Comparisons with a scalar on the right (s is a 0-dim input: the C++ T).
for op in ["lt", "le", "gt", "ge", "eq", "ne"]:
    f = getattr(torch, op)
    case(op + "_ts", op + "_ts",
         {"a": lambda gen: torch.tensor([[0.5, -1.0, 2.0], [1.0, 0.5, 3.0]]),
          "s": lambda gen: torch.tensor(0.5)},
         lambda t, p, f=f: f(t["a"], t["s"]).to(t["a"].dtype),
         differentiable=False)

# Creation (no inputs; start, end and step are doubles in C++ too, so they
# are not rounded to the dtype).
for tag, end in [("5", 5.0), ("4p5", 4.5)]:
    case("arange_end_" + tag, "arange_end", {},
         lambda t, p, dt=None: torch.arange(p["end"], dtype=p["dtype"]),
         reals={"end": end}, differentiable=False)
for tag, start, end, step in [("half", 1.0, 4.0, 0.5), ("tenth", 0.0, 1.0, 0.1),
                              ("uneven", -1.0, 1.0, 0.3),
                              ("negative_step", 5.0, 1.0, -1.5),
                              ("empty", 0.0, 0.0, 1.0)]:
    case("arange_" + tag, "arange", {},
         lambda t, p: torch.arange(p["start"], p["end"], p["step"],
                                   dtype=p["dtype"]),
         reals={"start": start, "end": end, "step": step}, differentiable=False)
for tag, start, end, steps in [("5", 0.0, 1.0, 5), ("7", -2.0, 3.0, 7),
                               ("inexact", 0.1, 0.7, 4), ("one", 1.5, 1.5, 1),
                               ("empty", 0.0, 1.0, 0), ("down", 1.0, -1.0, 6),
                               ("many", -1.0, 2.0, 25)]:
    case("linspace_" + tag, "linspace", {},
         lambda t, p: torch.linspace(p["start"], p["end"], p["steps"],
                                     dtype=p["dtype"]),
         reals={"start": start, "end": end}, ints={"steps": steps},
         differentiable=False)


# ---- Writing -------------------------------------------------------------

def fmt_tensor(t):
    values = t.detach().double().flatten().tolist()
    return "shape{} values{}".format("".join(" {}".format(d) for d in t.shape),
                                     "".join(" {!r}".format(v) for v in values))


def fmt_ints(v):
    if isinstance(v, (list, tuple)):
        return "".join(" {}".format(int(i)) for i in v)
    return " {}".format(int(v))


def run(spec, suffix, dtype_name, dtype):
    gen = Gen(spec["name"])
    inputs = {}
    for key, make in spec["inputs"].items():
        inputs[key] = make(gen).to(torch.float64).to(dtype)
    consts = {key: make(gen).to(dtype) for key, make in spec["consts"].items()}
    # Scalar parameters are used as the dtype's value, as the C++ side will,
    # except the doubles that creation takes.
    creation = spec["op"] in ("arange", "arange_end", "linspace")
    reals = {k: v if creation else float(torch.tensor(v, dtype=dtype))
             for k, v in spec["reals"].items()}
    params = dict(spec["ints"])
    params.update(reals)
    params["dtype"] = dtype
    leaves = {k: v.clone().requires_grad_(spec["differentiable"])
              for k, v in inputs.items()}
    args = dict(leaves)
    args.update(consts)
    out = spec["fwd"](args, params)
    lines = ["### case {}_{}".format(spec["name"], suffix), "op " + spec["op"],
             "dtype " + dtype_name]
    for k, v in spec["ints"].items():
        lines.append("int {}{}".format(k, fmt_ints(v)))
    for k, v in reals.items():
        lines.append("real {} {!r}".format(k, v))
    if spec["noncontig"]:
        lines.append("noncontig 1")
    for k, v in consts.items():
        lines.append("const {} {}".format(k, fmt_tensor(v)))
    for k, v in inputs.items():
        lines.append("in {} {}".format(k, fmt_tensor(v)))
    if out.dtype == torch.int64:
        lines.append("outint" + fmt_ints(out.flatten().tolist()))
    else:
        assert out.dtype == dtype, (spec["name"], out.dtype)
        lines.append("out " + fmt_tensor(out))
    if spec["differentiable"]:
        v = gen.randn(list(out.shape)).to(dtype)
        names = list(leaves)
        grads = torch.autograd.grad(out, [leaves[k] for k in names], v)
        lines.append("seed " + fmt_tensor(v))
        for k, g in zip(names, grads):
            assert g.shape == leaves[k].shape
            lines.append("grad {} {}".format(k, fmt_tensor(g)))
    for line in lines:
        assert not {"nan", "inf", "-inf"} & set(line.split()), line
    return lines


def main():
    torch.manual_seed(0)  # nothing should use the global generator
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                        "tensor_grad_reference.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    names = set()
    lines = []
    for spec in CASES:
        assert spec["name"] not in names, spec["name"]
        names.add(spec["name"])
        for suffix, dtype_name, dtype in DTYPES:
            lines += run(spec, suffix, dtype_name, dtype)
    text = "\n".join(lines) + "\n"
    with open(path, "w") as f:
        f.write(text)
    ops = sorted({spec["op"] for spec in CASES})
    print("wrote {} cases ({} ops, {} bytes) to {}".format(
        2 * len(CASES), len(ops), len(text), path))


if __name__ == "__main__":
    main()
