# Tests of the report writers (reports/). Included from tests/CMakeLists.txt.
include(GoogleTest)

add_executable(reports_test
  ${CMAKE_CURRENT_LIST_DIR}/reports_junit_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_summary_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_terminal_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_text_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_check_terminal_test.cc
)
target_link_libraries(reports_test PRIVATE mpconform_reports GTest::gtest_main)
gtest_discover_tests(reports_test PROPERTIES LABELS unit)

# report.html (issue 6).
target_sources(reports_test PRIVATE ${CMAKE_CURRENT_LIST_DIR}/reports_html_test.cc)

# check's outputs for CI (check --github, --sarif): findings, annotations and
# their escaping, the job summary and its cap, SARIF.
target_sources(reports_test PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/reports_workflow_escape_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_github_annotations_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_check_job_summary_test.cc
  ${CMAKE_CURRENT_LIST_DIR}/reports_sarif_test.cc)
