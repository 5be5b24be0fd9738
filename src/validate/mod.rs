//! Validation of Kubernetes manifests against JSON schemas embedded in the binary
//! (data in `schemas/`) and against CustomResourceDefinitions.

pub mod bundle;
