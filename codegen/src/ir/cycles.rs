//! Cycles of types: boxed where they go through direct fields, warned where no finite value fits.

use super::*;

impl IrBuilder<'_> {
    /// Boxes struct fields whose type leads back to the struct through direct fields
    /// (Tarjan's strongly connected components; linear in the number of types).
    pub(super) fn box_cycles(&mut self) {
        let n = self.space.types.len();
        let scc = tarjan(&self.direct_edges(false));
        for i in 0..n {
            let same = |s: &Shape| matches!(s, Shape::Named(id) if scc[id.0] == scc[i]);
            match &mut self.space.types[i].kind {
                TypeKind::Struct { fields, .. } => {
                    for f in fields.iter_mut() {
                        if same(&f.shape) {
                            f.shape = Shape::Boxed(Box::new(f.shape.clone()));
                        }
                    }
                }
                TypeKind::Newtype(s) if same(s) => *s = Shape::Boxed(Box::new(s.clone())),
                TypeKind::Union(vs) => {
                    for (_, s) in vs.iter_mut() {
                        if same(s) {
                            *s = Shape::Boxed(Box::new(s.clone()));
                        }
                    }
                }
                _ => {}
            }
        }
    }

    /// Breaks each loop of unions (and newtypes) that leads back to itself without reading
    /// anything (`type: [{…}, {"$ref": "#"}]`): serde would try the variants of such a union
    /// without end on a value none of the others take, and overflow the stack. In each loop,
    /// the variants that go back to an earlier type (by type order: every loop has one) read
    /// any JSON value (`serde_json::Value`) instead; what the loop adds is values of the other
    /// variants, which the forward ones still type, and validation, on the JSON form, is the
    /// schema's as before.
    pub(super) fn break_union_loops(&mut self) {
        let scc = tarjan(&self.edges(|kind| match kind {
            TypeKind::Newtype(s) => vec![s],
            TypeKind::Union(v) => v.iter().map(|(_, s)| s).collect(),
            _ => Vec::new(),
        }));
        for i in 0..self.space.types.len() {
            let back =
                |s: &Shape| matches!(s, Shape::Named(id) if scc[id.0] == scc[i] && id.0 <= i);
            match &mut self.space.types[i].kind {
                TypeKind::Union(vs) => {
                    for (_, s) in vs.iter_mut().filter(|(_, s)| back(s)) {
                        *s = Shape::Any;
                    }
                }
                TypeKind::Newtype(s) if back(s) => *s = Shape::Any,
                _ => {}
            }
        }
    }

    /// For each type, the types it holds directly (not through a `Vec`, map or `Box`): with
    /// `required_only`, only those every value must hold (required fields and newtypes;
    /// a union needs just one of its variants, so it holds none for sure).
    pub(super) fn direct_edges(&self, required_only: bool) -> Vec<Vec<usize>> {
        self.edges(|kind| match kind {
            TypeKind::Struct { fields, .. } => fields
                .iter()
                .filter(|f| !(required_only && f.optional))
                .map(|f| &f.shape)
                .collect(),
            TypeKind::Newtype(s) => vec![s],
            TypeKind::Union(v) if !required_only => v.iter().map(|(_, s)| s).collect(),
            _ => Vec::new(),
        })
    }

    /// For each type, the types named by the shapes `held` picks from its kind.
    fn edges(&self, held: impl Fn(&TypeKind) -> Vec<&Shape>) -> Vec<Vec<usize>> {
        (self.space.types.iter())
            .map(|t| {
                (held(&t.kind).into_iter())
                    .filter_map(|s| match s {
                        Shape::Named(id) => Some(id.0),
                        _ => None,
                    })
                    .collect()
            })
            .collect()
    }

    /// Warns at each required property that leads back to its own type through required
    /// properties only: no finite JSON value fits such a schema (and rustc, seeing that a
    /// value's validation could never end, warns `unconditional_recursion`).
    pub(super) fn warn_uninhabited(&mut self) {
        let scc = tarjan(&self.direct_edges(true));
        let types = &self.space.types;
        let mut found = Vec::new();
        for (i, t) in types.iter().enumerate() {
            if let TypeKind::Struct { fields, .. } = &t.kind {
                for f in fields.iter().filter(|f| !f.optional) {
                    if matches!(&f.shape, Shape::Named(id) if scc[id.0] == scc[i]) {
                        found.push((f.origin.clone(), f.wire.clone()));
                        self.space.endless.insert(TypeId(i));
                    }
                }
            }
        }
        for (origin, wire) in found {
            self.diags.push(Diagnostic::warning(
                &origin.path,
                Location::Pointer(origin.pointer),
                format!("required property `{wire}` leads back to its own type through required properties only: no finite value fits this schema"),
            ));
        }
    }
}

/// Component index of each node; a node alone in its component without a self-edge gets a
/// component of its own that no other node has.
pub(super) fn tarjan(edges: &[Vec<usize>]) -> Vec<usize> {
    let mut comp = graph::components(edges);
    let n = edges.len();
    let comps = comp.iter().copied().max().map_or(0, |c| c + 1);
    // A node alone in its component is "in a cycle" only with a self-edge: give the others
    // unique components so that `same` is false for them.
    let mut sizes = vec![0usize; comps];
    for c in &comp {
        sizes[*c] += 1;
    }
    for v in 0..n {
        if sizes[comp[v]] == 1 && !edges[v].contains(&v) {
            comp[v] = usize::MAX - v;
        }
    }
    comp
}
