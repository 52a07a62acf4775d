#include <a.grad.h>
#include <b.grad.h>

#include <cstdio>

double scaled(double x);
float cube(float x);

int main() {
  double dx = 0;
  float dy = 0;
  scaled_grad(2.0, &dx);
  cube_grad(2.0f, &dy);
  std::printf("d scaled %g d cube %g\n", dx, dy);
}
