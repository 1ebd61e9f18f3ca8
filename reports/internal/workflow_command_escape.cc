#include "internal/workflow_command_escape.h"

namespace mpconform::reports {

std::string escape_command_data(std::string_view text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '%': out += "%25"; break;  // first, or a literal "%0A" would read as a newline
      case '\r': out += "%0D"; break;
      case '\n': out += "%0A"; break;
      default: out += c;
    }
  }
  return out;
}

std::string escape_command_property(std::string_view text) {
  std::string out;
  for (char c : escape_command_data(text)) {
    if (c == ':') out += "%3A";
    else if (c == ',') out += "%2C";
    else out += c;
  }
  return out;
}

}  // namespace mpconform::reports
