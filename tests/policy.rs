//! Policy rules over generated workloads: every Pod Security Standards
//! control toggled one field at a time on every workload kind, with the
//! expected check ids and JSON pointers as data; version gating; the
//! examples of every rule; configuration and exemptions.

use serde_json::{Value, json};
use shipshape::diag::{Finding, Severity, pointer_segments};
use shipshape::manifest::{Document, read_stream};
use shipshape::policy::{self, PolicyConfig, PssLevel, PssVersion, RuleOverride};

/// Workload kinds and where each keeps its pod template.
const KINDS: &[(&str, &str, &str)] = &[
    ("v1", "Pod", ""),
    ("apps/v1", "Deployment", "/spec/template"),
    ("apps/v1", "StatefulSet", "/spec/template"),
    ("apps/v1", "DaemonSet", "/spec/template"),
    ("apps/v1", "ReplicaSet", "/spec/template"),
    ("v1", "ReplicationController", "/spec/template"),
    ("batch/v1", "Job", "/spec/template"),
    ("batch/v1", "CronJob", "/spec/jobTemplate/spec/template"),
    ("v1", "PodTemplate", "/template"),
];

/// A pod (metadata and spec) that passes every check at restricted level.
fn restricted_pod() -> Value {
    let sc = json!({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}});
    json!({
        "metadata": {"labels": {"app": "demo"}},
        "spec": {
            "securityContext": {"runAsNonRoot": true, "seccompProfile": {"type": "RuntimeDefault"}},
            "initContainers": [{"name": "init", "image": "busybox:1.36", "securityContext": sc}],
            "containers": [{"name": "app", "image": "nginx:1.27", "securityContext": sc}],
            "volumes": [{"name": "cfg", "configMap": {"name": "cfg"}}]
        }
    })
}

/// Sets (or, for null, removes) the field at `pointer`, creating parents.
fn set(target: &mut Value, pointer: &str, value: Value) {
    let segments = pointer_segments(pointer);
    let Some((last, parents)) = segments.split_last() else {
        *target = value;
        return;
    };
    let is_index = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    let mut node = target;
    for seg in parents {
        if node.is_null() {
            *node = if is_index(seg) { json!([]) } else { json!({}) };
        }
        node = match node {
            Value::Object(m) => m.entry(seg.clone()).or_insert(Value::Null),
            Value::Array(items) => {
                let i: usize = seg.parse().expect("index");
                while items.len() <= i {
                    items.push(Value::Null);
                }
                &mut items[i]
            }
            other => panic!("cannot descend into {other}"),
        };
    }
    if node.is_null() {
        *node = if is_index(last) { json!([]) } else { json!({}) };
    }
    match node {
        Value::Object(m) => {
            if value.is_null() {
                m.shift_remove(last);
            } else {
                m.insert(last.clone(), value);
            }
        }
        Value::Array(items) => {
            let i: usize = last.parse().expect("index");
            while items.len() <= i {
                items.push(Value::Null);
            }
            items[i] = value;
        }
        other => panic!("cannot set in {other}"),
    }
}

/// The workload `kind` around `pod`.
fn wrap(api_version: &str, kind: &str, prefix: &str, pod: &Value) -> Value {
    let mut doc = json!({"apiVersion": api_version, "kind": kind, "metadata": {"name": "demo"}});
    if prefix.is_empty() {
        doc["spec"] = pod["spec"].clone();
        doc["metadata"] = pod["metadata"].clone();
        doc["metadata"]["name"] = json!("demo");
    } else {
        set(&mut doc, prefix, pod.clone());
    }
    doc
}

/// One control toggled: patches to the restricted pod (pointers below the
/// pod: `/spec/...`, `/metadata/...`), and the expected `(check, pointer)`
/// findings at restricted level and the expected errors at baseline level.
struct Row {
    name: &'static str,
    version: &'static str,
    patches: Vec<(&'static str, Value)>,
    restricted: Vec<(&'static str, &'static str)>,
    baseline: Vec<(&'static str, &'static str)>,
}

fn row(
    name: &'static str,
    patches: Vec<(&'static str, Value)>,
    restricted: &[(&'static str, &'static str)],
    baseline: &[(&'static str, &'static str)],
) -> Row {
    Row {
        name,
        version: "latest",
        patches,
        restricted: restricted.to_vec(),
        baseline: baseline.to_vec(),
    }
}

const C: &str = "/spec/containers/0";
const I: &str = "/spec/initContainers/0";

fn controls() -> Vec<Row> {
    let c = |rest: &str| -> &'static str { Box::leak(format!("{C}{rest}").into_boxed_str()) };
    let i = |rest: &str| -> &'static str { Box::leak(format!("{I}{rest}").into_boxed_str()) };
    vec![
        row(
            "hostNetwork",
            vec![("/spec/hostNetwork", json!(true))],
            &[("pss/hostNamespaces", "/spec/hostNetwork")],
            &[("pss/hostNamespaces", "/spec/hostNetwork")],
        ),
        row(
            "hostPID",
            vec![("/spec/hostPID", json!(true))],
            &[("pss/hostNamespaces", "/spec/hostPID")],
            &[("pss/hostNamespaces", "/spec/hostPID")],
        ),
        row(
            "hostIPC",
            vec![("/spec/hostIPC", json!(true))],
            &[("pss/hostNamespaces", "/spec/hostIPC")],
            &[("pss/hostNamespaces", "/spec/hostIPC")],
        ),
        row(
            "hostNetwork false",
            vec![("/spec/hostNetwork", json!(false))],
            &[],
            &[],
        ),
        row(
            "privileged",
            vec![(c("/securityContext/privileged"), json!(true))],
            &[("pss/privileged", c("/securityContext/privileged"))],
            &[("pss/privileged", c("/securityContext/privileged"))],
        ),
        row(
            "privileged init",
            vec![(i("/securityContext/privileged"), json!(true))],
            &[("pss/privileged", i("/securityContext/privileged"))],
            &[("pss/privileged", i("/securityContext/privileged"))],
        ),
        row(
            "privileged false",
            vec![(c("/securityContext/privileged"), json!(false))],
            &[],
            &[],
        ),
        row(
            "add NET_RAW",
            vec![(c("/securityContext/capabilities/add"), json!(["NET_RAW"]))],
            &[(
                "pss/capabilities_restricted",
                c("/securityContext/capabilities/add/0"),
            )],
            &[(
                "pss/capabilities_baseline",
                c("/securityContext/capabilities/add/0"),
            )],
        ),
        row(
            "add NET_BIND_SERVICE",
            vec![(
                c("/securityContext/capabilities/add"),
                json!(["NET_BIND_SERVICE"]),
            )],
            &[],
            &[],
        ),
        row(
            "add CHOWN",
            vec![(c("/securityContext/capabilities/add"), json!(["CHOWN"]))],
            &[(
                "pss/capabilities_restricted",
                c("/securityContext/capabilities/add/0"),
            )],
            &[],
        ),
        row(
            "add CAP_CHOWN",
            vec![(
                i("/securityContext/capabilities/add"),
                json!(["NET_BIND_SERVICE", "CAP_CHOWN"]),
            )],
            &[(
                "pss/capabilities_restricted",
                i("/securityContext/capabilities/add/1"),
            )],
            &[(
                "pss/capabilities_baseline",
                i("/securityContext/capabilities/add/1"),
            )],
        ),
        row(
            "no capabilities",
            vec![(c("/securityContext/capabilities"), Value::Null)],
            &[("pss/capabilities_restricted", C)],
            &[],
        ),
        row(
            "drop not ALL",
            vec![(c("/securityContext/capabilities/drop"), json!(["NET_RAW"]))],
            &[(
                "pss/capabilities_restricted",
                c("/securityContext/capabilities/drop"),
            )],
            &[],
        ),
        row(
            "hostPath volume",
            vec![(
                "/spec/volumes/1",
                json!({"name": "h", "hostPath": {"path": "/"}}),
            )],
            &[("pss/restrictedVolumes", "/spec/volumes/1/hostPath")],
            &[("pss/hostPathVolumes", "/spec/volumes/1/hostPath")],
        ),
        row(
            "nfs volume",
            vec![(
                "/spec/volumes/1",
                json!({"name": "n", "nfs": {"server": "s", "path": "/"}}),
            )],
            &[("pss/restrictedVolumes", "/spec/volumes/1/nfs")],
            &[],
        ),
        row(
            "gitRepo volume",
            vec![(
                "/spec/volumes/0",
                json!({"name": "g", "gitRepo": {"repository": "r"}}),
            )],
            &[("pss/restrictedVolumes", "/spec/volumes/0/gitRepo")],
            &[],
        ),
        row(
            "image volume",
            vec![(
                "/spec/volumes/1",
                json!({"name": "i", "image": {"reference": "x:1"}}),
            )],
            &[],
            &[],
        ),
        row(
            "ephemeral volume",
            vec![("/spec/volumes/1", json!({"name": "e", "ephemeral": {}}))],
            &[],
            &[],
        ),
        row(
            "unknown volume",
            vec![("/spec/volumes/1", json!({"name": "u"}))],
            &[("pss/restrictedVolumes", "/spec/volumes/1")],
            &[],
        ),
        row(
            "hostPort",
            vec![(
                c("/ports"),
                json!([{"containerPort": 80}, {"containerPort": 81, "hostPort": 8081}]),
            )],
            &[("pss/hostPorts", c("/ports/1/hostPort"))],
            &[("pss/hostPorts", c("/ports/1/hostPort"))],
        ),
        row(
            "hostPort 0",
            vec![(c("/ports"), json!([{"containerPort": 80, "hostPort": 0}]))],
            &[],
            &[],
        ),
        row(
            "appArmor pod Unconfined",
            vec![(
                "/spec/securityContext/appArmorProfile",
                json!({"type": "Unconfined"}),
            )],
            &[(
                "pss/appArmorProfile",
                "/spec/securityContext/appArmorProfile/type",
            )],
            &[(
                "pss/appArmorProfile",
                "/spec/securityContext/appArmorProfile/type",
            )],
        ),
        row(
            "appArmor container Unconfined",
            vec![(
                i("/securityContext/appArmorProfile"),
                json!({"type": "Unconfined"}),
            )],
            &[(
                "pss/appArmorProfile",
                i("/securityContext/appArmorProfile/type"),
            )],
            &[(
                "pss/appArmorProfile",
                i("/securityContext/appArmorProfile/type"),
            )],
        ),
        row(
            "appArmor Localhost",
            vec![(
                c("/securityContext/appArmorProfile"),
                json!({"type": "Localhost", "localhostProfile": "p"}),
            )],
            &[],
            &[],
        ),
        row(
            "appArmor annotation unconfined",
            vec![(
                "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app",
                json!("unconfined"),
            )],
            &[(
                "pss/appArmorProfile",
                "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app",
            )],
            &[(
                "pss/appArmorProfile",
                "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app",
            )],
        ),
        row(
            "appArmor annotation runtime/default",
            vec![(
                "/metadata/annotations/container.apparmor.security.beta.kubernetes.io~1app",
                json!("runtime/default"),
            )],
            &[],
            &[],
        ),
        row(
            "seLinux type spc_t",
            vec![(
                "/spec/securityContext/seLinuxOptions",
                json!({"type": "spc_t"}),
            )],
            &[(
                "pss/seLinuxOptions",
                "/spec/securityContext/seLinuxOptions/type",
            )],
            &[(
                "pss/seLinuxOptions",
                "/spec/securityContext/seLinuxOptions/type",
            )],
        ),
        row(
            "seLinux user",
            vec![(
                c("/securityContext/seLinuxOptions"),
                json!({"user": "root", "level": "s0"}),
            )],
            &[(
                "pss/seLinuxOptions",
                c("/securityContext/seLinuxOptions/user"),
            )],
            &[(
                "pss/seLinuxOptions",
                c("/securityContext/seLinuxOptions/user"),
            )],
        ),
        row(
            "seLinux role",
            vec![(
                c("/securityContext/seLinuxOptions"),
                json!({"role": "sysadm_r"}),
            )],
            &[(
                "pss/seLinuxOptions",
                c("/securityContext/seLinuxOptions/role"),
            )],
            &[(
                "pss/seLinuxOptions",
                c("/securityContext/seLinuxOptions/role"),
            )],
        ),
        row(
            "seLinux container_engine_t",
            vec![(
                c("/securityContext/seLinuxOptions"),
                json!({"type": "container_engine_t"}),
            )],
            &[],
            &[],
        ),
        row(
            "procMount Unmasked",
            vec![(c("/securityContext/procMount"), json!("Unmasked"))],
            &[("pss/procMount_restricted", c("/securityContext/procMount"))],
            &[("pss/procMount", c("/securityContext/procMount"))],
        ),
        row(
            "procMount Unmasked userns",
            vec![
                (c("/securityContext/procMount"), json!("Unmasked")),
                ("/spec/hostUsers", json!(false)),
            ],
            &[("pss/procMount_restricted", c("/securityContext/procMount"))],
            &[],
        ),
        row(
            "procMount Default",
            vec![(c("/securityContext/procMount"), json!("Default"))],
            &[],
            &[],
        ),
        row(
            "seccomp pod Unconfined",
            vec![(
                "/spec/securityContext/seccompProfile/type",
                json!("Unconfined"),
            )],
            &[(
                "pss/seccompProfile_restricted",
                "/spec/securityContext/seccompProfile/type",
            )],
            &[(
                "pss/seccompProfile_baseline",
                "/spec/securityContext/seccompProfile/type",
            )],
        ),
        row(
            "seccomp pod unset",
            vec![("/spec/securityContext/seccompProfile", Value::Null)],
            &[
                ("pss/seccompProfile_restricted", I),
                ("pss/seccompProfile_restricted", C),
            ],
            &[],
        ),
        row(
            "seccomp pod unset, containers set",
            vec![
                ("/spec/securityContext/seccompProfile", Value::Null),
                (
                    c("/securityContext/seccompProfile"),
                    json!({"type": "RuntimeDefault"}),
                ),
                (
                    i("/securityContext/seccompProfile"),
                    json!({"type": "Localhost", "localhostProfile": "p.json"}),
                ),
            ],
            &[],
            &[],
        ),
        row(
            "seccomp container Unconfined",
            vec![(
                c("/securityContext/seccompProfile"),
                json!({"type": "Unconfined"}),
            )],
            &[(
                "pss/seccompProfile_restricted",
                c("/securityContext/seccompProfile/type"),
            )],
            &[(
                "pss/seccompProfile_baseline",
                c("/securityContext/seccompProfile/type"),
            )],
        ),
        row(
            "sysctl unsafe",
            vec![(
                "/spec/securityContext/sysctls",
                json!([{"name": "net.ipv4.tcp_syncookies", "value": "1"}, {"name": "kernel.msgmax", "value": "1"}]),
            )],
            &[("pss/sysctls", "/spec/securityContext/sysctls/1/name")],
            &[("pss/sysctls", "/spec/securityContext/sysctls/1/name")],
        ),
        row(
            "sysctl tcp_rmem",
            vec![(
                "/spec/securityContext/sysctls",
                json!([{"name": "net.ipv4.tcp_rmem", "value": "4096 87380 6291456"}]),
            )],
            &[],
            &[],
        ),
        row(
            "windows hostProcess",
            vec![(
                c("/securityContext/windowsOptions"),
                json!({"hostProcess": true}),
            )],
            &[(
                "pss/windowsHostProcess",
                c("/securityContext/windowsOptions/hostProcess"),
            )],
            &[(
                "pss/windowsHostProcess",
                c("/securityContext/windowsOptions/hostProcess"),
            )],
        ),
        row(
            "windows hostProcess pod",
            vec![(
                "/spec/securityContext/windowsOptions",
                json!({"hostProcess": true}),
            )],
            &[(
                "pss/windowsHostProcess",
                "/spec/securityContext/windowsOptions/hostProcess",
            )],
            &[(
                "pss/windowsHostProcess",
                "/spec/securityContext/windowsOptions/hostProcess",
            )],
        ),
        row(
            "liveness probe host",
            vec![(
                c("/livenessProbe"),
                json!({"httpGet": {"host": "10.0.0.1", "port": 80}}),
            )],
            &[(
                "pss/hostProbesAndHostLifecycle",
                c("/livenessProbe/httpGet/host"),
            )],
            &[(
                "pss/hostProbesAndHostLifecycle",
                c("/livenessProbe/httpGet/host"),
            )],
        ),
        row(
            "preStop tcpSocket host",
            vec![(
                c("/lifecycle"),
                json!({"preStop": {"tcpSocket": {"host": "db", "port": 5432}}}),
            )],
            &[(
                "pss/hostProbesAndHostLifecycle",
                c("/lifecycle/preStop/tcpSocket/host"),
            )],
            &[(
                "pss/hostProbesAndHostLifecycle",
                c("/lifecycle/preStop/tcpSocket/host"),
            )],
        ),
        row(
            "probe empty host",
            vec![(
                c("/readinessProbe"),
                json!({"httpGet": {"host": "", "port": 80}}),
            )],
            &[],
            &[],
        ),
        row(
            "allowPrivilegeEscalation true",
            vec![(c("/securityContext/allowPrivilegeEscalation"), json!(true))],
            &[(
                "pss/allowPrivilegeEscalation",
                c("/securityContext/allowPrivilegeEscalation"),
            )],
            &[],
        ),
        row(
            "allowPrivilegeEscalation unset",
            vec![(i("/securityContext/allowPrivilegeEscalation"), Value::Null)],
            &[("pss/allowPrivilegeEscalation", I)],
            &[],
        ),
        row(
            "runAsNonRoot pod false",
            vec![("/spec/securityContext/runAsNonRoot", json!(false))],
            &[("pss/runAsNonRoot", "/spec/securityContext/runAsNonRoot")],
            &[],
        ),
        row(
            "runAsNonRoot unset",
            vec![("/spec/securityContext/runAsNonRoot", Value::Null)],
            &[("pss/runAsNonRoot", I), ("pss/runAsNonRoot", C)],
            &[],
        ),
        row(
            "runAsNonRoot unset, containers set",
            vec![
                ("/spec/securityContext/runAsNonRoot", Value::Null),
                (c("/securityContext/runAsNonRoot"), json!(true)),
                (i("/securityContext/runAsNonRoot"), json!(true)),
            ],
            &[],
            &[],
        ),
        row(
            "runAsNonRoot container false",
            vec![(c("/securityContext/runAsNonRoot"), json!(false))],
            &[("pss/runAsNonRoot", c("/securityContext/runAsNonRoot"))],
            &[],
        ),
        row(
            "runAsNonRoot unset userns",
            vec![
                ("/spec/securityContext/runAsNonRoot", Value::Null),
                ("/spec/hostUsers", json!(false)),
            ],
            &[],
            &[],
        ),
        row(
            "runAsUser 0",
            vec![(c("/securityContext/runAsUser"), json!(0))],
            &[("pss/runAsUser", c("/securityContext/runAsUser"))],
            &[],
        ),
        row(
            "runAsUser 0 pod",
            vec![("/spec/securityContext/runAsUser", json!(0))],
            &[("pss/runAsUser", "/spec/securityContext/runAsUser")],
            &[],
        ),
        row(
            "runAsUser 0 userns",
            vec![
                (c("/securityContext/runAsUser"), json!(0)),
                ("/spec/hostUsers", json!(false)),
            ],
            &[],
            &[],
        ),
        row(
            "runAsUser 1000",
            vec![(c("/securityContext/runAsUser"), json!(1000))],
            &[],
            &[],
        ),
        row(
            "windows pod without restricted fields",
            vec![
                ("/spec/os", json!({"name": "windows"})),
                ("/spec/securityContext/seccompProfile", Value::Null),
                (c("/securityContext"), json!({})),
            ],
            &[],
            &[],
        ),
        row(
            "privileged ephemeral container",
            vec![(
                "/spec/ephemeralContainers/0",
                json!({"name": "debug", "image": "busybox:1.36", "securityContext": {"privileged": true}}),
            )],
            &[
                (
                    "pss/privileged",
                    "/spec/ephemeralContainers/0/securityContext/privileged",
                ),
                (
                    "pss/allowPrivilegeEscalation",
                    "/spec/ephemeralContainers/0",
                ),
                ("pss/capabilities_restricted", "/spec/ephemeralContainers/0"),
            ],
            &[(
                "pss/privileged",
                "/spec/ephemeralContainers/0/securityContext/privileged",
            )],
        ),
    ]
}

/// Controls whose outcome depends on the policy version.
fn gated() -> Vec<Row> {
    let c = |rest: &str| -> &'static str { Box::leak(format!("{C}{rest}").into_boxed_str()) };
    let at = |version: &'static str, mut r: Row| {
        r.version = version;
        r
    };
    let probe = || {
        vec![(
            c("/livenessProbe"),
            json!({"httpGet": {"host": "10.0.0.1", "port": 80}}),
        )]
    };
    let engine = || {
        vec![(
            c("/securityContext/seLinuxOptions"),
            json!({"type": "container_engine_t"}),
        )]
    };
    let sysctl = |name: &str| vec![("/spec/securityContext/sysctls", json!([{"name": name}]))];
    let sysctl_hit = [("pss/sysctls", "/spec/securityContext/sysctls/0/name")];
    let userns_root = || {
        vec![
            (c("/securityContext/runAsUser"), json!(0)),
            ("/spec/hostUsers", json!(false)),
        ]
    };
    let userns_proc = || {
        vec![
            (c("/securityContext/procMount"), json!("Unmasked")),
            ("/spec/hostUsers", json!(false)),
        ]
    };
    let windows_ape = || {
        vec![
            ("/spec/os", json!({"name": "windows"})),
            (c("/securityContext/allowPrivilegeEscalation"), Value::Null),
        ]
    };
    let seccomp_annotation = || {
        vec![(
            "/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod",
            json!("unconfined"),
        )]
    };
    let annotation_ptr = "/metadata/annotations/seccomp.security.alpha.kubernetes.io~1pod";
    vec![
        at("1.33", row("probe host before 1.34", probe(), &[], &[])),
        at(
            "1.34",
            row(
                "probe host at 1.34",
                probe(),
                &[(
                    "pss/hostProbesAndHostLifecycle",
                    c("/livenessProbe/httpGet/host"),
                )],
                &[(
                    "pss/hostProbesAndHostLifecycle",
                    c("/livenessProbe/httpGet/host"),
                )],
            ),
        ),
        at(
            "1.30",
            row(
                "container_engine_t before 1.31",
                engine(),
                &[(
                    "pss/seLinuxOptions",
                    c("/securityContext/seLinuxOptions/type"),
                )],
                &[(
                    "pss/seLinuxOptions",
                    c("/securityContext/seLinuxOptions/type"),
                )],
            ),
        ),
        at(
            "1.31",
            row("container_engine_t at 1.31", engine(), &[], &[]),
        ),
        at(
            "1.26",
            row(
                "ip_local_reserved_ports before 1.27",
                sysctl("net.ipv4.ip_local_reserved_ports"),
                &sysctl_hit,
                &sysctl_hit,
            ),
        ),
        at(
            "1.27",
            row(
                "ip_local_reserved_ports at 1.27",
                sysctl("net.ipv4.ip_local_reserved_ports"),
                &[],
                &[],
            ),
        ),
        at(
            "1.28",
            row(
                "tcp_keepalive_time before 1.29",
                sysctl("net.ipv4.tcp_keepalive_time"),
                &sysctl_hit,
                &sysctl_hit,
            ),
        ),
        at(
            "1.29",
            row(
                "tcp_keepalive_time at 1.29",
                sysctl("net.ipv4.tcp_keepalive_time"),
                &[],
                &[],
            ),
        ),
        at(
            "1.31",
            row(
                "tcp_wmem before 1.32",
                sysctl("net.ipv4.tcp_wmem"),
                &sysctl_hit,
                &sysctl_hit,
            ),
        ),
        at(
            "1.32",
            row("tcp_wmem at 1.32", sysctl("net.ipv4.tcp_wmem"), &[], &[]),
        ),
        at(
            "1.36",
            row(
                "tcp_notsent_lowat before 1.37",
                sysctl("net.ipv4.tcp_notsent_lowat"),
                &sysctl_hit,
                &sysctl_hit,
            ),
        ),
        at(
            "1.37",
            row(
                "tcp_notsent_lowat at 1.37",
                sysctl("net.ipv4.tcp_notsent_lowat"),
                &[],
                &[],
            ),
        ),
        at(
            "1.34",
            row(
                "runAsUser 0 userns before 1.35",
                userns_root(),
                &[("pss/runAsUser", c("/securityContext/runAsUser"))],
                &[],
            ),
        ),
        at(
            "1.35",
            row("runAsUser 0 userns at 1.35", userns_root(), &[], &[]),
        ),
        at(
            "1.22",
            row(
                "runAsUser 0 before 1.23",
                vec![(c("/securityContext/runAsUser"), json!(0))],
                &[],
                &[],
            ),
        ),
        at(
            "1.34",
            row(
                "procMount userns before 1.35",
                userns_proc(),
                &[("pss/procMount", c("/securityContext/procMount"))],
                &[("pss/procMount", c("/securityContext/procMount"))],
            ),
        ),
        at(
            "1.35",
            row(
                "procMount userns at 1.35",
                userns_proc(),
                &[("pss/procMount_restricted", c("/securityContext/procMount"))],
                &[],
            ),
        ),
        at(
            "1.21",
            row(
                "add NET_RAW before 1.22",
                vec![(
                    c("/securityContext/capabilities"),
                    json!({"add": ["NET_RAW"]}),
                )],
                &[(
                    "pss/capabilities_baseline",
                    c("/securityContext/capabilities/add/0"),
                )],
                &[(
                    "pss/capabilities_baseline",
                    c("/securityContext/capabilities/add/0"),
                )],
            ),
        ),
        at(
            "1.21",
            row(
                "no drop ALL before 1.22",
                vec![(c("/securityContext/capabilities"), Value::Null)],
                &[],
                &[],
            ),
        ),
        at(
            "1.24",
            row(
                "windows pod before 1.25",
                windows_ape(),
                &[("pss/allowPrivilegeEscalation", C)],
                &[],
            ),
        ),
        at("1.25", row("windows pod at 1.25", windows_ape(), &[], &[])),
        at(
            "1.7",
            row(
                "allowPrivilegeEscalation before 1.8",
                vec![(c("/securityContext/allowPrivilegeEscalation"), json!(true))],
                &[],
                &[],
            ),
        ),
        at(
            "1.18",
            row(
                "seccomp field before 1.19",
                vec![(
                    "/spec/securityContext/seccompProfile/type",
                    json!("Unconfined"),
                )],
                &[],
                &[],
            ),
        ),
        at(
            "1.18",
            row(
                "seccomp annotation before 1.19",
                seccomp_annotation(),
                &[("pss/seccompProfile_baseline", annotation_ptr)],
                &[("pss/seccompProfile_baseline", annotation_ptr)],
            ),
        ),
        at(
            "1.19",
            row("seccomp annotation at 1.19", seccomp_annotation(), &[], &[]),
        ),
        at(
            "1.2",
            row("old version with restricted pod", vec![], &[], &[]),
        ),
    ]
}

fn config(level: PssLevel, version: &str) -> PolicyConfig {
    PolicyConfig {
        level,
        pss_version: PssVersion::parse(version).expect("version"),
        ..PolicyConfig::default()
    }
}

fn pss_findings(findings: &[Finding]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = findings
        .iter()
        .filter(|f| f.rule.starts_with("pss/"))
        .map(|f| (f.rule.clone(), f.path.clone()))
        .collect();
    out.sort();
    out
}

fn expected(prefix: &str, wanted: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = wanted
        .iter()
        .map(|(id, ptr)| (id.to_string(), format!("{prefix}{ptr}")))
        .collect();
    out.sort();
    out
}

/// Runs `rows` on every workload kind; returns how many manifests ran.
fn run_rows(rows: &[Row]) -> usize {
    let mut count = 0;
    let mut failures = Vec::new();
    for (api_version, kind, prefix) in KINDS {
        for r in rows {
            let mut pod = restricted_pod();
            for (ptr, value) in &r.patches {
                set(&mut pod, ptr, value.clone());
            }
            let docs = [Document::from_value(
                "test.yaml",
                0,
                wrap(api_version, kind, prefix, &pod),
            )];
            count += 1;

            let restricted = policy::check(&docs, &config(PssLevel::Restricted, r.version));
            let got = pss_findings(&restricted);
            let want = expected(prefix, &r.restricted);
            if got != want {
                failures.push(format!(
                    "{kind} / {} @{} restricted:\n  got  {got:?}\n  want {want:?}",
                    r.name, r.version
                ));
            }
            if restricted
                .iter()
                .any(|f| f.rule.starts_with("pss/") && f.severity != Severity::Error)
            {
                failures.push(format!(
                    "{kind} / {}: restricted level must grade every PSS finding an error",
                    r.name
                ));
            }

            let baseline = policy::check(&docs, &config(PssLevel::Baseline, r.version));
            let errors: Vec<Finding> = baseline
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .cloned()
                .collect();
            let got = pss_findings(&errors);
            let want = expected(prefix, &r.baseline);
            if got != want {
                failures.push(format!(
                    "{kind} / {} @{} baseline errors:\n  got  {got:?}\n  want {want:?}",
                    r.name, r.version
                ));
            }
            // Restricted-only violations stay visible as warnings.
            let warnings = baseline
                .iter()
                .filter(|f| f.rule.starts_with("pss/") && f.severity == Severity::Warning)
                .count();
            let restricted_only = r.restricted.len().saturating_sub(r.baseline.len());
            if r.baseline.is_empty() && warnings != restricted_only {
                failures.push(format!(
                    "{kind} / {}: {warnings} warnings at baseline, want {restricted_only}",
                    r.name
                ));
            }

            let none = policy::check(&docs, &config(PssLevel::None, r.version));
            if none.iter().any(|f| f.rule.starts_with("pss/")) {
                failures.push(format!("{kind} / {}: --policy none ran PSS checks", r.name));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    count
}

#[test]
fn every_control_on_every_workload_kind() {
    let rows = controls();
    let n = run_rows(&rows);
    assert_eq!(n, rows.len() * KINDS.len());
    assert!(n >= 400, "only {n} manifests");
}

#[test]
fn version_gating_on_every_workload_kind() {
    let rows = gated();
    let n = run_rows(&rows);
    assert!(n >= 200, "only {n} manifests");
}

#[test]
fn restricted_pod_passes_every_level_and_version() {
    for version in [
        "latest", "1.0", "1.19", "1.25", "1.30", "1.35", "1.37", "1.99",
    ] {
        for (api_version, kind, prefix) in KINDS {
            let docs = [Document::from_value(
                "t",
                0,
                wrap(api_version, kind, prefix, &restricted_pod()),
            )];
            let findings = policy::check(&docs, &config(PssLevel::Restricted, version));
            assert_eq!(pss_findings(&findings), vec![], "{kind} at {version}");
        }
    }
}

/// The pass/fail fixtures of each level: (file, passes baseline, passes
/// restricted, the PSS checks that fire at restricted level).
#[test]
fn level_fixtures() {
    let cases: &[(&str, bool, bool, &[&str])] = &[
        ("restricted.yaml", true, true, &[]),
        (
            "baseline.yaml",
            true,
            false,
            &[
                "pss/allowPrivilegeEscalation",
                "pss/capabilities_restricted",
                "pss/restrictedVolumes",
                "pss/runAsNonRoot",
                "pss/seccompProfile_restricted",
            ],
        ),
        (
            "privileged.yaml",
            false,
            false,
            &[
                "pss/allowPrivilegeEscalation",
                "pss/capabilities_restricted",
                "pss/hostNamespaces",
                "pss/hostPorts",
                "pss/privileged",
                "pss/restrictedVolumes",
                "pss/runAsNonRoot",
                "pss/seccompProfile_restricted",
            ],
        ),
    ];
    for (file, baseline_ok, restricted_ok, fired) in cases {
        let path = format!("{}/tests/data/policy/{file}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).expect("fixture");
        let stream = read_stream(file, &text);
        assert!(stream.errors.is_empty(), "{file}: {:?}", stream.errors);
        let fails = |level| {
            policy::check(&stream.documents, &config(level, "latest"))
                .iter()
                .any(|f| f.rule.starts_with("pss/") && f.fails(Severity::Error))
        };
        assert_eq!(
            !fails(PssLevel::Baseline),
            *baseline_ok,
            "{file} at baseline"
        );
        assert_eq!(
            !fails(PssLevel::Restricted),
            *restricted_ok,
            "{file} at restricted"
        );
        let findings = policy::check(&stream.documents, &config(PssLevel::Restricted, "latest"));
        let mut ids: Vec<&str> = findings
            .iter()
            .map(|f| f.rule.as_str())
            .filter(|r| r.starts_with("pss/"))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids, *fired, "{file}");
    }
}

/// A config with every rule enabled (also those off by default).
fn everything() -> PolicyConfig {
    let mut config = config(PssLevel::Restricted, "latest");
    for rule in policy::rules() {
        config.overrides.insert(
            rule.id.to_string(),
            RuleOverride {
                enabled: Some(true),
                severity: None,
            },
        );
    }
    config
}

#[test]
fn every_rule_has_docs_and_examples_that_behave() {
    let rules = policy::rules();
    assert!(rules.len() >= 35, "{} rules", rules.len());
    for rule in &rules {
        // A baseline check is replaced by its restricted refinement at
        // restricted level: each example runs at its own rule's level.
        // Best practices run alone (PSS off), so one that repeats a PSS
        // check is seen where that check does not run.
        let mut config = everything();
        config.level = rule.pss_level.unwrap_or(PssLevel::None);
        if rule.pss_level.is_none() {
            config.overrides.retain(|id, _| !id.starts_with("pss/"));
        }
        assert!(
            rule.doc.starts_with(&format!("# {}", rule.id)),
            "{}: doc starts {:?}",
            rule.id,
            rule.doc.lines().next()
        );
        assert!(
            rule.doc.contains("## What it does") && rule.doc.contains("## Why is this bad?"),
            "{}",
            rule.id
        );

        let failing = read_stream("failing.yaml", rule.failing);
        assert!(
            failing.errors.is_empty(),
            "{}: {:?}",
            rule.id,
            failing.errors
        );
        let findings = policy::check(&failing.documents, &config);
        assert!(
            findings.iter().any(|f| f.rule == rule.id),
            "{}: failing example passes",
            rule.id
        );

        let compliant = read_stream("compliant.yaml", rule.compliant);
        assert!(
            compliant.errors.is_empty(),
            "{}: {:?}",
            rule.id,
            compliant.errors
        );
        let findings = policy::check(&compliant.documents, &config);
        assert!(
            findings.is_empty(),
            "{}: compliant example fails {findings:#?}",
            rule.id
        );
    }
    let mut ids: Vec<&str> = rules.iter().map(|r| r.id).collect();
    ids.sort_unstable();
    ids.dedup();
    assert_eq!(ids.len(), rules.len(), "duplicate rule ids");
}

#[test]
fn findings_locate_to_the_offending_line() {
    let rule = policy::rule("pss/privileged").expect("rule");
    let stream = read_stream("failing.yaml", rule.failing);
    let findings = policy::check(&stream.documents, &config(PssLevel::Baseline, "latest"));
    let f = findings
        .iter()
        .find(|f| f.rule == "pss/privileged")
        .expect("finding");
    assert_eq!(f.path, "/spec/containers/0/securityContext/privileged");
    assert_eq!(
        f.message,
        "container \"app\" must set securityContext.privileged=false".replace(
            "set securityContext.privileged=false",
            "not set securityContext.privileged=true"
        )
    );
    let line = stream.documents[0].locate(&f.path).line;
    assert_eq!(
        rule.failing.lines().nth(line - 1).map(str::trim),
        Some("privileged: true")
    );
}

const DEPLOYMENT: &str = r#"apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  annotations:
    shipshape.io/ignore: "pss/runAsNonRoot, image-tag"
    shipshape.io/ignore-reason: "legacy image, ticket OPS-12"
spec:
  replicas: 3
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web, tier: front}
      annotations:
        shipshape.io/ignore: "pss/seccompProfile_restricted"
    spec:
      containers:
        - name: app
          image: nginx
"#;

#[test]
fn exemptions_are_reported_with_their_reason() {
    let stream = read_stream("d.yaml", DEPLOYMENT);
    let findings = policy::check(&stream.documents, &PolicyConfig::default());
    let by = |id: &str| findings.iter().filter(|f| f.rule == id).collect::<Vec<_>>();
    let reason = Some("legacy image, ticket OPS-12".to_string());
    for id in [
        "pss/runAsNonRoot",
        "image-tag",
        "pss/seccompProfile_restricted",
    ] {
        let hits = by(id);
        assert!(!hits.is_empty(), "{id} dropped");
        assert!(hits.iter().all(|f| f.exempted == reason), "{id}: {hits:?}");
        assert!(
            hits.iter().all(|f| !f.fails(Severity::Info)),
            "{id} still fails"
        );
    }
    for id in [
        "pss/allowPrivilegeEscalation",
        "pdb-missing",
        "anti-affinity",
        "network-policy",
        "liveness-probe",
    ] {
        let hits = by(id);
        assert!(!hits.is_empty(), "{id} missing");
        assert!(hits.iter().all(|f| f.exempted.is_none()), "{id} exempted");
    }
}

#[test]
fn stream_rules_match_selectors_and_namespaces() {
    let pdb = "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata: {name: web}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchExpressions: [{key: tier, operator: In, values: [front]}]\n";
    let netpol = |ns: &str, selector: &str| {
        format!(
            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {{name: np, namespace: {ns}}}\nspec:\n  podSelector: {selector}\n"
        )
    };
    let cases: Vec<(String, &[&str], &[&str])> = vec![
        (
            DEPLOYMENT.to_string(),
            &["pdb-missing", "network-policy"],
            &[],
        ),
        (
            format!("{DEPLOYMENT}{pdb}"),
            &["network-policy"],
            &["pdb-missing"],
        ),
        (
            format!("{DEPLOYMENT}{}", netpol("other", "{}")),
            &["pdb-missing"],
            &["network-policy"],
        ),
        (
            format!(
                "{DEPLOYMENT}{}",
                netpol("other", "{matchLabels: {app: db}}")
            ),
            &["network-policy"],
            &[],
        ),
        (
            DEPLOYMENT.replace(
                "name: web\n  annotations",
                "name: web\n  namespace: a\n  annotations",
            ) + &netpol("b", "{}"),
            &["network-policy"],
            &[],
        ),
    ];
    for (text, present, absent) in cases {
        let stream = read_stream("s.yaml", &text);
        let findings = policy::check(&stream.documents, &PolicyConfig::default());
        for id in present {
            assert!(
                findings.iter().any(|f| f.rule == *id),
                "{id} missing in\n{text}"
            );
        }
        for id in absent {
            assert!(
                !findings.iter().any(|f| f.rule == *id),
                "{id} present in\n{text}"
            );
        }
    }
}

#[test]
fn overrides_disable_and_regrade() {
    let stream = read_stream("d.yaml", DEPLOYMENT);
    let mut config = PolicyConfig::default();
    config.overrides.insert(
        "pdb-missing".into(),
        RuleOverride {
            enabled: Some(false),
            severity: None,
        },
    );
    config.overrides.insert(
        "pss/*".into(),
        RuleOverride {
            enabled: None,
            severity: Some(Severity::Info),
        },
    );
    config.overrides.insert(
        "image-digest".into(),
        RuleOverride {
            enabled: Some(true),
            severity: Some(Severity::Error),
        },
    );
    let findings = policy::check(&stream.documents, &config);
    assert!(!findings.iter().any(|f| f.rule == "pdb-missing"));
    assert!(
        findings
            .iter()
            .filter(|f| f.rule.starts_with("pss/"))
            .all(|f| f.severity == Severity::Info)
    );
    assert!(
        findings
            .iter()
            .any(|f| f.rule == "image-digest" && f.severity == Severity::Error)
    );
    let defaults = policy::check(&stream.documents, &PolicyConfig::default());
    assert!(
        !defaults.iter().any(|f| f.rule == "image-digest"),
        "image-digest is off by default"
    );
}

#[test]
fn findings_are_deterministic_and_indexed() {
    let mut text = String::new();
    for i in 0..50 {
        text.push_str(&DEPLOYMENT.replace("name: web\n", &format!("name: web{i}\n")));
        text.push_str("---\n");
    }
    let stream = read_stream("many.yaml", &text);
    let a = policy::check(&stream.documents, &PolicyConfig::default());
    let b = policy::check(&stream.documents, &PolicyConfig::default());
    assert_eq!(a, b);
    let indexes: Vec<usize> = a.iter().filter_map(|f| f.resource).collect();
    assert!(indexes.windows(2).all(|w| w[0] <= w[1]));
    assert_eq!(indexes.last(), Some(&49));
}

#[test]
fn garbage_does_not_panic() {
    let docs = [
        json!({"apiVersion": "v1", "kind": "Pod", "spec": {"containers": "x", "volumes": [1, null, {"hostPath": null}], "securityContext": []}}),
        json!({"apiVersion": "apps/v1", "kind": "Deployment", "spec": {"replicas": "3", "template": {"metadata": [], "spec": {"containers": [{"securityContext": {"capabilities": {"add": [1, "NET_RAW"], "drop": "ALL"}}, "ports": [{"hostPort": "80"}], "env": [{"value": 3}]}]}}}}),
        json!({"apiVersion": 7, "kind": "Pod"}),
        json!({"kind": "Service", "apiVersion": "v1", "spec": {"type": ["LoadBalancer"]}}),
    ];
    let docs: Vec<Document> = docs
        .into_iter()
        .enumerate()
        .map(|(i, v)| Document::from_value("g", i, v))
        .collect();
    let _ = policy::check(&docs, &everything());
}

/// `cargo test --release --test policy -- --ignored --nocapture bench`:
/// 5,000 each of Deployments (half compliant, half with a dozen findings),
/// NetworkPolicies, Services and PodDisruptionBudgets, each with its own
/// labels, so selector matching is exercised at stream scale.
#[test]
#[ignore]
fn bench_policy_on_20000_resources() {
    let compliant = policy::rule("pss/privileged").expect("rule").compliant;
    let bare = policy::rule("pdb-missing").expect("rule").failing;
    let mut text = String::new();
    for i in 0..5_000 {
        let app = format!("app: web{i}\n");
        let workload = if i % 2 == 0 { compliant } else { bare };
        // The compliant example carries its NetworkPolicy; the bare one gets one.
        text.push_str(
            &workload
                .replace("app: web\n", &app)
                .replace("name: web\n", &format!("name: web{i}\n")),
        );
        if i % 2 == 1 {
            text.push_str(&format!(
                "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: web{i}\nspec:\n  podSelector:\n    matchLabels:\n      {app}"
            ));
        }
        text.push_str(&format!(
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: web{i}\nspec:\n  selector:\n    {app}  ports:\n    - port: 80\n"
        ));
        text.push_str(&format!(
            "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: web{i}\nspec:\n  maxUnavailable: 1\n  selector:\n    matchLabels:\n      {app}---\n"
        ));
    }
    let start = std::time::Instant::now();
    let stream = read_stream("bench.yaml", &text);
    let parsed = start.elapsed();
    assert!(stream.errors.is_empty(), "{:?}", stream.errors.first());
    assert_eq!(stream.documents.len(), 20_000);
    let config = PolicyConfig::default();
    let start = std::time::Instant::now();
    let findings = policy::check(&stream.documents, &config);
    let elapsed = start.elapsed();
    assert!(
        !findings
            .iter()
            .any(|f| f.rule == "network-policy" || f.rule == "pdb-missing")
    );
    println!(
        "policy check: 20000 resources in {elapsed:?} ({} findings); reading the same stream took {parsed:?}",
        findings.len()
    );
}

/// Fields to set (null removes) on a resource.
type Patches = Vec<(String, Value)>;
/// `(rule, pointer)` findings.
type Expected<'a> = Vec<(&'a str, String)>;

/// Best practices: one field of the compliant Deployment changed at a time,
/// with the expected `(rule, pointer)` findings of the non-PSS rules.
#[test]
fn best_practices_one_field_at_a_time() {
    const T: &str = "/spec/template/spec";
    const K: &str = "/spec/template/spec/containers/0";
    let t = |rest: &str| -> String { format!("{T}{rest}") };
    let k = |rest: &str| -> String { format!("{K}{rest}") };
    let rows: Vec<(&str, Patches, Expected)> = vec![
        (
            "no requests",
            vec![(k("/resources/requests"), Value::Null)],
            vec![("resources-requests", k(""))],
        ),
        (
            "no cpu request",
            vec![(k("/resources/requests/cpu"), Value::Null)],
            vec![("resources-requests", k("/resources/requests"))],
        ),
        (
            "no limits",
            vec![(k("/resources/limits"), Value::Null)],
            vec![("resources-limits", k(""))],
        ),
        (
            "no memory limit",
            vec![(k("/resources/limits/memory"), Value::Null)],
            vec![("resources-limits", k("/resources/limits"))],
        ),
        (
            "no liveness probe",
            vec![(k("/livenessProbe"), Value::Null)],
            vec![("liveness-probe", k(""))],
        ),
        (
            "no readiness probe",
            vec![(k("/readinessProbe"), Value::Null)],
            vec![("readiness-probe", k(""))],
        ),
        (
            "untagged image",
            vec![(k("/image"), json!("nginx"))],
            vec![
                ("image-tag", k("/image")),
                ("image-pull-policy", k("/imagePullPolicy")),
            ],
        ),
        (
            "latest pulled Always",
            vec![
                (k("/image"), json!("nginx:latest")),
                (k("/imagePullPolicy"), json!("Always")),
            ],
            vec![("image-tag", k("/image"))],
        ),
        (
            "tag without digest",
            vec![(k("/image"), json!("registry.example.com/web:1.4.2"))],
            vec![],
        ),
        (
            "pull Never",
            vec![(k("/imagePullPolicy"), json!("Never"))],
            vec![("image-pull-policy", k("/imagePullPolicy"))],
        ),
        (
            "writable root fs",
            vec![(k("/securityContext/readOnlyRootFilesystem"), json!(false))],
            vec![(
                "read-only-root-fs",
                k("/securityContext/readOnlyRootFilesystem"),
            )],
        ),
        (
            "no securityContext",
            vec![(k("/securityContext"), Value::Null)],
            vec![
                ("read-only-root-fs", k("")),
                ("security-context-missing", k("")),
            ],
        ),
        (
            "token mounted",
            vec![(t("/automountServiceAccountToken"), json!(true))],
            vec![(
                "automount-service-account-token",
                t("/automountServiceAccountToken"),
            )],
        ),
        (
            "token default",
            vec![(t("/automountServiceAccountToken"), Value::Null)],
            vec![("automount-service-account-token", T.to_string())],
        ),
        (
            "default namespace",
            vec![("/metadata/namespace".to_string(), json!("default"))],
            vec![
                ("default-namespace", "/metadata/namespace".to_string()),
                ("network-policy", "/spec/template/metadata".to_string()),
            ],
        ),
        (
            "host port (reported by pss/hostPorts)",
            vec![(k("/ports/0/hostPort"), json!(8080))],
            vec![],
        ),
        (
            "literal password",
            vec![(
                k("/env/0"),
                json!({"name": "DB_PASSWORD", "value": "hunter2"}),
            )],
            vec![("env-secret", k("/env/0/value"))],
        ),
        (
            "literal password file",
            vec![(
                k("/env/0"),
                json!({"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"}),
            )],
            vec![],
        ),
        (
            "three replicas",
            vec![("/spec/replicas".to_string(), json!(3))],
            vec![
                ("anti-affinity", T.to_string()),
                ("pdb-missing", "/spec/replicas".to_string()),
            ],
        ),
        (
            "three replicas spread",
            vec![
                ("/spec/replicas".to_string(), json!(3)),
                (
                    t("/topologySpreadConstraints"),
                    json!([{"maxSkew": 1, "topologyKey": "kubernetes.io/hostname", "whenUnsatisfiable": "ScheduleAnyway", "labelSelector": {"matchLabels": {"app": "web"}}}]),
                ),
            ],
            vec![("pdb-missing", "/spec/replicas".to_string())],
        ),
        (
            "three replicas anti-affine",
            vec![
                ("/spec/replicas".to_string(), json!(3)),
                (
                    t("/affinity"),
                    json!({"podAntiAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 100, "podAffinityTerm": {"topologyKey": "kubernetes.io/hostname"}}]}}),
                ),
            ],
            vec![("pdb-missing", "/spec/replicas".to_string())],
        ),
        (
            "empty anti-affinity",
            vec![
                ("/spec/replicas".to_string(), json!(2)),
                (t("/affinity"), json!({"podAntiAffinity": {}})),
            ],
            vec![
                ("anti-affinity", t("/affinity")),
                ("pdb-missing", "/spec/replicas".to_string()),
            ],
        ),
        (
            "unselected labels",
            vec![(
                "/spec/template/metadata/labels/app".to_string(),
                json!("api"),
            )],
            vec![("network-policy", "/spec/template/metadata".to_string())],
        ),
        (
            "not restarted, no probes",
            vec![
                (t("/restartPolicy"), json!("Never")),
                (k("/livenessProbe"), Value::Null),
                (k("/readinessProbe"), Value::Null),
            ],
            vec![],
        ),
        (
            "job without probes",
            vec![
                ("/apiVersion".to_string(), json!("batch/v1")),
                ("/kind".to_string(), json!("Job")),
                (k("/livenessProbe"), Value::Null),
                (k("/readinessProbe"), Value::Null),
            ],
            vec![],
        ),
    ];
    let compliant = policy::rule("image-tag").expect("rule").compliant;
    let mut failures = Vec::new();
    for (name, patches, want) in rows {
        let mut stream = read_stream("c.yaml", compliant);
        let mut value = stream.documents[0].value.clone();
        for (ptr, v) in patches {
            set(&mut value, &ptr, v);
        }
        stream.documents[0] = Document::from_value("c.yaml", 0, value);
        let findings = policy::check(&stream.documents, &PolicyConfig::default());
        let mut got: Vec<(String, String)> = findings
            .iter()
            .filter(|f| !f.rule.starts_with("pss/"))
            .map(|f| (f.rule.clone(), f.path.clone()))
            .collect();
        got.sort();
        let mut want: Vec<(String, String)> =
            want.into_iter().map(|(r, p)| (r.to_string(), p)).collect();
        want.sort();
        if got != want {
            failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
        }
        assert!(
            findings.iter().all(|f| f.resource == Some(0)),
            "{name}: finding on the NetworkPolicy"
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn a_star_exempts_from_everything_but_reports_it() {
    let text = policy::rule("image-tag").expect("rule").failing.replace(
        "name: demo\n",
        "name: demo\n  annotations:\n    shipshape.io/ignore: \"*\"\n",
    );
    let stream = read_stream("x.yaml", &text);
    let findings = policy::check(&stream.documents, &PolicyConfig::default());
    assert!(findings.iter().any(|f| f.rule == "image-tag"));
    assert!(
        findings.iter().all(|f| f.exempted.as_deref() == Some("")),
        "{findings:#?}"
    );
}

/// Real `helm template` output (the golden cases): no panic, and every
/// finding names a field that exists or whose parent object exists (a
/// required field that is missing).
#[test]
fn rendered_charts_give_resolvable_pointers() {
    let root = format!("{}/tests/golden", env!("CARGO_MANIFEST_DIR"));
    let mut resources = 0;
    let mut findings_seen = 0;
    for suite in std::fs::read_dir(&root).expect("golden dir").flatten() {
        for case in std::fs::read_dir(suite.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Ok(text) = std::fs::read_to_string(case.path().join("helm4.stdout")) else {
                continue;
            };
            let stream = read_stream("out.yaml", &text);
            resources += stream.documents.len();
            let findings = policy::check(&stream.documents, &everything());
            findings_seen += findings.len();
            for f in findings {
                let doc = &stream.documents[f.resource.expect("resource")].value;
                let parent = f.path.rsplit_once('/').map_or("", |(p, _)| p);
                assert!(
                    doc.pointer(&f.path).is_some()
                        || doc.pointer(parent).is_some_and(Value::is_object),
                    "{}: {} {} does not resolve",
                    case.path().display(),
                    f.rule,
                    f.path
                );
            }
        }
    }
    assert!(
        resources > 1000 && findings_seen > 100,
        "{resources} resources, {findings_seen} findings"
    );
}

#[test]
fn host_port_speaks_only_where_pss_does_not() {
    let failing = policy::rule("host-port").expect("rule").failing;
    let stream = read_stream("h.yaml", failing);
    let ids = |level| -> Vec<String> {
        policy::check(&stream.documents, &config(level, "latest"))
            .into_iter()
            .filter(|f| f.rule == "host-port" || f.rule == "pss/hostPorts")
            .map(|f| f.rule)
            .collect()
    };
    assert_eq!(ids(PssLevel::Baseline), ["pss/hostPorts"]);
    assert_eq!(ids(PssLevel::None), ["host-port"]);
}
