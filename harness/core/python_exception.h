// A Python exception as the harness sees it: from the runner's channel (the main
// process) or parsed from a traceback a child printed to stderr.
#pragma once
#include <string>
#include <vector>

namespace mpc {

struct Frame {
  std::string file;
  int line = 0;
  std::string function;
};

struct PythonException {
  std::string type;    // class name, without its module ("PicklingError")
  std::string module;  // "builtins", "_pickle", ... ("" when parsed from text)
  std::vector<std::string> mro;  // class names, most derived first ([] when parsed)
  std::string message;
  std::string import_name;  // an ImportError's `name`: the module that could not be imported
  std::string text;           // the traceback as printed
  std::vector<Frame> frames;  // outermost first
};

// Every traceback in `text` (a process's stderr), in order. A chain ("During
// handling of the above exception...") counts once, as its final exception.
std::vector<PythonException> parse_tracebacks(const std::string& text);

}  // namespace mpc
