//! Schema validation throughput: a stream of 20,000 realistic resources (a Helm-release mix
//! of Deployments, Services, ConfigMaps, Secrets, RBAC, Ingresses, HPAs, PDBs, ... about 3 %
//! with an unknown field) read and checked in strict mode against Kubernetes 1.35, in
//! parallel (rayon), schemas compiled once per kind. Prints resources per second and the
//! process's peak RSS.
//!
//!     cargo bench --bench validate [-- N [OUT.yaml]]
//!
//! With OUT.yaml the stream is also written there, to time other tools on the same input
//! (`kubernetes-validate -k 1.35 --strict OUT.yaml`).

use std::fmt::Write as _;
use std::time::Instant;

use rayon::prelude::*;
use shipshape::manifest::read_stream;
use shipshape::validate::bundle::KubeVersion;
use shipshape::validate::crd::CrdRegistry;
use shipshape::validate::schema::{SchemaOptions, check};

fn deployment(out: &mut String, i: usize, bad: bool) {
    let extra = if bad {
        "\n          imagePullPolicyy: Always"
    } else {
        ""
    };
    let _ = write!(
        out,
        "---
# Source: app/templates/deployment.yaml
apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-{i}
  namespace: team-{ns}
  labels:
    app.kubernetes.io/name: app-{i}
    app.kubernetes.io/instance: release
    app.kubernetes.io/managed-by: Helm
    helm.sh/chart: app-1.2.3
  annotations:
    checksum/config: 0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels:
      app.kubernetes.io/name: app-{i}
      app.kubernetes.io/instance: release
  strategy:
    type: RollingUpdate
    rollingUpdate: {{maxUnavailable: 25%, maxSurge: 1}}
  template:
    metadata:
      labels:
        app.kubernetes.io/name: app-{i}
        app.kubernetes.io/instance: release
    spec:
      serviceAccountName: app-{i}
      securityContext: {{runAsNonRoot: true, fsGroup: 1000, seccompProfile: {{type: RuntimeDefault}}}}
      containers:
        - name: app
          image: registry.example.com/app:1.2.3
          imagePullPolicy: IfNotPresent{extra}
          args: [--port=8080, --log-level=info]
          ports:
            - {{name: http, containerPort: 8080, protocol: TCP}}
            - {{name: metrics, containerPort: 9090, protocol: TCP}}
          env:
            - {{name: LOG_FORMAT, value: json}}
            - name: DB_PASSWORD
              valueFrom: {{secretKeyRef: {{name: app-{i}, key: password}}}}
          envFrom:
            - configMapRef: {{name: app-{i}}}
          livenessProbe:
            httpGet: {{path: /healthz, port: http}}
            initialDelaySeconds: 10
            periodSeconds: 10
          readinessProbe:
            httpGet: {{path: /ready, port: http}}
          resources:
            limits: {{cpu: 500m, memory: 256Mi}}
            requests: {{cpu: 100m, memory: 128Mi}}
          securityContext:
            allowPrivilegeEscalation: false
            readOnlyRootFilesystem: true
            capabilities: {{drop: [ALL]}}
          volumeMounts:
            - {{name: tmp, mountPath: /tmp}}
      volumes:
        - {{name: tmp, emptyDir: {{}}}}
",
        ns = i % 7
    );
}

fn small(out: &mut String, i: usize, bad: bool) {
    let bogus = if bad { "\n  bogus: 1" } else { "" };
    let _ = match i % 9 {
        0 => write!(
            out,
            "---\napiVersion: v1\nkind: Service\nmetadata:\n  name: app-{i}\n  labels: {{app: app-{i}}}\nspec:{bogus}\n  type: ClusterIP\n  selector: {{app: app-{i}}}\n  ports:\n    - {{name: http, port: 80, targetPort: http, protocol: TCP}}\n"
        ),
        1 => write!(
            out,
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-{i}\ndata:\n  LOG_LEVEL: info\n  config.yaml: |\n    server:\n      port: 8080\n"
        ),
        2 => write!(
            out,
            "---\napiVersion: v1\nkind: Secret\nmetadata:\n  name: app-{i}\ntype: Opaque\ndata:\n  password: c2VjcmV0\n"
        ),
        3 => write!(
            out,
            "---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-{i}\nautomountServiceAccountToken: false\n"
        ),
        4 => write!(
            out,
            "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: Role\nmetadata:\n  name: app-{i}\nrules:\n  - apiGroups: [\"\"]\n    resources: [configmaps, secrets]\n    verbs: [get, list, watch]\n"
        ),
        5 => write!(
            out,
            "---\napiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nmetadata:\n  name: app-{i}\nroleRef: {{apiGroup: rbac.authorization.k8s.io, kind: Role, name: app-{i}}}\nsubjects:\n  - {{kind: ServiceAccount, name: app-{i}}}\n"
        ),
        6 => write!(
            out,
            "---\napiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: app-{i}\nspec:{bogus}\n  ingressClassName: nginx\n  tls:\n    - {{hosts: [app-{i}.example.com], secretName: app-{i}-tls}}\n  rules:\n    - host: app-{i}.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend: {{service: {{name: app-{i}, port: {{number: 80}}}}}}\n"
        ),
        7 => write!(
            out,
            "---\napiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: app-{i}\nspec:\n  scaleTargetRef: {{apiVersion: apps/v1, kind: Deployment, name: app-{i}}}\n  minReplicas: 2\n  maxReplicas: 10\n  metrics:\n    - type: Resource\n      resource: {{name: cpu, target: {{type: Utilization, averageUtilization: 80}}}}\n"
        ),
        _ => write!(
            out,
            "---\napiVersion: policy/v1\nkind: PodDisruptionBudget\nmetadata:\n  name: app-{i}\nspec:{bogus}\n  minAvailable: 1\n  selector:\n    matchLabels: {{app: app-{i}}}\n"
        ),
    };
}

/// A stream of `n` resources: one Deployment for every four resources, the rest small kinds.
fn stream(n: usize) -> String {
    let mut out = String::with_capacity(n * 900);
    for i in 0..n {
        let bad = i % 33 == 0;
        if i % 4 == 0 {
            deployment(&mut out, i, bad);
        } else {
            small(&mut out, i, bad);
        }
    }
    out
}

fn peak_rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

/// User + system CPU seconds of this process so far (`/proc/self/stat`, clock ticks of 1/100 s):
/// on a shared machine wall time says little.
fn cpu_seconds() -> f64 {
    let Ok(stat) = std::fs::read_to_string("/proc/self/stat") else {
        return f64::NAN;
    };
    // Fields after the parenthesised command name; utime and stime are fields 14 and 15.
    let rest = stat.rsplit_once(')').map_or("", |(_, r)| r);
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let tick = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .unwrap_or(f64::NAN)
    };
    (tick(11) + tick(12)) / 100.0
}

fn rss_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    // `cargo bench` passes `--bench`; take the first numeric argument as N.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let n: usize = args.first().and_then(|a| a.parse().ok()).unwrap_or(20_000);
    let text = stream(n);
    if let Some(path) = args.get(1) {
        std::fs::write(path, &text).expect("write the stream");
    }
    let options = SchemaOptions {
        version: KubeVersion::resolve("1.35").expect("1.35 is bundled"),
        strict: true,
        ignore_missing: false,
    };
    let crds = CrdRegistry::new();

    let start = Instant::now();
    let parsed = read_stream("bench.yaml", &text);
    let read = start.elapsed();
    assert!(parsed.errors.is_empty(), "{:?}", parsed.errors.first());
    let docs = &parsed.documents;

    let check_all = || -> (usize, usize) {
        docs.par_iter()
            .enumerate()
            .map(|(i, d)| {
                let f = check(d, i, &crds, &options).findings.len();
                (usize::from(f > 0), f)
            })
            .reduce(|| (0, 0), |a, b| (a.0 + b.0, a.1 + b.1))
    };
    let rss_read = rss_mb();
    let cpu0 = cpu_seconds();
    let cold_start = Instant::now();
    let (invalid, findings) = check_all();
    let cold = cold_start.elapsed();
    let cpu1 = cpu_seconds();
    let warm_start = Instant::now();
    let again = check_all();
    let warm = warm_start.elapsed();
    let cpu2 = cpu_seconds();
    assert_eq!(again, (invalid, findings));

    let rate = |d: std::time::Duration| docs.len() as f64 / d.as_secs_f64();
    println!(
        "{} resources ({} bytes), {} threads: read {:.0} ms ({:.0}/s); validate cold {:.0} ms \
         ({:.0}/s, incl. decoding 1.35 and compiling schemas), warm {:.0} ms ({:.0}/s); \
         read + cold validate {:.0}/s; {invalid} invalid, {findings} findings; \
         CPU time: validate cold {:.2} s ({:.0} resources per CPU-second), warm {:.2} s ({:.0}); \
         RSS after reading {} MB, peak RSS {} MB",
        docs.len(),
        text.len(),
        rayon::current_num_threads(),
        read.as_secs_f64() * 1e3,
        rate(read),
        cold.as_secs_f64() * 1e3,
        rate(cold),
        warm.as_secs_f64() * 1e3,
        rate(warm),
        rate(read + cold),
        cpu1 - cpu0,
        docs.len() as f64 / (cpu1 - cpu0),
        cpu2 - cpu1,
        docs.len() as f64 / (cpu2 - cpu1),
        rss_read.map_or("?".into(), |m| format!("{m:.1}")),
        peak_rss_mb().map_or("?".into(), |m| format!("{m:.1}")),
    );
}
