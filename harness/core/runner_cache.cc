#include "runner_cache.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

#include "digest.h"
#include "runner_build.h"

extern char** environ;
namespace fs = std::filesystem;

namespace mpc {
namespace {

// Bumped when runner_commands() changes what it builds, so old cache entries are
// not taken for new ones.
constexpr const char* kRecipeRevision = "1";

// "size:mtime_ns", or "" for a file that is not there.
std::string stamp(const std::string& path) {
  struct stat st {};
  if (path.empty() || stat(path.c_str(), &st) != 0) return "";
  return std::to_string(st.st_size) + ":" + std::to_string(st.st_mtim.tv_sec) + "." +
         std::to_string(st.st_mtim.tv_nsec);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string sources_digest(const RunnerCache& cache) {
  std::string all = std::string(kRecipeRevision) + '\0' + cache.tool_version;
  for (const char* name : {"main.cc", "boot.py", "check_hooks.py", "compile_boot.py", "describe_python.py"}) {
    const std::string path = cache.sources_dir + "/" + name;
    if (!fs::is_regular_file(path))
      throw std::runtime_error("cannot build a runner: its source " + path + " is missing (a broken install?)");
    all += '\0' + read_file(path);
  }
  return digest(all);
}

// Runs argv; its stdout goes to `out` when given, else with its stderr to `log_fd`
// (-1: /dev/null). The exit status, or -1 when it could not be started.
int run(const std::vector<std::string>& argv, std::string* out, int log_fd) {
  int pipe_fds[2] = {-1, -1};
  if (out && pipe2(pipe_fds, O_CLOEXEC) != 0) return -1;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  if (out) posix_spawn_file_actions_adddup2(&actions, pipe_fds[1], 1);
  if (log_fd >= 0) {
    if (!out) posix_spawn_file_actions_adddup2(&actions, log_fd, 1);
    posix_spawn_file_actions_adddup2(&actions, log_fd, 2);
  } else {
    if (!out) posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  const int rc = posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (out) {
    close(pipe_fds[1]);
    char buf[4096];
    for (ssize_t n; (n = read(pipe_fds[0], buf, sizeof buf)) != 0;) {
      if (n < 0 && errno == EINTR) continue;
      if (n < 0) break;
      out->append(buf, n);
    }
    close(pipe_fds[0]);
  }
  if (rc != 0) return -1;
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// The last non-empty line of the first 4 KiB written to `fd` (a temporary file).
std::string last_line(int fd) {
  char buf[4096];
  const ssize_t n = fd >= 0 && lseek(fd, 0, SEEK_SET) == 0 ? read(fd, buf, sizeof buf) : 0;
  std::istringstream lines(std::string(buf, n > 0 ? n : 0));
  std::string last;
  for (std::string line; std::getline(lines, line);)
    if (!line.empty()) last = line;
  return last;
}

bool is_program(const std::string& path) { return access(path.c_str(), X_OK) == 0 && !fs::is_directory(path); }

// `name` as execvp would find it, or "".
std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return is_program(name) ? name : "";
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/bin:/bin");
  for (std::string dir; std::getline(dirs, dir, ':');)
    if (!dir.empty() && is_program(dir + "/" + name)) return dir + "/" + name;
  return "";
}

// $CXX (as words: "ccache g++" works) when set, else the usual names.
std::vector<std::string> find_compiler() {
  const char* env = std::getenv("CXX");
  if (env && *env) {
    auto words = split_flags(env);
    if (words.empty() || find_program(words[0]).empty()) throw std::runtime_error(no_compiler(env));
    return words;
  }
  for (const char* name : {"c++", "g++", "clang++"})
    if (!find_program(name).empty()) return {name};
  throw std::runtime_error(no_compiler(""));
}

ConfigScript* query_config(const std::string& python, const PythonFacts& f, ConfigScript& c) {
  for (const auto& candidate : config_script_candidates(python, f)) {
    if (!is_program(candidate)) continue;
    c.path = candidate;
    run({candidate, "--includes"}, &c.includes, -1);
    // --embed (3.8+) adds -lpythonX.Y; before 3.8 it is refused, and plain --ldflags has it.
    if (run({candidate, "--ldflags", "--embed"}, &c.ldflags, -1) != 0) {
      c.ldflags.clear();
      run({candidate, "--ldflags"}, &c.ldflags, -1);
    }
    run({candidate, "--prefix"}, &c.prefix, -1);
    c.includes = trimmed(c.includes);
    c.ldflags = trimmed(c.ldflags);
    c.prefix = trimmed(c.prefix);
    return &c;
  }
  return nullptr;
}

// The cached runner for the interpreter whose binary is `executable`, when it was
// built from these sources against the libpython that is there now.
std::optional<Interpreter> lookup(const RunnerCache& cache, const std::string& executable, const std::string& sources) {
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(cache.dir, ec)) {
    if (entry.path().extension() != ".json") continue;
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || j.value("executable", "") != executable) continue;
    const std::string libpython = j.value("libpython", "");
    const std::string id = runner_build_id(executable, stamp(executable), libpython, stamp(libpython), sources);
    const std::string runner = j.value("runner", "");
    if (j.value("build_id", "") == id && is_program(runner))
      return Interpreter{j.value("version", ""), executable, runner, false};
  }
  return std::nullopt;
}

// Older builds for the same interpreter (it was upgraded in place, or mpconform
// was), once a day old: another mpconform (another checkout, sharing this cache)
// may be running cells with one right now, or still use it.
void remove_stale(const RunnerCache& cache, const std::string& executable, const std::string& keep_id) {
  std::error_code ec;
  const auto day_ago = fs::file_time_type::clock::now() - std::chrono::hours(24);
  for (const auto& entry : fs::directory_iterator(cache.dir, ec)) {
    if (entry.path().extension() != ".json" || entry.last_write_time(ec) > day_ago) continue;
    std::ifstream in(entry.path());
    auto j = nlohmann::json::parse(in, nullptr, false);
    if (!j.is_object() || j.value("executable", "") != executable || j.value("build_id", "") == keep_id) continue;
    fs::remove(entry.path(), ec);  // the manifest first: a runner is never described without its file
    fs::remove(j.value("runner", ""), ec);
    // Its lock too: one waited on now only makes two builds at once, which the
    // renames make safe.
    fs::remove(fs::path(entry.path()).replace_extension(".lock"), ec);
  }
}

// An exclusive lock on a file in the cache, released when it goes out of scope:
// a second mpconform building the same runner waits, then finds it built.
struct FileLock {
  int fd;
  explicit FileLock(const std::string& path) : fd(open(path.c_str(), O_CREAT | O_RDWR | O_CLOEXEC, 0644)) {
    if (fd < 0) throw std::runtime_error("cannot build a runner: cannot create " + path);
    while (flock(fd, LOCK_EX) != 0 && errno == EINTR) {
    }
  }
  ~FileLock() { close(fd); }
};

// Build folders left by an mpconform that was killed mid-build (an hour is far
// longer than any build takes, so none of them is still in use).
void remove_abandoned_builds(const RunnerCache& cache) {
  std::error_code ec;
  const auto hour_ago = fs::file_time_type::clock::now() - std::chrono::hours(1);
  for (const auto& entry : fs::directory_iterator(cache.dir, ec))
    if (entry.path().filename().string().rfind(".build-", 0) == 0 && entry.last_write_time(ec) < hour_ago)
      fs::remove_all(entry.path(), ec);
}

// Builds in a fresh folder beside the cache's entries (same file system, so the
// renames are atomic), then moves the runner in, then its manifest.
Interpreter build(const RunnerCache& cache, const std::string& python, const PythonFacts& f,
                  const ConfigScript* config, const std::vector<std::string>& cxx, const std::string& name,
                  const std::string& id, std::ostream& progress) {
  std::string work = cache.dir + "/.build-XXXXXX";
  if (!mkdtemp(work.data())) throw std::runtime_error("cannot build a runner: cannot create a folder in " + cache.dir);
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  } cleanup{work};
  const std::string log_path = cache.dir + "/" + name + ".log";
  const int log_fd = open(log_path.c_str(), O_CREAT | O_TRUNC | O_WRONLY | O_CLOEXEC, 0644);

  progress << "mpconform: building a runner for Python " << f.version << " (" << f.executable << ") ... "
           << std::flush;
  const auto t0 = std::chrono::steady_clock::now();
  const RunnerCommands commands = runner_commands(f, config, cxx, cache.sources_dir, work);
  std::string failed;
  for (const auto* argv : {&commands.compile_boot, &commands.compile}) {
    if (log_fd >= 0) {
      std::string line;
      for (const auto& a : *argv) line += a + " ";
      line += "\n";
      if (write(log_fd, line.data(), line.size()) < 0) {
      }
    }
    const int rc = run(*argv, nullptr, log_fd);
    if (rc != 0) {
      failed = (argv == &commands.compile ? "compiling it" : "compiling boot.py") +
               std::string(rc < 0 ? " could not start " + argv->front() : " failed (exit " + std::to_string(rc) + ")");
      break;
    }
  }
  if (log_fd >= 0) close(log_fd);
  if (!failed.empty()) {
    progress << "failed" << std::endl;
    throw std::runtime_error("building a runner for Python " + f.version + ": " + failed + "; see " + log_path);
  }

  const std::string runner = cache.dir + "/mpconform-runner-" + name;
  const nlohmann::json manifest = {
      {"version", f.version}, {"executable", f.executable}, {"runner", runner}, {"default", false},
      {"build_id", id},       {"libpython", libpython_of(f)}, {"built_for", python}};
  {
    std::ofstream out(work + "/manifest.json");
    out << manifest.dump() << "\n";
    if (!out) throw std::runtime_error("cannot build a runner: cannot write in " + work);
  }
  if (std::rename((work + "/runner").c_str(), runner.c_str()) != 0 ||
      std::rename((work + "/manifest.json").c_str(), (cache.dir + "/" + name + ".json").c_str()) != 0)
    throw std::runtime_error("cannot build a runner: cannot move it into " + cache.dir);
  std::error_code ec;
  fs::remove(log_path, ec);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  char took[32];
  std::snprintf(took, sizeof took, "%.1f", seconds);
  progress << "done in " << took << " s" << std::endl;
  return Interpreter{f.version, f.executable, runner, false};
}

}  // namespace

Interpreter cached_runner(const RunnerCache& cache, const std::string& python, std::ostream& progress) {
  std::error_code ec;
  const std::string real = fs::canonical(python, ec).string();
  if (ec) throw std::runtime_error("no such interpreter");
  const std::string sources = sources_digest(cache);
  // Found without running the interpreter: a second run costs a directory read.
  if (auto hit = lookup(cache, real, sources)) return *hit;
  const std::vector<std::string> cxx = find_compiler();  // said first: nothing else helps without one

  std::string answer;
  const int err_fd = open("/tmp", O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  const int rc = run({python, "-E", "-s", "-S", cache.sources_dir + "/describe_python.py"}, &answer, err_fd);
  if (rc != 0) {
    const std::string said = last_line(err_fd);  // the exception, or the shell's complaint
    if (err_fd >= 0) close(err_fd);
    throw std::runtime_error(rc < 0 ? "it cannot be started (" + python + " is not a program)"
                                    : "it does not run (" + python + " exited " + std::to_string(rc) +
                                          (said.empty() ? "" : ": " + said) + ")");
  }
  if (err_fd >= 0) close(err_fd);
  const PythonFacts f = parse_python_facts(answer);
  if (std::string why = cannot_embed(f, true, true); !why.empty()) throw std::runtime_error(why);
  if (f.executable != real)  // reached through a shim or wrapper script
    if (auto hit = lookup(cache, f.executable, sources)) return *hit;

  ConfigScript config_answers;
  const ConfigScript* config = query_config(python, f, config_answers);
  // A config script whose answers do not hold up (it needs tools missing from PATH,
  // or belongs to another tree) is ignored: sysconfig's answers are the interpreter's own.
  if (config && !fs::is_regular_file(headers_dir(f, config) + "/Python.h", ec)) config = nullptr;
  const std::string libpython = libpython_of(f);
  const bool has_headers = fs::is_regular_file(headers_dir(f, config) + "/Python.h", ec);
  if (std::string why = cannot_embed(f, has_headers, fs::exists(libpython, ec)); !why.empty())
    throw std::runtime_error(why);

  const std::string id = runner_build_id(f.executable, stamp(f.executable), libpython, stamp(libpython), sources);
  const std::string name = f.version + "-" + id;
  fs::create_directories(cache.dir, ec);
  if (ec) throw std::runtime_error("cannot create the runner cache " + cache.dir + ": " + ec.message());
  FileLock lock(cache.dir + "/" + name + ".lock");
  if (auto hit = lookup(cache, f.executable, sources)) return *hit;  // built meanwhile by another mpconform
  Interpreter built = build(cache, python, f, config, cxx, name, id, progress);
  remove_stale(cache, f.executable, id);
  remove_abandoned_builds(cache);
  return built;
}

}  // namespace mpc
