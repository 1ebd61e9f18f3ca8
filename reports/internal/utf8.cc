#include "internal/utf8.h"

#include <cstdint>

namespace mpconform::reports {
namespace {

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";     // U+2026

bool is_continuation(unsigned char byte) { return (byte & 0xC0) == 0x80; }

// Length of the valid sequence at `pos`, or 0 with `skip` set to how many
// bytes the invalid one spans (its lead byte and any continuations it had).
std::size_t sequence_length(std::string_view s, std::size_t pos, std::size_t& skip) {
  const auto lead = static_cast<unsigned char>(s[pos]);
  std::size_t len;
  std::uint32_t cp, min;
  if (lead >= 0xC2 && lead <= 0xDF) len = 2, cp = lead & 0x1F, min = 0x80;
  else if (lead >= 0xE0 && lead <= 0xEF) len = 3, cp = lead & 0x0F, min = 0x800;
  else if (lead >= 0xF0 && lead <= 0xF4) len = 4, cp = lead & 0x07, min = 0x10000;
  else return skip = 1, 0;
  std::size_t i = 1;
  for (; i < len && pos + i < s.size(); ++i) {
    const auto byte = static_cast<unsigned char>(s[pos + i]);
    if (!is_continuation(byte)) break;
    cp = (cp << 6) | (byte & 0x3F);
  }
  const bool ok = i == len && cp >= min && cp <= 0x10FFFF && !(cp >= 0xD800 && cp <= 0xDFFF);
  if (ok) return len;
  skip = i;
  return 0;
}

}  // namespace

std::string valid_utf8(std::string_view bytes) {
  std::string out;
  out.reserve(bytes.size());
  std::size_t pos = 0;
  while (pos < bytes.size()) {
    if (static_cast<unsigned char>(bytes[pos]) < 0x80) {
      out += bytes[pos++];
      continue;
    }
    std::size_t skip = 0;
    if (std::size_t len = sequence_length(bytes, pos, skip)) {
      out.append(bytes.substr(pos, len));
      pos += len;
    } else {
      out.append(kReplacement);
      pos += skip;
    }
  }
  return out;
}

std::size_t display_width(std::string_view text) {
  std::size_t width = 0;
  for (char c : text) width += !is_continuation(static_cast<unsigned char>(c));
  return width;
}

std::string fit_width(std::string_view text, std::size_t width) {
  if (display_width(text) <= width) return std::string(text);
  if (width == 0) return std::string();
  std::size_t kept = 0, pos = 0;
  // Keep width-1 code points, then the ellipsis takes the last column.
  while (pos < text.size()) {
    if (!is_continuation(static_cast<unsigned char>(text[pos])) && kept++ == width - 1) break;
    ++pos;
  }
  return std::string(text.substr(0, pos)) + std::string(kEllipsis);
}

}  // namespace mpconform::reports
