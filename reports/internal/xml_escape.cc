#include "internal/xml_escape.h"

#include "internal/printable.h"

namespace mpconform::reports {
namespace {

std::string escape(std::string_view bytes, bool attribute) {
  std::string out;
  for (char c : printable_text(bytes)) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;  // also keeps "]]>" out of content
      case '"': out += "&quot;"; break;
      case '\'': out += "&apos;"; break;
      case '\n': out += attribute ? "&#10;" : "\n"; break;
      case '\t': out += attribute ? "&#9;" : "\t"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string xml_text(std::string_view bytes) { return escape(bytes, false); }
std::string xml_attribute(std::string_view bytes) { return escape(bytes, true); }

}  // namespace mpconform::reports
