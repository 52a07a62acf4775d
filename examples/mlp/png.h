// A small self-contained PNG writer (8-bit RGB, no filtering, the image data
// in uncompressed deflate "stored" blocks, with the CRC-32 and Adler-32
// checksums the format requires) and a line plot drawn into an image.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace mlp {

struct Rgb {
  uint8_t r, g, b;
};

/// An RGB image, row-major, top row first.
class Image {
 public:
  Image(int width, int height, Rgb background = {255, 255, 255});
  int width() const { return width_; }
  int height() const { return height_; }
  /// Pixels outside the image are ignored.
  void set(int x, int y, Rgb c);
  Rgb get(int x, int y) const;
  void fill_rect(int x0, int y0, int x1, int y1, Rgb c); // inclusive corners
  /// A line from (x0, y0) to (x1, y1), `thickness` pixels wide (Bresenham).
  void line(int x0, int y0, int x1, int y1, Rgb c, int thickness = 1);
  /// Text in a 3x5 pixel font, each font pixel drawn scale x scale; the
  /// characters 0-9 . - e + and lower-case letters used by the plot labels.
  void text(int x, int y, const std::string &s, Rgb c, int scale = 2);
  static int text_width(const std::string &s, int scale = 2) {
    return s.empty() ? 0 : static_cast<int>(s.size()) * 4 * scale - scale;
  }
  const std::vector<uint8_t> &pixels() const { return rgb_; }

 private:
  int width_, height_;
  std::vector<uint8_t> rgb_;
};

/// CRC-32 (ISO 3309, as in PNG and zlib) of `n` bytes, continuing from `crc`
/// (0 to start).
uint32_t crc32(const uint8_t *data, size_t n, uint32_t crc = 0);
/// Adler-32 (zlib) of `n` bytes, continuing from `adler` (1 to start).
uint32_t adler32(const uint8_t *data, size_t n, uint32_t adler = 1);

/// The PNG file's bytes.
std::vector<uint8_t> encode_png(const Image &image);
/// Writes encode_png(image) to `path`; false when the file cannot be written.
bool write_png(const std::string &path, const Image &image);

/// A line plot of ys[i] against i (the loss per epoch): axes from 0, ticks and
/// labels on both, a light grid, the curve in blue, `title` at the top.
Image plot_curve(const std::vector<double> &ys, int width, int height, const std::string &title,
                 const std::string &xlabel);

} // namespace mlp
