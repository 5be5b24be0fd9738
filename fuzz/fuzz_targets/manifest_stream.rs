//! Reads arbitrary text as a manifest stream (what `lint` and `validate`
//! read), locates a few fields, and runs the schema, API, server and policy
//! checks on what it read: none of it may panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use shipshape::validate::{self, KubeMinor};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let stream = shipshape::manifest::read_stream("fuzz.yaml", text);
    let mut crds = validate::crd::CrdRegistry::new();
    let _ = crds.add_documents(&stream.documents);
    let options = validate::schema::SchemaOptions {
        strict: true,
        ..Default::default()
    };
    for (i, doc) in stream.documents.iter().enumerate() {
        let _ = doc.locate("/spec/template/spec/containers/0/image");
        let _ = doc.locate("/metadata/name");
        let _ = validate::schema::check(doc, i, &crds, &options);
        let _ = validate::server::check(doc, i);
        let _ = validate::api::check(doc, i, KubeMinor::new(37));
    }
    let _ = validate::server::check_stream(&stream.documents);
    let _ = shipshape::policy::check(&stream.documents, &Default::default());
});
