// The mlp demo: a two-layer classifier (linear -> tanh -> linear) learns to
// tell two interleaved spirals apart, trained with mini-batch SGD. The
// gradient of the loss, loss_grad in model.grad.h, was generated at build time
// by adgen from model.cpp: there is no tape at run time.
//
//   mlp_demo [loss.png]
//
// prints the loss per epoch (a progress bar on a terminal, a line every few
// epochs otherwise), the final accuracy on the data, and writes the loss
// curve as a PNG image. Exits with status 1 when the accuracy is below 95%.
#include "data.h"
#include "model.grad.h"
#include "model.h"
#include "png.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#ifdef _WIN32
#include <io.h>
#define ADGEN_ISATTY(fd) _isatty(fd)
#else
#include <unistd.h>
#define ADGEN_ISATTY(fd) isatty(fd)
#endif

using adgen::Tensor;

namespace {

// The experiment. Everything is seeded: the same numbers on every run.
constexpr int64_t kPointsPerClass = 1000;
constexpr uint64_t kDataSeed = 2024;
constexpr double kTurns = 2.0;   // each arm turns twice around the origin
constexpr double kNoise = 0.03;  // Gaussian, on each coordinate
constexpr int64_t kHidden = 64;
constexpr float kLearningRate = 0.2f;
constexpr int64_t kBatch = 50;
constexpr int kEpochs = 300;
constexpr uint64_t kShuffleSeed = 7;
constexpr double kRequiredAccuracy = 0.95;

// The rows `rows` of x [N, 2] and y, as a mini-batch.
std::pair<Tensor, std::vector<int64_t>> batch(const mlp::Spirals &data, const std::vector<int64_t> &rows) {
  const int64_t m = static_cast<int64_t>(rows.size());
  Tensor x = adgen::zeros<float>({m, 2});
  std::vector<int64_t> y(rows.size());
  for (int64_t k = 0; k < m; ++k) {
    const int64_t i = rows[static_cast<size_t>(k)];
    x.data()[2 * k] = data.x.data()[2 * i];
    x.data()[2 * k + 1] = data.x.data()[2 * i + 1];
    y[static_cast<size_t>(k)] = data.y[static_cast<size_t>(i)];
  }
  return {x, y};
}

// Progress: on a terminal, one line redrawn with '\r'; in a log, a line
// every `every` epochs and for the last.
void progress(bool tty, int epoch, int epochs, double loss) {
  if (tty) {
    const int width = 30, done = epoch * width / epochs;
    std::printf("\repoch %3d/%d [%s%s] loss %.6f", epoch, epochs, std::string(static_cast<size_t>(done), '#').c_str(),
                std::string(static_cast<size_t>(width - done), '.').c_str(), loss);
    if (epoch == epochs)
      std::printf("\n");
    std::fflush(stdout);
  } else {
    const int every = 25;
    if (epoch % every == 0 || epoch == epochs || epoch == 1)
      std::printf("epoch %3d/%d loss %.6f\n", epoch, epochs, loss);
  }
}

} // namespace

int main(int argc, char **argv) {
  const std::string png_path = argc > 1 ? argv[1] : "loss.png";
  const bool tty = ADGEN_ISATTY(1);

  const mlp::Spirals data = mlp::make_spirals(kPointsPerClass, kDataSeed, kTurns, kNoise);
  const int64_t n = static_cast<int64_t>(data.y.size());
  std::printf("two spirals (%g turns, noise %g): %lld points, 2 classes; model 2-%lld-2 (tanh), cross-entropy, "
              "SGD lr %g, batch %lld, %d epochs\n",
              kTurns, kNoise, static_cast<long long>(n), static_cast<long long>(kHidden), static_cast<double>(kLearningRate),
              static_cast<long long>(kBatch), kEpochs);

  // The parameters, as in torch.nn.Linear but scaled for the spirals: the
  // first layer's weights N(0, 4^2) and biases U(-4, 4) give tanh units whose
  // edges cross the whole [-1, 1]^2 square at many angles, so that a few
  // dozen of them can follow two turns of a spiral.
  Tensor W1 = (adgen::randn<float>({kHidden, 2}, 1) * 4.0f).requires_grad_();
  Tensor b1 = ((adgen::rand<float>({kHidden}, 2) * 2.0f - 1.0f) * 4.0f).requires_grad_();
  Tensor W2 = (adgen::randn<float>({2, kHidden}, 3) / std::sqrt(static_cast<float>(kHidden))).requires_grad_();
  Tensor b2 = adgen::zeros<float>({2}).requires_grad_();
  Tensor *params[] = {&W1, &b1, &W2, &b2};

  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i)
    order[static_cast<size_t>(i)] = i;
  adgen::Generator shuffle(kShuffleSeed);

  std::vector<double> losses;
  const auto start = std::chrono::steady_clock::now();
  for (int epoch = 1; epoch <= kEpochs; ++epoch) {
    // A fresh permutation each epoch (Fisher-Yates).
    for (size_t i = order.size() - 1; i > 0; --i)
      std::swap(order[i], order[shuffle.next() % (i + 1)]);
    double total = 0;
    int64_t batches = 0;
    for (int64_t first = 0; first < n; first += kBatch) {
      const auto end = order.begin() + static_cast<std::ptrdiff_t>(std::min(first + kBatch, n));
      const auto [x, y] = batch(data, std::vector<int64_t>(order.begin() + static_cast<std::ptrdiff_t>(first), end));
      // Forward and backward at once: the loss, and its gradient accumulated
      // into each parameter's .grad (no gradient for the data x).
      const Tensor loss = mlp::loss_grad(x, W1, b1, W2, b2, y, nullptr, adgen::grad_slot(W1),
                                         adgen::grad_slot(b1), adgen::grad_slot(W2), adgen::grad_slot(b2));
      {
        // with torch.no_grad(): p -= lr * p.grad; p.grad = None
        adgen::NoGradGuard no_grad;
        for (Tensor *p : params) {
          *p -= p->grad() * kLearningRate;
          p->zero_grad();
        }
      }
      total += loss.item();
      ++batches;
    }
    losses.push_back(total / static_cast<double>(batches));
    progress(tty, epoch, kEpochs, losses.back());
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  // Accuracy on the whole data set: the class of the larger logit.
  const std::vector<int64_t> predicted = mlp::forward(data.x, W1, b1, W2, b2).argmax(1);
  int64_t correct = 0;
  for (size_t i = 0; i < predicted.size(); ++i)
    correct += predicted[i] == data.y[i];
  const double accuracy = static_cast<double>(correct) / static_cast<double>(n);
  std::printf("final loss %.6f\n", losses.back());
  std::printf("accuracy %.2f%% (%lld/%lld)\n", 100 * accuracy, static_cast<long long>(correct),
              static_cast<long long>(n));
  std::printf("trained in %.2f s\n", seconds);

  const mlp::Image plot = mlp::plot_curve(losses, 480, 320, "training loss (cross entropy)", "epoch");
  if (!mlp::write_png(png_path, plot)) {
    std::fprintf(stderr, "mlp_demo: cannot write %s\n", png_path.c_str());
    return 2;
  }
  std::printf("loss curve: %s (%dx%d)\n", png_path.c_str(), plot.width(), plot.height());

  if (accuracy < kRequiredAccuracy) {
    std::fprintf(stderr, "mlp_demo: accuracy %.2f%% is below the required %.0f%%\n", 100 * accuracy,
                 100 * kRequiredAccuracy);
    return 1;
  }
  return 0;
}
