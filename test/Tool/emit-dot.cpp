// --emit=dot writes the backward graphs of --emit=dag for Graphviz: one
// cluster per function, edges from each node to its inputs (the output at
// the top, the parameters at the bottom), nodes labelled with PyTorch's
// backward function and the operation, the output green, the inputs blue.
//
// RUN: %adgen %s --emit=dot -- -std=c++17 | FileCheck %s
// RUN: %adgen %s --emit=dot -o %t.dot -- -std=c++17
// The same input, the same bytes.
// RUN: %adgen %s --emit=dot -- -std=c++17 | cmp - %t.dot
// It renders.
// RUN: %if graphviz %{ dot -Tsvg %t.dot -o %t.svg %}
// RUN: %if graphviz %{ FileCheck %s --check-prefix=SVG < %t.svg %}

#include <adgen/adgen.h>
#include <cmath>

ADGEN_DIFFERENTIABLE double f(double x, double y, int n) {
  double a = std::sin(x) * y;
  double b = std::pow(a, 2.0) + std::pow(y, x);
  return b / n - std::fabs(x);
}

ADGEN_DIFFERENTIABLE float square(float v) { return v * v; }

ADGEN_DIFFERENTIABLE double constant(double x) { return 2.0 + 0.0 * static_cast<int>(x); }

// CHECK:      digraph adgen {
// CHECK:        subgraph cluster_0 {
// CHECK-NEXT:     label="f(double x, double y, int n) -> double  [emit-dot.cpp:17:29]";
// CHECK-NEXT:     color=grey70;
// CHECK-NEXT:     [[OUT:f0_n[0-9]+]] [label="SubBackward0\nout = t3 - t4", tooltip="emit-dot.cpp:20", fillcolor=darkolivegreen1];
// CHECK-NEXT:     [[T4:f0_n[0-9]+]] [label="AbsBackward0\nt4 = std::fabs(x)", tooltip="emit-dot.cpp:20"];
// CHECK-NEXT:     [[T3:f0_n[0-9]+]] [label="DivBackward0\nt3 = b / static_cast<double>(n)", tooltip="emit-dot.cpp:20"];
// CHECK-NEXT:     [[B:f0_n[0-9]+]] [label="AddBackward0\nb = t1 + t2", tooltip="emit-dot.cpp:19"];
// CHECK-NEXT:     [[T2:f0_n[0-9]+]] [label="PowBackward1\nt2 = std::pow(y, x)", tooltip="emit-dot.cpp:19"];
// CHECK-NEXT:     [[T1:f0_n[0-9]+]] [label="PowBackward0\nt1 = std::pow(a, 2.0)", tooltip="emit-dot.cpp:19"];
// CHECK-NEXT:     [[A:f0_n[0-9]+]] [label="MulBackward0\na = t0 * y", tooltip="emit-dot.cpp:18"];
// CHECK-NEXT:     [[T0:f0_n[0-9]+]] [label="SinBackward0\nt0 = std::sin(x)", tooltip="emit-dot.cpp:18"];
// CHECK-NEXT:     [[Y:f0_n[0-9]+]] [label="AccumulateGrad\ny", fillcolor=lightblue];
// CHECK-NEXT:     [[X:f0_n[0-9]+]] [label="AccumulateGrad\nx", fillcolor=lightblue];
// CHECK-NEXT:     [[OUT]] -> [[T3]];
// CHECK-NEXT:     [[OUT]] -> [[T4]];
// CHECK-NEXT:     [[T4]] -> [[X]];
// CHECK-NEXT:     [[T3]] -> [[B]];
// CHECK-NEXT:     [[B]] -> [[T1]];
// CHECK-NEXT:     [[B]] -> [[T2]];
// CHECK-NEXT:     [[T2]] -> [[Y]];
// CHECK-NEXT:     [[T2]] -> [[X]];
// CHECK-NEXT:     [[T1]] -> [[A]];
// CHECK-NEXT:     [[A]] -> [[T0]];
// CHECK-NEXT:     [[A]] -> [[Y]];
// CHECK-NEXT:     [[T0]] -> [[X]];
// CHECK-NEXT:   }
// v * v: one node, two edges to the same input, as in PyTorch.
// CHECK-NEXT:   subgraph cluster_1 {
// CHECK-NEXT:     label="square(float v) -> float  [emit-dot.cpp:23:28]";
// CHECK-NEXT:     color=grey70;
// CHECK-NEXT:     [[SQ:f1_n[0-9]+]] [label="MulBackward0\nout = v * v", tooltip="emit-dot.cpp:23", fillcolor=darkolivegreen1];
// CHECK-NEXT:     [[V:f1_n[0-9]+]] [label="AccumulateGrad\nv", fillcolor=lightblue];
// CHECK-NEXT:     [[SQ]] -> [[V]];
// CHECK-NEXT:     [[SQ]] -> [[V]];
// CHECK-NEXT:   }
// CHECK-NEXT:   subgraph cluster_2 {
// CHECK-NEXT:     label="constant(double x) -> double  [emit-dot.cpp:25:29]";
// CHECK-NEXT:     color=grey70;
// CHECK-NEXT:     f2_none [shape=plaintext, style="", label="no backward graph: the result does not depend on an active parameter"];
// CHECK-NEXT:   }
// CHECK-NEXT: }

// SVG: <svg
// SVG: MulBackward0
// SVG: AccumulateGrad
