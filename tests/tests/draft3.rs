//! The JSON-Schema-Test-Suite draft-03 cases, each schema compiled by vossgen (see
//! `build/conformance.rs`); a case is valid iff `vossgen_runtime::from_str` accepts its data.
//!
//! Prints per-file counts, then `draft3: N passed, M failed` and (informational)
//! `draft3-optional: N passed, M failed`. Fails on any draft3 failure not listed, with a
//! reason, in `draft3-known-failures.txt`, and on any listed failure that no longer fails.
//! vossgen's own cases (`fixtures/conformance-extra`, suite `vossgen-extra`) are held to the
//! same rule.

use std::collections::BTreeMap;

/// One test case of the suite.
pub struct Case {
    suite: &'static str,
    file: &'static str,
    group: &'static str,
    description: &'static str,
    data: &'static str,
    valid: bool,
    run: fn(&str) -> Result<(), String>,
    agree: fn(&str) -> Result<bool, String>,
}

/// When `data` decodes into `T`, the typed validator (the fast path) and the interpreter must
/// give the same verdict.
fn agree<
    T: serde::de::DeserializeOwned + vossgen_runtime::Validate + vossgen_runtime::Described,
>(
    data: &str,
) -> Result<bool, String> {
    let value: serde_json::Value = serde_json::from_str(data).map_err(|e| e.to_string())?;
    let Ok(typed) = serde_json::from_value::<T>(value.clone()) else {
        return Ok(false);
    };
    let fast = typed.validate();
    let mut slow = vossgen_runtime::ValidationErrors::new();
    vossgen_runtime::validate::validate_value(
        T::schema(),
        &value,
        &mut vossgen_runtime::validate::JsonPath::root(),
        &mut slow,
    );
    match (&fast, slow.is_empty()) {
        (Ok(()), true) | (Err(_), false) => Ok(true),
        (Ok(()), false) => Err(format!(
            "the typed validator accepts what the interpreter rejects: {slow}"
        )),
        (Err(e), true) => Err(format!(
            "the typed validator rejects what the interpreter accepts: {e}"
        )),
    }
}

mod conformance {
    use super::Case;
    include!(concat!(env!("OUT_DIR"), "/conformance.rs"));
}

fn key(c: &Case) -> String {
    format!("{} | {} | {} | {}", c.suite, c.file, c.group, c.description)
}

fn known_failures() -> BTreeMap<String, String> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/draft3-known-failures.txt");
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .filter_map(|l| {
            l.rsplit_once(" | ")
                .map(|(k, reason)| (k.to_string(), reason.to_string()))
        })
        .collect()
}

fn main() {
    let cases = conformance::cases();
    let known = known_failures();
    let mut problems = Vec::new();
    if cases.iter().all(|c| c.suite != "draft3") {
        eprintln!(
            "no draft3 cases found in {} (set VOSSGEN_CONFORMANCE_DIR)",
            conformance::SUITE_DIR
        );
        std::process::exit(1);
    }
    let mut totals: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut per_file: BTreeMap<(&str, &str), (usize, usize)> = BTreeMap::new();
    let mut seen_known = Vec::new();
    // Cases whose data decoded, so that the typed fast path was compared with the interpreter.
    let mut agreed = 0usize;
    for case in &cases {
        match (case.agree)(case.data) {
            Ok(compared) => agreed += usize::from(compared),
            Err(e) => problems.push(format!(
                "fast path and interpreter disagree on {}: {e}",
                key(case)
            )),
        }
        let outcome = std::panic::catch_unwind(|| (case.run)(case.data));
        let (ok, detail) = match outcome {
            Ok(Ok(())) => (case.valid, "accepted".to_string()),
            Ok(Err(e)) => (!case.valid, format!("rejected: {}", e.replace('\n', "; "))),
            Err(_) => (false, "panicked".to_string()),
        };
        let k = key(case);
        let t = totals.entry(case.suite).or_default();
        let f = per_file.entry((case.suite, case.file)).or_default();
        if ok {
            t.0 += 1;
            f.0 += 1;
            if case.suite != "draft3-optional" && known.contains_key(&k) {
                problems.push(format!("listed as a known failure but passes now; remove it from draft3-known-failures.txt: {k}"));
            }
        } else {
            t.1 += 1;
            f.1 += 1;
            let expected = if case.valid { "valid" } else { "invalid" };
            match known.get(&k) {
                Some(reason) => {
                    seen_known.push(k.clone());
                    println!("known failure: {k} (expected {expected}; {detail}) — {reason}");
                }
                None if case.suite != "draft3-optional" => {
                    println!(
                        "FAILED: {k}\n    data: {}\n    expected {expected}; {detail}",
                        case.data
                    );
                    problems.push(format!("unexpected failure: {k}"));
                }
                None => println!("optional failure: {k} (expected {expected}; {detail})"),
            }
        }
    }
    for k in known.keys() {
        if !cases.iter().any(|c| &key(c) == k) {
            problems.push(format!(
                "draft3-known-failures.txt names a case that does not exist: {k}"
            ));
        }
    }
    for ((suite, file), (p, f)) in &per_file {
        println!("  {suite}/{file}: {p} passed, {f} failed");
    }
    println!(
        "the typed fast path agreed with the interpreter on all {agreed} cases whose data decodes"
    );
    if agreed < 100 {
        problems.push(format!(
            "only {agreed} cases decoded: the fast path is barely exercised"
        ));
    }
    for problem in &problems {
        println!("{problem}");
    }
    for (suite, (p, f)) in &totals {
        println!("{suite}: {p} passed, {f} failed");
    }
    if !problems.is_empty() {
        std::process::exit(1);
    }
}
