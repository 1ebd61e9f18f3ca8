// Text inside a GitHub Actions workflow command (`::error file=F,line=L::MESSAGE`),
// escaped as the actions toolkit's command.ts does, so a newline or a comma in a
// cause sentence cannot end the command early or start a property of its own.
#pragma once

#include <string>
#include <string_view>

namespace mpconform::reports {

// The message after the second `::`: % CR LF as %25 %0D %0A.
std::string escape_command_data(std::string_view text);

// A property's value (file=, title=): the message's escapes, and : , as %3A %2C.
std::string escape_command_property(std::string_view text);

}  // namespace mpconform::reports
