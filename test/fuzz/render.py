"""Renders programs into one C++ file: each function twice (in namespace gen
for T = double, marked for adgen; in namespace ref for T = long double, the
oracle), then, hidden from adgen, the generated header, test/fuzz/harness.h
and one check per program (see harness.h for what is checked)."""

STRUCT = "struct P {\n  %s u;\n  %s v;\n};\n"


def fmt(v):
    return repr(float(v))


def harness(prog):
    """The check function of one program: how its inputs and results map to
    its parameters, and the calls of f, f_grad and f_vjp."""
    fn = prog.function
    inputs = results = 0
    ld, dbl, args, adjoints, into_o, grads, seeds = [], [], [], [], [], [], []
    results = 1  # result 0 is the return value
    # f_vjp_multi<2> (ADGEN_MULTI_SEED): lanes seeded with s and s2.
    m_adjoints, m_grads, m_seeds = [], [], []
    for p in fn.params:
        n = p.name
        if p.kind == "count":
            args.append(str(prog.count))
            continue
        if p.kind in ("scalar", "cref"):
            m_adjoints.append("L d_%s;" % n)
            m_grads.append("g[%d] = d_%s[0]; g2[%d] = d_%s[1];" % (inputs, n, inputs, n))
            m_seeds.append("&d_%s" % n)
        elif p.kind == "ref":
            m_adjoints.append("L d_%s = fuzz::lanes(s[%d], s2[%d]);" % (n, results, results))
            m_grads.append("g[%d] = d_%s[0]; g2[%d] = d_%s[1];" % (inputs, n, inputs, n))
            m_seeds.append("&d_%s" % n)
        elif p.kind != "struct":
            if p.kind == "array":
                m_adjoints.append("L d_%s[%d];" % (n, p.length))
            else:
                m_adjoints.append("L d_%s[%d] = {%s};" % (n, p.length, ", ".join(
                    "fuzz::lanes(s[%d], s2[%d])" % (results + k, results + k) for k in range(p.length))))
            m_grads += ["g[%d] = d_%s[%d][0]; g2[%d] = d_%s[%d][1];" % (inputs + k, n, k, inputs + k, n, k)
                        for k in range(p.length)]
            m_seeds.append("d_%s" % n)
        if p.kind in ("scalar", "cref"):
            ld.append("long double %s = v[%d];" % (n, inputs))
            dbl.append("double %s = v[%d];" % (n, inputs))
            adjoints.append("double d_%s = 0;" % n)
            args.append(n)
            grads.append("g[%d] = d_%s;" % (inputs, n))
            seeds.append("&d_%s" % n)
        elif p.kind == "struct":
            ld.append("ref::P %s{v[%d], v[%d]};" % (n, inputs, inputs + 1))
            dbl.append("gen::P %s{v[%d], v[%d]};" % (n, inputs, inputs + 1))
            adjoints.append("gen::P d_%s{};" % n)
            args.append(n)
            grads.append("g[%d] = d_%s.u; g[%d] = d_%s.v;" % (inputs, n, inputs + 1, n))
            seeds.append("&d_%s" % n)
        elif p.kind == "ref":
            ld.append("long double %s = v[%d];" % (n, inputs))
            dbl.append("double %s = v[%d];" % (n, inputs))
            adjoints.append("double d_%s = s[%d];" % (n, results))
            args.append(n)
            into_o.append("o[%d] = %s;" % (results, n))
            grads.append("g[%d] = d_%s;" % (inputs, n))
            seeds.append("&d_%s" % n)
            results += 1
        else:  # array, out, inout
            elems = ", ".join("v[%d]" % (inputs + k) for k in range(p.length))
            ld.append("long double %s[%d] = {%s};" % (n, p.length, elems))
            dbl.append("double %s[%d] = {%s};" % (n, p.length, elems))
            if p.kind == "array":
                adjoints.append("double d_%s[%d] = {};" % (n, p.length))
            else:
                adjoints.append("double d_%s[%d] = {%s};" % (
                    n, p.length, ", ".join("s[%d]" % (results + k) for k in range(p.length))))
                into_o += ["o[%d] = %s[%d];" % (results + k, n, k) for k in range(p.length)]
                results += p.length
            args.append(n)
            grads += ["g[%d] = d_%s[%d];" % (inputs + k, n, k) for k in range(p.length)]
            seeds.append("d_%s" % n)
        inputs += p.inputs()
    assert inputs == len(prog.point) and results == len(prog.weights)

    name = fn.name
    returns = fn.ret != "void"
    call = "%s(%s)" % (name, ", ".join(args))
    primal = ("o[0] = ref::%s;" % call) if returns else ("ref::%s;\n    o[0] = 0;" % call)
    primal_d = primal.replace("ref::", "gen::")
    grad_call = "o[0] = gen::%s_grad(%s);" % (name, ", ".join(args + seeds))
    vjp_args = args + (["s[0]"] if returns else []) + seeds
    vjp_call = "gen::%s_vjp(%s);" % (name, ", ".join(vjp_args))

    def body(lines):
        return "\n".join("    " + l for l in lines)

    multi = multi_seed(prog)
    m_args = args + (["fuzz::lanes(s[0], s2[0])"] if returns else []) + m_seeds
    m_call = "gen::%s_vjp_multi<2>(%s);" % (name, ", ".join(m_args))
    m_call = ("o[0] = " + m_call) if returns else (m_call + "\n    o[0] = 0;")

    out = ["static bool check_%s() {" % name,
           "  const double at[%d] = {%s};" % (inputs, ", ".join(fmt(v) for v in prog.point)),
           "  const double w[%d] = {%s};" % (results, ", ".join(fmt(v) for v in prog.weights)),
           "  const double w2[%d] = {%s};" % (results, ", ".join(fmt(v) for v in prog.weights2)),
           "  auto primal = [](const long double *v, long double *o) {",
           body(ld + [primal] + into_o), "  };",
           "  auto primal_double = [](const double *v, double *o) {",
           body(dbl + [primal_d] + into_o), "  };"]
    if returns:
        out += ["  auto grad = [](const double *v, const double *s, double *o, double *g) {",
                body(["(void)s;"] + dbl + adjoints + [grad_call] + into_o + grads), "  };"]
    else:
        out += ["  auto grad = [](const double *, const double *, double *, double *) {};"]
    out += ["  auto vjp = [](const double *v, const double *s, double *g) {",
            body(["(void)s;"] + dbl + adjoints + [vjp_call] + grads), "  };"]
    if multi:
        out += ["  auto multi = [](const double *v, const double *s, const double *s2, double *o,"
                " double *g, double *g2) {",
                body(["using L = adgen::Lanes<double, 2>;", "(void)s; (void)s2;"] + dbl +
                     m_adjoints + [m_call] + into_o + m_grads), "  };"]
    out += ['  return fuzz::check("%s", %s, at, w, w2, primal, primal_double, grad, vjp%s);' % (
                name, "true" if returns else "false", ", multi" if multi else ""),
            "}"]
    return "\n".join(out)


def multi_seed(prog):
    """Whether f is also marked ADGEN_MULTI_SEED: not with a struct parameter
    or a recursive helper (their adjoints take one seed; adgen refuses). The
    recursive helpers, T h(T a, int d) and T h(const T* v, int m, int d), are
    those with a parameter `int d`."""
    recursive = any("int d" in p for h in prog.helpers for p in h.params if isinstance(p, str))
    return not recursive and all(p.kind != "struct" for p in prog.function.params)


def source(programs, stem, header=""):
    """One C++ file that holds `programs`; its generated header is <stem>.grad.h."""
    out = [header] if header else []
    # Random code has unused values of its own; the generated code must not.
    out += ["#include <adgen/adgen.h>", "#include <cmath>", "",
            "#pragma GCC diagnostic push",
            '#pragma GCC diagnostic ignored "-Wunused-variable"',
            '#pragma GCC diagnostic ignored "-Wunused-parameter"',
            '#pragma GCC diagnostic ignored "-Wunused-but-set-variable"',
            "#ifdef __clang__", '#pragma clang diagnostic ignored "-Wself-assign"', "#endif", "",
            "namespace gen {", "", STRUCT % ("double", "double")]
    for p in programs:
        p.function.multi = multi_seed(p)
        out.append(p.source("double", marked=True))
    # The oracle is not optimised: g++ 12.2 -O1 miscompiles `for (j = n - 1;
    # j >= 0; --j) z[j] = z[n - 1 - j];` (its -fivopts; found by this tester).
    out += ["} // namespace gen", "", "#if defined(__GNUC__) && !defined(__clang__)",
            "#pragma GCC push_options", '#pragma GCC optimize("O0")', "#endif",
            "namespace ref {", "", STRUCT % ("long double", "long double")]
    for p in programs:
        out.append(p.source("long double", marked=False))
    out += ["} // namespace ref", "#if defined(__GNUC__) && !defined(__clang__)",
            "#pragma GCC pop_options", "#endif", "#pragma GCC diagnostic pop", "",
            "#ifndef ADGEN_TOOL",
            '#include "%s.grad.h"' % stem, '#include "harness.h"', ""]
    for p in programs:
        out += [harness(p), ""]
    out += ["int main() {", "  bool ok = true;"]
    out += ["  ok = check_%s() && ok;" % p.name for p in programs]
    out += ["  return ok ? 0 : 1;", "}", "#endif", ""]
    return "\n".join(out)
