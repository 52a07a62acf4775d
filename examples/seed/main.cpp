// The seed demo: the steps of PyTorch's autograd tutorial, in C++. Each
// backward function was generated at build time by adgen from seed.cpp; at run
// time there is no tape and no graph, just the generated code.
//
// Each step prints the Python it mirrors (after ">>>"), then what it prints,
// which is byte for byte what PyTorch 1.13 prints for the same step.
#include "seed.grad.h"
#include "seed.h"

#include <fstream>
#include <iostream>

using adgen::Tensor;

static void step(const char *python) { std::cout << ">>> " << python << "\n"; }

int main() {
  step("x = torch.ones(2, 2, requires_grad=True)");
  Tensor x = adgen::ones({2, 2}).requires_grad_();
  step("print(x)");
  std::cout << x << "\n";
  step("print(x.grad)");
  std::cout << x.grad() << "\n";

  step("out = x.mean(); out.backward(); print(x.grad)");
  seed::mean_of_grad(x, adgen::grad_slot(x));
  std::cout << x.grad() << "\n";

  step("x = torch.ones(2, 2, requires_grad=True)");
  x = adgen::ones({2, 2}).requires_grad_();
  step("y = x + 3; z = y * y * 3; out = z.mean(); print(out.detach())");
  Tensor out = seed::tutorial_grad(x, adgen::grad_slot(x));
  std::cout << out << "\n";
  step("out.backward(); print(x.grad)");
  std::cout << x.grad() << "\n";

  step("x = torch.ones(2, 2, requires_grad=True); y = x + 3");
  x = adgen::ones({2, 2}).requires_grad_();
  step("v = torch.tensor([[0.1, 1.0], [0.0001, 0.5]]); y.backward(v); print(x.grad)");
  Tensor v = adgen::tensor({{0.1f, 1.0f}, {0.0001f, 0.5f}});
  seed::shift_vjp(x, v, adgen::grad_slot(x));
  std::cout << x.grad() << "\n";

  step("y.backward()  # y is not a scalar");
  try {
    seed::shift_grad(x, adgen::grad_slot(x));
  } catch (const std::exception &e) {
    std::cout << "RuntimeError: " << e.what() << "\n";
  }

  std::cout << "\nThe backward graphs adgen built at build time (adgen --emit=dag seed.cpp):\n";
  std::ifstream dag(SEED_DAG_FILE);
  std::cout << dag.rdbuf();
  return 0;
}
