#!/usr/bin/env python3
"""A deterministic synthetic VOSS-like corpus for vossgen's scale benchmark.

    python3 bench/scale/corpus.py N OUT_DIR [--seed S]

writes N models under OUT_DIR (data/, device/cucm/, device/exchange/, relation/, view/), each
a draft-03 schema shaped like the VOSS Automate reference pages (about 48 top-level and 117
properties in all: nested objects, arrays of objects, `choices`, `target` references,
`is_password` / `store_encrypted` secrets, readonly and required fields, patterns, integer
defaults written as strings) plus an operations sidecar `*.api.json` of the VOSS generic
actions. Some models `$ref` others (as VOSS relations embed their data models), so features
have dependencies to follow. The same N and seed give the same bytes.
"""

import json
import os
import random
import sys

DIRS = ["data", "device/cucm", "device/exchange", "relation", "view"]
WORDS = (
    "name description line device user phone site customer provider reseller profile group "
    "policy template number pattern partition route calling search space directory pickup "
    "voicemail mailbox hunt pilot member queue extension mobility access role language theme "
    "menu layout domain host port address token secret expiry status mode type class level "
    "count limit timeout enabled primary secondary external internal label note owner region"
).split()
# Shared choice lists: the same lists recur across VOSS models (states, protocols, ...).
SHARED_CHOICES = [
    ["Enabled", "Disabled"],
    ["SIP", "SCCP", "H323", "MGCP"],
    ["administration", "selfservice", "none"],
    ["Default", "On", "Off"],
    ["Ascending", "Descending"],
    ["User", "Admin", "Operator", "Provider", "Reseller", "Customer", "Site"],
]
PATTERNS = [".{8,}", "^[0-9]+$", "^[A-Za-z0-9_.-]{1,64}$", "^\\+?[0-9]{3,15}$", "^[a-z][a-z0-9-]*$"]
FORMATS = ["date-time", "email", "ip-address", "host-name", None, None, None]


def title(words):
    return " ".join(w.capitalize() for w in words)


class Gen:
    def __init__(self, n, seed):
        self.n = n
        self.r = random.Random(seed)
        self.models = []
        for i in range(n):
            d = DIRS[i % len(DIRS)]
            name = "".join(w.capitalize() for w in self.r.sample(WORDS, 2)) + str(i)
            self.models.append((d, name))

    def words(self, k):
        return self.r.sample(WORDS, k)

    def key(self, used):
        while True:
            k = "_".join(self.words(self.r.choice([1, 2, 2, 3])))
            if k not in used:
                used.add(k)
                return k

    def leaf(self):
        r = self.r
        w = self.words(2)
        p = {"title": title(w), "description": "The " + " ".join(w) + " of this item."}
        kind = r.random()
        if kind < 0.38:
            p["type"] = "string"
            if r.random() < 0.15:
                p["pattern"] = r.choice(PATTERNS)
            if r.random() < 0.3:
                p["maxLength"] = r.choice([64, 128, 255, 1024])
            fmt = r.choice(FORMATS)
            if fmt:
                p["format"] = fmt
        elif kind < 0.50:
            target_dir, target = self.models[r.randrange(len(self.models))]
            attr = r.choice(["name", "name", "pkid", "lcid"])
            p.update({
                "type": "string",
                "format": "uri",
                "target": f"/api/{target_dir}/{target}/choices/?field={attr}&format=json&hierarchy=[hierarchy]&auth_token=[authtoken]",
                "target_attr": attr,
                "target_model_type": f"{target_dir}/{target}",
                "choices": [],
            })
        elif kind < 0.62:
            values = r.choice(SHARED_CHOICES) if r.random() < 0.6 else [title(self.words(1)) for _ in range(r.randint(2, 8))]
            values = list(dict.fromkeys(values))
            p["type"] = "string"
            p["choices"] = [{"value": v, "title": v} for v in values]
            if r.random() < 0.3:
                p["default"] = values[0]
        elif kind < 0.74:
            p["type"] = "integer"
            if r.random() < 0.4:
                p["default"] = str(r.randint(0, 9))  # VOSS writes integer defaults as strings
            if r.random() < 0.3:
                p["minimum"] = 0
                p["maximum"] = r.choice([10, 100, 65535])
        elif kind < 0.86:
            p["type"] = "boolean"
            if r.random() < 0.5:
                p["default"] = r.random() < 0.5
        elif kind < 0.92:
            p["type"] = "string"
            p["is_password"] = True
            p["store_encrypted"] = True
            if r.random() < 0.5:
                p["pattern"] = ".{8,}"
        else:
            p["type"] = "array"
            p["items"] = {"type": "string"}
        if r.random() < 0.15:
            p["required"] = True
        if r.random() < 0.1:
            p["readonly"] = True
        return p

    def obj(self, n_props, depth):
        used = set()
        props = {}
        for _ in range(n_props):
            k = self.key(used)
            roll = self.r.random()
            if depth < 1 and roll < 0.06:
                props[k] = self.nested(depth, array=False)
            elif depth < 1 and roll < 0.12:
                props[k] = self.nested(depth, array=True)
            else:
                props[k] = self.leaf()
        return props

    def nested(self, depth, array):
        w = self.words(2)
        inner = {"type": "object", "properties": self.obj(self.r.randint(4, 10), depth + 1)}
        if array:
            p = {"type": "array", "title": title(w), "items": inner}
            if self.r.random() < 0.3:
                p["minItems"] = 1
            return p
        inner["title"] = title(w)
        return inner

    def schema(self, i):
        d, name = self.models[i]
        props = self.obj(44, 0)
        # Exactly four nested objects / arrays of objects at the top, so that the total is ~117.
        used = set(props)
        for j in range(4):
            props[self.key(used)] = self.nested(0, array=j % 2 == 1)
        if i > 0 and self.r.random() < 0.25:
            # A relation embedding another model, as VOSS relations do.
            td, tn = self.models[self.r.randrange(0, i)]
            rel = os.path.relpath(f"{td}/{tn}.json", d)
            props[self.key(used)] = {"$ref": rel, "title": f"Embedded {tn}"}
        return {
            "$schema": "http://json-schema.org/draft-03/schema",
            "type": "object",
            "title": title(self.words(3)),
            "description": f"The {name} model: " + " ".join(self.words(12)) + ".",
            "schema_version": f"{self.r.randint(0, 3)}.{self.r.randint(0, 9)}.{self.r.randint(0, 9)}",
            "properties": props,
        }

    def api(self, i):
        d, name = self.models[i]
        mt = f"{d}/{name}"
        base = f"/api/{mt}/"
        h = [{"name": "hierarchy", "required": False}]
        lst = h + [{"name": n, "required": False} for n in ("skip", "limit", "order_by", "direction", "traversal")]
        exp = h + [{"name": "export_format", "required": False}]
        form = [{"name": "schema", "value": "", "required": True}, {"name": "schema_rules", "value": "true", "required": True}] + h
        mv = h + [{"name": "model_type", "value": mt, "required": True}]

        def op(n, task, method, path, query, payload, response, asy, pp=()):
            o = {"name": n, "task": task, "method": method, "path": path}
            if pp:
                o["path_params"] = list(pp)
            o.update({"query": query, "payload": payload, "response": response, "support_async": asy, "source": "task_table:1"})
            return o

        p = base + "{pkid}/"
        ops = [
            op("add_form", "Get the GUI Add form.", "GET", base + "add/", h, "none", "json", False),
            op("create", "Create", "POST", base, h, "model", "transaction", True),
            op("bulk_delete", "Bulk delete", "DELETE", base, h, "hrefs", "transaction", True),
            op("bulk_modify_form", "Bulk Modify", "GET", base + "bulk_update/", form, "none", "json", False),
            op("bulk_modify", "Bulk Modify", "POST", base + "bulk_update/", h, "bulk_update", "json", False),
            op("bulk_export", "Bulk export", "POST", base + "export/", exp, "hrefs", "file", False),
            op("export_bulkload_template", "Bulk load template", "POST", base + "export_bulkload_template/", h, "none", "file", False),
            op("configuration_template", "Configuration Template", "GET", base + "configuration_template/", h, "none", "json", False),
            op("field_display_policy", "Field Display Policy", "GET", base + "field_display_policy/", h, "none", "json", False),
            op("list", "List", "GET", base, lst, "none", "list", False),
            op("help", "Help", "GET", base + "help", h, "none", "html", False),
            op("modify", "Modify", "PUT", p, h, "model", "transaction", True, ["pkid"]),
            op("delete", "Delete", "DELETE", p, h, "none", "transaction", True, ["pkid"]),
            op("clone", "Clone", "GET", p + "clone/", form, "none", "json", False, ["pkid"]),
            op("export", "Export", "GET", p + "export/", exp, "none", "file", False, ["pkid"]),
            op("get", "Get", "GET", p, h, "none", "resource", False, ["pkid"]),
            op("instance_help", "Help", "GET", p + "help", h, "none", "html", False, ["pkid"]),
        ]
        if d != "relation" or i % 2 == 0:
            ops.append(op("move", "Move", "POST", "/api/tool/DataMove/", mv, "hrefs", "transaction", True))
        return {"api": "voss", "model_type": mt, "api_version": "21.4", "maximum_limit": 2000, "operations": ops}


def main():
    args = sys.argv[1:]
    seed = 20261123
    if "--seed" in args:
        k = args.index("--seed")
        seed = int(args[k + 1])
        del args[k:k + 2]
    if len(args) != 2:
        sys.exit(__doc__)
    n, out = int(args[0]), args[1]
    g = Gen(n, seed)
    for i, (d, name) in enumerate(g.models):
        os.makedirs(os.path.join(out, d), exist_ok=True)
        base = os.path.join(out, d, name)
        with open(base + ".json", "w") as f:
            json.dump(g.schema(i), f, indent=2)
            f.write("\n")
        with open(base + ".api.json", "w") as f:
            json.dump(g.api(i), f, indent=2)
            f.write("\n")


if __name__ == "__main__":
    main()
