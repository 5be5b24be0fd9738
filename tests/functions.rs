//! Every function Helm registers is registered here, and the README's
//! function table lists exactly what shipshape has.

use shipshape::render::{Compat, function_names};

/// Helm 4.1.4's template functions: text/template's builtins, Sprig v3.3.0's
/// `genericMap` without `env`/`expandenv`, and Helm's own (pkg/engine).
const HELM_FUNCTIONS: &str = "
and call eq ge gt html index js le len lt ne not or print printf println slice urlquery
hello ago date date_in_zone date_modify dateInZone dateModify duration durationRound htmlDate
htmlDateInZone must_date_modify mustDateModify mustToDate now toDate unixEpoch
abbrev abbrevboth trunc trim upper lower title untitle substr repeat trimall trimAll trimSuffix
trimPrefix nospace initials randAlphaNum randAlpha randAscii randNumeric swapcase shuffle snakecase
camelcase kebabcase wrap wrapWith contains hasPrefix hasSuffix quote squote cat indent nindent
replace plural sha1sum sha256sum sha512sum adler32sum toString atoi int64 int float64 seq toDecimal
split splitList splitn toStrings until untilStep add1 add sub div mod mul randInt add1f addf subf
divf mulf biggest max min maxf minf ceil floor round join sortAlpha default empty coalesce all any
compact mustCompact fromJson toJson toPrettyJson toRawJson mustFromJson mustToJson
mustToPrettyJson mustToRawJson ternary deepCopy mustDeepCopy typeOf typeIs typeIsLike kindOf
kindIs deepEqual getHostByName base dir clean ext isAbs osBase osClean osDir osExt osIsAbs b64enc
b64dec b32enc b32dec tuple list dict get set unset hasKey pluck keys pick omit merge
mergeOverwrite mustMerge mustMergeOverwrite values append push mustAppend mustPush prepend
mustPrepend first mustFirst rest mustRest last mustLast initial mustInitial reverse mustReverse
uniq mustUniq without mustWithout has mustHas mustSlice concat dig chunk mustChunk bcrypt
htpasswd genPrivateKey derivePassword buildCustomCert genCA genCAWithKey genSelfSignedCert
genSelfSignedCertWithKey genSignedCert genSignedCertWithKey encryptAES decryptAES randBytes
uuidv4 semver semverCompare fail regexMatch mustRegexMatch regexFindAll mustRegexFindAll
regexFind mustRegexFind regexReplaceAll mustRegexReplaceAll regexReplaceAllLiteral
mustRegexReplaceAllLiteral regexSplit mustRegexSplit regexQuoteMeta urlParse urlJoin
include tpl required lookup toYaml toYamlPretty mustToYaml fromYaml fromYamlArray
fromJsonArray toToml fromToml
";

fn helm_functions() -> Vec<&'static str> {
    let mut names: Vec<&str> = HELM_FUNCTIONS.split_whitespace().collect();
    names.sort_unstable();
    names
}

#[test]
fn every_helm_function_is_registered() {
    let helm4 = function_names(Compat::Helm4);
    let missing: Vec<&str> = helm_functions()
        .into_iter()
        .filter(|name| !helm4.iter().any(|n| n == name))
        .collect();
    assert!(missing.is_empty(), "missing: {missing:?}");
    let extra: Vec<&String> = helm4
        .iter()
        .filter(|n| !helm_functions().contains(&n.as_str()))
        .collect();
    assert!(extra.is_empty(), "not in Helm: {extra:?}");
}

#[test]
fn helm3_lacks_only_must_to_yaml() {
    let helm3 = function_names(Compat::Helm3);
    let helm4 = function_names(Compat::Helm4);
    let only4: Vec<&String> = helm4.iter().filter(|n| !helm3.contains(n)).collect();
    assert_eq!(only4, vec!["mustToYaml"]);
}

#[test]
fn readme_lists_every_function() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md"))
        .expect("README.md");
    let missing: Vec<String> = function_names(Compat::Helm4)
        .into_iter()
        .filter(|name| !readme.contains(&format!("`{name}`")))
        .collect();
    assert!(
        missing.is_empty(),
        "README function table lacks: {missing:?}"
    );
}
