// .Capabilities under `helm template`: the kube version (--kube-version), the API group/versions
// the client knows (plus --api-versions) and Helm's own version.
#pragma once

#include <string>
#include <vector>

#include "render/value.hpp"

namespace render::chart {

struct KubeVersion {
  std::string version;     // as given, "v" prefixed: "v1.29.3-gke.1"
  std::string normalized;  // "v" + numeric components: "v1.29.3"
  std::string major, minor;
};

// Helm's ParseKubeVersion (k8s ParseGeneric): "1.20", "v1.29.3-gke.1+x"; false with Helm's
// reason ("could not parse \"abc\" as version") in `error`.
bool parse_kube_version(const std::string& text, KubeVersion& out, std::string& error);

// The default: v1.35.0 (Helm 4.1.4 is built against client-go v0.35).
KubeVersion default_kube_version();

// The 57 group/versions helm v4.1.4 reports in .Capabilities.APIVersions, in its order.
const std::vector<std::string>& builtin_api_versions();

// The .Capabilities object.
Value capabilities_value(const KubeVersion& kube,
                         const std::vector<std::string>& extra_api_versions);

}  // namespace render::chart
