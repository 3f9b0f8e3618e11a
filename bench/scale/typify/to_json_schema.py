#!/usr/bin/env python3
"""The scale corpus (draft-03, VOSS extensions) as one draft-07 schema that typify reads.

    python3 bench/scale/typify/to_json_schema.py CORPUS_DIR OUT.json

Every model becomes a definition named by its path (`data/TokenRoute10` -> `DataTokenRoute10`),
and each draft-03 spelling becomes the draft-07 one with the same meaning, so that typify is
given what vossgen is given, in the form it reads:
- `"required": true` on a property -> the property's name in its object's `required` list;
- `$ref` to another model's file -> `#/definitions/<its name>`;
- VOSS `choices` (values with titles) -> `enum` of the values (vossgen makes an enum of them);
- `divisibleBy` -> `multipleOf`; formats `ip-address` -> `ipv4`, `host-name` -> `hostname`;
- a default whose JSON type is not the property's (an integer's `"0"`) -> the typed value, as
  vossgen reads it (converted losslessly), dropped if it has none;
- defaults of choices are dropped: typify 0.6.2 stops at some of them with "value does not
  conform to the given schema" although they do (one seen: `"Ascending"` of
  `["Ascending", "Descending"]` in a nested object; python-jsonschema accepts every default of the
  corpus), and a failed run measures nothing.
Keywords neither draft-07 nor typify knows (`readonly`, `target`, `is_password`, ...) are
dropped: typify would ignore them.
"""

import json
import os
import sys

DROP = {
    "$schema", "schema_version", "readonly", "target", "target_attr", "target_model_type",
    "is_password", "store_encrypted", "choices", "required",
}
FORMATS = {"ip-address": "ipv4", "host-name": "hostname"}


def def_name(path):
    """`data/TokenRoute10.json` -> `DataTokenRoute10`."""
    parts = path[: -len(".json")].replace("\\", "/").split("/")
    return "".join(p[:1].upper() + p[1:] for p in parts)


def typed_default(schema, value):
    kind = schema.get("type")
    if kind == "integer" and isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            return None
    if kind == "number" and isinstance(value, str):
        try:
            return float(value)
        except ValueError:
            return None
    if kind == "boolean" and isinstance(value, str):
        return {"true": True, "false": False}.get(value)
    return value


def convert(schema, here):
    if not isinstance(schema, dict):
        return schema
    out = {}
    for key, value in schema.items():
        if key in DROP:
            continue
        if key == "$ref":
            target = os.path.normpath(os.path.join(os.path.dirname(here), value))
            out["$ref"] = "#/definitions/" + def_name(target)
        elif key == "properties":
            out["properties"] = {k: convert(v, here) for k, v in value.items()}
            required = [k for k, v in value.items() if isinstance(v, dict) and v.get("required") is True]
            if required:
                out["required"] = required
        elif key in ("items", "additionalProperties"):
            out[key] = convert(value, here) if isinstance(value, dict) else (
                [convert(v, here) for v in value] if isinstance(value, list) else value)
        elif key == "divisibleBy":
            out["multipleOf"] = value
        elif key == "format":
            out["format"] = FORMATS.get(value, value)
        elif key == "default":
            typed = typed_default(schema, value)
            if typed is not None:
                out["default"] = typed
        else:
            out[key] = value
    choices = schema.get("choices")
    if isinstance(choices, list) and "enum" not in schema:
        values = [c["value"] for c in choices if isinstance(c, dict) and "value" in c]
        if values:
            out["enum"] = values
            out.pop("default", None)
    return out


def main():
    corpus, out_path = sys.argv[1], sys.argv[2]
    definitions = {}
    for dirpath, _, files in sorted(os.walk(corpus)):
        for name in sorted(files):
            if not name.endswith(".json") or name.endswith(".api.json"):
                continue
            rel = os.path.relpath(os.path.join(dirpath, name), corpus)
            with open(os.path.join(dirpath, name), encoding="utf-8") as f:
                definitions[def_name(rel)] = convert(json.load(f), rel)
    root = {"$schema": "http://json-schema.org/draft-07/schema#", "definitions": definitions}
    with open(out_path, "w", encoding="utf-8") as f:
        json.dump(root, f, indent=1, sort_keys=True)


if __name__ == "__main__":
    main()
