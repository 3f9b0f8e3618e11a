#!/usr/bin/env python3
"""Deterministic random draft-03 schemas and boundary instances for vossgen's differential
suite (see README.md here). Writes JSON lines to stdout, one group per schema:

    {"id": N, "schema": {...}, "instances": [...]}

Usage: python3 gen.py [GROUPS] [SEED] > cases.jsonl   (label.py adds the oracle's verdicts)

The whole draft-03 vocabulary is drawn from: type (names, unions, schema entries), disallow,
properties/required, patternProperties, additionalProperties, items (schema and tuple),
additionalItems, dependencies (name, names, schema), extends, $ref (root, properties,
definitions, recursion), minimum/maximum/exclusive*, divisibleBy, minLength/maxLength,
pattern, minItems/maxItems, uniqueItems and enum. `format` is left out: the oracle checks
formats only through optional libraries, so its verdicts depend on what is installed.
"""
import json
import random
import sys

TYPES = ["string", "number", "integer", "boolean", "object", "array", "null", "any"]
PATTERNS = [
    "^a", "b$", "^[a-c]+$", "^\\d{2,3}$", "x|y", "^(ab)*$", "[0-9]", "^\\w+@\\w+$",
    "^(?=.*[A-Z])(?=.*[0-9]).{4,}$", "^(?!x)", "(a)\\1", "^.$", "\\s", "^[^a]*$", "é",
]
DECIMALS = [0.1, 0.25, 0.5, 1, 1.5, 2, 3, 0.01, 7, 10, 1e-3]
KEYS = ["a", "b", "c", "d", "x", "p", "name", "ab", "1"]


class Gen:
    def __init__(self, rnd):
        self.r = rnd

    def number(self, integer=False):
        r = self.r
        if integer or r.random() < 0.5:
            return r.choice([-10, -1, 0, 1, 2, 3, 5, 10, 100, 2**53, 2**63])
        return r.choice([-2.5, -0.5, 0.5, 1.5, 2.25, 3.3, 0.1, 9.99])

    def schema(self, depth, defs):
        r = self.r
        s = {}
        kinds = r.sample(
            ["type", "types", "disallow", "object", "array", "number", "string", "enum",
             "extends", "ref", "dependencies", "typeschema"],
            k=r.choice([1, 1, 2, 2, 3]),
        )
        for kind in kinds:
            if kind == "type":
                s["type"] = r.choice(TYPES)
            elif kind == "types":
                s["type"] = r.sample(TYPES, k=r.choice([2, 3]))
            elif kind == "typeschema" and depth < 3:
                s["type"] = [r.choice(TYPES), self.schema(depth + 1, defs)]
            elif kind == "disallow":
                d = r.choice(TYPES[:-1])
                s["disallow"] = d if r.random() < 0.5 else [d, r.choice(TYPES[:-1])]
                if depth < 3 and r.random() < 0.3:
                    s["disallow"] = [self.schema(depth + 1, defs)]
            elif kind == "object":
                if depth < 3:
                    props = {}
                    for k in r.sample(KEYS, k=r.choice([0, 1, 2, 3])):
                        p = self.schema(depth + 1, defs)
                        if r.random() < 0.4:
                            p["required"] = r.choice([True, True, False])
                        props[k] = p
                    if props:
                        s["properties"] = props
                    if r.random() < 0.3:
                        s["patternProperties"] = {r.choice(["^a", "b", "^x$", "\\d"]): self.schema(depth + 1, defs)}
                    if r.random() < 0.4:
                        s["additionalProperties"] = r.choice([False, True]) if r.random() < 0.6 else self.schema(depth + 1, defs)
                if r.random() < 0.5:
                    s["type"] = "object"
            elif kind == "array":
                if depth < 3:
                    if r.random() < 0.5:
                        s["items"] = self.schema(depth + 1, defs)
                    elif r.random() < 0.7:
                        s["items"] = [self.schema(depth + 1, defs) for _ in range(r.choice([1, 2]))]
                        if r.random() < 0.6:
                            s["additionalItems"] = r.choice([False, True]) if r.random() < 0.6 else self.schema(depth + 1, defs)
                if r.random() < 0.5:
                    s["minItems"] = r.choice([0, 1, 2])
                if r.random() < 0.5:
                    s["maxItems"] = r.choice([0, 1, 2, 3])
                if r.random() < 0.4:
                    s["uniqueItems"] = r.choice([True, False])
                if r.random() < 0.5:
                    s["type"] = "array"
            elif kind == "number":
                integer = r.random() < 0.4
                if r.random() < 0.6:
                    s["minimum"] = self.number(integer)
                    if r.random() < 0.4:
                        s["exclusiveMinimum"] = r.choice([True, False])
                if r.random() < 0.6:
                    s["maximum"] = self.number(integer)
                    if r.random() < 0.4:
                        s["exclusiveMaximum"] = r.choice([True, False])
                if r.random() < 0.4:
                    s["divisibleBy"] = r.choice(DECIMALS)
                if r.random() < 0.5:
                    s["type"] = r.choice(["number", "integer"])
            elif kind == "string":
                if r.random() < 0.5:
                    s["minLength"] = r.choice([0, 1, 2, 3])
                if r.random() < 0.5:
                    s["maxLength"] = r.choice([0, 1, 2, 5])
                if r.random() < 0.5:
                    s["pattern"] = r.choice(PATTERNS)
                if r.random() < 0.5:
                    s["type"] = "string"
            elif kind == "enum":
                s["enum"] = r.sample(
                    ["a", "b", "", 1, 1.5, 0, True, False, None, [1], {"a": 1}, [], {}, 2**53],
                    k=r.choice([1, 2, 3]),
                )
            elif kind == "extends" and depth < 3:
                e = self.schema(depth + 1, defs)
                s["extends"] = e if r.random() < 0.5 else [e, self.schema(depth + 1, defs)]
            elif kind == "ref":
                choice = r.random()
                if choice < 0.3 and depth > 0:
                    s["$ref"] = "#"
                elif choice < 0.7:
                    name = "d%d" % len(defs)
                    if depth < 3:
                        defs[name] = self.schema(depth + 1, defs)
                        s["$ref"] = "#/definitions/" + name
                else:
                    s["$ref"] = "#/definitions/" + (r.choice(sorted(defs)) if defs else "none")
                    if not defs:
                        del s["$ref"]
            elif kind == "dependencies":
                deps = {}
                for k in r.sample(KEYS[:5], k=r.choice([1, 2])):
                    c = r.random()
                    if c < 0.3:
                        deps[k] = r.choice(KEYS[:5])
                    elif c < 0.6:
                        deps[k] = r.sample(KEYS[:5], k=2)
                    elif depth < 3:
                        deps[k] = self.schema(depth + 1, defs)
                if deps:
                    s["dependencies"] = deps
        return s

    def root(self):
        defs = {}
        s = self.schema(0, defs)
        if defs:
            s["definitions"] = defs
        return s

    # Instances -----------------------------------------------------------------------
    def instances(self, s, n):
        out = []
        seen = set()
        tries = 0
        while len(out) < n and tries < n * 6:
            tries += 1
            v = self.instance(s, s, 0)
            key = json.dumps(v, sort_keys=False)
            if key not in seen:
                seen.add(key)
                out.append(v)
        return out

    def scalar(self):
        r = self.r
        return r.choice([None, True, False, 0, 1, -1, 2, 1.5, 0.3, 3, 10, 1.0, 2**53, 2**53 + 1,
                         -0.5, "", "a", "ab", "abc", "b", "x", "A1b2", "1", "é", "aa", "12",
                         "a@b", "\n", "ab\n", [], [1], [1, 1], {}, {"a": 1}])

    def instance(self, s, root, depth):
        r = self.r
        if not isinstance(s, dict) or depth > 4 or r.random() < 0.15:
            return self.scalar()
        if "$ref" in s:
            ref = s["$ref"]
            target = root if ref == "#" else root.get("definitions", {}).get(ref.rsplit("/", 1)[-1], {})
            return self.instance(target, root, depth + 1)
        if "enum" in s and r.random() < 0.5:
            return r.choice(s["enum"])
        t = s.get("type")
        if isinstance(t, list):
            t = r.choice(t)
        if isinstance(t, dict):
            return self.instance(t, root, depth + 1)
        if t is None:
            if any(k in s for k in ("properties", "patternProperties", "additionalProperties", "dependencies")):
                t = "object"
            elif any(k in s for k in ("items", "minItems", "maxItems", "uniqueItems")):
                t = "array"
            elif any(k in s for k in ("minimum", "maximum", "divisibleBy")):
                t = "number"
            elif any(k in s for k in ("minLength", "maxLength", "pattern")):
                t = "string"
            elif "extends" in s:
                e = s["extends"]
                return self.instance(e if isinstance(e, dict) else r.choice(e), root, depth + 1)
            else:
                return self.scalar()
        if t in ("number", "integer"):
            cands = []
            for k in ("minimum", "maximum"):
                if k in s:
                    v = s[k]
                    cands += [v, v + 1, v - 1, v + 0.5, v - 0.5]
            if "divisibleBy" in s:
                d = s["divisibleBy"]
                m = r.choice([0, 1, 2, 3, 7, 10])
                cands += [round(d * m, 10), d * m + d / 2, d * m]
            cands += [0, 1, -1, 2.5, 30, 30.0, 1e3, 9007199254740993, -0.0]
            v = r.choice(cands)
            if t == "integer" and isinstance(v, float) and r.random() < 0.7 and v == v and abs(v) < 1e18:
                v = int(v)
            return v
        if t == "string":
            cands = ["", "a", "ab", "abc", "abcde", "b", "xb", "12", "123", "A1b2", "ab\n", "é",
                     "a@b", "x", " ", "aab", "abab", "Aa1z9", "aa"]
            return r.choice(cands)
        if t == "boolean":
            return r.choice([True, False])
        if t == "null":
            return None
        if t == "array":
            items = s.get("items")
            n = r.choice([0, 1, 2, 3, 4])
            out = []
            for i in range(n):
                if isinstance(items, list):
                    sub = items[i] if i < len(items) else s.get("additionalItems", {})
                else:
                    sub = items if isinstance(items, dict) else {}
                out.append(self.instance(sub, root, depth + 1))
            if out and r.random() < 0.3:
                out.append(out[0])
            return out
        if t == "object":
            o = {}
            props = s.get("properties", {})
            for k, sub in props.items():
                if r.random() < 0.75:
                    o[k] = self.instance(sub, root, depth + 1)
            if r.random() < 0.4:
                k = r.choice(KEYS)
                o.setdefault(k, self.scalar())
            for k in s.get("dependencies", {}):
                if r.random() < 0.3:
                    o.setdefault(k, self.scalar())
            return o
        return self.scalar()


def main():
    groups = int(sys.argv[1]) if len(sys.argv) > 1 else 2500
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else 3
    r = random.Random(seed)
    g = Gen(r)
    for i in range(groups):
        s = g.root()
        print(json.dumps({"id": i, "schema": s, "instances": g.instances(s, 10)}, ensure_ascii=False))


if __name__ == "__main__":
    main()
