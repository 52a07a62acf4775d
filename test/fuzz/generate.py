"""Random differentiable C++ functions in adgen's supported subset.

generate(seed) builds one Program from random.Random(seed): the same seed
gives the same program on every machine. A program is a function f with an
input array x[n], some of scalars, a struct, an output array, an in-out array
and an in-out reference, and helpers of its own (scalar, array, output,
by-reference, recursive (on scalars, and on arrays with loops) and struct
helpers, some of them marked). Its body
mixes locals that are reassigned, if/else on data, loops (for, while, do,
nested, with carried values and with independent iterations, with break,
continue and early return), local arrays, pointers into arrays, and every
<cmath> function adgen knows, each behind a guard that keeps it in its
domain and away from overflow.
"""

import copy
import random

from program import (Assign, Bin, Call, Cmp, Decl, Function, If, IntCond, Lit, Logic, Loop,
                     Param, Program, Raw, Ref, Return, Select, Truncate, Un)

LITERALS = ["0.5", "1.5", "2.0", "0.25", "3.0", "0.75", "1.25", "2.5"]  # (an int literal in a brace initializer would be narrowed)


class Array:
    """`counted`: the array holds at least env.count elements, and `length`
    is only the fewest it may hold (an array a recursive helper passes down
    shortened, `h(w + 1, m - 1, d - 1)`)."""

    def __init__(self, name, length, readable=True, writable=False, counted=False):
        self.name, self.length, self.readable, self.writable = name, length, readable, writable
        self.counted = counted


class LoopVar:
    """An index variable with values in [0, bound); `full` when bound == n."""

    def __init__(self, name, bound, full):
        self.name, self.bound, self.full = name, bound, full


class Env:
    """What a statement can see: a copy per block, so declarations stay inside."""

    def __init__(self):
        self.scalars = []     # readable T names
        self.assignable = []  # locals and by-value parameters
        self.arrays = []      # Array
        self.structs = []     # local and parameter structs (members u, v)
        self.loopvars = []
        self.outputs = []     # Array: output parameters written, never read
        self.count = "n"      # the name of the element count (None: no loops)
        self.loop = None      # kind of the innermost loop ("for", "while", "do")
        self.depth = 0

    def child(self):
        e = Env()
        e.scalars, e.assignable = list(self.scalars), list(self.assignable)
        e.arrays, e.structs, e.loopvars = list(self.arrays), list(self.structs), list(self.loopvars)
        e.outputs, e.count = self.outputs, self.count
        e.loop, e.depth = self.loop, self.depth + 1
        return e


class Generator:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n = self.rng.randint(3, 5)
        self.counter = 0
        self.helpers = []       # Function
        self.scalar_helpers = []  # names of T h(T, T)
        self.array_helpers = []   # names of T h(const T*, int)
        self.fill_helpers = []    # names of void h(const T*, int, T*)
        self.ref_helpers = []     # names of void h(T&, T)
        self.rec_helpers = []     # names of T h(T, int)
        self.recarray_helpers = []  # names of T h(const T*, int m, int d)
        self.passes_param = set()   # those of them that pass their own v down
        self.struct_helpers = []  # names of T h(const P&)
        self.returns = True
        self.statements = 0

    def fresh(self, stem):
        self.counter += 1
        return "%s%d" % (stem, self.counter)

    def chance(self, p):
        return self.rng.random() < p

    # --- expressions ---------------------------------------------------------

    def index(self, env, length, counted=False):
        """An index expression valid for an array of `length` elements (of
        env.count elements at least when `counted`)."""
        r = self.rng
        options = [str(r.randrange(length))]
        for v in env.loopvars:
            if counted:
                if v.full:  # (v < env.count)
                    options += [v.name] * 3 + ["%s - 1 - %s" % (env.count, v.name),
                                               "(%s + 1) %% %s" % (v.name, env.count)]
                continue
            if v.bound <= length:
                options += [v.name] * 3
            if v.full and length == self.n and env.count:
                options.append("%s - 1 - %s" % (env.count, v.name))
            if v.bound <= self.n and length >= self.n and env.count:
                options.append("(%s + 1) %% %s" % (v.name, env.count))
        return r.choice(options)

    def leaf(self, env):
        r = self.rng
        pool = []
        pool += [lambda: Ref(r.choice(env.scalars))] * (3 if env.scalars else 0)
        readable = [a for a in env.arrays if a.readable]
        pool += [lambda: self.element(env, r.choice(readable))] * (3 if readable else 0)
        if env.structs:
            pool.append(lambda: Ref("%s.%s" % (r.choice(env.structs), r.choice("uv"))))
        pool.append(lambda: Lit(r.choice(LITERALS)))
        if env.loopvars:
            pool.append(lambda: Bin("*", Ref("static_cast<T>(%s + 1)" % r.choice(env.loopvars).name,
                                             floating=False), Lit("0.5")))
        return r.choice(pool)()

    def element(self, env, array):
        return Ref("%s[%s]" % (array.name, self.index(env, array.length, array.counted)))

    def expr(self, env, depth=3):
        r = self.rng
        if depth <= 0 or self.chance(0.25):
            return self.leaf(env)
        e = lambda: self.expr(env, depth - 1)
        kind = r.random()
        if kind < 0.38:
            op = r.choice("+-*/")
            if op == "/":  # away from zero
                return Bin("/", e(), Bin("+", Lit("1.5"), Call("fabs", [e()])))
            return Bin(op, e(), e())
        if kind < 0.75:
            return self.math(e)
        if kind < 0.8:
            return Un("-", e())
        if kind < 0.85:
            return Select(self.cond(env, depth - 1), e(), e())
        if kind < 0.86:
            return Truncate(e())
        return self.helper_call(env, e) or self.math(e)

    def math(self, e):
        """A <cmath> call, guarded: its argument stays in the domain and small."""
        r = self.rng
        bounded = lambda: Call("tanh", [e()])
        square_plus = lambda c: self.square_plus(c, e())
        forms = [
            lambda: Call("sin", [e()]), lambda: Call("cos", [e()]),
            lambda: Call("tan", [Bin("*", Lit("0.5"), bounded())]),
            lambda: Call("asin", [Bin("*", Lit("0.9"), bounded())]),
            lambda: Call("acos", [Bin("*", Lit("0.9"), bounded())]),
            # (Shifted off 0, which random code reaches exactly, `a - a`: there
            # cbrt' is infinite and atan2's gradient 0/0, NaN as in PyTorch.)
            lambda: Call("atan", [e()]), lambda: Call("atan2", [e(), Bin("+", e(), Lit("0.1234"))]),
            lambda: Call("sinh", [bounded()]), lambda: Call("cosh", [bounded()]),
            lambda: Call("tanh", [e()]), lambda: Call("asinh", [e()]),
            lambda: Call("acosh", [square_plus("1.5")]),
            lambda: Call("atanh", [Bin("*", Lit("0.9"), bounded())]),
            lambda: Call("exp", [bounded()]), lambda: Call("exp", [Un("-", self.square(e()))]),
            lambda: Call("exp2", [bounded()]), lambda: Call("expm1", [bounded()]),
            lambda: Call("log", [square_plus("0.5")]),
            lambda: Call("log2", [Bin("+", Lit("0.5"), Call("fabs", [e()]))]),
            lambda: Call("log10", [square_plus("1.5")]),
            lambda: Call("log1p", [self.square(e())]),
            lambda: Call("sqrt", [square_plus("0.25")]),
            lambda: Call("cbrt", [Bin("+", e(), Lit("0.1234"))]),
            lambda: Call("pow", [e(), Lit(r.choice(["2", "3", "2.0"]))]),
            lambda: Call("pow", [square_plus("0.5"), Lit(r.choice(["0.75", "1.5", "-0.5"]))]),
            lambda: Call("pow", [Lit("1.5"), bounded()]),
            lambda: Call("pow", [square_plus("0.5"), bounded()]),
            lambda: Call("hypot", [e(), e()]), lambda: Call("fabs", [e()]),
            lambda: Call("fmin", [e(), e()]), lambda: Call("fmax", [e(), e()]),
        ]
        return r.choice(forms)()

    @staticmethod
    def square(x):
        return Bin("*", x, copy.deepcopy(x))

    @staticmethod
    def square_plus(c, x):
        """c + x * x, positive."""
        return Bin("+", Lit(c), Generator.square(x))

    def helper_call(self, env, e):
        r = self.rng
        options = []
        if self.scalar_helpers:
            options.append(lambda: Call(r.choice(self.scalar_helpers), [e(), e()], math=False))
        readable = [a for a in env.arrays if a.readable and a.length >= self.n]
        if self.array_helpers and readable and env.count:
            options.append(lambda: Call(r.choice(self.array_helpers),
                                        [Ref(r.choice(readable).name, floating=False),
                                         Ref(env.count, floating=False)], math=False))
        if self.rec_helpers:
            options.append(lambda: Call(r.choice(self.rec_helpers),
                                        [e(), Ref(str(r.randint(0, 3)), floating=False)], math=False))
        if self.recarray_helpers and readable and env.count:
            options.append(lambda: self.recarray_call(env, readable))
        if self.struct_helpers and env.structs:
            options.append(lambda: Call(r.choice(self.struct_helpers),
                                        [Ref(r.choice(env.structs), floating=False)], math=False))
        return r.choice(options)() if options else None

    def recarray_call(self, env, readable):
        r = self.rng
        name = r.choice(self.recarray_helpers)
        if name in self.passes_param:
            # adgen refuses an output parameter passed to a function that
            # passes it on to itself, when it is written after the call
            # (docs/supported.md): not the in-out z.
            readable = [a for a in readable if a.name != "z"] or readable
        return Call(name, [Ref(r.choice(readable).name, floating=False),
                           Ref(env.count, floating=False),
                           Ref(str(r.randint(0, 2)), floating=False)], math=False)

    def cond(self, env, depth=2):
        r = self.rng
        kind = r.random()
        if kind < 0.1 and env.loopvars:
            v = r.choice(env.loopvars).name
            return IntCond(r.choice(["%s %% 2 == 0" % v, "%s > 1" % v, "%s != 2" % v]))
        if kind < 0.2:
            return Logic(r.choice(["&&", "||"]), self.cond(env, depth - 1), self.cond(env, depth - 1))
        return Cmp(self.expr(env, max(depth, 1)), r.choice(["<", ">", "<=", ">="]),
                   self.expr(env, max(depth - 1, 0)))

    # --- statements ----------------------------------------------------------

    def block(self, env, count):
        out = []
        for _ in range(count):
            out += self.statement(env)
        return out

    def statement(self, env):
        """One statement, or a few that belong together (a declaration and its loop)."""
        self.statements += 1
        r = self.rng
        weights = [
            (self.declare_scalar, 4), (self.assign, 6 if env.loop else 4),
            (self.branch, 2 if env.depth < 2 else 0), (self.loop, 2 if env.depth < 2 else 0),
            (self.local_array, 1 if env.depth < 2 else 0), (self.array_write, 2),
            (self.output_write, 2), (self.pointer, 1), (self.local_struct, 1),
            (self.helper_statement, 1), (self.exit, 1 if env.depth > 0 else 0),
        ]
        if self.statements > 40:  # keep programs small
            weights = [(self.declare_scalar, 1), (self.assign, 1)]
        fns = [f for f, w in weights for _ in range(w)]
        while True:
            out = r.choice(fns)(env)
            if out:
                return out

    def declare_scalar(self, env):
        name = self.fresh("t")
        stmt = Decl("T", name, self.expr(env))  # (before the name is visible)
        env.scalars.append(name)
        env.assignable.append(name)
        return [stmt]

    def assign(self, env):
        r = self.rng
        targets = list(env.assignable) + ["%s.%s" % (s, m) for s in env.structs
                                         if not s.startswith("p") for m in "uv"]
        if not targets:
            return None
        target = r.choice(targets)
        op = r.choice(["=", "=", "+=", "-=", "*=", "/="])
        if op == "*=":
            return [Assign(target, op, Bin("+", Lit("0.5"), Call("sin", [self.expr(env, 2)])))]
        if op == "/=":
            return [Assign(target, op, self.square_plus("1.5", self.expr(env, 1)))]
        if op == "=" and self.chance(0.5):  # a carried value: the old value in the new one
            return [Assign(target, op, Bin(r.choice("+*"), Ref(target),
                                           Call(r.choice(["tanh", "sin", "cos"]), [self.expr(env, 2)])))]
        if self.chance(0.05) and "." not in target:
            return [Raw("%s%s;" % (r.choice(["++", "--"]), target))]
        return [Assign(target, op, self.expr(env))]

    def branch(self, env):
        then = self.block(env.child(), self.rng.randint(1, 3))
        els = self.block(env.child(), self.rng.randint(1, 3)) if self.chance(0.6) else None
        return [If(self.cond(env), then, els)]

    def loop(self, env):
        if env.count is None:
            return None
        r = self.rng
        inner = env.child()
        out = []
        n = env.count
        name = self.fresh(r.choice("ijk"))
        kind = r.choice(["up", "up", "down", "step", "while", "do"])
        outer = env.loopvars[-1] if env.loopvars else None
        if outer is not None and self.chance(0.5):
            kind = "nested"  # triangular: j < i
        if kind == "nested" and outer is not None and outer.full:
            header = "int %s = 0; %s < %s; ++%s" % (name, name, outer.name, name)
            var = LoopVar(name, self.n - 1, False)
        elif kind == "down":
            header = "int %s = %s - 1; %s >= 0; --%s" % (name, n, name, name)
            var = LoopVar(name, self.n, True)
        elif kind == "step":
            header = "int %s = 0; %s < %s; %s += 2" % (name, name, n, name)
            var = LoopVar(name, self.n, False)
        elif kind in ("while", "do"):
            out.append(Decl("int", name, "0"))
            header = "%s < %s" % (name, n)
            var = LoopVar(name, self.n, True)
        else:
            header = "int %s = 0; %s < %s; ++%s" % (name, name, n, name)
            var = LoopVar(name, self.n, True)
        inner.loopvars.append(var)
        inner.loop = kind if kind in ("while", "do") else "for"
        body = self.block(inner, r.randint(1, 4))
        if kind in ("while", "do"):
            body.append(Raw("++%s;" % name, protected=True))
            out.append(Loop(kind, header, body))
        else:
            out.append(Loop("for", header, body))
        return out

    def local_array(self, env):
        if env.count is None:
            return None
        r = self.rng
        name = self.fresh("a")
        length = self.n
        if self.chance(0.5):
            stmts = [Decl("T", name, size=length, items=[])]
        else:
            stmts = [Decl("T", name, size=length, items=[self.expr(env, 1) for _ in range(length)])]
        if self.chance(0.6):  # fill it in a loop whose iterations are independent
            i = self.fresh("i")
            inner = env.child()
            inner.loopvars.append(LoopVar(i, self.n, True))
            inner.loop = "for"
            stmts.append(Loop("for", "int %s = 0; %s < %s; ++%s" % (i, i, env.count, i),
                              [Assign("%s[%s]" % (name, i), r.choice(["=", "+="]), self.expr(inner))]))
        env.arrays.append(Array(name, length, writable=True))
        return stmts

    def array_write(self, env):
        arrays = [a for a in env.arrays if a.writable and a.readable]
        if not arrays:
            return None
        a = self.rng.choice(arrays)
        return [Assign(self.element(env, a).text, self.rng.choice(["=", "+=", "-="]), self.expr(env))]

    def output_write(self, env):
        r = self.rng
        options = [a for a in env.arrays if a.writable and a.name == "z"] + env.outputs
        if "r" in env.assignable and self.chance(0.3):
            return [Assign("r", r.choice(["=", "+="]), self.expr(env))]
        if not options:
            return None
        a = r.choice(options)
        op = "=" if not a.readable else r.choice(["=", "+=", "*="])
        value = self.expr(env)
        if op == "*=":
            value = Bin("+", Lit("0.5"), Call("tanh", [value]))
        return [Assign(self.element(env, a).text, op, value)]

    def pointer(self, env):
        r = self.rng
        arrays = [a for a in env.arrays if a.length >= 2 and a.readable]
        if not arrays:
            return None
        a = r.choice(arrays)
        name = self.fresh("p")
        offset = r.randint(1, a.length - 1)
        if a.writable and a.name not in ("z",) and self.chance(0.5):
            env.arrays.append(Array(name, a.length - offset, writable=True))
            return [Decl("T*", name, "%s + %d" % (a.name, offset))]
        env.arrays.append(Array(name, a.length - offset))
        spelled = r.choice(["%s + %d", "&%s[%d]"]) % (a.name, offset)
        return [Decl("const T*", name, spelled)]

    def local_struct(self, env):
        name = self.fresh("q")
        stmt = Decl("P", name, items=[self.expr(env, 2), self.expr(env, 2)])
        env.structs.append(name)
        return [stmt]

    def helper_statement(self, env):
        r = self.rng
        options = []
        sources = [a for a in env.arrays if a.readable and a.length >= self.n]
        targets = [a for a in env.arrays + env.outputs if a.writable and a.length >= self.n]
        if self.fill_helpers and sources and targets and env.count:
            options.append(lambda: Raw("%s(%s, %s, %s);" % (r.choice(self.fill_helpers),
                                                            r.choice(sources).name, env.count,
                                                            r.choice(targets).name)))
        if self.ref_helpers and env.assignable:
            options.append(lambda: Raw(r.choice(self.ref_helpers) + "(" + r.choice(env.assignable)
                                       + ", %s);", args=[self.expr(env, 2)]))
        writable = [a for a in env.arrays if a.writable and a.readable]
        if self.ref_helpers and writable:
            options.append(lambda: Raw(r.choice(self.ref_helpers) + "("
                                       + self.element(env, r.choice(writable)).text.replace("%", "%%")
                                       + ", %s);",
                                       args=[self.expr(env, 2)]))
        return [r.choice(options)()] if options else None

    def exit(self, env):
        r = self.rng
        if env.loop and env.loop != "while" and env.loop != "do" and self.chance(0.5):
            return [If(self.cond(env), [Raw(r.choice(["break;", "continue;"]))])]
        if env.loop in ("while", "do"):
            return [If(self.cond(env), [Raw("break;")])]
        if self.returns:
            return [If(self.cond(env), [Return(self.expr(env))])]
        return None

    # --- helpers -------------------------------------------------------------

    def make_helpers(self, prefix):
        r = self.rng
        for k in range(r.randint(0, 4)):
            name = "%s_h%d" % (prefix, k)
            kind = r.choice(["scalar", "scalar", "array", "fill", "ref", "rec", "struct"])
            env = Env()
            env.depth = 1
            env.count = "m"
            if kind == "scalar":
                env.count = None
                env.scalars, env.assignable = ["a", "b"], ["a", "b"]
                body = self.block(env, r.randint(0, 2)) + [Return(self.expr(env))]
                fn = Function(name, "T", ["T a", "T b"], body, marked=self.chance(0.3))
                self.scalar_helpers.append(name)
            elif kind == "array":
                env.scalars, env.assignable = ["s"], ["s"]
                env.arrays = [Array("v", self.n)]
                env.loopvars = [LoopVar("i", self.n, True)]
                env.loop = "for"
                body = [Decl("T", "s", Lit("0")),
                        Loop("for", "int i = 0; i < m; ++i",
                             [Assign("s", r.choice(["+=", "="]), self.expr(env))]),
                        Return(Ref("s"))]
                fn = Function(name, "T", ["const T* v", "int m"], body)
                self.array_helpers.append(name)
            elif kind == "fill":
                env.scalars = []
                env.arrays = [Array("v", self.n)]
                env.loopvars = [LoopVar("i", self.n, True)]
                body = [Loop("for", "int i = 0; i < m; ++i",
                             [Assign("out[i]", "=", self.expr(env))])]
                fn = Function(name, "void", ["const T* v", "int m", "T* out"], body)
                self.fill_helpers.append(name)
            elif kind == "ref":
                env.count = None
                env.scalars = ["acc", "v"]
                body = [Assign("acc", r.choice(["=", "+="]), self.expr(env))]
                fn = Function(name, "void", ["T& acc", "T v"], body)
                self.ref_helpers.append(name)
            elif kind == "rec":
                env.count = None
                env.scalars = ["a"]
                base = If(IntCond("d <= 0"), [Return(self.expr(env, 2))])
                base.protected = base.then[0].protected = True  # (the reducer keeps it finite)
                body = [base,
                        Return(Bin(r.choice("+*"), self.expr(env, 1),
                                   Call(name, [Call("sin", [self.expr(env, 1)]),
                                               Ref("d - 1", floating=False)], math=False)))]
                fn = Function(name, "T", ["T a", "int d"], body)
                self.rec_helpers.append(name)
            else:
                env.count = None
                env.scalars = ["q.u", "q.v"]
                body = [Return(self.expr(env))]
                fn = Function(name, "T", ["const P& q"], body)
                self.struct_helpers.append(name)
            self.helpers.append(fn)
        self.make_recarray(prefix)

    def make_recarray(self, prefix):
        """Maybe a recursive helper over an array, with loops (split reversal:
        h_fwd and h_rev, tapes per recursion depth):

          T h(const T* v, int m, int d) {
            if (d <= 0) return <v>;
            T w[n];
            for (int i = 0; i < m; ++i) w[i] = <v, i>;
            T s = 0;                             // or <v>
            for (int i = 0; i < m; ++i) {
              w[...] = <...>;                    // maybe, before or after the call
              s += <...> * h(w, m, d - 1);       // or h(w + 1, m - 1, d - 1), or v
            }
            return s;
          }

        Called with m = n and a depth of 0 to 2 (m^d calls at most). Drawn
        from a random.Random of its own, so that a program without one is
        the program its seed gave before this kind existed (its calls draw
        from the program's generator)."""
        main = self.rng
        self.rng = random.Random("recarray-%d" % self.seed)
        try:
            if self.chance(0.25):
                name = "%s_h%d" % (prefix, len(self.helpers))
                self.helpers.append(self.recarray(name))
                self.recarray_helpers.append(name)
                if self.helpers[-1].passes_param:
                    self.passes_param.add(name)
        finally:
            self.rng = main

    def recarray(self, name):
        r = self.rng
        n = self.n
        # Shortened on the way down: at depth d, m = n - (depth of the call
        # - d) >= n - 2 >= 1, so m > 1 wherever it recurses.
        shift = self.chance(0.35)
        fewest = n - 2 if shift else n
        env = Env()
        env.depth, env.count = 1, "m"
        env.arrays = [Array("v", fewest, counted=shift)]
        base = If(IntCond("d <= 0"), [Return(self.expr(env, 2))])
        base.protected = base.then[0].protected = True  # (the reducer keeps it finite)
        loop_env = env.child()
        loop_env.loopvars = [LoopVar("i", n, True)]
        loop_env.loop = "for"
        fill = Loop("for", "int i = 0; i < m; ++i",
                    [Assign("w[i]", "=", self.expr(loop_env, 2))])
        w = Array("w", fewest, writable=True, counted=shift)
        inner = loop_env.child()
        inner.arrays.append(w)
        inner.scalars, inner.assignable = ["s"], ["s"]
        passed = "v" if self.chance(0.2) else "w"
        args = ([Ref(passed + " + 1", floating=False), Ref("m - 1", floating=False)] if shift else
                [Ref(passed, floating=False), Ref("m", floating=False)])
        call = Call(name, args + [Ref("d - 1", floating=False)], math=False)
        plain = inner.child()  # (not s: `s += s * h(...)` from s = 0 stays 0)
        plain.scalars, plain.assignable = [], []
        factor = self.expr(plain, 1)
        if self.chance(0.5):
            factor = Call(r.choice(["tanh", "sin", "cos"]), [factor])
        if self.chance(0.5):
            accumulate = Assign("s", "+=", Bin("*", factor, call))
        else:
            accumulate = Assign("s", "=", Bin("+", Ref("s"), Bin("*", call, factor)))
        body = [accumulate]
        where = r.choice([None, "before", "after", "after"])
        if where:  # the array changes after a call that was passed it
            # (bounded: `w[i] -= s * w[i] * w[i]` from level to level is chaos,
            # a function no step of central differences can follow)
            change = Assign(self.element(inner, w).text, r.choice(["=", "+=", "-="]),
                            Call(r.choice(["tanh", "sin", "cos", "atan"]), [self.expr(inner, 2)]))
            body = [change] + body if where == "before" else body + [change]
        start = self.expr(env, 1) if self.chance(0.3) else Lit("0")
        result = Ref("s")
        if self.chance(0.3):
            after = env.child()
            after.arrays.append(w)
            result = Bin(r.choice("+*"), result, Call(r.choice(["tanh", "sin", "cos"]),
                                                      [self.expr(after, 1)]))
        fn = Function(name, "T", ["const T* v", "int m", "int d"],
                      [base, Decl("T", "w", size=n, items=[]), fill, Decl("T", "s", start),
                       Loop("for", "int i = 0; i < m; ++i", body), Return(result)],
                      marked=self.chance(0.3))
        fn.passes_param = passed == "v"
        return fn

    # --- the tested function -------------------------------------------------

    def program(self):
        r = self.rng
        prefix = "f%d" % self.seed
        self.make_helpers(prefix)
        params = [Param("array", "x", self.n), Param("count", "n")]
        env = Env()
        env.arrays.append(Array("x", self.n))
        for name in ["a", "b"][:r.randint(0, 2)]:
            kind = r.choice(["scalar", "scalar", "cref"])
            params.insert(r.randint(0, len(params)), Param(kind, name))
            env.scalars.append(name)
            if kind == "scalar":
                env.assignable.append(name)
        if self.chance(0.5):
            params.append(Param("out", "y", self.n))
            env.outputs = [Array("y", self.n, readable=False, writable=True)]
        if self.chance(0.35):
            params.append(Param("inout", "z", self.n))
            env.arrays.append(Array("z", self.n, writable=True))
        if self.chance(0.25):
            params.append(Param("ref", "r"))
            env.scalars.append("r")
            env.assignable.append("r")
        if self.chance(0.3):
            params.insert(1, Param("struct", "p"))
            env.structs.append("p")
        has_outputs = any(p.kind in ("out", "inout", "ref") for p in params)
        self.returns = not (has_outputs and self.chance(0.15))
        body = self.block(env, r.randint(3, 8))
        if env.outputs and self.chance(0.7):  # write every element once at least
            i = self.fresh("i")
            inner = env.child()
            inner.loopvars.append(LoopVar(i, self.n, True))
            body.append(Loop("for", "int %s = 0; %s < n; ++%s" % (i, i, i),
                             [Assign("y[%s]" % i, r.choice(["=", "="]), self.expr(inner))]))
        body.append(Return(self.expr(env, 4) if self.returns else None))
        fn = Function(prefix, "T" if self.returns else "void", params, body, marked=True)

        inputs = sum(p.inputs() for p in params)
        results = 1 + sum(p.outputs() for p in params)
        point = [self.value() for _ in range(inputs)]
        weights = [1.0] + [self.value() for _ in range(results - 1)]
        weights2 = [self.value() for _ in range(results)]
        return Program(self.seed, self.helpers, fn, point, weights, weights2, self.n)

    def value(self):
        v = round(self.rng.uniform(0.2, 1.4), 3)
        return -v if self.chance(0.4) else v


def generate(seed):
    return Generator(seed).program()
