#include "runner_build.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <stdexcept>

#include "digest.h"
#include "python_version.h"

namespace mpc {

namespace {

std::string dir_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? "." : slash == 0 ? "/" : path.substr(0, slash);
}

std::string minor_of(const std::string& version) {  // "3.12.1" -> "3.12"
  const auto second_dot = version.find('.', version.find('.') + 1);
  return version.substr(0, second_dot);
}

bool older_than(const std::string& version, int major, int minor) {
  auto v = PythonVersion::Parse(version);
  auto bound = PythonVersion::Parse(std::to_string(major) + "." + std::to_string(minor));
  return !v || !bound || v->compare_on(*bound) < 0;
}

}  // namespace

PythonFacts parse_python_facts(const std::string& text) {
  auto j = nlohmann::json::parse(text, nullptr, false);
  if (!j.is_object() || !j.contains("version") || !j.contains("executable")) {
    std::string got = text.substr(0, 200);
    std::replace(got.begin(), got.end(), '\n', ' ');  // the error stays one line
    throw std::runtime_error("it did not describe itself (it printed: " + got + ")");
  }
  auto s = [&j](const char* key) { return j.value(key, std::string()); };
  return {s("version"), s("executable"), s("prefix"),         s("include_dir"), s("lib_dir"),
          s("ldlibrary"), s("libs"),     s("static_archive"), s("static_libs"), s("loader")};
}

std::vector<std::string> config_script_candidates(const std::string& given_python, const PythonFacts& f) {
  const std::string name = "python" + minor_of(f.version) + "-config";
  std::vector<std::string> out{dir_of(given_python) + "/" + name};
  const std::string beside_binary = dir_of(f.executable) + "/" + name;
  if (beside_binary != out.front()) out.push_back(beside_binary);
  return out;
}

bool links_static_libpython(const PythonFacts& f) { return !f.static_archive.empty() && f.loader.empty(); }

std::string libpython_of(const PythonFacts& f) {
  return links_static_libpython(f) ? f.static_archive : f.lib_dir + "/" + f.ldlibrary;
}

std::string headers_dir(const PythonFacts& f, const ConfigScript* config) {
  if (config)
    for (const auto& word : split_flags(config->includes))
      if (word.rfind("-I", 0) == 0 && word.size() > 2) return word.substr(2);
  return f.include_dir;
}

std::string cannot_embed(const PythonFacts& f, bool has_headers, bool has_libpython) {
  if (older_than(f.version, 3, 6))
    return "Python " + f.version + " (" + f.executable + ") is older than 3.6, the oldest mpconform runs";
  if (has_headers && has_libpython) return "";
  const std::string minor = minor_of(f.version);
  const std::string missing = !has_headers && !has_libpython ? "its headers (Python.h) and libpython" + minor
                              : !has_headers                  ? "its headers (Python.h)"
                                                              : "libpython" + minor;
  // A distribution's interpreter keeps them in a -dev package; any other was
  // installed without them.
  const bool distro = f.executable.rfind("/usr/bin/", 0) == 0;
  return "cannot embed Python " + f.version + " (" + f.executable + "): " + missing + " not installed; " +
         (distro ? "install them with `apt install python" + minor + "-dev`"
                 : "reinstall it with its development files (a shared or static libpython and include/)");
}

std::string no_compiler(const std::string& cxx_env) {
  if (!cxx_env.empty())
    return "cannot build a runner: the C++ compiler CXX=" + cxx_env +
           " is not found; set CXX to a compiler, or unset it and install g++ (`apt install g++`)";
  return "cannot build a runner: no C++ compiler (c++, g++ or clang++ on PATH); install g++ (`apt install g++`) "
         "or set CXX";
}

std::string runner_build_id(const std::string& executable, const std::string& executable_stamp,
                            const std::string& libpython, const std::string& libpython_stamp,
                            const std::string& sources_digest) {
  const char sep = '\0';  // no field can run into the next
  return digest(executable + sep + executable_stamp + sep + libpython + sep + libpython_stamp + sep + sources_digest);
}

std::vector<std::string> split_flags(const std::string& flags) {
  std::vector<std::string> out;
  std::istringstream in(flags);
  for (std::string word; in >> word;)
    if (word != "\\") out.push_back(word);  // Debian's Makefile leaves line-continuation backslashes in MODLIBS
  return out;
}

RunnerCommands runner_commands(const PythonFacts& f, const ConfigScript* config, const std::vector<std::string>& cxx,
                               const std::string& sources_dir, const std::string& work_dir) {
  RunnerCommands c;
  // boot.py as this interpreter's own bytecode, as Runner.cmake's custom command does.
  c.compile_boot = {f.executable,          "-I", "-S", sources_dir + "/compile_boot.py", sources_dir + "/boot.py",
                    sources_dir + "/check_hooks.py", work_dir + "/boot_code.h"};

  std::vector<std::string> includes, ldflags;
  std::string prefix = f.prefix;
  if (config) {
    includes = split_flags(config->includes);
    ldflags = split_flags(config->ldflags);
    if (!config->prefix.empty()) prefix = config->prefix;
  } else {
    // No config script: what it would have said, from sysconfig.
    includes = {"-I" + f.include_dir};
    // A sysroot's pyconfig.h includes its multiarch one from the sysroot's include/,
    // which the system's compiler does not search.
    if (!f.loader.empty()) includes.insert(includes.end(), {"-idirafter", dir_of(f.include_dir)});
    std::string lib = f.ldlibrary;  // libpython3.12.so -> python3.12
    if (lib.rfind("lib", 0) == 0) lib = lib.substr(3);
    lib = lib.substr(0, lib.find(".so"));
    if (lib.size() > 2 && lib.compare(lib.size() - 2, 2, ".a") == 0) lib.resize(lib.size() - 2);
    ldflags = {"-L" + f.lib_dir, "-l" + lib};
    for (auto& w : split_flags(f.libs)) ldflags.push_back(w);
  }
  const bool static_link = links_static_libpython(f);
  if (static_link) {
    // The whole archive, exported, as the interpreter's own link does: extension
    // modules resolve their Py* symbols against the runner, and none may be missing.
    ldflags = {"-Wl,--whole-archive", f.static_archive, "-Wl,--no-whole-archive"};
    for (auto& w : split_flags(f.static_libs)) ldflags.push_back(w);
  }
  if (!f.loader.empty()) {
    // Its libpython needs the sysroot's own glibc: the runner is loaded by the same
    // loader, and the system linker is told not to resolve what only that glibc has.
    bool has_loader = false;
    for (const auto& w : ldflags) has_loader = has_loader || w.find("--dynamic-linker") != std::string::npos;
    if (!has_loader)
      for (const std::string& w : std::vector<std::string>{"-Wl,--allow-shlib-undefined", "-Wl,--disable-new-dtags",
                                                           "-Wl,-rpath," + f.lib_dir, "-Wl,--dynamic-linker=" + f.loader})
        ldflags.push_back(w);
  }

  c.compile = cxx;
  for (const std::string& w : std::vector<std::string>{"-std=c++17", "-O2", "-g", "-DNDEBUG", "-I" + work_dir})
    c.compile.push_back(w);
  for (auto& w : includes) c.compile.push_back(w);
  // The runner lives outside the interpreter's tree: it is told the prefix.
  c.compile.push_back("-DMPCONFORM_PYTHON_HOME=\"" + prefix + "\"");
  c.compile.push_back(sources_dir + "/main.cc");
  c.compile.push_back("-o");
  c.compile.push_back(work_dir + "/runner");
  for (auto& w : ldflags) c.compile.push_back(w);
  // Shared builds load their own libpython, not whichever one the loader finds first.
  c.compile.push_back("-Wl,-rpath," + prefix + "/lib");
  if (static_link) c.compile.push_back("-no-pie");  // such an archive is not built with -fPIC
  return c;
}

}  // namespace mpc
