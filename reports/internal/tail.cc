#include "internal/tail.h"

namespace mpconform::reports {
namespace {

// How far past the cut point to look for a newline before settling for a
// mid-line start: a whole first line reads better, but not at any price.
constexpr std::size_t kLineSearch = 512;

}  // namespace

std::string tail_bytes(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t start = text.size() - max_bytes;
  const std::size_t newline = text.find('\n', start);
  if (newline != std::string_view::npos && newline - start < kLineSearch && newline + 1 < text.size()) {
    start = newline + 1;
  } else {
    while (start < text.size() && (static_cast<unsigned char>(text[start]) & 0xC0) == 0x80) ++start;
  }
  return "[... " + std::to_string(start) + " bytes omitted]\n" + std::string(text.substr(start));
}

std::string tail_lines(std::string_view text, std::size_t max_lines) {
  if (max_lines == 0) return std::string();
  // A final newline ends the last line; it does not begin an empty one.
  std::size_t end = text.size();
  if (end > 0 && text[end - 1] == '\n') --end;
  std::size_t start = end, kept = 0;
  for (; start > 0; --start) {
    if (text[start - 1] == '\n' && ++kept == max_lines) break;
  }
  if (start == 0) return std::string(text);
  std::size_t omitted = 0;
  for (std::size_t i = 0; i < start; ++i) omitted += text[i] == '\n';
  return "[... " + std::to_string(omitted) + " lines omitted]\n" + std::string(text.substr(start));
}

}  // namespace mpconform::reports
