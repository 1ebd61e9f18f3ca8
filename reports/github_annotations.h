// `check --github`: the findings (check_findings.h) as GitHub Actions workflow
// commands, `::error file=F,line=L,title=T::MESSAGE` for breaks and `::warning`
// for hazards, so they show on the lines of the user's code in the job and the
// pull request. GitHub shows 10 of each kind per step: the first 10 are printed,
// and a `::notice` says how many more the job summary and check.json hold.
#pragma once
#include <string>
#include <vector>

#include "check_findings.h"

namespace mpc {

constexpr size_t kGitHubAnnotationsShown = 10;  // per kind (error, warning), per step

// One line per annotation, data escaped as the actions toolkit escapes it.
std::string render_github_annotations(const std::vector<Finding>& findings,
                                      size_t per_kind = kGitHubAnnotationsShown);

}  // namespace mpc
