#include "internal/printable.h"

#include "internal/utf8.h"

namespace mpconform::reports {
namespace {

// Bytes taken by the escape sequence starting at text[pos] (an ESC): CSI
// (colours, cursor moves), OSC (window titles), or a two-byte escape.
std::size_t escape_length(std::string_view text, std::size_t pos) {
  std::size_t i = pos + 1;
  if (i >= text.size()) return 1;
  if (text[i] == '[') {  // CSI: parameters and intermediates, then one final byte
    for (++i; i < text.size(); ++i) {
      const auto c = static_cast<unsigned char>(text[i]);
      if (c >= 0x40 && c <= 0x7E) return i + 1 - pos;
      if (c < 0x20 || c > 0x3F) break;  // malformed: drop only what was read
    }
    return i - pos;
  }
  if (text[i] == ']') {  // OSC: ends at BEL or ESC backslash
    for (++i; i < text.size(); ++i) {
      if (text[i] == '\a') return i + 1 - pos;
      if (text[i] == '\x1b' && i + 1 < text.size() && text[i + 1] == '\\') return i + 2 - pos;
    }
    return i - pos;
  }
  const auto c = static_cast<unsigned char>(text[i]);
  return (c >= 0x40 && c <= 0x5F) ? 2 : 1;
}

bool is_noncharacter_at(std::string_view text, std::size_t pos) {
  // U+FFFE and U+FFFF encode as EF BF BE and EF BF BF; XML 1.0 forbids both.
  return text.compare(pos, 2, "\xEF\xBF") == 0 && pos + 2 < text.size() &&
         (text[pos + 2] == '\xBE' || text[pos + 2] == '\xBF');
}

}  // namespace

std::string printable_text(std::string_view bytes) {
  const std::string text = valid_utf8(bytes);
  std::string out;
  out.reserve(text.size());
  for (std::size_t pos = 0; pos < text.size();) {
    const auto c = static_cast<unsigned char>(text[pos]);
    if (c == '\x1b') {
      pos += escape_length(text, pos);
    } else if (c == '\r') {
      out += '\n';
      pos += (pos + 1 < text.size() && text[pos + 1] == '\n') ? 2 : 1;
    } else if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7F) {
      ++pos;
    } else if (is_noncharacter_at(text, pos)) {
      pos += 3;
    } else {
      out += text[pos++];
    }
  }
  return out;
}

}  // namespace mpconform::reports
