#!/usr/bin/env python3
"""Regenerates schemas/v1.NN.json.zst from the PyPI package kubernetes-validate.

Usage: python3 schemas/build.py [--wheel PATH]   (needs python3 and the `zstd` CLI)

Without --wheel it runs `pip download --no-deps kubernetes-validate==1.37.0` into a
temporary directory. For every Kubernetes minor in VERSIONS it reads the non-strict
"local" flavour (`v1.NN.0-local/`), keeps `_definitions.json` and the files of the kinds
that carry `x-kubernetes-group-version-kind`, drops the keywords that do not take part
in validation (description, format, x-kubernetes-*; kubernetes-validate validates with no
format checker), and writes one minified JSON document per version:

    {"version": "1.NN", "definitions": {NAME: schema}, "kinds": {FILE_STEM: schema}}

FILE_STEM is kubernetes-validate's file name without `.json` (`deployment-apps-v1`): it looks
schemas up by `kind.lower()` and the apiVersion with the group cut at its first dot, and so do we.

It also checks that the strict flavour (`-local-strict`) is exactly the non-strict one with
`additionalProperties: false` added to every object schema that has `properties` and no
`additionalProperties` -- the transformation src/validate/bundle.rs applies at load time.
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import zipfile

PACKAGE = "kubernetes-validate==1.37.0"
VERSIONS = ["1.30", "1.31", "1.32", "1.33", "1.34", "1.35", "1.36", "1.37"]
ROOT = "kubernetes_validate/kubernetes-json-schema/"
HERE = os.path.dirname(os.path.abspath(__file__))

# Keywords whose values are maps from names to subschemas, or subschemas/lists of them.
SCHEMA_MAPS = ("properties", "$defs", "patternProperties")
SCHEMA_LISTS = ("oneOf", "anyOf", "allOf", "prefixItems")
SCHEMA_ONE = ("items", "additionalProperties", "not", "contains")
DROPPED = ("description", "format", "$schema", "$id")


def shrink(schema):
    """Drops annotation keywords; property *names* (e.g. a field called `description`) stay."""
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in DROPPED or key.startswith("x-kubernetes-"):
            continue
        if key in SCHEMA_MAPS:
            out[key] = {name: shrink(sub) for name, sub in value.items()}
        elif key in SCHEMA_LISTS:
            out[key] = [shrink(sub) for sub in value]
        elif key in SCHEMA_ONE:
            out[key] = shrink(value)
        else:
            out[key] = value
    return out


def close(schema):
    """The strict transformation, as bundle.rs applies it (kept in step with `close_objects`)."""
    if isinstance(schema, list):
        return [close(sub) for sub in schema]
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in SCHEMA_MAPS:
            out[key] = {name: close(sub) for name, sub in value.items()}
        elif key in SCHEMA_LISTS or key in SCHEMA_ONE:
            out[key] = close(value)
        else:
            out[key] = value
    if "properties" in out and "additionalProperties" not in out:
        out["additionalProperties"] = False
    return out


def load(zf, path):
    with zf.open(path) as f:
        return json.load(f)


def build_version(zf, names, minor):
    base = f"{ROOT}v{minor}.0-local/"
    strict = f"{ROOT}v{minor}.0-local-strict/"
    files = sorted(n[len(base):] for n in names if n.startswith(base) and n.endswith(".json"))
    defs = load(zf, base + "_definitions.json")
    strict_defs = load(zf, strict + "_definitions.json")
    if close(defs) != strict_defs:
        sys.exit(f"{minor}: strict definitions are not the closed non-strict ones")
    kinds = {}
    for name in files:
        if name in ("_definitions.json", "all.json"):
            continue
        schema = load(zf, base + name)
        if "x-kubernetes-group-version-kind" not in schema:
            # Not shipped. (Some of these property-less roots are closed in -local-strict,
            # a quirk of kubernetes-validate's generator that no kind file shows.)
            continue
        if close(schema) != load(zf, strict + name):
            sys.exit(f"{minor}: strict {name} is not the closed non-strict one")
        kinds[name[: -len(".json")]] = shrink(schema)
    return {
        "version": minor,
        "definitions": {k: shrink(v) for k, v in defs["$defs"].items()},
        "kinds": kinds,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wheel", help="an already downloaded kubernetes_validate wheel")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        wheel = args.wheel
        if wheel is None:
            subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                            "-d", tmp, PACKAGE], check=True)
            wheel = os.path.join(tmp, next(f for f in os.listdir(tmp) if f.endswith(".whl")))
        with zipfile.ZipFile(wheel) as zf:
            names = zf.namelist()
            for minor in VERSIONS:
                doc = build_version(zf, names, minor)
                raw = json.dumps(doc, separators=(",", ":"), sort_keys=True).encode()
                out = os.path.join(HERE, f"v{minor}.json.zst")
                subprocess.run(["zstd", "-19", "-q", "-f", "-o", out], input=raw, check=True)
                print(f"v{minor}: {len(doc['kinds'])} kinds, {len(doc['definitions'])} definitions,"
                      f" {len(raw)} bytes JSON, {os.path.getsize(out)} bytes zstd")


if __name__ == "__main__":
    main()
