// Where the time of adgen's generated gradients goes: each statement of
// mlp_loss_grad and gauss_sum_grad (see functions.grad.h in the build tree)
// timed alone, on the intermediate values of one real call, and the heap
// allocations per call of each gradient (operator new and malloc'd bytes are
// counted through a replaced operator new). One thread. The statement lists
// are those the generator emitted at commit 2e809f6 (one runtime call per
// operation); the whole-call times and allocation counts are for whatever
// the current generator emits.
//
//   cmake --build build --target bench_tensor_breakdown && ./build/bench/tensor/bench_tensor_breakdown
#include "functions.grad.h"
#include "functions.h"

#include <cblas.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <new>
#include <sys/resource.h>
#include <vector>

extern "C" void openblas_set_num_threads(int) __attribute__((weak));

static long g_news = 0, g_bytes = 0;
void *operator new(std::size_t n) {
  ++g_news, g_bytes += static_cast<long>(n);
  if (void *p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}
void operator delete(void *p) noexcept { std::free(p); }
void operator delete(void *p, std::size_t) noexcept { std::free(p); }

namespace {

double cpu_now() {
  timespec ts;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

// Median over 5 rounds of the CPU time per call of f, in microseconds.
template <class F> double time_us(F &&f, int reps) {
  std::vector<double> r;
  for (int k = 0; k < 5; ++k) {
    double t0 = cpu_now();
    for (int i = 0; i < reps; ++i) f();
    r.push_back((cpu_now() - t0) / reps * 1e6);
  }
  std::sort(r.begin(), r.end());
  return r[2];
}

#define STEP(label, expr)                                                                          \
  do {                                                                                             \
    double us = time_us([&] { auto v = (expr); asm volatile("" : : "r"(&v) : "memory"); }, reps); \
    total += us;                                                                                   \
    std::printf("  %-52s %10.2f us\n", label, us);                                                 \
  } while (0)

long minor_faults() {
  rusage u;
  getrusage(RUSAGE_SELF, &u);
  return u.ru_minflt;
}

// Heap allocations and page faults (first touches of memory the allocator
// got from the kernel) per call, over 3 calls after a first one.
template <class F> void allocs(const char *name, F &&f) {
  f();
  long n0 = g_news, b0 = g_bytes, f0 = minor_faults();
  for (int i = 0; i < 3; ++i) f();
  std::printf("%s: %ld operator new calls, %.1f KiB allocated, %ld page faults per call\n", name,
              (g_news - n0) / 3, (g_bytes - b0) / 3 / 1024.0, (minor_faults() - f0) / 3);
}

} // namespace

int main() {
  if (openblas_set_num_threads) openblas_set_num_threads(1);
  using adgen::DoubleTensor;
  using adgen::Tensor;
  {
    Tensor X = adgen::randn<float>({64, 784}, 1), W1 = adgen::randn<float>({128, 784}, 2) * (1 / 28.0f);
    Tensor b1 = adgen::randn<float>({128}, 3) * 0.1f, W2 = adgen::randn<float>({10, 128}, 4) * (1 / 11.3f);
    Tensor b2 = adgen::randn<float>({10}, 5) * 0.1f, Y = adgen::randn<float>({64, 10}, 6);
    Tensor dW1 = adgen::zeros<float>({128, 784}), db1 = adgen::zeros<float>({128});
    Tensor dW2 = adgen::zeros<float>({10, 128}), db2 = adgen::zeros<float>({10});
    const int reps = 300;
    double whole = time_us([&] { tb::mlp_loss_grad(X, W1, b1, W2, b2, Y, nullptr, &dW1, &db1, &dW2, &db2, nullptr); }, reps);
    // The statements of mlp_loss_grad, in order.
    Tensor t0 = adgen::linear(X, W1, b1), h = adgen::tanh(t0), z = adgen::linear(h, W2, b2);
    Tensor out = adgen::mse_loss(z, Y), t1 = adgen::implicit_seed(out);
    Tensor t2 = adgen::mse_loss_backward(t1, z, Y), d_z = adgen::reduce_like(t2, z);
    Tensor d_h = adgen::linear_backward_input(d_z, W2), t3 = adgen::tanh_backward(d_h, h);
    Tensor t5 = adgen::linear_backward_weight(t3, X), t6 = adgen::linear_backward_bias(t3, b1);
    Tensor t7 = adgen::linear_backward_weight(d_z, h), t8 = adgen::linear_backward_bias(d_z, b2);
    double total = 0;
    std::printf("mlp_loss_grad: %.1f us per call; its statements alone:\n", whole);
    STEP("linear(X, W1, b1)         [sgemm 64x128x784 + bias]", adgen::linear(X, W1, b1));
    STEP("tanh(t0)                  [8192 libm tanhf]", adgen::tanh(t0));
    STEP("linear(h, W2, b2)         [sgemm 64x10x128 + bias]", adgen::linear(h, W2, b2));
    STEP("mse_loss(z, Y)", adgen::mse_loss(z, Y));
    STEP("implicit_seed(out)", adgen::implicit_seed(out));
    STEP("mse_loss_backward(t1, z, Y)", adgen::mse_loss_backward(t1, z, Y));
    STEP("reduce_like(t2, z)        [no-op, returns t2]", adgen::reduce_like(t2, z));
    STEP("linear_backward_input(d_z, W2) [sgemm 64x128x10]", adgen::linear_backward_input(d_z, W2));
    STEP("tanh_backward(d_h, h)", adgen::tanh_backward(d_h, h));
    STEP("linear_backward_weight(t3, X)  [sgemm 128x784x64]", adgen::linear_backward_weight(t3, X));
    STEP("accumulate_grad(dW1, t5)  [dW1 += t5, 100352 floats]", (adgen::accumulate_grad(dW1, t5), 0));
    STEP("linear_backward_bias(t3, b1)   [column sums]", adgen::linear_backward_bias(t3, b1));
    STEP("accumulate_grad(db1, t6)", (adgen::accumulate_grad(db1, t6), 0));
    STEP("linear_backward_weight(d_z, h) [sgemm 10x128x64]", adgen::linear_backward_weight(d_z, h));
    STEP("accumulate_grad(dW2, t7)", (adgen::accumulate_grad(dW2, t7), 0));
    STEP("linear_backward_bias(d_z, b2)", adgen::linear_backward_bias(d_z, b2));
    STEP("accumulate_grad(db2, t8)", (adgen::accumulate_grad(db2, t8), 0));
    std::printf("  %-52s %10.2f us\n\n", "sum of the statements", total);
    allocs("mlp_loss_grad", [&] { tb::mlp_loss_grad(X, W1, b1, W2, b2, Y, nullptr, &dW1, &db1, &dW2, &db2, nullptr); });
  }
  {
    const int64_t n = 1000000;
    std::vector<double> v(n);
    for (int64_t i = 0; i < n; ++i) v[i] = 1.5 * std::sin(0.001 * i) + 0.3 * std::sin(0.37 * i);
    DoubleTensor x({n}, v), mu({1}, std::vector<double>{0.4});
    DoubleTensor dx = adgen::zeros<double>({n}), dmu = adgen::zeros<double>({1});
    const int reps = 5;
    double whole = time_us([&] { tb::gauss_sum_grad(x, mu, &dx, &dmu); }, reps);
    double fwd = time_us([&] { tb::gauss_sum(x, mu); }, reps);
    DoubleTensor d = x - mu, t0 = d * d, t1 = -t0, t2 = adgen::exp(t1), out = adgen::sum(t2);
    DoubleTensor t3 = adgen::implicit_seed(out), t4 = adgen::expand_as(t3, t2), t5 = t4 * t2;
    DoubleTensor t6 = t5 * d, t7 = 2.0 * t6, d_d = -t7;
    double total = 0;
    std::printf("\ngauss_sum_grad: %.1f us per call (gauss_sum: %.1f us); its statements alone:\n", whole, fwd);
    STEP("d = x - mu                [mu broadcast, strided path]", x - mu);
    STEP("t0 = d * d", d * d);
    STEP("t1 = -t0", -t0);
    STEP("t2 = exp(t1)              [10^6 libm exp]", adgen::exp(t1));
    STEP("out = sum(t2)", adgen::sum(t2));
    STEP("t4 = expand_as(t3, t2)    [view]", adgen::expand_as(t3, t2));
    STEP("t5 = t4 * t2              [times the seed 1, stride 0]", t4 * t2);
    STEP("t6 = t5 * d", t5 * d);
    STEP("t7 = 2.0 * t6", 2.0 * t6);
    STEP("d_d = -t7", -t7);
    STEP("reduce_like(d_d, x)       [no-op]", adgen::reduce_like(d_d, x));
    STEP("accumulate_grad(dx, d_d)  [dx += d_d]", (adgen::accumulate_grad(dx, d_d), 0));
    STEP("reduce_like(t7, mu)       [sum of 10^6]", adgen::reduce_like(t7, mu));
    STEP("zeros<double>(10^6)       [cost of one zero-filled result]", adgen::zeros<double>({n}));
    std::printf("  %-52s %10.2f us\n\n", "sum of the statements (without zeros)", total - 0);
    allocs("gauss_sum_grad", [&] { tb::gauss_sum_grad(x, mu, &dx, &dmu); });
    allocs("gauss_sum", [&] { tb::gauss_sum(x, mu); });
  }
  {
    Tensor x = adgen::tensor({{1.0f, 2.0f}, {-0.5f, 0.25f}}), dx = adgen::zeros<float>({2, 2});
    double g = time_us([&] { tb::tutorial_grad(x, &dx); }, 200000);
    double f = time_us([&] { tb::tutorial(x); }, 200000);
    double one = time_us([&] { return x + 3.0f; }, 200000);
    std::printf("\ntutorial_grad: %.3f us per call, tutorial: %.3f us, one op (x + 3): %.3f us\n", g, f, one);
    allocs("tutorial_grad", [&] { tb::tutorial_grad(x, &dx); });
    allocs("tutorial", [&] { tb::tutorial(x); });
    allocs("x + 3 (one op)", [&] { auto y = x + 3.0f; asm volatile("" : : "r"(&y) : "memory"); });
  }
}
