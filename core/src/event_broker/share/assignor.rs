//! The share-group assignor (`simple`, KIP-932): which partitions each member of a share group
//! fetches from. Unlike a consumer group's, a share group's partition may have several members,
//! and there may be more members than partitions.
//!
//! Source: apache/kafka `group-coordinator/.../assignor/SimpleHomogeneousAssignmentBuilder.java`
//! (read at f1d99ec, the version with assignable partitions that Kafka 4.1 and later build on;
//! the builder `SimpleAssignor` uses for a group whose members all subscribe to the same
//! topics; the 4.0 `SimpleAssignor` hashed member ids to partitions instead) and
//! `SimpleAssignorTest.java`. The rules, in the builder's order:
//!
//! - **Desired sharing**: each partition should have ⌈members ÷ partitions⌉ members.
//! - **Desired count** per member: the `sharing × partitions` assignments spread as evenly as
//!   possible, member `i` taking `⌈p·(i+1)⌉ − ⌈p·i⌉` with `p = sharing × partitions ÷ members`
//!   (computed in floating point, as Kafka does).
//! - **Sticky**: a member keeps what it has, except that a member over its count gives back
//!   partitions until it is at its count, and then a partition shared by more members than
//!   desired loses members until it is not (those members join the turn below).
//! - **Fill**: partitions with fewer members than desired go to members under their count,
//!   visited in turn; a member at its count leaves the turn. A partition nobody in the turn can
//!   take keeps fewer members (Kafka accepts the slight imbalance).
//!
//! Kafka visits members and partitions in `HashMap` order (member ids are random UUIDs, and a
//! partition's place depends on its topic's random id), so which member gets which partition is
//! arbitrary there. The model visits members in the order given and partitions in ascending
//! order: the shape (who shares, how many each, what stays) follows Kafka's rules, the names
//! are the model's. One quirk of the builder is kept: within one partition the turn does not
//! see the members it just added.

use alloc::collections::{BTreeMap, BTreeSet};
use alloc::vec;
use alloc::vec::Vec;

/// The target assignment of a share group whose members all subscribe to the same topics:
/// `targets` are the partitions of those topics, `current[i]` what member `i` has now (members
/// in the order the coordinator visits them). Returns each member's target, in the same order.
/// Partitions in `current` that are not in `targets` (their topic is no longer subscribed) are
/// dropped.
pub fn simple_homogeneous<P: Ord + Copy>(targets: &[P], current: &[BTreeSet<P>]) -> Vec<BTreeSet<P>> {
    let members = current.len();
    let wanted: BTreeSet<P> = targets.iter().copied().collect();
    if members == 0 || wanted.is_empty() {
        return vec![BTreeSet::new(); members];
    }
    let partitions = wanted.len();
    let sharing = members.div_ceil(partitions);
    let count = desired_counts(sharing, partitions, members);

    // The targets start as each member's current partitions that are still subscribed.
    let mut target: Vec<BTreeSet<P>> = current.iter().map(|c| c.intersection(&wanted).copied().collect()).collect();
    let mut by_member = target.clone();
    let mut by_partition: BTreeMap<P, BTreeSet<usize>> = BTreeMap::new();
    let mut unfilled = BTreeSet::new();
    let mut overfilled = BTreeSet::new();
    for (m, held) in target.iter().enumerate() {
        for &p in held {
            by_partition.entry(p).or_default().insert(m);
        }
        match held.len().cmp(&count[m]) {
            core::cmp::Ordering::Less => {
                unfilled.insert(m);
            }
            core::cmp::Ordering::Greater => {
                overfilled.insert(m);
            }
            core::cmp::Ordering::Equal => {}
        }
    }

    // Members over their count give partitions back until they are at it.
    for &m in &overfilled {
        let held: Vec<P> = by_member[m].iter().copied().collect();
        for p in held {
            if by_member[m].len() <= count[m] {
                break;
            }
            target[m].remove(&p);
            by_member[m].remove(&p);
            if let Some(holders) = by_partition.get_mut(&p) {
                holders.remove(&m);
            }
        }
    }

    // Partitions shared by more members than desired lose members, who join the turn.
    for (p, holders) in by_partition.iter_mut() {
        let chosen: Vec<usize> = holders.iter().copied().collect();
        for m in chosen {
            if holders.len() <= sharing {
                break;
            }
            if target[m].remove(p) {
                holders.remove(&m);
                by_member[m].remove(p);
                unfilled.insert(m);
            }
        }
    }

    for &p in &wanted {
        by_partition.entry(p).or_default();
    }
    fill(&mut target, &mut by_member, &by_partition, &mut unfilled, sharing, &count);
    target
}

/// Hands partitions with fewer members than `sharing` to the members in `unfilled`, taking
/// turns (`assignRemainingPartitions`).
fn fill<P: Ord + Copy>(
    target: &mut [BTreeSet<P>],
    by_member: &mut [BTreeSet<P>],
    by_partition: &BTreeMap<P, BTreeSet<usize>>,
    unfilled: &mut BTreeSet<usize>,
    sharing: usize,
    count: &[usize],
) {
    if unfilled.is_empty() {
        return;
    }
    // The turn: the last member visited (None: the turn starts again from the first).
    let mut last: Option<usize> = None;
    let mut gave_this_turn = false;
    for (&p, holders) in by_partition {
        let mut to_make = sharing.saturating_sub(holders.len());
        while to_make > 0 {
            let next = match last {
                None => unfilled.iter().next().copied(),
                Some(l) => unfilled.range(l + 1..).next().copied(),
            };
            let m = match next {
                Some(m) => m,
                None => {
                    if !gave_this_turn {
                        break;
                    }
                    gave_this_turn = false;
                    match unfilled.iter().next().copied() {
                        Some(m) => m,
                        None => break,
                    }
                }
            };
            last = Some(m);
            if !holders.contains(&m) {
                target[m].insert(p);
                by_member[m].insert(p);
                to_make -= 1;
                gave_this_turn = true;
                if by_member[m].len() >= count[m] {
                    unfilled.remove(&m);
                }
            }
        }
        if unfilled.is_empty() {
            break;
        }
    }
}

/// How many partitions each member should have (`desiredAssignmentCount`), in floating point
/// as Kafka computes it, so a rounding there rounds the same here.
fn desired_counts(sharing: usize, partitions: usize, members: usize) -> Vec<usize> {
    let precise = (sharing * partitions) as f64 / members as f64;
    (0..members).map(|i| ceil(precise * (i + 1) as f64) - ceil(precise * i as f64)).collect()
}

/// `Math.ceil` for the small non-negative values above (the core has no `std` for `f64::ceil`).
fn ceil(x: f64) -> usize {
    let whole = x as usize;
    if (whole as f64) < x { whole + 1 } else { whole }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn desired_counts_spread_the_shared_assignments_evenly() {
        // 2 members, 3 partitions: sharing 1, counts 2 and 1 (p = 1.5).
        assert_eq!(desired_counts(1, 3, 2), vec![2, 1]);
        // 5 members, 2 partitions: sharing 3, 6 assignments over 5 members.
        assert_eq!(desired_counts(3, 2, 5), vec![2, 1, 1, 1, 1]);
        assert_eq!(ceil(1.0), 1);
        assert_eq!(ceil(1.000_000_000_000_000_2), 2);
    }
}
