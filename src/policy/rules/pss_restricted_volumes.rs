//! # pss/restrictedVolumes (restricted, policy 1.0+)
//!
//! ## What it does
//! At restricted level, allows only these pod volume types: `configMap`,
//! `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`,
//! `persistentVolumeClaim`, `projected`, `secret`. Any other (`hostPath`,
//! `nfs`, `iscsi`, `gitRepo`, ... or an unknown type) is flagged. It
//! replaces `pss/hostPathVolumes` at restricted level.
//!
//! ## Why is this bad?
//! Inline volume sources reach storage or the node directly, bypassing the
//! PersistentVolume layer cluster admins control.
//!
//! ## How to fix
//! Use a PersistentVolumeClaim (or a CSI ephemeral volume).
use super::*;

pub(crate) static RULE: RuleDef = RuleDef {
    id: "pss/restrictedVolumes",
    severity: Severity::Warning,
    summary: "Pods may only use configMap, csi, downwardAPI, emptyDir, ephemeral, image, PVC, projected and secret volumes",
    source: include_str!("pss_restricted_volumes.rs"),
    compliant: COMPLIANT,
    failing: pod_yaml!(
        "  containers:\n    - name: app\n      image: nginx:1.27\n  volumes:\n    - name: data\n      nfs:\n        server: nfs.example.com\n        path: /export\n"
    ),
    pss: pss(PssLevel::Restricted, 0, Some("pss/hostPathVolumes")),
    enabled: true,
    check,
};

const ALLOWED: &[&str] = &[
    "configMap",
    "csi",
    "downwardAPI",
    "emptyDir",
    "ephemeral",
    "image",
    "persistentVolumeClaim",
    "projected",
    "secret",
];

/// The restricted types in the order the admission code tests them.
const RESTRICTED: &[&str] = &[
    "hostPath",
    "gcePersistentDisk",
    "awsElasticBlockStore",
    "gitRepo",
    "nfs",
    "iscsi",
    "glusterfs",
    "rbd",
    "flexVolume",
    "cinder",
    "cephfs",
    "flocker",
    "fc",
    "azureFile",
    "vsphereVolume",
    "quobyte",
    "azureDisk",
    "photonPersistentDisk",
    "portworxVolume",
    "scaleIO",
    "storageos",
];

fn check(ctx: &Ctx<'_>) -> Vec<Hit> {
    let Some(pod) = &ctx.pod else {
        return Vec::new();
    };
    let Some(volumes) = pod.get(&["volumes"]).and_then(Value::as_array) else {
        return Vec::new();
    };
    let present = |v: &Value, key: &str| v.get(key).is_some_and(|x| !x.is_null());
    let mut hits = Vec::new();
    for (i, v) in volumes.iter().enumerate() {
        if ALLOWED.iter().any(|k| present(v, k)) {
            continue;
        }
        let name = v.get("name").and_then(Value::as_str).unwrap_or("");
        let index = i.to_string();
        let (ptr, kind) = match RESTRICTED.iter().find(|k| present(v, k)) {
            Some(kind) => (pod.ptr(&["volumes", &index, kind]), *kind),
            None => (pod.ptr(&["volumes", &index]), "unknown"),
        };
        hits.push(hit(
            ptr,
            format!(
                "volume {} uses restricted volume type {}",
                quote(name),
                quote(kind)
            ),
        ));
    }
    hits
}
