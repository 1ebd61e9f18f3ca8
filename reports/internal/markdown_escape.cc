#include "internal/markdown_escape.h"

#include <algorithm>

#include "internal/printable.h"

namespace mpconform::reports {

std::string md_inline(std::string_view bytes) {
  static constexpr std::string_view kSpecial = "\\`*_[]<>|~&#";
  std::string out;
  for (char c : printable_text(bytes)) {
    if (c == '\n' || c == '\t') {
      out += ' ';
      continue;
    }
    if (kSpecial.find(c) != std::string_view::npos) out += '\\';
    out += c;
  }
  return out;
}

std::string md_code_block(std::string_view bytes) {
  std::string text = printable_text(bytes);
  std::size_t longest = 0, run = 0;
  for (char c : text) {
    run = c == '`' ? run + 1 : 0;
    longest = std::max(longest, run);
  }
  const std::string fence(std::max<std::size_t>(3, longest + 1), '`');
  if (!text.empty() && text.back() != '\n') text += '\n';
  return fence + "text\n" + text + fence + "\n";
}

}  // namespace mpconform::reports
