#!/usr/bin/env python3
"""The labelled corpus through *generated types*: vossgen generates one model per schema,
a crate runs the typed `from_str::<Model>` on every instance, compares its verdict with the
oracle's label, and writes every value it accepts back to compare with the input text.

Run by hand (it compiles a crate of up to a few thousand models, minutes), from this folder:

    python3 typed.py [FIRST] [COUNT] [CORPUS]

FIRST/COUNT select schemas by position (default: all); CORPUS defaults to corpus.jsonl.
Needs `cargo build -p vossgen` first (it runs target/debug/vossgen). Prints each
disagreement and each inexact round trip, then a summary; exits 1 if any is not listed in
known.txt. The work crate is target/typed-differential/ (its own cargo workspace).
"""

import json
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))


def main():
    first = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    count = int(sys.argv[2]) if len(sys.argv) > 2 else None
    corpus = sys.argv[3] if len(sys.argv) > 3 else os.path.join(HERE, "corpus.jsonl")
    with open(corpus) as f:
        groups = [json.loads(line) for line in f if line.strip()]
    groups = groups[first:] if count is None else groups[first:first + count]
    known = set()
    with open(os.path.join(HERE, "known.txt")) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                known.add(line.split()[0])

    work = os.path.join(ROOT, "target", "typed-differential")
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(os.path.join(work, "schemas"))
    for g in groups:
        with open(os.path.join(work, "schemas", "S%d.json" % g["id"]), "w") as f:
            json.dump(g["schema"], f)
    vossgen = os.path.join(ROOT, "target", "debug", "vossgen")
    gen = subprocess.run(
        [vossgen, "generate", "-i", "schemas", "-o", "src",
         "--set", "part_size=0", "--set", "features=off"], cwd=work,
        capture_output=True, text=True)
    if gen.returncode != 0:
        # A refused schema is reported by the interpreter's differential test; here the
        # whole crate is needed, so say which and stop.
        sys.stderr.write(gen.stderr)
        sys.exit("vossgen generate failed")
    with open(os.path.join(work, "Cargo.toml"), "w") as f:
        f.write(f"""[package]
name = "typed-differential"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
vossgen-runtime = {{ path = "{ROOT}/runtime" }}
serde = "1"
serde_json = "1"
""")
    cases = []
    for g in groups:
        for i, (instance, valid) in enumerate(g["tests"]):
            text = json.dumps(instance, ensure_ascii=False, separators=(",", ":"))
            cases.append({"id": g["id"], "index": i, "text": text, "valid": valid})
    with open(os.path.join(work, "cases.jsonl"), "w") as f:
        for c in cases:
            f.write(json.dumps(c, ensure_ascii=False) + "\n")
    arms = "\n".join(
        "        %d => check::<typed_differential::S%d>(text)," % (g["id"], g["id"])
        for g in groups)
    with open(os.path.join(work, "src", "main.rs"), "w") as f:
        f.write("""
use serde::{de::DeserializeOwned, Serialize};
use vossgen_runtime::{from_str, Validate};

/// The typed verdict and, when valid, the value written back.
fn check<T: DeserializeOwned + Serialize + Validate>(text: &str) -> (bool, Option<String>, String) {
    match from_str::<T>(text) {
        Ok(v) => (true, Some(serde_json::to_string(&v).unwrap_or_else(|e| format!("<{e}>"))), String::new()),
        Err(e) => (false, None, e.to_string()),
    }
}

fn run(id: u64, text: &str) -> (bool, Option<String>, String) {
    match id {
%s
        _ => unreachable!(),
    }
}

fn main() {
    let cases = std::fs::read_to_string("cases.jsonl").unwrap();
    for line in cases.lines() {
        let c: serde_json::Value = serde_json::from_str(line).unwrap();
        let text = c["text"].as_str().unwrap();
        let (valid, back, why) = run(c["id"].as_u64().unwrap(), text);
        println!("{}", serde_json::json!({"id": c["id"], "index": c["index"], "valid": valid,
            "back": back, "why": why}));
    }
}
""" % arms)
    build = subprocess.run(["cargo", "build", "-q"], cwd=work)
    if build.returncode != 0:
        sys.exit("the generated crate does not compile")
    run = subprocess.run(["cargo", "run", "-q"], cwd=work, capture_output=True, text=True)
    if run.returncode != 0:
        sys.stderr.write(run.stderr)
        sys.exit("the checks crashed")
    by_key = {(c["id"], c["index"]): c for c in cases}
    disagree, inexact, listed = [], [], 0
    for line in run.stdout.splitlines():
        r = json.loads(line)
        c = by_key[(r["id"], r["index"])]
        key = "%d:%d" % (r["id"], r["index"])
        if r["valid"] != c["valid"]:
            if key in known:
                listed += 1
                continue
            disagree.append((key, c["text"], c["valid"], r["why"]))
        elif r["valid"] and r["back"] != c["text"]:
            inexact.append((key, c["text"], r["back"]))
    for key, text, valid, why in disagree:
        print("disagree %s: %s oracle=%s typed says: %s" % (key, text[:200], valid, why[:300]))
    for key, text, back in inexact:
        print("inexact %s: %s -> %s" % (key, text[:200], back[:200]))
    print("typed: %d schemas, %d pairs: %d disagreements (%d listed in known.txt), %d inexact round trips"
          % (len(groups), len(cases), len(disagree), listed, len(inexact)))
    sys.exit(1 if disagree or inexact else 0)


if __name__ == "__main__":
    main()
