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
/// Placed beside ADGEN_DIFFERENTIABLE: adgen also generates
/// `<name>_vjp_multi<K>`, K vector-Jacobian products from one forward sweep
/// (K rows of a Jacobian at once; see adgen/lanes.h).
#define ADGEN_MULTI_SEED __attribute__((annotate("adgen.multi_seed")))
#else
#define ADGEN_DIFFERENTIABLE
#define ADGEN_NO_GRAD
#define ADGEN_MULTI_SEED
#endif

namespace adgen::detail {
/// What ADGEN_GRADIENT records: the function and its active parameters'
/// names. The adgen tool reads it from the source; at run time it is unused.
template <class F> struct GradientRequest {
  F function;
  const char *parameters;
};
template <class F> constexpr GradientRequest<F> gradient_request(F f, const char *parameters) {
  return {f, parameters};
}
/// What ADGEN_CUSTOM_VJP records: a function and the vector-Jacobian
/// product the generated code calls for it.
template <class F, class V> struct CustomVjp {
  F function;
  V vjp;
};
template <class F, class V> constexpr CustomVjp<F, V> custom_vjp(F f, V v) { return {f, v}; }
} // namespace adgen::detail

#define ADGEN_DETAIL_CAT2(a, b) a##b
#define ADGEN_DETAIL_CAT(a, b) ADGEN_DETAIL_CAT2(a, b)

/// At namespace scope: asks adgen for the gradient of a function the user
/// cannot mark (a template instantiation, a function in a third-party
/// header), with respect to the parameters named:
///   ADGEN_GRADIENT(gmm::objective<double>, alpha, mu)
/// adgen emits gmm::objective_grad and gmm::objective_vjp as for a marked
/// function, with adjoints for the named parameters only.
#define ADGEN_GRADIENT(function, ...)                                           \
  [[maybe_unused]] static constexpr auto ADGEN_DETAIL_CAT(adgen_gradient_request_,   \
                                                          __COUNTER__) =        \
      ::adgen::detail::gradient_request(&function, #__VA_ARGS__)

/// ADGEN_GRADIENT that also asks for `<name>_vjp_multi<K>`, as
/// ADGEN_MULTI_SEED does for a marked function:
///   ADGEN_GRADIENT_MULTI_SEED(residual<double>, x)
#define ADGEN_GRADIENT_MULTI_SEED(function, ...)                                \
  [[maybe_unused]] static constexpr auto ADGEN_DETAIL_CAT(adgen_gradient_request_,   \
                                                          __COUNTER__)          \
      ADGEN_MULTI_SEED = ::adgen::detail::gradient_request(&function, #__VA_ARGS__)

/// At namespace scope: the derivative of `function` (which adgen then never
/// looks into; it may have no visible body) is `vjp`, written by the user with
/// the signature adgen generates for its own functions:
///   double softplus(double x, double beta);
///   void softplus_vjp(double x, double beta, double d_ret, double* d_x, double* d_beta);
///   ADGEN_CUSTOM_VJP(softplus, softplus_vjp);
/// (one adjoint pointer per float/double parameter, each added to, never
/// null). Generated gradients call `vjp` where the primal calls `function`.
/// For an overloaded name, pick the overload with a cast:
///   ADGEN_CUSTOM_VJP(static_cast<float (*)(float, float)>(softplus),
///                    static_cast<void (*)(float, float, float, float*, float*)>(softplus_vjp));
#define ADGEN_CUSTOM_VJP(function, vjp)                                         \
  [[maybe_unused]] static constexpr auto ADGEN_DETAIL_CAT(adgen_custom_vjp_, __COUNTER__) = \
      ::adgen::detail::custom_vjp(function, vjp)

// ADGEN_TOOL is defined while the adgen tool parses a file. Code that needs
// the generated header (which may not exist yet) can be guarded with it:
//   #ifndef ADGEN_TOOL
//   #include "model.grad.h"
//   #endif

#endif  // ADGEN_ADGEN_H
