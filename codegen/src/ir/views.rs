//! Other views of a model than its details schema: the entries of its list responses.
//!
//! A VOSS list answers each instance with its *summary* data (the model's `summary_attrs`,
//! `hierarchy_friendly_name`, …), not its details: a field the details schema requires is
//! absent there. The model's own struct cannot read such an entry, so a model whose root struct
//! has a field that must be present gets a second struct, `<Model>Summary`: the same fields,
//! every one optional, validated by the root's schema without its top-level `required`.

use super::*;

impl IrBuilder<'_> {
    /// Adds each model's list-entry type where its root cannot read a summary (see the module
    /// docs), after cycles are boxed and enums shared (the fields are copied as they end up).
    pub(super) fn summaries(&mut self) {
        for m in 0..self.space.models.len() {
            // Only a model with a list operation has list entries.
            let lists = self.inputs.files[m]
                .api
                .as_ref()
                .is_some_and(|a| a.operations.iter().any(|o| o.response == "list"));
            if !lists {
                continue;
            }
            let root = self.space.models[m].root;
            let t = &self.space.types[root.0];
            let TypeKind::Struct {
                fields,
                extra_ident,
                extra_value,
            } = &t.kind
            else {
                continue;
            };
            if fields.iter().all(|f| f.optional) {
                continue;
            }
            let fields: Vec<Field> = fields
                .iter()
                .map(|f| Field {
                    optional: true,
                    required: false,
                    // The root already has the default's constant.
                    default: None,
                    ..f.clone()
                })
                .collect();
            let kind = TypeKind::Struct {
                fields,
                extra_ident: extra_ident.clone(),
                extra_value: extra_value.clone(),
            };
            let (root_name, module, origin) = (t.name.clone(), t.module.clone(), t.origin.clone());
            let node = t
                .node
                .map(|n| self.summary_node(self.space.resolved(n), &module));
            let model_type = self.space.models[m].model_type.clone();
            let name = self.claim(
                &module,
                &[
                    format!("{root_name}Summary"),
                    format!("{root_name}ListEntry"),
                ],
            );
            // Plain text: docs are the schema's words, escaped for Markdown when emitted.
            let docs = Docs {
                title: Some(format!("An entry of a list of {model_type}.")),
                description: Some(format!(
                    "A list answers each instance with its summary data, which may lack fields \
                     that {root_name} requires: here every field is optional. Get the instance \
                     by its pkid for its details."
                )),
                notes: Vec::new(),
            };
            let id = TypeId(self.space.types.len());
            self.space.types.push(TypeDef {
                name,
                module,
                origin,
                docs,
                kind,
                node,
            });
            self.space.models[m].summary = Some(id);
            self.space.summaries.insert(id, root);
        }
    }

    /// A copy of `node` whose properties are not required (at its top level only: a nested
    /// object that is present is whole).
    fn summary_node(&mut self, node: NodeId, module: &[String]) -> NodeId {
        let name = self
            .node_names
            .entry(module.to_vec())
            .or_default()
            .claim("SUMMARY");
        let mut def = self.space.nodes[node.0].clone();
        for (_, _, required) in &mut def.properties {
            *required = false;
        }
        def.name = name;
        def.module = module.to_vec();
        let id = NodeId(self.space.nodes.len());
        self.space.nodes.push(def);
        id
    }
}
