# `cmake --install` and `cpack -G DEB`: the GNU layout, found from the installed
# binary (harness/cli/paths.cc), so a relocated install works.
#   bin/mpconform
#   libexec/mpconform/runners/   the default interpreter's runner and its manifest
#                                (other runners are built for this machine's own
#                                interpreters and stay in the build tree, or are
#                                built on demand into ~/.cache/mpconform/runners)
#   share/mpconform/cases/       the catalog
#   share/mpconform/fixtures/    what cases import (mpconform_case) and standalone runs use
#   share/mpconform/pyhooks/     the start-up hooks every cell process imports
#   share/mpconform/runner-src/  the runner's source and build recipe, from which a
#                                runner for any other interpreter is built on demand
#                                (harness/core/runner_cache.h)
include(GNUInstallDirs)

install(TARGETS mpconform RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
get_property(default_version GLOBAL PROPERTY MPCONFORM_DEFAULT_RUNNER_VERSION)
install(PROGRAMS "${PROJECT_BINARY_DIR}/runners/mpconform-runner-${default_version}"
        DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/mpconform/runners)
install(FILES "${PROJECT_BINARY_DIR}/runners/${default_version}.json"
        DESTINATION ${CMAKE_INSTALL_LIBEXECDIR}/mpconform/runners)
foreach(dir cases fixtures)
  install(DIRECTORY "${PROJECT_SOURCE_DIR}/${dir}/" DESTINATION ${CMAKE_INSTALL_DATADIR}/mpconform/${dir}
          PATTERN "__pycache__" EXCLUDE)
endforeach()
install(DIRECTORY "${PROJECT_SOURCE_DIR}/harness/pyhooks/" DESTINATION ${CMAKE_INSTALL_DATADIR}/mpconform/pyhooks
        PATTERN "__pycache__" EXCLUDE)
install(FILES "${PROJECT_SOURCE_DIR}/harness/runner/main.cc" "${PROJECT_SOURCE_DIR}/harness/runner/boot.py"
              "${PROJECT_SOURCE_DIR}/harness/runner/check_hooks.py" "${PROJECT_SOURCE_DIR}/harness/runner/compile_boot.py"
              "${PROJECT_SOURCE_DIR}/harness/runner/describe_python.py"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/mpconform/runner-src)
install(FILES "${PROJECT_SOURCE_DIR}/README.md" "${PROJECT_SOURCE_DIR}/reports/results-schema.md"
              "${PROJECT_SOURCE_DIR}/reports/check-schema.md"
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

# The Debian package: mpconform_<version>_amd64.deb. Its dependencies are what the
# installed files need at run time: dpkg-shlibdeps reads them from the binaries
# (libc, libstdc++, and what a libpython linked in needs: zlib, expat), and the
# runner embeds the default interpreter's X.Y, whose standard library and
# extension modules it loads: pythonX.Y itself, not any python3. gdb gives native
# stacks of hung processes: a recommendation, not a dependency.
string(REGEX MATCH "^[0-9]+\\.[0-9]+" default_minor "${default_version}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME mpconform)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "mpconform developers <mpconform@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "conformance suite and checker for the start methods of Python's multiprocessing")
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "python${default_minor}")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gdb")
set(CPACK_DEBIAN_PACKAGE_SECTION devel)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
include(CPack)
