//! Stable sorting with one compiled copy of the algorithm.
//!
//! The standard library's sorts are fast, but every element type and comparison closure gets
//! its own copy of driftsort or ipnsort (about 4.4 KB of wasm each). Twenty-odd call sites and
//! `collect()`s into ordered maps made them about 100 KB of the page's 1.3 MB of code
//! (`twiggy top`, docs/PERFORMANCE.md). Here the merge sort runs over indices and calls the
//! comparison through `&mut dyn FnMut`, so it is compiled once; what each call site adds is
//! its comparison and a short loop that moves the elements into place.
//!
//! The result is exactly the standard stable sort's (a stable order is unique), so traces do
//! not change; callers that used `sort_unstable` on plain values get the same order too. The
//! cost is a dynamic call per comparison: sorting the 10,000 partitions of the assignor
//! benchmark takes well under a millisecond.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `v` stably by `compare` (like `slice::sort_by`).
pub fn sort_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let order = {
        let items: &[T] = v;
        stable_order(items.len(), &mut |a, b| compare(&items[a], &items[b]) == Ordering::Less)
    };
    place(v, order);
}

/// Sorts `v` stably by the key `f` gives (like `slice::sort_by_key`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut f: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| f(a).cmp(&f(b)));
}

/// Sorts `v` in ascending order (like `slice::sort`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// `iter.collect()` into an ordered map or set, by inserting one item after another.
///
/// The standard `FromIterator` of `BTreeMap` and `BTreeSet` (and of `serde_json::Map`) sorts
/// the items first, with its own copy of the stable sort per item type; inserting reuses the
/// `insert` the map has anyway. Same result: for a repeated key the last value wins.
pub fn collect_by_insert<T, C: Default + Extend<T>>(items: impl IntoIterator<Item = T>) -> C {
    let mut collection = C::default();
    collection.extend(items);
    collection
}

/// The stable ascending order of items `0..n` under `less`: `order[k]` is the index of the item
/// that belongs at position `k`. Bottom-up merge sort over indices, with insertion-sorted runs
/// of `RUN` to start.
fn stable_order(n: usize, less: &mut dyn FnMut(usize, usize) -> bool) -> Vec<usize> {
    const RUN: usize = 8;
    let mut a: Vec<usize> = (0..n).collect();
    for run in a.chunks_mut(RUN) {
        for i in 1..run.len() {
            let mut j = i;
            // Move left only past strictly greater items: equal items keep their order.
            while j > 0 && less(run[j], run[j - 1]) {
                run.swap(j, j - 1);
                j -= 1;
            }
        }
    }
    let mut b = alloc::vec![0; n];
    let mut width = RUN;
    while width < n {
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            merge(&a[start..mid], &a[mid..end], &mut b[start..end], less);
            start = end;
        }
        core::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Merges two sorted runs into `out`, taking from `left` on ties (stability).
fn merge(left: &[usize], right: &[usize], out: &mut [usize], less: &mut dyn FnMut(usize, usize) -> bool) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_right = j < right.len() && (i == left.len() || less(right[j], left[i]));
        if take_right {
            *slot = right[j];
            j += 1;
        } else {
            *slot = left[i];
            i += 1;
        }
    }
}

/// Moves the items of `v` so that position `k` holds the item that was at `order[k]`, by
/// swaps along the permutation's cycles (no copies, no `Clone` needed).
fn place<T>(v: &mut [T], order: Vec<usize>) {
    // dest[i]: where the item now at i must go. Each swap puts one item in its final place.
    let mut dest = alloc::vec![0; order.len()];
    for (k, &from) in order.iter().enumerate() {
        dest[from] = k;
    }
    for i in 0..v.len() {
        while dest[i] != i {
            let d = dest[i];
            v.swap(i, d);
            dest.swap(i, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec;

    /// A small deterministic generator for the comparisons against the standard sort.
    fn values(n: usize, seed: u64, range: u64) -> Vec<(u64, usize)> {
        let mut rng = crate::rng::Prng::new(seed);
        (0..n).map(|i| (rng.below(range), i)).collect()
    }

    #[test]
    fn matches_the_standard_stable_sort_on_keys_with_many_ties() {
        for n in [0, 1, 2, 7, 8, 9, 16, 17, 100, 1000, 4099] {
            for range in [1, 3, 50, 1 << 40] {
                let input = values(n, n as u64 * 31 + range, range);
                let mut ours = input.clone();
                sort_by_key(&mut ours, |&(k, _)| k);
                let mut std = input.clone();
                std.sort_by_key(|&(k, _)| k);
                assert_eq!(ours, std, "n={n} range={range}");
            }
        }
    }

    #[test]
    fn sorts_by_a_comparison_and_in_natural_order() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "date", "banana"];
        sort_by(&mut words, |a, b| a.len().cmp(&b.len()));
        assert_eq!(words, ["fig", "pear", "kiwi", "date", "apple", "banana"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "banana", "date", "fig", "kiwi", "pear"]);
        let mut descending: Vec<u32> = (0..50).rev().collect();
        sort(&mut descending);
        assert_eq!(descending, (0..50).collect::<Vec<u32>>());
    }

    #[test]
    fn moves_values_that_are_not_clone() {
        struct Item(u8, alloc::boxed::Box<u8>);
        let mut items: Vec<Item> = [5u8, 1, 4, 1, 3].iter().enumerate().map(|(i, &k)| Item(k, alloc::boxed::Box::new(i as u8))).collect();
        sort_by_key(&mut items, |item| item.0);
        let seen: Vec<(u8, u8)> = items.iter().map(|item| (item.0, *item.1)).collect();
        assert_eq!(seen, [(1, 1), (1, 3), (3, 4), (4, 2), (5, 0)]);
    }
}
