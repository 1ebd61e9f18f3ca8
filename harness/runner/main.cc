// The runner: one executable per Python version, linked only against that
// version's libpython. Given its own command line it runs one case as `__main__`
// under one start method, exactly as `python case.py` would, and reports to the
// supervisor through the channel file. Given any other command line (a spawn or
// forkserver child in `host` mode) it is simply a Python interpreter.
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <marshal.h>

#include <climits>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cerrno>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

#include "boot_code.h"  // kBootCode: boot.py compiled by this runner's interpreter

namespace {

constexpr const char* kOwnFlag = "--mpconform-cell";
// Exit statuses the supervisor reads as the harness failing, not the case.
constexpr int kUsageError = 124;
constexpr int kBootError = 125;

struct CellArgs {
  std::string case_path, method, exe_mode, python_exe, channel;
  std::string module;  // --module NAME: run it as `python -m NAME` would, in place of --case
  std::vector<std::string> requires_;  // KIND:NAME, from each --require
  std::vector<std::string> program_args;  // sys.argv[1:], from each --arg (check)
  bool diagnose = false;  // --diagnose 1: install boot's check hooks (check cells)
  int ready_fd = -1;  // --ready-fd: wait for a byte here before running the case
};

bool parse_cell_args(int argc, char** argv, CellArgs& out) {
  for (int i = 2; i + 1 < argc; i += 2) {
    std::string key = argv[i], value = argv[i + 1];
    if (key == "--case") out.case_path = value;
    else if (key == "--module") out.module = value;
    else if (key == "--method") out.method = value;
    else if (key == "--exe-mode") out.exe_mode = value;
    else if (key == "--python-exe") out.python_exe = value;
    else if (key == "--channel") out.channel = value;
    else if (key == "--require") out.requires_.push_back(value);
    else if (key == "--arg") out.program_args.push_back(value);
    else if (key == "--diagnose") out.diagnose = value == "1";
    else if (key == "--ready-fd") out.ready_fd = std::atoi(value.c_str());
    else {
      std::fprintf(stderr, "mpconform-runner: unknown option %s\n", key.c_str());
      return false;
    }
  }
  if ((argc - 2) % 2 != 0 || out.case_path.empty() == out.module.empty() || out.method.empty() ||
      out.channel.empty() || (out.exe_mode != "python" && out.exe_mode != "host") ||
      (out.exe_mode == "python" && out.python_exe.empty())) {
    std::fprintf(stderr,
                 "usage: mpconform-runner --mpconform-cell (--case FILE | --module NAME) --method M "
                 "--exe-mode python|host [--python-exe PATH] --channel FILE "
                 "[--require KIND:NAME]... [--arg VALUE]... [--diagnose 1] [--ready-fd N]\n");
    return false;
  }
  return true;
}

std::string own_executable() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, n) : std::string();
}

#if PY_VERSION_HEX >= 0x03080000
bool failed(PyStatus status, PyConfig* config) {
  if (!PyStatus_Exception(status)) return false;
  PyConfig_Clear(config);
  std::fprintf(stderr, "mpconform-runner: %s: %s\n", status.func ? status.func : "init",
               status.err_msg ? status.err_msg : "failed");
  return true;
}

// Starts CPython as `python CASE ARGS` would: argv is [CASE, ARGS...], sys.path[0]
// is the case's folder; or as `python -m MODULE ARGS`: argv[0] is "-m" (runpy makes
// it the module's file), sys.path[0] the current folder. spawn and forkserver children exec config.executable, so it names the
// real interpreter (`python` mode) or this runner (`host` mode).
bool initialize(const CellArgs& args, const std::string& executable) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  config.parse_argv = 0;
  static char dash_m[] = "-m";
  std::vector<char*> argv{args.module.empty() ? const_cast<char*>(args.case_path.c_str()) : dash_m};
  for (const std::string& a : args.program_args) argv.push_back(const_cast<char*>(a.c_str()));
  if (failed(PyConfig_SetBytesArgv(&config, static_cast<Py_ssize_t>(argv.size()), argv.data()), &config))
    return false;
  if (!args.module.empty()) {
    if (failed(PyConfig_SetBytesString(&config, &config.run_module, args.module.c_str()), &config)) return false;
  } else if (failed(PyConfig_SetBytesString(&config, &config.run_filename, args.case_path.c_str()),
                    &config)) {
    return false;
  }
  if (failed(PyConfig_SetBytesString(&config, &config.executable, executable.c_str()),
             &config))
    return false;
  if (failed(PyConfig_SetBytesString(&config, &config.home, MPCONFORM_PYTHON_HOME), &config))
    return false;
  if (failed(Py_InitializeFromConfig(&config), &config)) return false;
  PyConfig_Clear(&config);
  return true;
}

int run_main(const CellArgs&) { return Py_RunMain(); }  // runs the case, then finalizes

// Py_BytesMain, except that the standard library is found from the interpreter's
// prefix rather than from this executable's folder (PYTHONHOME still wins).
int act_as_python(int argc, char** argv) {
  PyConfig config;
  PyConfig_InitPythonConfig(&config);
  if (failed(PyConfig_SetBytesArgv(&config, argc, argv), &config)) return 1;
  const char* home = std::getenv("PYTHONHOME");
  if (failed(PyConfig_SetBytesString(&config, &config.home, home && *home ? home : MPCONFORM_PYTHON_HOME),
             &config))
    return 1;
  PyStatus status = Py_InitializeFromConfig(&config);
  PyConfig_Clear(&config);
  if (PyStatus_Exception(status)) Py_ExitStatusException(status);
  return Py_RunMain();
}

#else  // CPython 3.6 and 3.7: no PyConfig, no Py_RunMain, no Py_BytesMain.

wchar_t* decode(const char* s) { return Py_DecodeLocale(s, nullptr); }

// sys.executable comes from the program name when it holds a slash.
bool initialize(const CellArgs& args, const std::string& executable) {
  static wchar_t* program = decode(executable.c_str());
  static wchar_t* home = decode(MPCONFORM_PYTHON_HOME);
  static std::vector<wchar_t*> argv;  // kept: sys.argv refers to it
  argv.push_back(decode(args.module.empty() ? args.case_path.c_str() : "-m"));
  for (const std::string& a : args.program_args) argv.push_back(decode(a.c_str()));
  for (wchar_t* a : argv)
    if (!a) return false;
  if (!program || !home) return false;
  Py_SetProgramName(program);
  Py_SetPythonHome(home);
  Py_Initialize();
  PySys_SetArgvEx(static_cast<int>(argv.size()), argv.data(), 1);  // sys.argv = [CASE, ARGS]; sys.path[0] = its folder
  return true;
}

// What `python CASE` does on these versions: run the file in __main__, print an
// unhandled exception through sys.excepthook (SystemExit exits from inside).
int run_main(const CellArgs& args) {
  if (!args.module.empty()) {  // as python.c's RunModule: runpy._run_module_as_main(NAME, True)
    PyObject* runpy = PyImport_ImportModule("runpy");
    PyObject* run = runpy ? PyObject_GetAttrString(runpy, "_run_module_as_main") : nullptr;
    PyObject* done = run ? PyObject_CallFunction(run, "si", args.module.c_str(), 1) : nullptr;
    const int rc = done ? 0 : 1;
    if (!done) PyErr_Print();  // exits for SystemExit, as python does
    Py_XDECREF(done);
    Py_XDECREF(run);
    Py_XDECREF(runpy);
    if (Py_FinalizeEx() < 0) return 120;
    return rc;
  }
  FILE* fp = std::fopen(args.case_path.c_str(), "rb");
  if (!fp) {
    std::fprintf(stderr, "mpconform-runner: can't open file '%s'\n", args.case_path.c_str());
    Py_FinalizeEx();
    return 2;
  }
  PyCompilerFlags flags{};
  int rc = PyRun_SimpleFileExFlags(fp, args.case_path.c_str(), 1, &flags);
  if (Py_FinalizeEx() < 0) return 120;
  return rc == 0 ? 0 : 1;
}

// As python.c does on these versions: decode the arguments in the user's locale.
int act_as_python(int argc, char** argv) {
  std::string old_locale = std::setlocale(LC_ALL, nullptr);
  std::setlocale(LC_ALL, "");
  std::vector<wchar_t*> wargv;
  for (int i = 0; i < argc; ++i) {
    wchar_t* w = decode(argv[i]);
    if (!w) {
      std::fprintf(stderr, "mpconform-runner: cannot decode argument %d\n", i);
      return 1;
    }
    wargv.push_back(w);
  }
  std::setlocale(LC_ALL, old_locale.c_str());
  const char* env_home = std::getenv("PYTHONHOME");
  if (!env_home || !*env_home) Py_SetPythonHome(decode(MPCONFORM_PYTHON_HOME));
  return Py_Main(argc, wargv.data());
}
#endif

// Runs boot.py's code in a namespace of its own (never __main__'s) and calls boot().
// Returns 1 to run the case, 0 when the method or a requirement is unsupported,
// -1 on error.
int boot(const CellArgs& args) {
  PyObject* globals = PyDict_New();
  if (!globals) return -1;
  PyDict_SetItemString(globals, "__builtins__", PyEval_GetBuiltins());
  PyObject* code = PyMarshal_ReadObjectFromString(reinterpret_cast<const char*>(kBootCode), sizeof kBootCode);
  PyObject* done = code ? PyEval_EvalCode(code, globals, globals) : nullptr;
  Py_XDECREF(code);
  int result = -1;
  if (done) {
    PyObject* fn = PyDict_GetItemString(globals, "boot");  // borrowed
    PyObject* requires_list = PyList_New(0);
    for (const std::string& r : args.requires_) {
      PyObject* item = requires_list ? PyUnicode_DecodeFSDefault(r.c_str()) : nullptr;
      if (!item || PyList_Append(requires_list, item) < 0) Py_CLEAR(requires_list);
      Py_XDECREF(item);
    }
    PyObject* ok = fn && requires_list
                       ? PyObject_CallFunction(fn, "sssOi", args.channel.c_str(), args.method.c_str(),
                                               args.exe_mode.c_str(), requires_list, args.diagnose ? 1 : 0)
                       : nullptr;
    if (ok) result = PyObject_IsTrue(ok);
    Py_XDECREF(ok);
    Py_XDECREF(requires_list);
    Py_DECREF(done);
  }
  if (result < 0) PyErr_Print();
  Py_DECREF(globals);
  return result;
}

// The supervisor moves this process into the cell's cgroup while Python starts
// and then writes a byte: nothing of the case's runs, and nothing forks, before
// the whole tree to be is inside. An end of file (the supervisor died) also goes on.
void wait_until_contained(int fd) {
  if (fd < 0) return;
  char byte;
  while (read(fd, &byte, 1) < 0 && errno == EINTR) {
  }
  close(fd);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || std::strcmp(argv[1], kOwnFlag) != 0) return act_as_python(argc, argv);

  CellArgs args;
  if (!parse_cell_args(argc, argv, args)) return kUsageError;
  const std::string executable =
      args.exe_mode == "python" ? args.python_exe : own_executable();
  if (!initialize(args, executable)) return kBootError;
  switch (boot(args)) {
    case 1:
      wait_until_contained(args.ready_fd);
      return run_main(args);
    case 0:
      Py_FinalizeEx();
      return 0;  // unsupported: the channel says so
    default:
      Py_FinalizeEx();
      return kBootError;
  }
}
