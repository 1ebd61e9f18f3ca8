# mpconform_add_runner(<python>): builds `runners/mpconform-runner-X.Y` against the
# given interpreter's libpython, with that interpreter's own `python3.X-config
# --embed` flags, and writes `runners/X.Y.json` so the command finds it at run time.
function(mpconform_query_python python out_version out_full out_exe out_config)
  execute_process(
    COMMAND "${python}" -c "import os,sys; print('%d.%d' % sys.version_info[:2]); print('%d.%d.%d' % sys.version_info[:3]); print(os.path.realpath(sys.executable))"
    OUTPUT_VARIABLE lines RESULT_VARIABLE rc OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "mpconform: cannot run ${python} (${rc})")
  endif()
  string(REPLACE "\n" ";" lines "${lines}")
  list(GET lines 0 short)
  list(GET lines 1 full)
  list(GET lines 2 exe)
  get_filename_component(dir "${exe}" DIRECTORY)
  find_program(config NAMES "python${short}-config" HINTS "${dir}" NO_DEFAULT_PATH NO_CACHE)
  if(NOT config)
    message(FATAL_ERROR "mpconform: python${short}-config not found beside ${exe}; "
                        "install python${short}-dev (ci/setup.sh does)")
  endif()
  set(${out_version} "${short}" PARENT_SCOPE)
  set(${out_full} "${full}" PARENT_SCOPE)
  set(${out_exe} "${exe}" PARENT_SCOPE)
  set(${out_config} "${config}" PARENT_SCOPE)
endfunction()

# DEFAULT marks the interpreter `mpconform run` uses when no --python is given.
function(mpconform_add_runner python)
  cmake_parse_arguments(ARG "DEFAULT" "" "" ${ARGN})
  mpconform_query_python("${python}" short full exe config)
  if(TARGET "mpconform-runner-${short}")
    return()  # the same version named twice (a path and a version, say)
  endif()
  execute_process(COMMAND "${config}" --includes OUTPUT_VARIABLE includes
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${config}" --ldflags --embed OUTPUT_VARIABLE ldflags
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND "${config}" --prefix OUTPUT_VARIABLE prefix
                  OUTPUT_STRIP_TRAILING_WHITESPACE)
  separate_arguments(includes UNIX_COMMAND "${includes}")
  separate_arguments(ldflags UNIX_COMMAND "${ldflags}")

  set(target "mpconform-runner-${short}")
  add_executable(${target} "${PROJECT_SOURCE_DIR}/harness/runner/main.cc")
  target_compile_options(${target} PRIVATE ${includes})
  target_include_directories(${target} PRIVATE "${PROJECT_BINARY_DIR}/generated")
  # rpath to the interpreter's libdir, so pyenv-style shared builds load their own
  # libpython rather than whichever one the loader finds first.
  target_link_libraries(${target} PRIVATE ${ldflags} "-Wl,-rpath,${prefix}/lib")
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY "${PROJECT_BINARY_DIR}/runners")
  add_dependencies(${target} mpconform_boot_py)

  if(ARG_DEFAULT)
    set(is_default true)
  else()
    set(is_default false)
  endif()
  file(WRITE "${PROJECT_BINARY_DIR}/runners/${short}.json"
       "{\"version\": \"${full}\", \"executable\": \"${exe}\", "
       "\"runner\": \"${PROJECT_BINARY_DIR}/runners/${target}\", \"default\": ${is_default}}\n")
  set_property(GLOBAL APPEND PROPERTY MPCONFORM_RUNNERS ${target})
  set_property(GLOBAL APPEND PROPERTY MPCONFORM_RUNNER_VERSIONS ${short})
endfunction()
