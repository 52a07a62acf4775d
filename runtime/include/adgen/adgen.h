// adgen/adgen.h - marking macros for differentiable code.
//
// Include this header in code that marks functions for adgen. It is safe with
// any compiler: the markings are Clang annotations (read by the adgen tool) and
// expand to nothing elsewhere, so g++ sees no unknown attributes.
#ifndef ADGEN_ADGEN_H
#define ADGEN_ADGEN_H

#if defined(__clang__)
/// Placed before a function definition: adgen generates `<name>_grad` and
/// `<name>_vjp` for it.
#define ADGEN_DIFFERENTIABLE __attribute__((annotate("adgen.differentiable")))
/// Placed before a parameter: the parameter is a constant for adgen (no adjoint).
#define ADGEN_NO_GRAD __attribute__((annotate("adgen.no_grad")))
#else
#define ADGEN_DIFFERENTIABLE
#define ADGEN_NO_GRAD
#endif

// ADGEN_TOOL is defined while the adgen tool parses a file. Code that needs
// the generated header (which may not exist yet) can be guarded with it:
//   #ifndef ADGEN_TOOL
//   #include "model.grad.h"
//   #endif

#endif  // ADGEN_ADGEN_H
