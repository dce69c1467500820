//! Where things are drawn, as pure functions of counts and indices. Everything here is plain
//! arithmetic so it can be tested natively and so nothing jumps when tokens move: positions
//! depend on the topology, never on what is in flight.

use brokerlab_core::event_broker::partitioner::{murmur2, to_positive};

pub const WIDTH: f64 = 960.0;
pub const PRODUCER_X: f64 = 40.0;
pub const PRODUCER_W: f64 = 120.0;
pub const STRIP_X: f64 = 250.0;
pub const CELL_W: f64 = 30.0;
pub const CELL_H: f64 = 34.0;
/// Offset cells shown per partition; older ones scroll out to the left.
pub const CELLS_SHOWN: u64 = 14;
pub const STRIP_W: f64 = CELL_W * CELLS_SHOWN as f64;
pub const ROW_H: f64 = 78.0;
pub const TOP: f64 = 56.0;
/// Group boxes: wide enough for a share member's line with its partitions
/// (`m0 P0–1 · holds 12 · release`).
pub const GROUP_X: f64 = STRIP_X + STRIP_W + 90.0;
pub const GROUP_W: f64 = 180.0;

/// Height of the line naming a topic, above its first strip.
pub const TOPIC_HEAD: f64 = 22.0;

/// The y of partition `p`'s strip (its top edge) when there is one topic.
pub fn partition_y(p: u32) -> f64 {
    row_y(&[p + 1], 0, p)
}

/// The y of the strip of partition `p` of topic `topic`, given every topic's partition count
/// in order: topics stack, each under a line with its name.
pub fn row_y(counts: &[u32], topic: usize, p: u32) -> f64 {
    topic_head_y(counts, topic) + TOPIC_HEAD + f64::from(p) * ROW_H
}

/// The top of the line naming topic `topic` (its label's baseline sits near the bottom).
pub fn topic_head_y(counts: &[u32], topic: usize) -> f64 {
    let rows_before: u32 = counts.iter().take(topic).sum();
    TOP + f64::from(rows_before) * ROW_H + topic as f64 * TOPIC_HEAD
}

/// Height of the strips of all topics.
pub fn height_of(counts: &[u32]) -> f64 {
    let rows: u32 = counts.iter().sum::<u32>().max(1);
    TOP + f64::from(rows) * ROW_H + counts.len().max(1) as f64 * TOPIC_HEAD + 20.0
}

/// Height of the diagram for `partitions` rows of one topic.
pub fn height(partitions: u32) -> f64 {
    height_of(&[partitions])
}

/// The first offset shown for a partition whose log ends at `log_end`: the window keeps the
/// newest `CELLS_SHOWN` offsets in view.
pub fn first_shown(log_end: u64) -> u64 {
    log_end.saturating_sub(CELLS_SHOWN - 1)
}

/// x of the left edge of `offset`'s cell, given the first shown offset.
pub fn cell_x(offset: u64, first: u64) -> f64 {
    STRIP_X + (offset.saturating_sub(first)) as f64 * CELL_W
}

pub const PRODUCER_H: f64 = 44.0;
pub const PRODUCER_GAP: f64 = 12.0;

/// Top of producer `i`'s box: producers stack from the top.
pub fn producer_y(i: usize) -> f64 {
    TOP + i as f64 * (PRODUCER_H + PRODUCER_GAP)
}

/// Where producer `i`'s records leave: the right edge of its box, halfway down.
pub fn producer_anchor(i: usize) -> (f64, f64) {
    (PRODUCER_X + PRODUCER_W, producer_y(i) + PRODUCER_H / 2.0)
}

pub const GROUP_GAP: f64 = 14.0;
/// Lines under a share group's members: the legend of the four share states.
pub const SHARE_LEGEND_ROWS: usize = 4;
pub const MEMBER_H: f64 = 16.0;

/// (top, height) of each consumer group's box, stacked from the top, given member counts.
pub fn group_boxes(members: &[usize]) -> Vec<(f64, f64)> {
    let mut y = TOP;
    members
        .iter()
        .map(|&m| {
            let h = 34.0 + MEMBER_H * m as f64;
            let b = (y, h);
            y += h + GROUP_GAP;
            b
        })
        .collect()
}

/// The baseline of member `row`'s line in a group box whose top is `box_y`.
pub fn member_line_y(box_y: f64, row: usize) -> f64 {
    box_y + 38.0 + MEMBER_H * row as f64
}

/// Where fetched records arrive: the left edge of the group's box, halfway down.
pub fn group_anchor(members: &[usize], group: usize) -> (f64, f64) {
    let boxes = group_boxes(members);
    let (y, h) = boxes.get(group).copied().unwrap_or((TOP, 40.0));
    (GROUP_X, y + h / 2.0)
}

/// Height of the diagram: every topic's strips, the producers, the groups, and the broker
/// row beneath.
pub fn diagram_height(counts: &[u32], producers: usize, members: &[usize]) -> f64 {
    let groups_bottom = group_boxes(members).last().map_or(TOP, |(y, h)| y + h);
    let producers_bottom = producer_y(producers.max(1)) - PRODUCER_GAP;
    height_of(counts).max(groups_bottom + 10.0).max(producers_bottom + 10.0) + BROKER_ROW_H
}

pub const BROKER_ROW_H: f64 = 44.0;

/// One caret colour per group, far apart on the hue circle.
pub fn group_hue(group: usize) -> u32 {
    ((210 + group * 137) % 360) as u32
}

/// Where a record headed for the strip whose top is `strip_y` lands: the cell after the last
/// shown.
pub fn append_anchor(strip_y: f64, log_end: u64) -> (f64, f64) {
    let first = first_shown(log_end);
    (cell_x(log_end, first) + CELL_W / 2.0, strip_y + CELL_H / 2.0)
}

/// Centre of a cell of the strip whose top is `strip_y`.
pub fn cell_anchor(strip_y: f64, offset: u64, log_end: u64) -> (f64, f64) {
    let first = first_shown(log_end);
    (cell_x(offset, first) + CELL_W / 2.0, strip_y + CELL_H / 2.0)
}

/// Ease in and out (cubic), so a token leaves and arrives gently.
pub fn ease(t: f64) -> f64 {
    let t = t.clamp(0.0, 1.0);
    if t < 0.5 { 4.0 * t * t * t } else { 1.0 - (-2.0 * t + 2.0).powi(3) / 2.0 }
}

/// Position along a straight edge at progress `t` (eased).
pub fn along(from: (f64, f64), to: (f64, f64), t: f64) -> (f64, f64) {
    let e = ease(t);
    (from.0 + (to.0 - from.0) * e, from.1 + (to.1 - from.1) * e)
}

/// How tokens move: eased (the default), or linearly for `prefers-reduced-motion: reduce`,
/// still between the departure and arrival the core recorded, with no easing.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Motion {
    Full,
    Reduced,
}

impl Motion {
    /// `full` or `reduced`, as the token canvas reports it.
    pub fn id(self) -> &'static str {
        match self {
            Motion::Full => "full",
            Motion::Reduced => "reduced",
        }
    }
}

/// Where a token is drawn at progress `t`: eased along its edge, or, with reduced motion, no
/// travel at all: it marks its source for the first half of the hop and its destination for
/// the second (UI.md: "no travel, a brief highlight at source and destination instead").
pub fn along_with(from: (f64, f64), to: (f64, f64), t: f64, motion: Motion) -> (f64, f64) {
    match motion {
        Motion::Full => along(from, to, t),
        Motion::Reduced => {
            if t < 0.5 {
                from
            } else {
                to
            }
        }
    }
}

/// One stable hue per key, so the same key has the same colour everywhere.
pub fn key_hue(key: Option<&str>) -> u32 {
    match key {
        Some(key) => to_positive(murmur2(key.as_bytes())) % 360,
        None => 210,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_window_keeps_the_newest_offsets() {
        assert_eq!(first_shown(0), 0);
        assert_eq!(first_shown(CELLS_SHOWN - 1), 0);
        assert_eq!(first_shown(100), 100 - (CELLS_SHOWN - 1));
        // The append slot is the last cell of the strip, never beyond it.
        let (x, _) = append_anchor(partition_y(0), 1000);
        assert!(x < STRIP_X + STRIP_W);
    }

    #[test]
    fn easing_starts_and_ends_in_place() {
        assert_eq!(ease(0.0), 0.0);
        assert_eq!(ease(1.0), 1.0);
        assert!((ease(0.5) - 0.5).abs() < 1e-9);
        assert_eq!(along((0.0, 0.0), (10.0, 20.0), 2.0), (10.0, 20.0));
    }

    #[test]
    fn reduced_motion_is_linear_between_the_same_ends() {
        let (a, b) = ((0.0, 0.0), (100.0, 50.0));
        for motion in [Motion::Full, Motion::Reduced] {
            assert_eq!(along_with(a, b, 0.0, motion), a);
            assert_eq!(along_with(a, b, 1.0, motion), b);
            assert_eq!(along_with(a, b, 1.5, motion), b);
        }
        // Reduced: never between the ends; the source first, then the destination.
        assert_eq!(along_with(a, b, 0.25, Motion::Reduced), a);
        assert_eq!(along_with(a, b, 0.49, Motion::Reduced), a);
        assert_eq!(along_with(a, b, 0.5, Motion::Reduced), b);
        assert_eq!(along_with(a, b, 0.9, Motion::Reduced), b);
        // Eased, a quarter of the time covers much less than a quarter of the way.
        assert!(along_with(a, b, 0.25, Motion::Full).0 < 10.0);
        assert_eq!(along_with(a, b, 0.25, Motion::Full), along(a, b, 0.25));
    }

    #[test]
    fn rows_do_not_overlap() {
        for p in 0..63 {
            assert!(partition_y(p) + CELL_H < partition_y(p + 1));
        }
    }

    #[test]
    fn group_boxes_stack_without_overlap() {
        let boxes = group_boxes(&[1, 3, 2]);
        for pair in boxes.windows(2) {
            assert!(pair[0].0 + pair[0].1 < pair[1].0);
        }
        let (x, y) = group_anchor(&[1, 3, 2], 1);
        assert_eq!(x, GROUP_X);
        assert!(y > boxes[1].0 && y < boxes[1].0 + boxes[1].1);
        assert!(diagram_height(&[3], 1, &[1, 3, 2]) > boxes[2].0 + boxes[2].1);
    }

    #[test]
    fn topics_stack_without_overlap_and_the_diagram_holds_them() {
        let counts = [3, 1, 2];
        let mut last_bottom = 0.0;
        for (t, &n) in counts.iter().enumerate() {
            assert!(topic_head_y(&counts, t) >= last_bottom, "topic {t}'s name sits below the strips above it");
            for p in 0..n {
                let y = row_y(&counts, t, p);
                assert!(y >= topic_head_y(&counts, t) + TOPIC_HEAD);
                assert!(y > last_bottom);
                last_bottom = y + CELL_H;
            }
        }
        assert!(diagram_height(&counts, 1, &[1]) > last_bottom);
        // Producers stack too, and the diagram is tall enough for many of them.
        assert!(producer_y(1) >= producer_y(0) + PRODUCER_H);
        assert!(diagram_height(&[1], 9, &[1]) > producer_y(8) + PRODUCER_H);
    }

    #[test]
    fn hues_are_stable_per_key() {
        assert_eq!(key_hue(Some("alice")), key_hue(Some("alice")));
        assert!(key_hue(Some("alice")) < 360);
    }
}
