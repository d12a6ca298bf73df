//! Transitive clusters: a union-find over item indices, whose root is always the cluster's
//! smallest index, so "the first member" of a cluster needs no extra bookkeeping.

/// Disjoint sets over `0..len`.
#[derive(Debug, Clone)]
pub struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    pub fn new(len: usize) -> Self {
        Self {
            parent: (0..len as u32).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.parent.len()
    }

    pub fn is_empty(&self) -> bool {
        self.parent.is_empty()
    }

    /// The smallest index in `item`'s set (path halving on the way).
    pub fn find(&mut self, mut item: u32) -> u32 {
        while self.parent[item as usize] != item {
            let grandparent = self.parent[self.parent[item as usize] as usize];
            self.parent[item as usize] = grandparent;
            item = grandparent;
        }
        item
    }

    /// Joins the sets of `a` and `b`; returns whether they were apart.
    pub fn union(&mut self, a: u32, b: u32) -> bool {
        let (a, b) = (self.find(a), self.find(b));
        if a == b {
            return false;
        }
        let (root, child) = if a < b { (a, b) } else { (b, a) };
        self.parent[child as usize] = root;
        true
    }

    /// Every set of two or more items, each sorted, ordered by smallest member.
    pub fn clusters(&mut self) -> Vec<Vec<u32>> {
        let mut members: Vec<(u32, u32)> = (0..self.len() as u32)
            .map(|item| (self.find(item), item))
            .collect();
        members.sort_unstable();
        members
            .chunk_by(|a, b| a.0 == b.0)
            .filter(|group| group.len() > 1)
            .map(|group| group.iter().map(|&(_, item)| item).collect())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_transitive_and_rooted_at_their_smallest_member() {
        let mut sets = UnionFind::new(7);
        assert!(sets.union(5, 3));
        assert!(sets.union(3, 6));
        assert!(sets.union(1, 2));
        assert!(!sets.union(6, 5));
        assert_eq!(sets.find(6), 3);
        assert_eq!(sets.clusters(), [vec![1, 2], vec![3, 5, 6]]);
    }
}
