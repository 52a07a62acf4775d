// The seed demo: the steps of PyTorch's autograd tutorial, in C++. Each
// backward function was generated at build time by adgen from seed.cpp; at run
// time there is no tape and no graph, just the generated code.
#include "seed.grad.h"
#include "seed.h"

#include <fstream>
#include <iostream>

using adgen::Tensor;

int main() {
  // x = torch.ones(2, 2, requires_grad=True); print(x); print(x.grad)
  Tensor x = adgen::ones({2, 2}).requires_grad_();
  std::cout << x << "\n";
  std::cout << x.grad() << "\n";

  // out = x.mean(); out.backward(); print(x.grad)
  seed::mean_of_grad(x, adgen::grad_slot(x));
  std::cout << x.grad() << "\n\n";

  // On a fresh x: y = x + 3; z = y * y * 3; out = z.mean(); out.backward()
  Tensor x2 = adgen::ones({2, 2}).requires_grad_();
  Tensor out = seed::tutorial_grad(x2, adgen::grad_slot(x2));
  std::cout << "out = " << out << "\n";
  std::cout << "x.grad = " << x2.grad() << "\n\n";

  // On a fresh x: y.backward(v) for a non-scalar y: the vector-Jacobian product.
  Tensor x3 = adgen::ones({2, 2}).requires_grad_();
  Tensor v = adgen::tensor({{0.1f, 1.0f}, {0.0001f, 0.5f}});
  seed::shift_vjp(x3, v, adgen::grad_slot(x3));
  std::cout << "x.grad = " << x3.grad() << "\n\n";

  // y.backward() without a seed is an error for a non-scalar y, as in PyTorch.
  try {
    seed::shift_grad(x3, adgen::grad_slot(x3));
  } catch (const std::exception &e) {
    std::cout << "shift_grad: RuntimeError: " << e.what() << "\n\n";
  }

  // The backward graph adgen built for these functions at build time.
  std::cout << "Backward graphs (adgen --emit=dag seed.cpp):\n";
  std::ifstream dag(SEED_DAG_FILE);
  std::cout << dag.rdbuf();
  return 0;
}
