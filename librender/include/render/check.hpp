// Checks over rendered objects: what must hold for every object the repository makes Argo CD
// apply, whatever the templates say (bad-inputs.md rows 23, 30-32, 36).
#pragma once

#include <string>
#include <vector>

#include "render/diagnostic.hpp"
#include "render/diff.hpp"

namespace render::check {

struct Expectations {
  std::string ns;                       // every namespaced object lives here
  bool require_standard_labels = true;  // app.kubernetes.io/{name,instance,part-of,managed-by}
  bool allow_cluster_scoped = false;    // the app chart may not create cluster-scoped objects
};

// Every violation, as E_CHECK diagnostics naming the object and its source:
//  - metadata.name is a DNS-1123 subdomain (a DNS-1035 label for Services, a DNS-1123 label
//    for kinds whose names become labels or hostnames), within the length limits;
//  - the standard labels are present and are valid label values;
//  - namespaced objects are in `ns`; cluster-scoped kinds only when allowed;
//  - (kind, namespace, name) is unique;
//  - workload selectors carry app.kubernetes.io/instance and no two are equal;
//  - no Secret carries literal data;
//  - an AppProject allows no wildcard source repo, destination or cluster resource.
std::vector<Diagnostic> check_objects(const std::vector<diff::Object>& objects,
                                      const Expectations& expectations);

}  // namespace render::check
