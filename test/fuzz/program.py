"""The program model of the random-program tester: a small C++ syntax tree.

Nodes render to C++ text with the floating type left as T, so that one tree
gives both the function adgen differentiates (T = double) and the oracle
(T = long double). The reducer edits these trees: every node lists its
children, and expression nodes say whether they have type T (only those can
stand in for one another).
"""

import copy
import re


class Node:
    def children(self):
        return []


# --- expressions -------------------------------------------------------------

class Expr(Node):
    floating = True  # has type T (an int-valued leaf has not)


class Lit(Expr):
    def __init__(self, text):
        self.text = text

    def render(self):
        return self.text


class Ref(Expr):
    """A name or element: `a`, `x[i]`, `q.u`, `z[n - 1 - i]`."""

    def __init__(self, text, floating=True):
        self.text = text
        self.floating = floating

    def render(self):
        return self.text


class Un(Expr):
    def __init__(self, op, a):
        self.op, self.a = op, a

    def children(self):
        return [self.a]

    def render(self):
        return "%s(%s)" % (self.op, self.a.render())


class Bin(Expr):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def children(self):
        return [self.a, self.b]

    def render(self):
        return "(%s %s %s)" % (self.a.render(), self.op, self.b.render())


class Call(Expr):
    """A <cmath> function (std::name) or one of the program's helpers."""

    def __init__(self, name, args, math=True, floating=True):
        self.name, self.args, self.math, self.floating = name, args, math, floating

    def children(self):
        return self.args

    def render(self):
        name = "std::" + self.name if self.math else self.name
        return "%s(%s)" % (name, ", ".join(a.render() for a in self.args))


class Select(Expr):
    def __init__(self, cond, a, b):
        self.cond, self.a, self.b = cond, a, b

    def children(self):
        return [self.cond, self.a, self.b]

    def render(self):
        return "(%s ? %s : %s)" % (self.cond.render(), self.a.render(), self.b.render())


class Truncate(Expr):
    """T(static_cast<int>(a)): piecewise constant, derivative 0."""

    def __init__(self, a):
        self.a = a

    def children(self):
        return [self.a]

    def render(self):
        return "static_cast<T>(static_cast<int>(%s))" % self.a.render()


# --- conditions --------------------------------------------------------------

class Cond(Node):
    floating = False


class Cmp(Cond):
    def __init__(self, a, op, b):
        self.a, self.op, self.b = a, op, b

    def children(self):
        return [self.a, self.b]

    def render(self):
        return "%s %s %s" % (self.a.render(), self.op, self.b.render())


class Logic(Cond):
    def __init__(self, op, a, b):
        self.op, self.a, self.b = op, a, b

    def children(self):
        return [self.a, self.b]

    def render(self):
        return "(%s) %s (%s)" % (self.a.render(), self.op, self.b.render())


class IntCond(Cond):
    def __init__(self, text):
        self.text = text

    def render(self):
        return self.text


# --- statements --------------------------------------------------------------

class Stmt(Node):
    protected = False  # the reducer never removes it (a loop's counter step)

    def lines(self, indent):
        raise NotImplementedError


def block_lines(stmts, indent):
    out = []
    for s in stmts:
        out += s.lines(indent)
    return out


class Decl(Stmt):
    """`type name = init;`, or an array `T name[size] = {...};`."""

    def __init__(self, type_, name, init=None, size=None, items=None):
        self.type, self.name, self.init, self.size, self.items = type_, name, init, size, items

    def children(self):
        kids = [self.init] if isinstance(self.init, Node) else []
        return kids + (self.items or [])

    def lines(self, indent):
        pad = "  " * indent
        if self.size is not None:
            items = ", ".join(i.render() for i in self.items or [])
            return ["%s%s %s[%d] = {%s};" % (pad, self.type, self.name, self.size, items)]
        if self.items is not None:  # a struct: P q{u, v};
            return ["%s%s %s{%s};" % (pad, self.type, self.name,
                                       ", ".join(i.render() for i in self.items))]
        init = self.init.render() if isinstance(self.init, Node) else self.init
        return ["%s%s %s = %s;" % (pad, self.type, self.name, init)]


class Assign(Stmt):
    def __init__(self, target, op, value):
        self.target, self.op, self.value = target, op, value

    def children(self):
        return [self.value]

    def lines(self, indent):
        return ["%s%s %s %s;" % ("  " * indent, self.target, self.op, self.value.render())]


class Raw(Stmt):
    """Text as is: `++k;`, `break;`, `continue;`, a helper call."""

    def __init__(self, text, protected=False, args=None):
        self.text, self.protected, self.args = text, protected, args or []

    def children(self):
        return self.args

    def lines(self, indent):
        text = self.text
        if self.args:
            text = text % tuple(a.render() for a in self.args)
        return ["  " * indent + text]


class If(Stmt):
    def __init__(self, cond, then, els=None):
        self.cond, self.then, self.els = cond, then, els

    def children(self):
        return [self.cond]

    def blocks(self):
        return [self.then] + ([self.els] if self.els is not None else [])

    def lines(self, indent):
        pad = "  " * indent
        out = ["%sif (%s) {" % (pad, self.cond.render())] + block_lines(self.then, indent + 1)
        if self.els is not None:
            out += ["%s} else {" % pad] + block_lines(self.els, indent + 1)
        return out + [pad + "}"]


class Loop(Stmt):
    """`for (header) {body}`, `while (header) {body}` or `do {body} while (header);`."""

    def __init__(self, kind, header, body):
        self.kind, self.header, self.body = kind, header, body

    def blocks(self):
        return [self.body]

    def lines(self, indent):
        pad = "  " * indent
        inner = block_lines(self.body, indent + 1)
        if self.kind == "do":
            return ["%sdo {" % pad] + inner + ["%s} while (%s);" % (pad, self.header)]
        return ["%s%s (%s) {" % (pad, self.kind, self.header)] + inner + [pad + "}"]


class Return(Stmt):
    def __init__(self, value):
        self.value = value

    def children(self):
        return [self.value] if self.value is not None else []

    def lines(self, indent):
        if self.value is None:
            return ["  " * indent + "return;"]
        return ["%sreturn %s;" % ("  " * indent, self.value.render())]


# --- functions and programs --------------------------------------------------

class Param:
    """One parameter of the tested function and what the harness does with it.

    kind: scalar (T a), cref (const T& a), array (const T* x, NX elements),
    count (int n), out (T* y, written only), inout (T* z), ref (T& r),
    struct (const P& p, members u and v).
    """

    def __init__(self, kind, name, length=1):
        self.kind, self.name, self.length = kind, name, length

    def decl(self):
        return {
            "scalar": "T %s", "cref": "const T& %s", "array": "const T* %s", "count": "int %s",
            "out": "T* %s", "inout": "T* %s", "ref": "T& %s", "struct": "const P& %s",
        }[self.kind] % self.name

    def inputs(self):
        """How many of the harness's inputs this parameter holds."""
        return {"count": 0, "struct": 2}.get(self.kind, self.length)

    def outputs(self):
        return self.length if self.kind in ("out", "inout", "ref") else 0


class Function:
    def __init__(self, name, ret, params, body, marked=False):
        self.name, self.ret, self.params, self.body, self.marked = name, ret, params, body, marked

    def blocks(self):
        return [self.body]

    def lines(self):
        params = ", ".join(p if isinstance(p, str) else p.decl() for p in self.params)
        mark = "ADGEN_DIFFERENTIABLE " if self.marked else ""
        if self.marked and getattr(self, "multi", False):
            mark += "ADGEN_MULTI_SEED "
        return (["%s%s %s(%s) {" % (mark, self.ret, self.name, params)] +
                block_lines(self.body, 1) + ["}"])


class Program:
    """A tested function f, its helpers, and the point the harness checks at."""

    def __init__(self, seed, helpers, function, point, weights, weights2, count):
        self.seed = seed
        self.helpers = helpers
        self.function = function
        self.point = point        # one value per input
        self.weights = weights    # seed per result (value first, then outputs)
        self.weights2 = weights2  # a second seed, for the linearity check
        self.count = count        # the value passed for `int n`

    @property
    def name(self):
        return self.function.name

    def clone(self):
        return copy.deepcopy(self)

    def functions(self):
        return self.helpers + [self.function]

    def source(self, floating, marked):
        """The program's functions for one floating type, marked or not."""
        out = []
        for fn in self.functions():
            keep = fn.marked
            fn.marked = keep and marked
            out += fn.lines() + [""]
            fn.marked = keep
        return re.sub(r"\bT\b", floating, "\n".join(out))
