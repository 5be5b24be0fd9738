//! Checks of manifests against what a Kubernetes API server accepts: JSON
//! schemas (built-in and from CRDs), removed and deprecated API versions,
//! and the server-side rules that schemas cannot express.

pub mod bundle;
pub mod crd;
pub mod schema;

use std::fmt;

pub mod api;
pub mod server;

/// A Kubernetes minor version such as 1.31, the unit schemas and API
/// removals are keyed by (patch versions do not change either).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct KubeMinor {
    /// Always 1 today.
    pub major: u32,
    /// The minor version.
    pub minor: u32,
}

impl KubeMinor {
    /// `1.31`, `v1.31`, `1.31.2` or `v1.31.2-gke.100`: the patch and any
    /// suffix are ignored.
    pub fn parse(text: &str) -> Option<KubeMinor> {
        let text = text.trim();
        let text = text.strip_prefix('v').unwrap_or(text);
        let mut parts = text.splitn(3, '.');
        let major = parts.next()?.parse().ok()?;
        let minor_text = parts.next()?;
        let digits: &str = &minor_text[..minor_text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(minor_text.len())];
        let minor = digits.parse().ok()?;
        Some(KubeMinor { major, minor })
    }

    /// The minor version `1.NN`.
    pub const fn new(minor: u32) -> KubeMinor {
        KubeMinor { major: 1, minor }
    }
}

impl fmt::Display for KubeMinor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}", self.major, self.minor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_kube_versions() {
        assert_eq!(KubeMinor::parse("1.31"), Some(KubeMinor::new(31)));
        assert_eq!(KubeMinor::parse("v1.30.2"), Some(KubeMinor::new(30)));
        assert_eq!(KubeMinor::parse("1.29+"), Some(KubeMinor::new(29)));
        assert_eq!(KubeMinor::parse("v1.28.3-gke.1"), Some(KubeMinor::new(28)));
        assert_eq!(KubeMinor::parse("1"), None);
        assert_eq!(KubeMinor::parse("x.y"), None);
        assert_eq!(KubeMinor::new(37).to_string(), "1.37");
        assert!(KubeMinor::new(30) < KubeMinor::new(37));
    }
}
