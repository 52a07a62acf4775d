"""Reduces a failing program to a small one that fails the same way.

Greedy, to a fixed point, cheapest edits first: drop unused helpers; drop a
statement; replace an if by one of its branches, or a loop by its body;
replace an expression by one of its operands or by a constant, a condition
by one of its sides. An edit is kept when the program still compiles as
plain C++ and fails as before (Outcome.same). Each try runs adgen and the
build, so reduction takes minutes; --reduce-tries bounds it.
"""

import copy
import os
import re
import subprocess

import render
from program import Cond, Expr, If, IntCond, Lit, Logic, Loop, Node, Stmt


def sites(program):
    """Every place an edit can go, in a fixed order: (kind, owner, key)."""
    out = []

    def walk_block(block):
        for k in range(len(block) - 1, -1, -1):
            out.append(("stmt", block, k))
        for s in block:
            walk(s)

    def walk(node):
        for attr, value in list(vars(node).items()):
            if isinstance(value, Node):
                out.append(("node", node, attr))
                walk(value)
            elif isinstance(value, list) and value and all(isinstance(v, Stmt) for v in value):
                walk_block(value)
            elif isinstance(value, list):
                for k, v in enumerate(value):
                    if isinstance(v, Node):
                        out.append(("node", value, k))
                        walk(v)

    for fn in program.functions():
        walk_block(fn.body)
    return out


def get(owner, key):
    return owner[key] if isinstance(owner, list) else getattr(owner, key)


def put(owner, key, value):
    if isinstance(owner, list):
        owner[key] = value
    else:
        setattr(owner, key, value)


def edits(kind, owner, key):
    """The replacements to try at one site, as functions that apply them."""
    if kind == "stmt":
        stmt = owner[key]
        out = []
        if not stmt.protected:
            out.append(lambda: owner.__delitem__(key))
        if isinstance(stmt, If) and not stmt.protected:
            for block in stmt.blocks():
                out.append(lambda b=block: owner.__setitem__(slice(key, key + 1), b))
        if isinstance(stmt, Loop):
            body = [s for s in stmt.body if not s.protected]
            out.append(lambda: owner.__setitem__(slice(key, key + 1), body))
        return out
    node = get(owner, key)
    out = []
    if isinstance(node, Expr) and node.floating:
        for child in node.children():
            if isinstance(child, Expr) and child.floating:
                out.append(lambda c=child: put(owner, key, c))
        if not isinstance(node, Lit):
            out.append(lambda: put(owner, key, Lit("1.5")))
    elif isinstance(node, Logic):
        out += [lambda c=c: put(owner, key, c) for c in node.children()]
    elif isinstance(node, Cond) and not isinstance(node, IntCond):
        out += [lambda: put(owner, key, IntCond("true")), lambda: put(owner, key, IntCond("false"))]
    return out


def compiles(program, work):
    """Whether the program is valid C++ at all (the tool's view of the file)."""
    os.makedirs(work, exist_ok=True)
    path = os.path.join(work, "candidate.cpp")
    with open(path, "w") as f:
        f.write(render.source([program], "candidate"))
    here = os.path.dirname(os.path.abspath(__file__))
    include = os.path.join(os.path.dirname(os.path.dirname(here)), "runtime", "include")
    p = subprocess.run(["g++", "-std=c++17", "-fsyntax-only", "-DADGEN_TOOL", "-I" + include, path],
                       capture_output=True)
    return p.returncode == 0


def unused_helpers(program):
    """The helpers still called from somewhere else than their own body."""
    helpers = list(program.helpers)
    while True:
        keep = []
        for h in helpers:
            others = [g for g in helpers if g is not h] + [program.function]
            text = "\n".join(l for g in others for l in g.lines())
            if re.search(r"\b%s\(" % h.name, text):
                keep.append(h)
        if len(keep) == len(helpers):
            return keep
        helpers = keep


def reduce(program, outcome, test, work, tries=400, log=None):
    """The smallest variant of `program` found for which test(p, dir) returns
    an Outcome that outcome.same() accepts."""
    best = program.clone()
    best.helpers = unused_helpers(best)
    count = 0
    changed = True
    while changed and count < tries:
        changed = False
        index = 0
        while count < tries:
            places = sites(best)
            if index >= len(places):
                break
            found = False
            for k in range(index, len(places)):
                n_edits = len(edits(*places[k]))
                for e in range(n_edits):
                    candidate = copy.deepcopy(best)
                    place = sites(candidate)[k]
                    edits(*place)[e]()
                    candidate.helpers = unused_helpers(candidate)
                    if not compiles(candidate, work):
                        continue
                    count += 1
                    got = test(candidate, work)
                    if outcome.same(got):
                        best, found, changed, index = candidate, True, True, k
                        if log:
                            log("  reduced: %d lines" % len(best.source("double", True).splitlines()))
                        break
                    if count >= tries:
                        break
                if found or count >= tries:
                    break
            if not found:
                break
    return best
