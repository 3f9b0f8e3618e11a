//! Names of generated types, claimed from each module's [`Namer`].

use super::*;

impl IrBuilder<'_> {
    /// Claims a name in `module`: the first free candidate.
    pub(super) fn claim(&mut self, module: &[String], candidates: &[String]) -> String {
        self.namers
            .entry(module.to_vec())
            .or_default()
            .claim_first(candidates)
    }

    pub(super) fn name_for(
        &mut self,
        module: &[String],
        candidates: &[String],
        is_root: bool,
    ) -> String {
        if is_root {
            candidates[0].clone()
        } else {
            let mut all: Vec<String> = candidates.to_vec();
            if all.is_empty() {
                all.push("Type".to_string());
            }
            self.claim(module, &all)
        }
    }
}
