#!/usr/bin/env python3
"""Regenerates tests/data/schema/cases.jsonl: manifests (valid and mutated) with the verdicts
of kubernetes-validate 1.37.0 for Kubernetes 1.30-1.37, strict and non-strict.

    python3 -m venv /tmp/kv && /tmp/kv/bin/pip install kubernetes-validate==1.37.0
    /tmp/kv/bin/python tests/data/schema/generate.py

Each line: {"name", "yaml" (the manifest as JSON text, which is YAML too), "verdicts": {"1.30": "pf", ...}, "paths": {"1.30": ["/spec", ...]}}.
A verdict is two letters, non-strict then strict: p = passed, f = failed, m = no schema
(kubernetes-validate warns and exits 0), e = no or non-string apiVersion/kind (it
crashes, exit 2; shipshape must report an error). `paths` holds, for each failing verdict, the JSON
pointer of the instance kubernetes-validate's (first) error points at ("" for the root).
tests/schema_conformance.rs checks shipshape's verdicts against all of them, and that one of
our findings is at (or below) that pointer.
"""
import copy
import functools
import json
import os
import random

from kubernetes_validate import utils as kv

VERSIONS = ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]
HERE = os.path.dirname(os.path.abspath(__file__))

# kubernetes-validate re-reads and re-parses every schema file per resource; caching the
# parsed files changes nothing but the time this script takes.
kv.schema_contents = functools.lru_cache(maxsize=None)(kv.schema_contents)

POD_SPEC = {
    "containers": [{
        "name": "app", "image": "nginx:1.27",
        "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}],
        "env": [{"name": "A", "value": "1"},
                {"name": "B", "valueFrom": {"secretKeyRef": {"name": "s", "key": "k"}}}],
        "resources": {"limits": {"cpu": "500m", "memory": "128Mi"},
                      "requests": {"cpu": 0.25, "memory": 134217728}},
        "livenessProbe": {"httpGet": {"path": "/", "port": "http"}, "periodSeconds": 10},
        "readinessProbe": {"tcpSocket": {"port": 8080}},
        "securityContext": {"runAsNonRoot": True, "capabilities": {"drop": ["ALL"]}},
        "volumeMounts": [{"name": "data", "mountPath": "/data"}],
    }],
    "volumes": [{"name": "data", "emptyDir": {"sizeLimit": "1Gi"}},
                {"name": "cfg", "configMap": {"name": "cfg", "items": [{"key": "a", "path": "a"}]}}],
    "nodeSelector": {"kubernetes.io/os": "linux"},
    "tolerations": [{"key": "k", "operator": "Exists", "effect": "NoSchedule"}],
}
TEMPLATE = {"metadata": {"labels": {"app": "web"}}, "spec": POD_SPEC}
META = {"name": "web", "namespace": "default", "labels": {"app": "web"},
        "annotations": {"a.example.com/x": "y"}}


def obj(api, kind, **rest):
    doc = {"apiVersion": api, "kind": kind, "metadata": copy.deepcopy(META)}
    doc.update(copy.deepcopy(rest))
    return doc


BASES = {
    "deployment": obj("apps/v1", "Deployment", spec={
        "replicas": 2, "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE,
        "strategy": {"type": "RollingUpdate",
                     "rollingUpdate": {"maxUnavailable": "25%", "maxSurge": 1}}}),
    "statefulset": obj("apps/v1", "StatefulSet", spec={
        "serviceName": "web", "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE,
        "volumeClaimTemplates": [{"metadata": {"name": "data"}, "spec": {
            "accessModes": ["ReadWriteOnce"], "resources": {"requests": {"storage": "1Gi"}}}}]}),
    "statefulset-no-servicename": obj("apps/v1", "StatefulSet", spec={
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}),
    "daemonset": obj("apps/v1", "DaemonSet", spec={
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE,
        "updateStrategy": {"rollingUpdate": {"maxUnavailable": 1}}}),
    "job": obj("batch/v1", "Job", spec={"backoffLimit": 3, "template": {
        "spec": dict(POD_SPEC, restartPolicy="Never")}}),
    "cronjob": obj("batch/v1", "CronJob", spec={"schedule": "*/5 * * * *", "jobTemplate": {
        "spec": {"template": {"spec": dict(POD_SPEC, restartPolicy="OnFailure")}}}}),
    "pod": obj("v1", "Pod", spec=POD_SPEC),
    "service": obj("v1", "Service", spec={"type": "ClusterIP", "selector": {"app": "web"},
        "ports": [{"name": "http", "port": 80, "targetPort": "http", "protocol": "TCP"}]}),
    "configmap": obj("v1", "ConfigMap", data={"a": "1", "b": "two"}),
    "secret": obj("v1", "Secret", type="Opaque", stringData={"password": "x"},
                  data={"k": "dmFsdWU="}),
    "serviceaccount": obj("v1", "ServiceAccount", automountServiceAccountToken=False),
    "role": obj("rbac.authorization.k8s.io/v1", "Role", rules=[
        {"apiGroups": [""], "resources": ["pods"], "verbs": ["get", "list"]}]),
    "rolebinding": obj("rbac.authorization.k8s.io/v1", "RoleBinding",
        roleRef={"apiGroup": "rbac.authorization.k8s.io", "kind": "Role", "name": "web"},
        subjects=[{"kind": "ServiceAccount", "name": "web", "namespace": "default"}]),
    "rolebinding-no-apigroup": obj("rbac.authorization.k8s.io/v1", "RoleBinding",
        roleRef={"kind": "Role", "name": "web"}, subjects=[{"kind": "ServiceAccount", "name": "web"}]),
    "clusterrole": obj("rbac.authorization.k8s.io/v1", "ClusterRole", rules=[
        {"nonResourceURLs": ["/healthz"], "verbs": ["get"]}]),
    "ingress": obj("networking.k8s.io/v1", "Ingress", spec={"ingressClassName": "nginx",
        "tls": [{"hosts": ["a.example.com"], "secretName": "tls"}],
        "rules": [{"host": "a.example.com", "http": {"paths": [{"path": "/", "pathType": "Prefix",
            "backend": {"service": {"name": "web", "port": {"number": 80}}}}]}}]}),
    "networkpolicy": obj("networking.k8s.io/v1", "NetworkPolicy", spec={
        "podSelector": {"matchLabels": {"app": "web"}}, "policyTypes": ["Ingress"],
        "ingress": [{"from": [{"namespaceSelector": {}}], "ports": [{"port": 80}, {"port": "http"}]}]}),
    "networkpolicy-no-podselector": obj("networking.k8s.io/v1", "NetworkPolicy", spec={
        "policyTypes": ["Egress"]}),
    "hpa": obj("autoscaling/v2", "HorizontalPodAutoscaler", spec={
        "scaleTargetRef": {"apiVersion": "apps/v1", "kind": "Deployment", "name": "web"},
        "minReplicas": 1, "maxReplicas": 5, "metrics": [{"type": "Resource", "resource": {
            "name": "cpu", "target": {"type": "Utilization", "averageUtilization": 80}}}]}),
    "pdb": obj("policy/v1", "PodDisruptionBudget", spec={"minAvailable": "50%",
        "selector": {"matchLabels": {"app": "web"}}}),
    "priorityclass": obj("scheduling.k8s.io/v1", "PriorityClass", value=1000, globalDefault=False),
    "priorityclass-no-value": obj("scheduling.k8s.io/v1", "PriorityClass", description="x"),
    "pvc": obj("v1", "PersistentVolumeClaim", spec={"accessModes": ["ReadWriteOnce"],
        "storageClassName": "standard", "resources": {"requests": {"storage": "10Gi"}}}),
    "namespace": obj("v1", "Namespace"),
    "resourcequota": obj("v1", "ResourceQuota", spec={"hard": {"pods": "10", "requests.cpu": 4}}),
    "limitrange": obj("v1", "LimitRange", spec={"limits": [{"type": "Container",
        "default": {"cpu": "1"}, "defaultRequest": {"cpu": "100m"}}]}),
    "storageclass": obj("storage.k8s.io/v1", "StorageClass", provisioner="x.example.com",
        parameters={"type": "gp3"}, reclaimPolicy="Delete"),
    "crd": obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", spec={
        "group": "example.com", "scope": "Namespaced",
        "names": {"kind": "Widget", "plural": "widgets", "singular": "widget"},
        "versions": [{"name": "v1", "served": True, "storage": True, "schema": {"openAPIV3Schema": {
            "type": "object", "properties": {"spec": {"type": "object",
                "x-kubernetes-preserve-unknown-fields": True,
                "properties": {"size": {"type": "integer"}}}}}}}]}),
    "crd-no-schema": obj("apiextensions.k8s.io/v1", "CustomResourceDefinition", spec={
        "group": "example.com", "scope": "Namespaced",
        "names": {"kind": "Gadget", "plural": "gadgets"},
        "versions": [{"name": "v1", "served": True, "storage": True}]}),
    "custom-resource": obj("example.com/v1", "Widget", spec={"size": 3}),
    "vap": obj("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", spec={
        "failurePolicy": "Fail", "matchConstraints": {"resourceRules": [{"apiGroups": ["apps"],
            "apiVersions": ["v1"], "operations": ["CREATE"], "resources": ["deployments"]}]},
        "validations": [{"expression": "object.spec.replicas <= 5"}]}),
    "vap-v1beta1": obj("admissionregistration.k8s.io/v1beta1", "ValidatingAdmissionPolicy", spec={
        "validations": [{"expression": "true"}]}),
    "flowschema-v1beta3": obj("flowcontrol.apiserver.k8s.io/v1beta3", "FlowSchema", spec={
        "priorityLevelConfiguration": {"name": "global-default"}, "matchingPrecedence": 1000}),
    "pdb-v1beta1": obj("policy/v1beta1", "PodDisruptionBudget", spec={"minAvailable": 1}),
    "cronjob-v1beta1": obj("batch/v1beta1", "CronJob", spec={"schedule": "* * * * *"}),
    "ingress-extensions": obj("extensions/v1beta1", "Ingress", spec={}),
    "deployment-lowercase-kind": obj("apps/v1", "deployment", spec={
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}),
    "deployment-other-group-domain": obj("apps.example.com/v1", "Deployment", spec={
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}),
    "deployment-no-spec": obj("apps/v1", "Deployment"),
    "deployment-null-spec": obj("apps/v1", "Deployment", spec=None),
    "deployment-float-replicas": obj("apps/v1", "Deployment", spec={"replicas": 3.0,
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}),
    "deployment-fraction-replicas": obj("apps/v1", "Deployment", spec={"replicas": 2.5,
        "selector": {"matchLabels": {"app": "web"}}, "template": TEMPLATE}),
}

# Explicit int-or-string / quantity forms on a Deployment.
FORMS = {
    "/spec/strategy/rollingUpdate/maxUnavailable": ["25%", 1, 0, "1", True, None, [1], 1.5, {}],
    "/spec/template/spec/containers/0/resources/limits/cpu": ["1", 1, 0.5, "100m", None, True, [], {}],
    "/spec/template/spec/containers/0/resources/limits/memory": ["1Gi", 1024, "x", False],
    "/spec/template/spec/containers/0/livenessProbe/httpGet/port": [80, "http", None, 8.0, True],
    "/spec/template/spec/containers/0/ports/0/containerPort": [80, "80", None, 80.0, -1],
    "/spec/replicas": [0, None, "3", True, 3.5, [3]],
    "/metadata/labels/app": ["x", 1, None, True],
    "/metadata/name": ["x", 1, None],
    "/spec/template/spec/containers/0/env/0/value": ["1", 1, None],
    "/spec/template/spec/containers": [[], None, {}, "x"],
}


def walk(value, pointer=""):
    """Every (pointer, value) pair under value."""
    yield pointer, value
    if isinstance(value, dict):
        for k, v in value.items():
            yield from walk(v, f"{pointer}/{k.replace('~', '~0').replace('/', '~1')}")
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from walk(v, f"{pointer}/{i}")


def split(pointer):
    return [s.replace("~1", "/").replace("~0", "~") for s in pointer.split("/")[1:]]


def parent_and_key(doc, pointer):
    parts = split(pointer)
    node = doc
    for p in parts[:-1]:
        node = node[int(p)] if isinstance(node, list) else node[p]
    last = parts[-1]
    return node, (int(last) if isinstance(node, list) else last)


def wrong_type(value):
    if isinstance(value, bool):
        return "true"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, str):
        return 7
    if isinstance(value, list):
        return {"a": 1}
    if isinstance(value, dict):
        return ["x"]
    return 1


def mutations(name, base, rng):
    pairs = [(p, v) for p, v in walk(base) if p]
    objects = [(p, v) for p, v in walk(base) if isinstance(v, dict)]
    out = []
    for pointer, value in rng.sample(pairs, min(4, len(pairs))):
        doc = copy.deepcopy(base)
        node, key = parent_and_key(doc, pointer)
        node[key] = wrong_type(value)
        out.append((f"{name}/wrong-type{pointer}", doc))
    for pointer, value in rng.sample(pairs, min(3, len(pairs))):
        doc = copy.deepcopy(base)
        node, key = parent_and_key(doc, pointer)
        if isinstance(node, dict):
            del node[key]
            out.append((f"{name}/delete{pointer}", doc))
    for pointer, value in rng.sample(pairs, min(2, len(pairs))):
        doc = copy.deepcopy(base)
        node, key = parent_and_key(doc, pointer)
        node[key] = None
        out.append((f"{name}/null{pointer}", doc))
    for pointer, value in rng.sample(objects, min(3, len(objects))):
        doc = copy.deepcopy(base)
        target = doc
        for p in split(pointer):
            target = target[int(p)] if isinstance(target, list) else target[p]
        target["bogusField"] = "x"
        out.append((f"{name}/unknown{pointer or '/'}", doc))
    return out


def verdict(doc, version, strict):
    try:
        kv.validate(copy.deepcopy(doc), version, strict)
        return "p", None
    except kv.ValidationError as e:
        return "f", "".join("/" + str(p).replace("~", "~0").replace("/", "~1") for p in e.path)
    except kv.SchemaNotFoundError:
        return "m", None
    except (KeyError, AttributeError, TypeError):
        # No or non-string apiVersion/kind: kubernetes-validate cannot validate it (exit 2).
        return "e", None


def main():
    rng = random.Random(20261122)
    cases = []
    for name, base in BASES.items():
        cases.append((name, base))
        if name in ("deployment-null-spec",):
            continue
        cases.extend(mutations(name, base, rng))
    for pointer, forms in FORMS.items():
        for form in forms:
            doc = copy.deepcopy(BASES["deployment"])
            node, key = parent_and_key(doc, pointer)
            node[key] = form
            cases.append((f"deployment/form{pointer}={json.dumps(form)}", doc))
    seen = set()
    lines = []
    for name, doc in cases:
        # JSON text (also YAML): PyYAML's YAML 1.1 and the Go-flavoured YAML the manifest
        # reader follows disagree on plain scalars such as `y`; JSON leaves no doubt.
        text = json.dumps(doc, separators=(",", ":"))
        # kubernetes-validate drops empty documents; so would we. Keep names unique.
        if not doc or name in seen:
            continue
        seen.add(name)
        verdicts, paths = {}, {}
        for version in VERSIONS:
            v = ""
            p = []
            for strict in (False, True):
                letter, path = verdict(doc, version, strict)
                v += letter
                p.append(path)
            verdicts[version] = v
            if any(x is not None for x in p):
                paths[version] = p
        lines.append(json.dumps({"name": name, "yaml": text, "verdicts": verdicts,
                                 "paths": paths}, sort_keys=True))
    with open(os.path.join(HERE, "cases.jsonl"), "w") as f:
        f.write("\n".join(lines) + "\n")
    print(f"{len(lines)} cases, {len(lines) * len(VERSIONS) * 2} verdicts")


if __name__ == "__main__":
    main()
