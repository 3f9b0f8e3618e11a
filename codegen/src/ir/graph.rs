//! Graph algorithms over nodes numbered `0..n`, each with the list of nodes it points to: the
//! IR's cycle breaking and the emitter's crate parts use them.

use std::cmp::Reverse;
use std::collections::{BTreeSet, BinaryHeap};

/// The strongly connected components of the graph `needs` (node -> the nodes it needs), each
/// sorted, in an order where every component comes after those it needs and, among those that
/// could come next, the one with the smallest node first.
pub fn ordered_components(needs: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let comp = components(needs);
    let count = comp.iter().copied().max().map_or(0, |c| c + 1);
    let mut members = vec![Vec::new(); count];
    for (node, &c) in comp.iter().enumerate() {
        members[c].push(node);
    }
    // Component edges, both ways: what each needs (distinct), and who needs it.
    let mut waiting_on = vec![0usize; count];
    let mut users: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); count];
    for (node, ns) in needs.iter().enumerate() {
        for &n in ns {
            let (a, b) = (comp[node], comp[n]);
            if a != b && users[b].insert(a) {
                waiting_on[a] += 1;
            }
        }
    }
    let mut ready: BinaryHeap<Reverse<(usize, usize)>> = (0..count)
        .filter(|&c| waiting_on[c] == 0)
        .map(|c| Reverse((members[c][0], c)))
        .collect();
    let mut out = Vec::with_capacity(count);
    while let Some(Reverse((_, c))) = ready.pop() {
        for &u in &users[c] {
            waiting_on[u] -= 1;
            if waiting_on[u] == 0 {
                ready.push(Reverse((members[u][0], u)));
            }
        }
        out.push(std::mem::take(&mut members[c]));
    }
    out
}

/// Each node's strongly connected component (Tarjan's algorithm, without recursion: inputs
/// may chain thousands of models).
pub fn components(needs: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = needs.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut comp = vec![UNSEEN; n];
    let mut next_index = 0;
    let mut next_comp = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, how many of its edges are done)
        let mut work = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut done)) = work.last_mut() {
            if let Some(&w) = needs[v].get(*done) {
                *done += 1;
                if index[w] == UNSEEN {
                    index[w] = next_index;
                    low[w] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    comp[w] = next_comp;
                    if w == v {
                        break;
                    }
                }
                next_comp += 1;
            }
        }
    }
    comp
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_come_after_what_they_need_in_input_order_otherwise() {
        // 0 needs 3; 1 and 2 need each other; 4 needs 1.
        let needs = vec![vec![3], vec![2], vec![1], vec![], vec![1]];
        assert_eq!(
            ordered_components(&needs),
            vec![vec![1, 2], vec![3], vec![0], vec![4]]
        );
        // A long chain, deeper than any recursion would go.
        let chain: Vec<Vec<usize>> = (0..200_000)
            .map(|i| if i == 0 { vec![] } else { vec![i - 1] })
            .collect();
        let order = ordered_components(&chain);
        assert_eq!(order.len(), 200_000);
        assert_eq!(order[0], vec![0]);
        assert_eq!(order[199_999], vec![199_999]);
    }
}
