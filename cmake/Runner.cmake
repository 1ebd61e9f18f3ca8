# Runners: one executable per interpreter, built against that interpreter's own
# libpython with its own `python3.X-config` flags. Which interpreters get one is
# decided here, at configure time (the list is small and building all of them takes
# seconds; a configure-time list keeps `mpconform` free of a compiler at run time).
# Each runner is described by runners/<version>.json; interpreters that cannot be
# used are listed with the reason in runners/unusable.json.

# Sets <out_reason> to "" and fills the others when `python` can embed, else says why.
function(mpconform_query_python python out_reason out_full out_exe out_config)
  set(${out_reason} "" PARENT_SCOPE)
  execute_process(
    COMMAND "${python}" -c "import os,sys; print('%d.%d' % sys.version_info[:2]); print('%d.%d.%d' % sys.version_info[:3]); print(os.path.realpath(sys.executable))"
    OUTPUT_VARIABLE lines RESULT_VARIABLE rc ERROR_VARIABLE err
    OUTPUT_STRIP_TRAILING_WHITESPACE TIMEOUT 30)
  if(NOT rc EQUAL 0)
    string(STRIP "${err}" err)
    set(${out_reason} "does not run (${rc}): ${err}" PARENT_SCOPE)
    return()
  endif()
  string(REPLACE "\n" ";" lines "${lines}")
  list(GET lines 0 short)
  list(GET lines 1 full)
  list(GET lines 2 exe)
  set(${out_full} "${full}" PARENT_SCOPE)
  set(${out_exe} "${exe}" PARENT_SCOPE)
  if(short VERSION_LESS 3.6)
    set(${out_reason} "Python ${full} is older than 3.6" PARENT_SCOPE)
    return()
  endif()
  # The config script sits beside the interpreter, or beside the link to it (a
  # private sysroot's bin/ holds the link and the script, the binary lives inside).
  get_filename_component(dir "${exe}" DIRECTORY)
  get_filename_component(given_dir "${python}" DIRECTORY)
  find_program(config NAMES "python${short}-config" HINTS "${dir}" "${given_dir}" NO_DEFAULT_PATH NO_CACHE)
  if(NOT config)
    set(${out_reason} "python${short}-config not found beside ${exe} (install python${short}-dev)" PARENT_SCOPE)
    return()
  endif()
  set(${out_config} "${config}" PARENT_SCOPE)
endfunction()

# Sets <out_archive> to the interpreter's static libpython when its own executable
# is linked with it (Debian's /usr/bin/python3.X is; pyenv's shared builds are
# not), and <out_flags> to what linking it needs. A runner linked like its
# interpreter runs the case's Python code as fast as `python case.py` does: through
# a shared libpython every process of a cell ran about 15% more instructions (PIC
# code, calls through the PLT) and spent longer in the dynamic loader. Empty when
# the interpreter uses a shared libpython or ships no archive (Debian's sid builds):
# the runner then links the shared library, as before.
function(mpconform_static_libpython python out_archive out_flags)
  set(${out_archive} "" PARENT_SCOPE)
  execute_process(
    COMMAND "${python}" -c [=[
import os, sysconfig
v = sysconfig.get_config_var
archive = os.path.join(v("LIBPL") or "", v("LIBRARY") or "")
try:
    with open("/proc/self/maps") as maps:
        shared = any("libpython" in line for line in maps)
except OSError:
    shared = True  # cannot tell: keep the shared library
if not shared and os.path.isfile(archive):
    print(archive)
    print(" ".join(v(k) or "" for k in ("LINKFORSHARED", "MODLIBS", "LIBS", "SYSLIBS")))
]=]
    OUTPUT_VARIABLE lines RESULT_VARIABLE rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE TIMEOUT 30)
  if(NOT rc EQUAL 0 OR lines STREQUAL "")
    return()
  endif()
  string(REPLACE "\n" ";" lines "${lines}")
  list(GET lines 0 archive)
  list(LENGTH lines n)
  set(flags "")
  if(n GREATER 1)
    list(GET lines 1 flags)
  endif()
  set(${out_archive} "${archive}" PARENT_SCOPE)
  set(${out_flags} "${flags}" PARENT_SCOPE)
endfunction()

# mpconform_add_runner(<python> [DEFAULT]): DEFAULT marks the interpreter
# `mpconform run` uses when no --python is given; it must be usable.
function(mpconform_add_runner python)
  cmake_parse_arguments(ARG "DEFAULT" "" "" ${ARGN})
  mpconform_query_python("${python}" reason full exe config)
  get_property(seen GLOBAL PROPERTY MPCONFORM_RUNNER_EXECUTABLES)
  if(exe AND exe IN_LIST seen)
    return()  # the same interpreter reached by two names
  endif()
  if(reason)
    if(ARG_DEFAULT)
      message(FATAL_ERROR "mpconform: the default interpreter ${python} ${reason}")
    endif()
    message(STATUS "mpconform: no runner for ${python}: ${reason}")
    set_property(GLOBAL APPEND PROPERTY MPCONFORM_UNUSABLE "{\"python\": \"${python}\", \"reason\": \"${reason}\"}")
    return()
  endif()
  set_property(GLOBAL APPEND PROPERTY MPCONFORM_RUNNER_EXECUTABLES "${exe}")

  execute_process(COMMAND "${config}" --includes OUTPUT_VARIABLE includes
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  # --embed (3.8+) adds -lpythonX.Y; before 3.8 plain --ldflags already has it.
  execute_process(COMMAND "${config}" --ldflags --embed OUTPUT_VARIABLE ldflags
                  RESULT_VARIABLE embed_rc ERROR_QUIET OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT embed_rc EQUAL 0)
    execute_process(COMMAND "${config}" --ldflags OUTPUT_VARIABLE ldflags
                    OUTPUT_STRIP_TRAILING_WHITESPACE)
  endif()
  execute_process(COMMAND "${config}" --prefix OUTPUT_VARIABLE prefix
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  separate_arguments(includes UNIX_COMMAND "${includes}")
  separate_arguments(ldflags UNIX_COMMAND "${ldflags}")
  mpconform_static_libpython("${python}" archive static_flags)
  set(link_mode shared)
  if(archive)
    # The whole archive, exported, as the interpreter's own link does: extension
    # modules resolve their Py* symbols against the runner, and none may be missing.
    separate_arguments(static_flags UNIX_COMMAND "${static_flags}")
    set(ldflags -Wl,--whole-archive "${archive}" -Wl,--no-whole-archive ${static_flags})
    set(link_mode static)
  endif()

  # Two interpreters may share a version (Debian's 3.11.2 and a build of it).
  set(name "${full}")
  if(TARGET "mpconform-runner-${name}")
    string(MD5 hash "${exe}")
    string(SUBSTRING "${hash}" 0 6 hash)
    set(name "${full}-${hash}")
  endif()
  set(target "mpconform-runner-${name}")
  add_executable(${target} "${PROJECT_SOURCE_DIR}/harness/runner/main.cc")
  target_compile_options(${target} PRIVATE ${includes})
  # boot.py as this interpreter's own bytecode: compiled once here, not at each cell.
  set(boot_dir "${PROJECT_BINARY_DIR}/generated/${target}")
  add_custom_command(
    OUTPUT "${boot_dir}/boot_code.h"
    COMMAND ${CMAKE_COMMAND} -E make_directory "${boot_dir}"
    COMMAND "${exe}" -I -S "${PROJECT_SOURCE_DIR}/harness/runner/compile_boot.py"
            "${PROJECT_SOURCE_DIR}/harness/runner/boot.py" "${PROJECT_SOURCE_DIR}/harness/runner/check_hooks.py"
            "${boot_dir}/boot_code.h"
    DEPENDS "${PROJECT_SOURCE_DIR}/harness/runner/boot.py" "${PROJECT_SOURCE_DIR}/harness/runner/check_hooks.py"
            "${PROJECT_SOURCE_DIR}/harness/runner/compile_boot.py"
    VERBATIM)
  target_sources(${target} PRIVATE "${boot_dir}/boot_code.h")
  target_include_directories(${target} PRIVATE "${boot_dir}")
  # The runner lives outside the interpreter's tree, so it cannot find the standard
  # library from its own path: it is told the interpreter's prefix.
  target_compile_definitions(${target} PRIVATE MPCONFORM_PYTHON_HOME="${prefix}")
  # rpath to the interpreter's libdir, so pyenv-style shared builds load their own
  # libpython rather than whichever one the loader finds first.
  target_link_libraries(${target} PRIVATE ${ldflags} "-Wl,-rpath,${prefix}/lib")
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/runners")
  if(link_mode STREQUAL "static")
    # Such an archive is built without -fPIC, and so is the interpreter linked with it.
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE OFF)
    target_link_options(${target} PRIVATE -no-pie)
  endif()
  message(STATUS "mpconform: runner for ${exe} (${full}), ${link_mode} libpython")

  if(ARG_DEFAULT)
    set(is_default true)
    set_property(GLOBAL PROPERTY MPCONFORM_DEFAULT_RUNNER_VERSION ${full})
  else()
    set(is_default false)
  endif()
  file(WRITE "${PROJECT_BINARY_DIR}/runners/${name}.json"
       "{\"version\": \"${full}\", \"executable\": \"${exe}\", "
       "\"runner\": \"${PROJECT_BINARY_DIR}/runners/${target}\", \"default\": ${is_default}}\n")
  set_property(GLOBAL APPEND PROPERTY MPCONFORM_RUNNERS ${target})
  set_property(GLOBAL APPEND PROPERTY MPCONFORM_RUNNER_VERSIONS ${full})
endfunction()

# Interpreters found on this machine, besides the default: python3.X on PATH,
# pyenv's versions, and Debian's sid builds from shared/tools/debian-sid-pythons.sh.
function(mpconform_discover_pythons out)
  set(found "")
  string(REPLACE ":" ";" path_dirs "$ENV{PATH}")
  foreach(dir IN LISTS path_dirs)
    if(dir MATCHES "pyenv/shims")
      continue()  # shims point into pyenv's versions, searched below
    endif()
    file(GLOB candidates "${dir}/python3.[0-9]" "${dir}/python3.[0-9][0-9]")
    list(APPEND found ${candidates})
  endforeach()
  set(pyenv_root "$ENV{PYENV_ROOT}")
  if(NOT pyenv_root)
    set(pyenv_root "$ENV{HOME}/.pyenv")
  endif()
  file(GLOB pyenv_pythons "${pyenv_root}/versions/3.*/bin/python3")
  list(APPEND found ${pyenv_pythons})
  set(sid_root "$ENV{XDG_CACHE_HOME}")
  if(NOT sid_root)
    set(sid_root "$ENV{HOME}/.cache")
  endif()
  file(GLOB sid_pythons "${sid_root}/debian-sid-pythons/bin/python3.[0-9][0-9]")
  list(APPEND found ${sid_pythons})
  list(SORT found)
  set(${out} "${found}" PARENT_SCOPE)
endfunction()
