#include "png.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>

namespace mlp {

// ---- Image --------------------------------------------------------------------

Image::Image(int width, int height, Rgb background)
    : width_(width), height_(height), rgb_(static_cast<size_t>(width) * static_cast<size_t>(height) * 3) {
  fill_rect(0, 0, width - 1, height - 1, background);
}

void Image::set(int x, int y, Rgb c) {
  if (x < 0 || y < 0 || x >= width_ || y >= height_)
    return;
  uint8_t *p = &rgb_[(static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x)) * 3];
  p[0] = c.r;
  p[1] = c.g;
  p[2] = c.b;
}

Rgb Image::get(int x, int y) const {
  const uint8_t *p = &rgb_[(static_cast<size_t>(y) * static_cast<size_t>(width_) + static_cast<size_t>(x)) * 3];
  return {p[0], p[1], p[2]};
}

void Image::fill_rect(int x0, int y0, int x1, int y1, Rgb c) {
  for (int y = std::min(y0, y1); y <= std::max(y0, y1); ++y)
    for (int x = std::min(x0, x1); x <= std::max(x0, x1); ++x)
      set(x, y, c);
}

void Image::line(int x0, int y0, int x1, int y1, Rgb c, int thickness) {
  const int dx = std::abs(x1 - x0), sx = x0 < x1 ? 1 : -1;
  const int dy = -std::abs(y1 - y0), sy = y0 < y1 ? 1 : -1;
  const int lo = -(thickness - 1) / 2, hi = thickness / 2;
  int err = dx + dy;
  for (;;) {
    fill_rect(x0 + lo, y0 + lo, x0 + hi, y0 + hi, c);
    if (x0 == x1 && y0 == y1)
      break;
    const int e2 = 2 * err;
    if (e2 >= dy) {
      err += dy;
      x0 += sx;
    }
    if (e2 <= dx) {
      err += dx;
      y0 += sy;
    }
  }
}

// A 3x5 font: five rows of three pixels per character ('#' set). Letters
// have one (capital) form.
static const char *glyph(char ch) {
  struct Glyph {
    char ch;
    const char *rows;
  };
  static const Glyph font[] = {
      {'0', "###" "#.#" "#.#" "#.#" "###"}, {'1', ".#." "##." ".#." ".#." "###"},
      {'2', "##." "..#" ".#." "#.." "###"}, {'3', "##." "..#" ".#." "..#" "##."},
      {'4', "#.#" "#.#" "###" "..#" "..#"}, {'5', "###" "#.." "##." "..#" "##."},
      {'6', ".##" "#.." "###" "#.#" "###"}, {'7', "###" "..#" ".#." ".#." ".#."},
      {'8', "###" "#.#" "###" "#.#" "###"}, {'9', "###" "#.#" "###" "..#" "##."},
      {'a', ".#." "#.#" "###" "#.#" "#.#"}, {'b', "##." "#.#" "##." "#.#" "##."},
      {'c', ".##" "#.." "#.." "#.." ".##"}, {'d', "##." "#.#" "#.#" "#.#" "##."},
      {'e', "###" "#.." "##." "#.." "###"}, {'f', "###" "#.." "##." "#.." "#.."},
      {'g', ".##" "#.." "#.#" "#.#" ".##"}, {'h', "#.#" "#.#" "###" "#.#" "#.#"},
      {'i', "###" ".#." ".#." ".#." "###"}, {'j', "..#" "..#" "..#" "#.#" ".#."},
      {'k', "#.#" "#.#" "##." "#.#" "#.#"}, {'l', "#.." "#.." "#.." "#.." "###"},
      {'m', "#.#" "###" "###" "#.#" "#.#"}, {'n', "##." "#.#" "#.#" "#.#" "#.#"},
      {'o', ".#." "#.#" "#.#" "#.#" ".#."}, {'p', "##." "#.#" "##." "#.." "#.."},
      {'q', ".#." "#.#" "#.#" "##." ".##"}, {'r', "##." "#.#" "##." "#.#" "#.#"},
      {'s', ".##" "#.." ".#." "..#" "##."}, {'t', "###" ".#." ".#." ".#." ".#."},
      {'u', "#.#" "#.#" "#.#" "#.#" "###"}, {'v', "#.#" "#.#" "#.#" "#.#" ".#."},
      {'w', "#.#" "#.#" "###" "###" "#.#"}, {'x', "#.#" "#.#" ".#." "#.#" "#.#"},
      {'y', "#.#" "#.#" ".#." ".#." ".#."}, {'z', "###" "..#" ".#." "#.." "###"},
      {'.', "..." "..." "..." "..." ".#."}, {'-', "..." "..." "###" "..." "..."},
      {'+', "..." ".#." "###" ".#." "..."}, {'(', ".#." "#.." "#.." "#.." ".#."},
      {')', ".#." "..#" "..#" "..#" ".#."}, {':', "..." ".#." "..." ".#." "..."},
      {'%', "#.#" "..#" ".#." "#.." "#.#"}, {'/', "..#" "..#" ".#." "#.." "#.."},
      {',', "..." "..." "..." ".#." "#.."}, {'=', "..." "###" "..." "###" "..."},
  };
  if (ch >= 'A' && ch <= 'Z')
    ch = static_cast<char>(ch - 'A' + 'a');
  for (const Glyph &g : font)
    if (g.ch == ch)
      return g.rows;
  return nullptr; // a space, or a character the font lacks
}

void Image::text(int x, int y, const std::string &s, Rgb c, int scale) {
  for (char ch : s) {
    if (const char *rows = glyph(ch))
      for (int row = 0; row < 5; ++row)
        for (int col = 0; col < 3; ++col)
          if (rows[row * 3 + col] == '#')
            fill_rect(x + col * scale, y + row * scale, x + (col + 1) * scale - 1,
                      y + (row + 1) * scale - 1, c);
    x += 4 * scale;
  }
}

// ---- Checksums ----------------------------------------------------------------

uint32_t crc32(const uint8_t *data, size_t n, uint32_t crc) {
  static const auto table = [] {
    std::vector<uint32_t> t(256);
    for (uint32_t i = 0; i < 256; ++i) {
      uint32_t c = i;
      for (int k = 0; k < 8; ++k)
        c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
      t[i] = c;
    }
    return t;
  }();
  crc = ~crc;
  for (size_t i = 0; i < n; ++i)
    crc = table[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
  return ~crc;
}

uint32_t adler32(const uint8_t *data, size_t n, uint32_t adler) {
  uint32_t a = adler & 0xFFFF, b = adler >> 16;
  for (size_t i = 0; i < n; ++i) {
    a = (a + data[i]) % 65521;
    b = (b + a) % 65521;
  }
  return (b << 16) | a;
}

// ---- PNG ----------------------------------------------------------------------

static void put32(std::vector<uint8_t> &out, uint32_t v) { // big-endian, as PNG
  for (int shift = 24; shift >= 0; shift -= 8)
    out.push_back(static_cast<uint8_t>(v >> shift));
}

// A chunk: length, type, data, CRC-32 of type and data.
static void chunk(std::vector<uint8_t> &out, const char type[4], const std::vector<uint8_t> &data) {
  put32(out, static_cast<uint32_t>(data.size()));
  const size_t start = out.size();
  out.insert(out.end(), type, type + 4);
  out.insert(out.end(), data.begin(), data.end());
  put32(out, crc32(&out[start], out.size() - start));
}

std::vector<uint8_t> encode_png(const Image &image) {
  const uint32_t w = static_cast<uint32_t>(image.width()), h = static_cast<uint32_t>(image.height());
  std::vector<uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};

  std::vector<uint8_t> ihdr;
  put32(ihdr, w);
  put32(ihdr, h);
  ihdr.insert(ihdr.end(), {8, 2, 0, 0, 0}); // 8 bits, RGB, deflate, no filter method, no interlace
  chunk(png, "IHDR", ihdr);

  // The scanlines, each preceded by its filter type (0, none).
  std::vector<uint8_t> raw;
  raw.reserve((3 * w + 1) * h);
  for (uint32_t y = 0; y < h; ++y) {
    raw.push_back(0);
    const uint8_t *row = image.pixels().data() + static_cast<size_t>(y) * w * 3;
    raw.insert(raw.end(), row, row + static_cast<size_t>(w) * 3);
  }
  // A zlib stream (RFC 1950) of deflate "stored" blocks (RFC 1951, BTYPE 00),
  // at most 65535 bytes each, then the Adler-32 of the uncompressed data.
  std::vector<uint8_t> z = {0x78, 0x01};
  size_t pos = 0;
  do {
    const size_t len = std::min<size_t>(65535, raw.size() - pos);
    const bool last = pos + len == raw.size();
    z.push_back(last ? 1 : 0);
    z.push_back(static_cast<uint8_t>(len & 0xFF));
    z.push_back(static_cast<uint8_t>(len >> 8));
    z.push_back(static_cast<uint8_t>(~len & 0xFF));
    z.push_back(static_cast<uint8_t>((~len >> 8) & 0xFF));
    z.insert(z.end(), raw.begin() + static_cast<std::ptrdiff_t>(pos),
             raw.begin() + static_cast<std::ptrdiff_t>(pos + len));
    pos += len;
  } while (pos < raw.size());
  put32(z, adler32(raw.data(), raw.size()));
  chunk(png, "IDAT", z);
  chunk(png, "IEND", {});
  return png;
}

bool write_png(const std::string &path, const Image &image) {
  const std::vector<uint8_t> bytes = encode_png(image);
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

// ---- The plot -----------------------------------------------------------------

// A "nice" tick step (1, 2 or 5 times a power of ten) for about `ticks`
// intervals over [0, span].
static double nice_step(double span, int ticks) {
  const double raw = span / ticks;
  const double p = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0})
    if (m * p >= raw)
      return m * p;
  return 10 * p;
}

static std::string format(double v, int decimals) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
  return buf;
}

Image plot_curve(const std::vector<double> &ys, int width, int height, const std::string &title,
                 const std::string &xlabel) {
  const Rgb white{255, 255, 255}, black{0, 0, 0}, grid{225, 225, 225}, blue{31, 119, 180};
  Image img(width, height, white);
  const int left = 62, right = width - 20, top = 34, bottom = height - 44;

  // The ranges: x from 0 to the number of epochs (point i at epoch i + 1),
  // y from 0 to a tick above the largest finite value.
  const double n = static_cast<double>(std::max<size_t>(ys.size(), 1));
  double ymax = 0;
  for (double y : ys)
    if (std::isfinite(y))
      ymax = std::max(ymax, y);
  if (ymax <= 0)
    ymax = 1;
  const double ystep = nice_step(ymax, 5);
  ymax = std::ceil(ymax / ystep - 1e-9) * ystep;
  const double xstep = std::max(1.0, nice_step(n, 6));
  auto px = [&](double x) { return left + static_cast<int>(std::lround(x / n * (right - left))); };
  auto py = [&](double y) { return bottom - static_cast<int>(std::lround(y / ymax * (bottom - top))); };

  // Grid, ticks and labels.
  const int decimals = std::max(0, -static_cast<int>(std::floor(std::log10(ystep) + 1e-9)));
  for (double y = 0; y <= ymax + ystep / 2; y += ystep) {
    const int yy = py(y);
    if (y > 0)
      img.line(left + 1, yy, right, yy, grid);
    img.line(left - 5, yy, left, yy, black);
    const std::string label = format(y, decimals);
    img.text(left - 9 - Image::text_width(label), yy - 4, label, black);
  }
  for (double x = 0; x <= n + xstep / 2; x += xstep) {
    const int xx = px(x);
    if (x > 0)
      img.line(xx, top, xx, bottom - 1, grid);
    img.line(xx, bottom, xx, bottom + 5, black);
    const std::string label = format(x, 0);
    img.text(xx - Image::text_width(label) / 2, bottom + 10, label, black);
  }
  img.text((left + right - Image::text_width(xlabel)) / 2, bottom + 26, xlabel, black);
  img.text((width - Image::text_width(title)) / 2, 10, title, black);

  // The axes.
  img.line(left, top, left, bottom, black);
  img.line(left, bottom, right, bottom, black);

  // The curve.
  for (size_t i = 1; i < ys.size(); ++i)
    if (std::isfinite(ys[i - 1]) && std::isfinite(ys[i]))
      img.line(px(static_cast<double>(i)), py(std::min(ys[i - 1], ymax)), px(static_cast<double>(i + 1)),
               py(std::min(ys[i], ymax)), blue, 2);
  if (ys.size() == 1 && std::isfinite(ys[0]))
    img.fill_rect(px(1) - 1, py(ys[0]) - 1, px(1) + 1, py(ys[0]) + 1, blue);
  return img;
}

} // namespace mlp
