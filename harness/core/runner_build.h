// Runners built on demand, the recipe: from what an interpreter says about itself
// (harness/runner/describe_python.py) and what its python3.X-config answers, the
// build id a runner is cached under, what stops a build, and the two commands that
// make one, as cmake/Runner.cmake does at configure time. Pure functions: nothing
// here runs a process or reads a file (runner_cache.h does, and drives these).
#pragma once
#include <string>
#include <vector>

namespace mpc {

// describe_python.py's answer.
struct PythonFacts {
  std::string version;         // "3.12.1"
  std::string executable;      // realpath(sys.executable)
  std::string prefix;          // sys.base_prefix
  std::string include_dir;     // INCLUDEPY (moved with the tree when it was relocated)
  std::string lib_dir;         // LIBDIR, likewise
  std::string ldlibrary;       // LDLIBRARY: libpython3.12.so, libpython3.6m.so
  std::string libs;            // LIBS and SYSLIBS
  std::string static_archive;  // the libpython.a the interpreter itself is linked with, if so
  std::string static_libs;     // what linking that archive needs
  std::string loader;          // its own dynamic loader, where it is not the system's
};
// Throws std::runtime_error when `json` is not describe_python.py's answer.
PythonFacts parse_python_facts(const std::string& json);

// The interpreter's python3.X-config, when one was found, and its answers.
struct ConfigScript {
  std::string path;
  std::string includes;  // --includes
  std::string ldflags;   // --ldflags --embed; before 3.8 (no --embed) plain --ldflags
  std::string prefix;    // --prefix
};

// Where python3.X-config may be, first found wins: beside the path the user gave (a
// private sysroot's bin/ holds a wrapper beside its link), then beside the binary.
std::vector<std::string> config_script_candidates(const std::string& given_python, const PythonFacts& f);

// Whether a runner links the archive, like its interpreter (see Runner.cmake for
// why). Not with a loader of its own: that archive was built against another glibc.
bool links_static_libpython(const PythonFacts& f);

// The library a runner links: part of its build id, and required to exist.
std::string libpython_of(const PythonFacts& f);

// The folder that must hold Python.h: the config script's first -I, else INCLUDEPY.
std::string headers_dir(const PythonFacts& f, const ConfigScript* config);

// One line saying why no runner can be built for this interpreter and how to
// fix it, or "" when nothing stops it.
std::string cannot_embed(const PythonFacts& f, bool has_headers, bool has_libpython);
// `cxx_env` is $CXX ("" when unset): named when it is what was not found.
std::string no_compiler(const std::string& cxx_env);

// Identifies one build: the interpreter (path, and size:mtime of its binary and of
// its libpython, which change when it is rebuilt or upgraded in place) and the
// runner's sources and recipe. 16 hex digits.
std::string runner_build_id(const std::string& executable, const std::string& executable_stamp,
                            const std::string& libpython, const std::string& libpython_stamp,
                            const std::string& sources_digest);

struct RunnerCommands {
  std::vector<std::string> compile_boot;  // the interpreter writes <work_dir>/boot_code.h
  std::vector<std::string> compile;       // the compiler makes <work_dir>/runner
};
// `cxx` is the compiler command (e.g. {"g++"} or $CXX split into words),
// `sources_dir` holds main.cc, boot.py, check_hooks.py and compile_boot.py.
RunnerCommands runner_commands(const PythonFacts& f, const ConfigScript* config, const std::vector<std::string>& cxx,
                               const std::string& sources_dir, const std::string& work_dir);

// Splits flags as a shell would for these outputs (words; a lone "\" dropped).
std::vector<std::string> split_flags(const std::string& flags);

}  // namespace mpc
