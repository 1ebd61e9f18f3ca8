# One CTest test per conformance cell (case x method x interpreter), labelled with
# the method, the interpreter and the case, so `ctest -L spawn`, `ctest -R nested`
# and `ctest --repeat until-fail:50 -R fork-with-held-lock` work as users expect.
# Each test is `mpconform run` narrowed to its one cell: it fails when the cell FAILs.
file(GLOB_RECURSE mpconform_case_files CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/cases/*.py")
# By default the cells of the system interpreter only: the other interpreters'
# cells run in the whole-matrix integration tests (independent_check runs every
# cell of every interpreter), and 11 interpreters' worth of one-cell tests would
# double CI's time. -DMPCONFORM_CTEST_ALL_PYTHONS=ON registers them all.
option(MPCONFORM_CTEST_ALL_PYTHONS "One CTest test per cell for every interpreter, not just the system one" OFF)
if(MPCONFORM_CTEST_ALL_PYTHONS)
  get_property(mpconform_versions GLOBAL PROPERTY MPCONFORM_RUNNER_VERSIONS)
else()
  get_property(mpconform_versions GLOBAL PROPERTY MPCONFORM_DEFAULT_RUNNER_VERSION)
endif()
foreach(case_file IN LISTS mpconform_case_files)
  get_filename_component(case_id "${case_file}" NAME_WE)
  if(case_id MATCHES "^_")
    continue()
  endif()
  foreach(version IN LISTS mpconform_versions)
    foreach(method fork spawn forkserver default)
      set(name "conformance/${case_id}/${method}/py${version}")
      add_test(NAME "${name}"
               COMMAND mpconform run --quiet --case "${case_id}" --method "${method}"
                       --python "${version}" --jobs 1
                       --report-dir "${PROJECT_BINARY_DIR}/ctest-reports/${case_id}/${method}/py${version}")
      set_tests_properties("${name}" PROPERTIES
        LABELS "conformance;${method};py${version};${case_id}"
        TIMEOUT 120)
    endforeach()
  endforeach()
endforeach()
