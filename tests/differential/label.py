#!/usr/bin/env python3
"""Labels gen.py's groups with python-jsonschema's Draft3Validator (the reference draft-03
implementation), by hand, never in CI:

    python3 gen.py 2500 3 | python3 label.py > corpus.jsonl

Each output line: {"id", "schema", "tests": [[instance, valid], ...]}. Groups whose schema the
oracle itself rejects (check_schema) are dropped; so are instances the oracle crashes on.
"""
import json
import sys

from jsonschema import Draft3Validator
from jsonschema.exceptions import SchemaError


def main():
    kept = 0
    pairs = 0
    for line in sys.stdin:
        g = json.loads(line)
        try:
            Draft3Validator.check_schema(g["schema"])
        except SchemaError:
            continue
        v = Draft3Validator(g["schema"])
        tests = []
        for inst in g["instances"]:
            try:
                tests.append([inst, v.is_valid(inst)])
            except Exception:  # the oracle's own failures (deep recursion, bad refs)
                continue
        if tests:
            kept += 1
            pairs += len(tests)
            print(json.dumps({"id": g["id"], "schema": g["schema"], "tests": tests}, ensure_ascii=False, separators=(",", ":")))
    print(f"{kept} groups, {pairs} pairs", file=sys.stderr)


if __name__ == "__main__":
    main()
