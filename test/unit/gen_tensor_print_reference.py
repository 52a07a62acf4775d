#!/usr/bin/env python3
"""Regenerates data/tensor_print_reference.txt: what PyTorch prints for a set
of tensors, which tensor_test.cpp compares adgen::to_string() against.

Needs PyTorch 1.13 (Debian: apt-get install python3-torch, then run with
/usr/bin/python3). The unit test itself only reads the data file.

File format, one block per case:

    ### case <name>
    dtype float32|float64
    requires_grad 0|1
    shape <dims...>          (nothing after "shape" for a 0-dim tensor)
    values <v0> <v1> ...     (row-major, Python repr of each value as double)
    expected
    <the exact text of print(t), possibly several lines>

The expected text runs up to the next "### case" line or the end of file.
The values are the tensor's own (float32 values widened to double exactly),
so the C++ side rebuilds bit-identical tensors whatever formula made them.
"""

import math
import os

import torch

NAN = float("nan")
INF = float("inf")


def arange(n, scale=1.0, start=0.0):
    return [start + i * scale for i in range(n)]


# (name, dtype, shape, values, requires_grad)
CASES = [
    # The brief's examples.
    ("ones_2x2_requires_grad", "float32", [2, 2], [1.0] * 4, True),
    ("quarter_2x2", "float32", [2, 2], [0.25] * 4, False),
    ("sixes_2x2", "float32", [2, 2], [6.0] * 4, False),
    ("sci_small_min_2x2", "float32", [2, 2], [0.1, 1.0, 1e-4, 0.5], False),
    # int_mode: every finite nonzero value is an integer.
    ("int_arange_1d", "float32", [10], arange(10), False),
    ("int_negative_1d", "float32", [7], arange(7, 1.0, -3.0), False),
    ("int_wide_values", "float32", [3], [-120.0, 7.0, 99999.0], False),
    ("int_sci_by_ratio", "float32", [3], [1.0, 2000.0, -3.0], False),
    ("int_sci_by_large_max", "float32", [2], [2.0e8, 3.0e8], False),
    ("all_zeros_1d", "float32", [3], [0.0, 0.0, 0.0], False),
    ("neg_zero_1d", "float32", [2], [-0.0, 2.0], False),
    # Fixed 4-decimal mode.
    ("fraction_sevenths", "float32", [6], [i / 7.0 for i in range(6)], False),
    ("fraction_negative", "float32", [4], [-1.5, 2.25, -0.125, 3.0], False),
    ("fraction_ties", "float32", [4], [1 / 32, 3 / 32, 5 / 32, 0.15625], False),
    ("fraction_max_width", "float32", [3], [0.5, 123.25, -999.0625], False),
    # Scientific mode.
    ("sci_by_ratio", "float32", [3], [0.5, 1000.5, 2.0], False),
    ("sci_by_large_max", "float64", [2], [123456789.5, 2.5], False),
    ("sci_by_small_min", "float32", [3], [5e-5, 2e-2, 1e-3], False),
    ("sci_big_exponents", "float64", [3], [1.5e-120, 2.0e20, -3.25e100], False),
    # Non-finite values do not count for the width.
    ("nan_inf_int", "float32", [5], [1.0, NAN, INF, -INF, 0.0], False),
    ("nan_inf_fraction", "float32", [3], [0.5, NAN, -INF], False),
    ("nan_inf_sci", "float32", [3], [1e-6, NAN, INF], False),
    ("only_nonfinite", "float32", [3], [NAN, INF, -INF], False),
    # 0-dim tensors.
    ("scalar_fraction", "float32", [], [0.25], False),
    ("scalar_int", "float32", [], [3.0], False),
    ("scalar_neg_zero", "float32", [], [-0.0], False),
    ("scalar_nan", "float32", [], [NAN], False),
    ("scalar_sci", "float32", [], [1e-5], False),
    ("scalar_requires_grad", "float32", [], [2.5], True),
    ("scalar_double_requires_grad", "float64", [], [-7.0], True),
    # 1-D wrapping at line width 80.
    ("wrap_1d", "float32", [30], arange(30, 1.5), False),
    ("wrap_1d_requires_grad", "float32", [24], arange(24, 1.25, -10.0), True),
    ("wrap_1d_full_line_requires_grad", "float32", [21],
     arange(21, 1.25, -10.0), True),
    ("wrap_1d_double_requires_grad", "float64", [16], arange(16, 0.5), True),
    ("wrap_1d_sci", "float32", [9], arange(9, 1.0e-5, 1.0e-5), False),
    # Summarized (more than 1000 elements).
    ("summarized_1d_2000_int", "float32", [2000], arange(2000), False),
    ("summarized_1d_2000_fraction", "float32", [2000],
     [(i % 10) + 0.5 for i in range(2000)], False),
    ("summarized_2d_1500x2", "float32", [1500, 2], arange(3000, 0.25), False),
    ("summarized_2d_1500x2_fraction", "float32", [1500, 2],
     [(i % 13) - 6 + 0.5 for i in range(3000)], False),
    ("summarized_2d_2x1000", "float32", [2, 1000],
     [(i % 7) * 0.5 for i in range(2000)], False),
    ("summarized_3d_20x20x20", "float32", [20, 20, 20],
     [(i % 11) - 5.0 for i in range(8000)], True),
    ("summarized_2d_double", "float64", [40, 30], arange(1200, 0.125), False),
    # Matrices and higher ranks.
    ("matrix_3x4", "float32", [3, 4], [i / 4.0 for i in range(12)], False),
    ("matrix_int_negative", "float32", [3, 2], [-5, 10, 15, -20, 0, 7], False),
    ("matrix_column", "float32", [3, 1], [1.0, 2.0, 3.0], False),
    ("matrix_wide_rows", "float32", [2, 20], arange(40, 0.75, -5.0), False),
    ("matrix_double", "float64", [2, 3], [0.1, 0.2, 0.3, 1.5, -2.5, 3.75], False),
    ("matrix_double_requires_grad", "float64", [2, 2], [1, 2, 3, 4], True),
    ("tensor_3d", "float32", [2, 3, 4], arange(24), False),
    ("tensor_3d_fraction", "float32", [3, 2, 2], arange(12, -0.3, 1.0), False),
    ("tensor_4d", "float32", [2, 2, 2, 2], arange(16, 0.5), False),
    # Empty tensors.
    ("empty_1d", "float32", [0], [], False),
    ("empty_2d", "float32", [0, 3], [], False),
    ("empty_double", "float64", [0], [], False),
    ("empty_3d_double_requires_grad", "float64", [2, 0, 1], [], True),
]


def make_tensor(dtype, shape, values, requires_grad):
    torch_dtype = {"float32": torch.float32, "float64": torch.float64}[dtype]
    t = torch.tensor(values, dtype=torch_dtype).reshape(shape)
    return t.requires_grad_(requires_grad)


def main():
    torch.set_printoptions(profile="default")
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data",
                        "tensor_print_reference.txt")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    names = set()
    blocks = []
    for name, dtype, shape, values, requires_grad in CASES:
        assert name not in names, name
        names.add(name)
        assert len(values) == math.prod(shape), name
        t = make_tensor(dtype, shape, values, requires_grad)
        exact = t.detach().double().flatten().tolist()
        blocks.append(
            "### case {}\ndtype {}\nrequires_grad {}\nshape{}\nvalues{}\n"
            "expected\n{}\n".format(
                name, dtype, int(requires_grad),
                "".join(" {}".format(d) for d in shape),
                "".join(" {!r}".format(v) for v in exact),
                str(t)))
    with open(path, "w") as f:
        f.write("".join(blocks))
    print("wrote {} cases to {}".format(len(blocks), path))


if __name__ == "__main__":
    main()
