//! Topic exchange matching (R4), as pure functions over plain data.
//!
//! Keys split on `.`: the empty key has zero words, `a..b` has three (the middle one empty).
//! In a binding key a word that is exactly `*` matches exactly one word (which may be empty), a
//! word that is exactly `#` matches zero or more words, any other word matches itself byte for
//! byte. `#` needs backtracking: `a.#.b` matches `a.b` and `a.x.y.b`; `a.#.a` does not match `a`.
//!
//! Two matchers live here: [`TopicTrie`], what a topic exchange uses (one walk over a trie of all
//! its binding keys, so 10,000 bindings cost about what a handful do), and [`topic_matches`], a
//! deliberately naive backtracking matcher for one binding key, kept as the reference the trie
//! is tested against. This module knows nothing of exchanges, queues or messages.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec;
use alloc::vec::Vec;

use crate::Name;

/// Whether `binding_key` matches `routing_key` (the naive reference matcher).
pub fn topic_matches(binding_key: &str, routing_key: &str) -> bool {
    let pattern: Vec<&str> = words(binding_key).collect();
    let key: Vec<&str> = words(routing_key).collect();
    matches_from(&pattern, &key)
}

/// The words of a key: none for the empty key, otherwise the `.`-separated parts.
pub fn words(key: &str) -> impl Iterator<Item = &str> {
    let mut parts = if key.is_empty() { None } else { Some(key.split('.')) };
    core::iter::from_fn(move || parts.as_mut()?.next())
}

fn matches_from(pattern: &[&str], key: &[&str]) -> bool {
    match pattern.split_first() {
        None => key.is_empty(),
        Some((&"#", rest)) => (0..=key.len()).any(|skip| matches_from(rest, &key[skip..])),
        Some((&"*", rest)) => !key.is_empty() && matches_from(rest, &key[1..]),
        Some((word, rest)) => key.first() == Some(word) && matches_from(rest, &key[1..]),
    }
}

/// A trie of binding keys, one edge per word, holding a multiset of values (what a binding
/// points at) at the node where its key ends. Values are counted, so the same destination bound
/// twice with one key (say, with different arguments) is removed only by its last unbind.
#[derive(Clone, Debug)]
pub struct TopicTrie<T: Ord + Clone> {
    nodes: Vec<Node<T>>,
    /// Slots of removed nodes, reused by later inserts so the trie does not grow by churn.
    free: Vec<usize>,
    bindings: usize,
}

#[derive(Clone, Debug)]
struct Node<T> {
    /// Literal words, then the two wildcards, each to a child node.
    literal: BTreeMap<Name, usize>,
    star: Option<usize>,
    hash: Option<usize>,
    values: BTreeMap<T, u32>,
    /// Where this node hangs from; `None` for the root.
    parent: Option<(usize, Edge)>,
}

#[derive(Clone, Debug)]
enum Edge {
    Literal(Name),
    Star,
    Hash,
}

const ROOT: usize = 0;

impl<T: Ord + Clone> Default for TopicTrie<T> {
    fn default() -> Self {
        TopicTrie { nodes: vec![Node::new(None)], free: Vec::new(), bindings: 0 }
    }
}

impl<T: Ord + Clone> TopicTrie<T> {
    pub fn new() -> Self {
        Self::default()
    }

    /// How many (key, value) insertions are held, counting repeats.
    pub fn len(&self) -> usize {
        self.bindings
    }

    pub fn is_empty(&self) -> bool {
        self.bindings == 0
    }

    pub fn insert(&mut self, binding_key: &str, value: T) {
        let mut node = ROOT;
        for word in words(binding_key) {
            node = self.child_or_insert(node, word);
        }
        *self.nodes[node].values.entry(value).or_insert(0) += 1;
        self.bindings += 1;
    }

    /// Removes one insertion of `value` under `binding_key`; false if there was none.
    pub fn remove(&mut self, binding_key: &str, value: &T) -> bool {
        let mut node = ROOT;
        for word in words(binding_key) {
            let next = match word {
                "*" => self.nodes[node].star,
                "#" => self.nodes[node].hash,
                _ => self.nodes[node].literal.get(word).copied(),
            };
            match next {
                Some(next) => node = next,
                None => return false,
            }
        }
        let values = &mut self.nodes[node].values;
        match values.get_mut(value) {
            None => return false,
            Some(count) if *count > 1 => *count -= 1,
            Some(_) => {
                values.remove(value);
            }
        }
        self.bindings -= 1;
        self.prune(node);
        true
    }

    /// Every distinct value whose binding key matches `routing_key`.
    pub fn matches(&self, routing_key: &str) -> BTreeSet<T> {
        let key: Vec<&str> = words(routing_key).collect();
        let mut found = BTreeSet::new();
        // (node, next word index) pairs already explored: `#` can reach the same pair along
        // many paths, and without this `#.#.#.#` against a long key is exponential.
        let mut seen: BTreeSet<(usize, usize)> = BTreeSet::new();
        let mut stack = vec![(ROOT, 0usize)];
        while let Some((node, at)) = stack.pop() {
            if !seen.insert((node, at)) {
                continue;
            }
            let n = &self.nodes[node];
            if at == key.len() {
                found.extend(n.values.keys().cloned());
            }
            if let Some(hash) = n.hash {
                // `#` swallows zero or more words.
                for next in at..=key.len() {
                    stack.push((hash, next));
                }
            }
            if at < key.len() {
                if let Some(star) = n.star {
                    stack.push((star, at + 1));
                }
                if let Some(&child) = n.literal.get(key[at]) {
                    stack.push((child, at + 1));
                }
            }
        }
        found
    }

    fn child_or_insert(&mut self, node: usize, word: &str) -> usize {
        let existing = match word {
            "*" => self.nodes[node].star,
            "#" => self.nodes[node].hash,
            _ => self.nodes[node].literal.get(word).copied(),
        };
        if let Some(child) = existing {
            return child;
        }
        let edge = match word {
            "*" => Edge::Star,
            "#" => Edge::Hash,
            _ => Edge::Literal(Name::from(word)),
        };
        let fresh = Node::new(Some((node, edge.clone())));
        let child = match self.free.pop() {
            Some(slot) => {
                self.nodes[slot] = fresh;
                slot
            }
            None => {
                self.nodes.push(fresh);
                self.nodes.len() - 1
            }
        };
        let parent = &mut self.nodes[node];
        match edge {
            Edge::Star => parent.star = Some(child),
            Edge::Hash => parent.hash = Some(child),
            Edge::Literal(word) => {
                parent.literal.insert(word, child);
            }
        }
        child
    }

    /// Frees `node` and its ancestors while they hold nothing.
    fn prune(&mut self, mut node: usize) {
        while node != ROOT {
            let n = &self.nodes[node];
            if !n.values.is_empty() || !n.literal.is_empty() || n.star.is_some() || n.hash.is_some() {
                return;
            }
            let Some((parent, edge)) = n.parent.clone() else { return };
            let p = &mut self.nodes[parent];
            match edge {
                Edge::Star => p.star = None,
                Edge::Hash => p.hash = None,
                Edge::Literal(word) => {
                    p.literal.remove(&word);
                }
            }
            self.nodes[node] = Node::new(None);
            self.free.push(node);
            node = parent;
        }
    }
}

impl<T> Node<T> {
    fn new(parent: Option<(usize, Edge)>) -> Self {
        Node { literal: BTreeMap::new(), star: None, hash: None, values: BTreeMap::new(), parent }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_of_the_empty_key_and_of_empty_words() {
        assert_eq!(words("").count(), 0);
        assert_eq!(words("a..b").collect::<Vec<_>>(), ["a", "", "b"]);
        assert_eq!(words(".").collect::<Vec<_>>(), ["", ""]);
    }

    #[test]
    fn removing_the_last_binding_frees_its_nodes() {
        let mut trie = TopicTrie::new();
        trie.insert("a.*.#.c", 1u32);
        trie.insert("a.*.#.c", 1u32);
        assert!(trie.remove("a.*.#.c", &1));
        assert_eq!(trie.matches("a.b.c").len(), 1);
        assert!(trie.remove("a.*.#.c", &1));
        assert!(!trie.remove("a.*.#.c", &1));
        assert!(trie.is_empty());
        assert_eq!(trie.free.len(), 4);
        assert!(trie.nodes[ROOT].literal.is_empty());
    }
}
