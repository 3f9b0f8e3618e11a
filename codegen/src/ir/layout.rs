//! Each input's module and the module tree.

use super::*;

impl<'a> IrBuilder<'a> {
    /// Assigns each file its module: directories first (they win a name clash), then files.
    pub(super) fn layout(&mut self) {
        let mut dir_names: HashMap<String, Vec<String>> = HashMap::default();
        dir_names.insert(String::new(), Vec::new());
        // Top-level modules become files in the crate's `src/`, where Cargo gives `lib.rs`,
        // `main.rs` and `bin/` their own meaning.
        let top = self.namers.entry(Vec::new()).or_default();
        for taken in ident::CRATE_ROOT_FILES {
            top.reserve(taken);
        }
        // Directories, parents before children (files are sorted by rel).
        let mut dirs: std::collections::BTreeSet<String> = std::collections::BTreeSet::new();
        let rels = self
            .inputs
            .files
            .iter()
            .map(|f| &f.rel)
            .chain(self.inputs.api_only.iter().map(|a| &a.rel));
        for rel in rels {
            let parts: Vec<&str> = rel.split('/').collect();
            for depth in 1..parts.len() {
                dirs.insert(parts[..depth].join("/"));
            }
        }
        let mut dirs: Vec<String> = dirs.into_iter().collect();
        dirs.sort_by_key(|d| (d.matches('/').count(), d.clone()));
        for d in &dirs {
            let (parent, last) = d.rsplit_once('/').unwrap_or(("", d));
            let parent_mod = dir_names[parent].clone();
            let name = self
                .namers
                .entry(parent_mod.clone())
                .or_default()
                .claim(&ident::module_name(last));
            let mut module = parent_mod;
            module.push(name.clone());
            dir_names.insert(d.clone(), module.clone());
            insert_dir(&mut self.space.root, &module, d);
        }
        for f in &self.inputs.files {
            let (dir, file) = f.rel.rsplit_once('/').unwrap_or(("", &f.rel));
            let stem = file.strip_suffix(".json").unwrap_or(file);
            let dir_mod = dir_names[dir].clone();
            let namer = self.namers.entry(dir_mod.clone()).or_default();
            let file_mod = namer.claim(&ident::module_name(stem));
            let mut module = dir_mod;
            module.push(file_mod);
            // The model's type name is re-exported by the directory's module, so it is claimed
            // there (where `Role.json` and `role.json` meet) and then held in its own module.
            let name = namer.claim(&ident::type_name(stem));
            self.namers
                .entry(module.clone())
                .or_default()
                .reserve(&name);
            self.file_homes.push((module, name));
        }
        // Add forms live in their model's module (their files follow the models', in order).
        for i in 0..self.inputs.files.len() {
            if self.add_forms[i].is_some() {
                let (module, name) = self.file_homes[i].clone();
                let add = self
                    .namers
                    .entry(module.clone())
                    .or_default()
                    .claim(&format!("{name}AddForm"));
                self.file_homes.push((module, add));
            }
        }
        for (i, a) in self.inputs.api_only.iter().enumerate() {
            let (dir, file) = a.rel.rsplit_once('/').unwrap_or(("", &a.rel));
            let stem = file.strip_suffix(crate::api::API_SUFFIX).unwrap_or(file);
            let dir_mod = dir_names[dir].clone();
            let name = self
                .namers
                .entry(dir_mod.clone())
                .or_default()
                .claim(&ident::module_name(stem));
            dir_at(&mut self.space.root, &dir_mod)
                .apis
                .insert(name.clone(), i);
            let mut module = dir_mod;
            module.push(name);
            self.api_homes.push(module);
        }
        let names = share::MODULE_NAMES.map(String::from);
        let shared = self
            .namers
            .entry(Vec::new())
            .or_default()
            .claim_first(&names);
        self.shared = vec![shared];
    }

    pub(super) fn model(&mut self, file: usize) {
        // The inputs outlive the builder: borrowed from them, not from `self` (no clone of the
        // model's schema tree).
        let inputs: &'a Inputs = self.inputs;
        let f = &inputs.files[file];
        let schema = &f.schema;
        let (module, name) = self.file_homes[file].clone();
        let model_type = f
            .api
            .as_ref()
            .and_then(|a| a.model_type.clone())
            .unwrap_or_else(|| f.rel.strip_suffix(".json").unwrap_or(&f.rel).to_string());
        let root = self.named_root(file, schema, &module, &name);
        let add_form = self.add_forms[file].map(|add| {
            let f = self.files[add];
            let (module, name) = self.file_homes[add].clone();
            let id = self.named_root(add, &f.schema, &module, &name);
            let t = &mut self.space.types[id.0];
            if t.docs.title.is_none() {
                t.docs.title = Some(format!("The add form of {model_type}."));
            }
            t.docs.notes.push(
                "What creating an instance sends: the server's add form, which differs from the \
                 details schema."
                    .to_string(),
            );
            id
        });
        if let Some(desc) = f.api.as_ref().and_then(|a| a.description.clone()) {
            let t = &mut self.space.types[root.0];
            if t.docs.description.is_none() {
                t.docs.description = Some(desc);
            }
        }
        self.space.models.push(ModelDef {
            model_type,
            schema_version: schema.schema_version.clone().unwrap_or_default(),
            root,
            module: module.clone(),
            ops: None,
            summary: None,
            add_form,
            rel: f.rel.clone(),
        });
        let (dir, file_mod) = module.split_at(module.len() - 1);
        let model_index = self.space.models.len() - 1;
        dir_at(&mut self.space.root, dir)
            .models
            .insert(file_mod[0].clone(), model_index);
    }
}

pub(super) fn insert_dir(root: &mut DirModule, module: &[String], rel: &str) {
    let node = dir_at(root, module);
    node.rel = rel.to_string();
}

pub(super) fn dir_at<'m>(root: &'m mut DirModule, module: &[String]) -> &'m mut DirModule {
    let mut node = root;
    for m in module {
        node = node.dirs.entry(m.clone()).or_default();
    }
    node
}
