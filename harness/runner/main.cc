// The runner: one executable per Python version, linked only against that
// version's libpython. Given its own command line it runs one case as `__main__`
// under one start method, exactly as `python case.py` would, and reports to the
// supervisor through the channel file. Given any other command line (a spawn or
// forkserver child in `host` mode) it is simply a Python interpreter.
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <unistd.h>

#include "boot_py.h"  // kBootPy: the source of boot.py

namespace {

constexpr const char* kOwnFlag = "--mpconform-cell";
// Exit statuses the supervisor reads as the harness failing, not the case.
constexpr int kUsageError = 124;
constexpr int kBootError = 125;

struct CellArgs {
  std::string case_path, method, exe_mode, python_exe, channel;
};

bool parse_cell_args(int argc, char** argv, CellArgs& out) {
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--case") out.case_path = value;
    else if (key == "--method") out.method = value;
    else if (key == "--exe-mode") out.exe_mode = value;
    else if (key == "--python-exe") out.python_exe = value;
    else if (key == "--channel") out.channel = value;
    else {
      std::fprintf(stderr, "mpconform-runner: unknown option %s\n", key.c_str());
      return false;
    }
  }
  if ((argc - 2) % 2 != 0 || out.case_path.empty() || out.method.empty() ||
      out.channel.empty() || (out.exe_mode != "python" && out.exe_mode != "host") ||
      (out.exe_mode == "python" && out.python_exe.empty())) {
    std::fprintf(stderr,
                 "usage: mpconform-runner --mpconform-cell --case FILE --method M "
                 "--exe-mode python|host [--python-exe PATH] --channel FILE\n");
    return false;
  }
  return true;
}

std::string own_executable() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, n) : std::string();
}

bool failed(PyStatus status, PyConfig* config) {
  if (!PyStatus_Exception(status)) return false;
  PyConfig_Clear(config);
  std::fprintf(stderr, "mpconform-runner: %s: %s\n", status.func ? status.func : "init",
               status.err_msg ? status.err_msg : "failed");
  return true;
}

// Starts CPython as `python CASE` would: argv is [CASE], sys.path[0] is the case's
// folder. spawn and forkserver children exec config.executable, so it names the
// real interpreter (`python` mode) or this runner (`host` mode).
bool initialize(const CellArgs& args) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;
  const std::string executable =
      args.exe_mode == "python" ? args.python_exe : own_executable();
  char* argv0 = const_cast<char*>(args.case_path.c_str());
  if (failed(PyConfig_SetBytesArgv(&config, 1, &argv0), &config)) return false;
  if (failed(PyConfig_SetBytesString(&config, &config.run_filename, args.case_path.c_str()),
             &config))
    return false;
  if (failed(PyConfig_SetBytesString(&config, &config.executable, executable.c_str()),
             &config))
    return false;
  if (failed(Py_InitializeFromConfig(&config), &config)) return false;
  PyConfig_Clear(&config);
  return true;
}

// Runs boot.py in a namespace of its own (never __main__'s) and calls boot().
// Returns 1 to run the case, 0 when the method is unsupported, -1 on error.
int boot(const CellArgs& args) {
  PyObject* globals = PyDict_New();
  if (!globals) return -1;
  PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
  PyObject* done = PyRun_String(kBootPy, Py_file_input, globals, globals);
  int result = -1;
  if (done) {
    PyObject* fn = PyDict_GetItemString(globals, "boot");  // borrowed
    PyObject* ok = fn ? PyObject_CallFunction(fn, "sss", args.channel.c_str(),
                                              args.method.c_str(), args.exe_mode.c_str())
                      : nullptr;
    if (ok) result = PyObject_IsTrue(ok);
    Py_XDECREF(ok);
    Py_DECREF(done);
  }
  if (result < 0) PyErr_Print();
  Py_DECREF(globals);
  return result;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], kOwnFlag) != 0) return Py_BytesMain(argc, argv);

  CellArgs args;
  if (!parse_cell_args(argc, argv, args)) return kUsageError;
  if (!initialize(args)) return kBootError;
  switch (boot(args)) {
    case 1:
      return Py_RunMain();  // runs the case; finalizes the interpreter
    case 0:
      Py_FinalizeEx();
      return 0;  // unsupported: the channel says so
    default:
      Py_FinalizeEx();
      return kBootError;
  }
}
