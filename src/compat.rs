//! Which Helm to imitate where Helm 3.17 and Helm 4.1 differ. A leaf module:
//! every layer that behaves differently per version takes this value.

/// Which Helm's behaviour to follow where Helm 3.17 and Helm 4.1 differ.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Compat {
    /// Helm 3.17.3 (Go 1.23).
    Helm3,
    /// Helm 4.1.4 (Go 1.25), the default.
    #[default]
    Helm4,
}

impl Compat {
    /// The name of Helm's values type (`chartutil.Values`, `common.Values`).
    pub fn values_type(self) -> &'static str {
        match self {
            Compat::Helm3 => "chartutil.Values",
            Compat::Helm4 => "common.Values",
        }
    }

    /// The default `.Capabilities.KubeVersion`.
    pub fn default_kube_version(self) -> &'static str {
        match self {
            Compat::Helm3 => "v1.32.0",
            Compat::Helm4 => "v1.35.0",
        }
    }
}
