//! One partition's log: dense offsets from 0, split into segments, with Kafka's segment rolling,
//! retention (`cleanup.policy=delete`, K7) and compaction (`cleanup.policy=compact`, K8).
//!
//! ```text
//!  log start   cleaner checkpoint     high watermark   log end
//!      v              v                     v             v
//!  | seg 0 (closed) | seg 2 (closed) | seg 5 (closed) | seg 7 (active) |
//!  |<---- clean --->|<----------- dirty ------------->|
//!  |<--- retention and compaction touch closed segments only --->|
//! ```
//!
//! Segment lifecycle:
//!
//! ```text
//!   append ──> active ──(roll: segment.bytes or segment.ms)──> closed
//!                                                               │
//!                       compaction rewrites it (offsets kept) <─┤
//!                       retention deletes it whole  <───────────┘
//! ```
//!
//! Offsets are never reused: they only grow, and the log start only moves forward (retention
//! removes whole closed segments). Compaction removes records but never renumbers the rest, so
//! gaps appear; `read` skips them. This module owns the records and the topic-level log
//! configuration (`LogConfig`); it knows nothing of producers, groups, replication or the
//! clock: every time-dependent call takes `now` from the caller, and record timestamps are the
//! producers' `CreateTime`.
//!
//! The caller (the world) decides *when* the broker's background work runs: Kafka checks
//! retention every `log.retention.check.interval.ms` ([`RETENTION_CHECK_INTERVAL_MS`]) and the
//! cleaner wakes every `log.cleaner.backoff.ms` ([`CLEANER_BACKOFF_MS`]). For
//! `compact,delete` Kafka's cleaner compacts first and then deletes; call [`PartitionLog::compact`]
//! then [`PartitionLog::enforce_retention`].

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::Name;
use crate::event_broker::{Record, RecordId};
use crate::time::SimTime;

/// A position in one partition's log.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, serde::Deserialize)]
#[serde(transparent)]
pub struct Offset(pub u64);

impl Offset {
    pub fn next(self) -> Offset {
        Offset(self.0 + 1)
    }
}

impl fmt::Display for Offset {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.0)
    }
}

/// Kafka's `DefaultRecordBatch.RECORD_BATCH_OVERHEAD`: the v2 batch header (base offset 8,
/// length 4, leader epoch 4, magic 1, crc 4, attributes 2, last offset delta 4, base
/// timestamp 8, max timestamp 8, producer id 8, producer epoch 2, base sequence 4, record
/// count 4). The simulated producer sends one record per request, so every record is its own
/// batch and pays this header.
pub const RECORD_BATCH_OVERHEAD_BYTES: u64 = 61;
/// A v2 record's own framing when every varint fits one byte: length, attributes, timestamp
/// delta, offset delta, key length, value length (`-1` for a null key or value, so a tombstone
/// costs the same as an empty value) and header count.
pub const RECORD_FRAMING_BYTES: u64 = 7;
/// Bytes a record takes in a segment besides its key and value: see [`record_size_bytes`].
pub const RECORD_OVERHEAD_BYTES: u64 = RECORD_BATCH_OVERHEAD_BYTES + RECORD_FRAMING_BYTES;
const _: () = assert!(RECORD_OVERHEAD_BYTES == 68);

/// `log.retention.check.interval.ms` (broker default, 5 minutes): how often Kafka looks for
/// segments to delete. The world schedules [`PartitionLog::enforce_retention`] at this period.
pub const RETENTION_CHECK_INTERVAL_MS: u64 = 300_000;
/// `log.cleaner.backoff.ms` (broker default, 15 seconds): how long the cleaner sleeps when it
/// has nothing to clean. The world schedules [`PartitionLog::compact`] at this period.
pub const CLEANER_BACKOFF_MS: u64 = 15_000;

/// The size a record takes in its segment: [`RECORD_OVERHEAD_BYTES`] plus the key's and the
/// value's bytes. Exact for a one-record v2 batch while key + value stay under 58 bytes; beyond
/// that Kafka's varints grow by a byte or two, which the model ignores so sizes stay easy to
/// reason about (and to teach).
pub fn record_size_bytes(record: &Record) -> u64 {
    let key = record.key.as_ref().map_or(0, |k| k.len());
    let value = record.value.as_ref().map_or(0, |v| v.len());
    RECORD_OVERHEAD_BYTES + key as u64 + value as u64
}

/// `cleanup.policy`: a list in Kafka; here the three meaningful combinations.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum CleanupPolicy {
    /// `delete`: retention removes old closed segments (K7).
    #[default]
    Delete,
    /// `compact`: the cleaner keeps the latest record per key (K8).
    Compact,
    /// `compact,delete` (also read as `delete,compact`): both.
    CompactDelete,
}

impl CleanupPolicy {
    /// Whether retention (`retention.ms`, `retention.bytes`) applies.
    pub fn deletes(self) -> bool {
        matches!(self, CleanupPolicy::Delete | CleanupPolicy::CompactDelete)
    }
    /// Whether the cleaner compacts, and so whether keyless records are refused.
    pub fn compacts(self) -> bool {
        matches!(self, CleanupPolicy::Compact | CleanupPolicy::CompactDelete)
    }
    /// Kafka's spelling of the value.
    pub fn as_str(self) -> &'static str {
        match self {
            CleanupPolicy::Delete => "delete",
            CleanupPolicy::Compact => "compact",
            CleanupPolicy::CompactDelete => "compact,delete",
        }
    }
    /// Parses Kafka's list syntax: `delete`, `compact`, `compact,delete` or `delete,compact`,
    /// with optional spaces around the commas.
    pub fn parse(text: &str) -> Option<CleanupPolicy> {
        let (mut delete, mut compact) = (false, false);
        for word in text.split(',') {
            match word.trim() {
                "delete" if !delete => delete = true,
                "compact" if !compact => compact = true,
                _ => return None,
            }
        }
        match (compact, delete) {
            (false, true) => Some(CleanupPolicy::Delete),
            (true, false) => Some(CleanupPolicy::Compact),
            (true, true) => Some(CleanupPolicy::CompactDelete),
            (false, false) => None,
        }
    }
}

impl fmt::Display for CleanupPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for CleanupPolicy {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for CleanupPolicy {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        CleanupPolicy::parse(&text).ok_or_else(|| {
            serde::de::Error::custom("cleanup.policy must be \"delete\", \"compact\" or \"compact,delete\"")
        })
    }
}

/// A topic's log configuration, with Kafka's names (dotted, as in `kafka-configs.sh`) and
/// Kafka's defaults. Missing fields take the default; `-1` means unlimited where Kafka allows
/// it. Every value is well defined for the model (even `segment.bytes: 0`, which rolls before
/// every record), so there is nothing to validate beyond the types.
///
/// | name                    | default        | field                   |
/// |-------------------------|----------------|-------------------------|
/// | `retention.ms`          | 604800000 (7d) | `retention_ms`          |
/// | `retention.bytes`       | -1 (unlimited) | `retention_bytes`       |
/// | `segment.ms`            | 604800000 (7d) | `segment_ms`            |
/// | `segment.bytes`         | 1073741824     | `segment_bytes`         |
/// | `cleanup.policy`        | delete         | `cleanup_policy`        |
/// | `delete.retention.ms`   | 86400000 (1d)  | `delete_retention_ms`   |
/// | `min.compaction.lag.ms` | 0              | `min_compaction_lag_ms` |
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct LogConfig {
    /// A closed segment is deleted once its newest record is older than this; `None` (`-1`)
    /// keeps segments forever.
    #[serde(rename = "retention.ms", with = "unlimited_as_minus_one")]
    pub retention_ms: Option<u64>,
    /// Oldest closed segments are deleted while the partition would still hold at least this
    /// many bytes without them; `None` (`-1`) means no size limit.
    #[serde(rename = "retention.bytes", with = "unlimited_as_minus_one")]
    pub retention_bytes: Option<u64>,
    /// The active segment rolls when a record arrives whose timestamp is more than this after
    /// the segment's first record.
    #[serde(rename = "segment.ms")]
    pub segment_ms: u64,
    /// The active segment rolls when the next record would take it past this size.
    #[serde(rename = "segment.bytes")]
    pub segment_bytes: u64,
    #[serde(rename = "cleanup.policy")]
    pub cleanup_policy: CleanupPolicy,
    /// How long a tombstone survives after the cleaner first saw it.
    #[serde(rename = "delete.retention.ms")]
    pub delete_retention_ms: u64,
    /// A closed segment is not compacted until its newest record is at least this old.
    #[serde(rename = "min.compaction.lag.ms")]
    pub min_compaction_lag_ms: u64,
}

impl Default for LogConfig {
    fn default() -> Self {
        LogConfig {
            retention_ms: Some(604_800_000),
            retention_bytes: None,
            segment_ms: 604_800_000,
            segment_bytes: 1_073_741_824,
            cleanup_policy: CleanupPolicy::Delete,
            delete_retention_ms: 86_400_000,
            min_compaction_lag_ms: 0,
        }
    }
}

/// Misuse of the log: the append was refused and the log is exactly as it was.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppendError {
    /// Kafka refuses keyless records on a compacted topic (`InvalidRecordException`: "Compacted
    /// topic cannot accept message without key").
    KeylessOnCompacted,
}

impl core::error::Error for AppendError {}

/// Why retention deleted a segment.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RetentionReason {
    /// Its newest record was older than `retention.ms`.
    Time,
    /// The partition held more than `retention.bytes` even without it.
    Size,
}

/// One closed segment retention deleted.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeletedSegment {
    pub base_offset: Offset,
    /// The next segment's base offset: the segment covered `[base_offset, end_offset)`.
    pub end_offset: Offset,
    /// Records it still held (compaction may have emptied it).
    pub records: usize,
    pub size_bytes: u64,
    /// Its newest record's timestamp, the one `retention.ms` is measured from.
    pub newest_timestamp: SimTime,
    pub reason: RetentionReason,
}

/// What one retention check deleted; returned only when it deleted something.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RetentionOutcome {
    /// Oldest first.
    pub deleted: Vec<DeletedSegment>,
    /// The new log start: the first remaining segment's base offset. A group whose committed
    /// offset is below it applies `auto.offset.reset` on its next fetch.
    pub log_start: Offset,
}

impl RetentionOutcome {
    pub fn records_deleted(&self) -> usize {
        self.deleted.iter().map(|s| s.records).sum()
    }
}

/// Why compaction removed a record.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CompactionReason {
    /// A later record in the cleaned range has the same key.
    Superseded,
    /// A tombstone whose delete horizon (`delete.retention.ms` after the cleaner first saw it)
    /// has passed.
    TombstoneExpired,
    /// A keyless record, left from before the topic became compacted: Kafka's cleaner drops
    /// these as invalid.
    Keyless,
}

/// One record compaction removed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompactedRecord {
    pub offset: Offset,
    pub id: RecordId,
    pub key: Option<Name>,
    /// Whether it was a tombstone (superseded or expired).
    pub tombstone: bool,
    pub reason: CompactionReason,
}

/// What one cleaner pass did; returned only when it changed something (removed records,
/// moved the cleaner checkpoint, stamped a tombstone's delete horizon or merged segments).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct CompactionOutcome {
    /// Ascending offsets; the remaining records keep theirs.
    pub removed: Vec<CompactedRecord>,
    /// How many of `removed` were tombstones.
    pub tombstones_removed: usize,
    /// Tombstones seen for the first time in this pass: each now has a delete horizon.
    pub tombstones_stamped: usize,
    /// The cleaner checkpoint after the pass: offsets below it have been compacted.
    pub cleaned_up_to: Offset,
    pub segments_before: usize,
    pub segments_after: usize,
}

impl CompactionOutcome {
    pub fn records_removed(&self) -> usize {
        self.removed.len()
    }
}

/// A contiguous run of the log. The base offset is at most its first record's offset (they
/// differ once compaction removed the first records) and above every offset of the segments
/// before it.
#[derive(Clone, Debug, Serialize)]
pub struct Segment {
    base_offset: Offset,
    records: Vec<Record>,
    size_bytes: u64,
    /// Newest record timestamp (Kafka's `largestTimestamp`). An emptied segment keeps the
    /// value it had before compaction, standing in for the file's last-modified time.
    max_timestamp: SimTime,
    /// `running_max[i]` = newest timestamp among `records[..=i]`: monotonic, so a seek by
    /// timestamp is a binary search even when `CreateTime`s arrive out of order. Empty while
    /// the records' timestamps never went back (the usual case), where it would equal them:
    /// built at the first record older than the newest, so in-order appends store nothing.
    #[serde(skip)]
    running_max: Vec<SimTime>,
}

impl Segment {
    pub fn base_offset(&self) -> Offset {
        self.base_offset
    }
    pub fn records(&self) -> &[Record] {
        &self.records
    }
    /// Bytes the segment takes: the sum of [`record_size_bytes`] over its records.
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    /// The newest timestamp it holds (or held, if compaction emptied it); retention measures
    /// `retention.ms` from here.
    pub fn max_timestamp(&self) -> SimTime {
        self.max_timestamp
    }
    pub fn is_empty(&self) -> bool {
        self.records.is_empty()
    }

    fn empty(base_offset: Offset) -> Segment {
        Segment { base_offset, records: Vec::new(), size_bytes: 0, max_timestamp: SimTime::ZERO, running_max: Vec::new() }
    }

    fn push(&mut self, record: Record, size_bytes: u64) {
        debug_assert!(self.records.last().is_none_or(|last| last.offset < record.offset));
        debug_assert!(self.base_offset <= record.offset);
        if self.records.is_empty() {
            self.max_timestamp = record.timestamp;
        } else if !self.running_max.is_empty() || record.timestamp < self.max_timestamp {
            if self.running_max.is_empty() {
                // The first record older than the newest: until now the timestamps were their
                // own running maximum.
                self.running_max = self.records.iter().map(|r| r.timestamp).collect();
            }
            self.max_timestamp = self.max_timestamp.max(record.timestamp);
            self.running_max.push(self.max_timestamp);
        } else {
            self.max_timestamp = record.timestamp;
        }
        self.size_bytes += size_bytes;
        self.records.push(record);
    }
}

#[derive(Clone, Debug, Serialize)]
pub struct PartitionLog {
    config: LogConfig,
    /// Never empty: the last one is the active segment.
    segments: Vec<Segment>,
    log_start: Offset,
    log_end: Offset,
    high_watermark: Offset,
    /// Records present (kept so `len` is O(1): the world checks it on every append).
    record_count: usize,
    size_bytes: u64,
    /// Kafka's cleaner checkpoint: the first dirty offset. Below it the log is compacted.
    cleaner_checkpoint: Offset,
    /// Tombstone offset → the time from which the cleaner may remove it (KIP-534's
    /// `deleteHorizonMs`, stamped the first time a cleaner pass sees the tombstone).
    delete_horizons: BTreeMap<Offset, SimTime>,
}

impl Default for PartitionLog {
    fn default() -> Self {
        PartitionLog::new()
    }
}

impl PartitionLog {
    /// An empty log with Kafka's default configuration.
    pub fn new() -> PartitionLog {
        PartitionLog::with_config(LogConfig::default())
    }

    pub fn with_config(config: LogConfig) -> PartitionLog {
        PartitionLog {
            config,
            segments: alloc::vec![Segment::empty(Offset(0))],
            log_start: Offset(0),
            log_end: Offset(0),
            high_watermark: Offset(0),
            record_count: 0,
            size_bytes: 0,
            cleaner_checkpoint: Offset(0),
            delete_horizons: BTreeMap::new(),
        }
    }

    pub fn config(&self) -> &LogConfig {
        &self.config
    }

    /// `kafka-configs.sh --alter`: the new values apply from the next append, retention check
    /// or cleaner pass. Existing segments are left as they are.
    pub fn alter_config(&mut self, config: LogConfig) {
        self.config = config;
    }

    /// The first offset still in the log; reads below it return nothing.
    pub fn log_start(&self) -> Offset {
        self.log_start
    }
    /// The offset the next appended record gets.
    pub fn log_end(&self) -> Offset {
        self.log_end
    }
    /// Consumers read below this offset only. With one replica it equals the log end.
    pub fn high_watermark(&self) -> Offset {
        self.high_watermark
    }
    /// Oldest first; the last one is the active segment.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }
    /// The segment appends go to; never deleted nor compacted.
    pub fn active_segment(&self) -> &Segment {
        self.segments.last().expect("a log always has an active segment")
    }
    /// Records present (compaction and retention remove some; offsets are not renumbered).
    pub fn len(&self) -> usize {
        self.record_count
    }
    pub fn is_empty(&self) -> bool {
        self.record_count == 0
    }
    /// Bytes across all segments, what `retention.bytes` limits.
    pub fn size_bytes(&self) -> u64 {
        self.size_bytes
    }
    /// The cleaner's first dirty offset: everything below it has been compacted.
    pub fn cleaner_checkpoint(&self) -> Offset {
        self.cleaner_checkpoint.max(self.log_start)
    }
    /// When the tombstone at `offset` may be removed, if a cleaner pass has seen it.
    pub fn delete_horizon(&self, offset: Offset) -> Option<SimTime> {
        self.delete_horizons.get(&offset).copied()
    }

    /// Appends at the log end and returns the record's offset (the caller's `record.offset` is
    /// ignored: the log assigns it). Rolls the active segment first if the record would take it
    /// past `segment.bytes`, or if the record's timestamp is more than `segment.ms` after the
    /// segment's first record (Kafka's time-based roll compares record timestamps, not the
    /// wall clock, so `now` is not needed).
    ///
    /// Panics on a keyless record for a compacted topic: callers that accept records from
    /// producers use [`PartitionLog::try_append`] and turn the error into an event.
    pub fn append(&mut self, record: Record) -> Offset {
        match self.try_append(record) {
            Ok(offset) => offset,
            Err(error) => panic!("append refused: {error}"),
        }
    }

    /// [`PartitionLog::append`] that refuses what Kafka refuses, changing nothing.
    pub fn try_append(&mut self, mut record: Record) -> Result<Offset, AppendError> {
        if record.key.is_none() && self.config.cleanup_policy.compacts() {
            return Err(AppendError::KeylessOnCompacted);
        }
        let size_bytes = record_size_bytes(&record);
        if self.should_roll(size_bytes, record.timestamp) {
            self.segments.push(Segment::empty(self.log_end));
        }
        let offset = self.log_end;
        record.offset = offset;
        self.segments.last_mut().expect("a log always has an active segment").push(record, size_bytes);
        self.log_end = offset.next();
        self.record_count += 1;
        self.size_bytes += size_bytes;
        Ok(offset)
    }

    /// Moves the high watermark; it never passes the log end and never goes back.
    pub fn set_high_watermark(&mut self, offset: Offset) {
        assert!(offset <= self.log_end, "high watermark beyond the log end");
        if offset > self.high_watermark {
            self.high_watermark = offset;
        }
    }

    /// Records from `from` (inclusive) below the high watermark, at most `max`. An offset in a
    /// compaction gap reads from the next present record; an offset below the log start reads
    /// nothing (the caller applies `auto.offset.reset`). Offsets are sorted within and across
    /// segments (compaction leaves gaps, never disorder), so both lookups are binary searches.
    pub fn read(&self, from: Offset, max: usize) -> Vec<&Record> {
        let mut out = Vec::new();
        if from < self.log_start {
            return out;
        }
        let first_segment = self.segments.partition_point(|s| s.base_offset <= from).saturating_sub(1);
        for segment in &self.segments[first_segment..] {
            let start = segment.records.partition_point(|r| r.offset < from);
            for record in &segment.records[start..] {
                if out.len() >= max || record.offset >= self.high_watermark {
                    return out;
                }
                out.push(record);
            }
        }
        out
    }

    /// The record at exactly `offset`, if it is present and below the high watermark.
    pub fn record(&self, offset: Offset) -> Option<&Record> {
        self.read(offset, 1).into_iter().next().filter(|r| r.offset == offset)
    }

    /// ListOffsets by timestamp (a seek by time): the earliest offset whose record's timestamp
    /// is at or after `timestamp`, or `None` if no readable record is that recent. Like Kafka,
    /// the answer must be below the high watermark. O(segments + log records per segment).
    pub fn offset_for_timestamp(&self, timestamp: SimTime) -> Option<Offset> {
        let segment = self.segments.iter().find(|s| !s.records.is_empty() && s.max_timestamp >= timestamp)?;
        let index = if segment.running_max.is_empty() {
            segment.records.partition_point(|r| r.timestamp < timestamp)
        } else {
            segment.running_max.partition_point(|newest| *newest < timestamp)
        };
        let offset = segment.records.get(index)?.offset;
        (offset < self.high_watermark).then_some(offset)
    }

    /// Kafka's retention check (`cleanup.policy` containing `delete`), at `now`. Deletes whole
    /// closed segments from the oldest: first while the oldest's newest record is more than
    /// `retention.ms` old, then while the log minus the oldest segment still holds at least
    /// `retention.bytes`. Never the active segment, and never a segment holding offsets at or
    /// above the high watermark. The log start moves to the first remaining segment's base
    /// offset. `None` when nothing was deleted.
    pub fn enforce_retention(&mut self, now: SimTime) -> Option<RetentionOutcome> {
        if !self.config.cleanup_policy.deletes() {
            return None;
        }
        let mut deleted: Vec<DeletedSegment> = Vec::new();
        if let Some(retention_ms) = self.config.retention_ms {
            while self.is_deletable(deleted.len())
                && now.ms_since(self.segments[deleted.len()].max_timestamp) > retention_ms
            {
                deleted.push(self.describe_deleted(deleted.len(), RetentionReason::Time));
            }
        }
        if let Some(retention_bytes) = self.config.retention_bytes {
            let size_bytes = self.size_bytes - deleted.iter().map(|s| s.size_bytes).sum::<u64>();
            if size_bytes >= retention_bytes {
                let mut excess_bytes = size_bytes - retention_bytes;
                while self.is_deletable(deleted.len()) && excess_bytes >= self.segments[deleted.len()].size_bytes {
                    excess_bytes -= self.segments[deleted.len()].size_bytes;
                    deleted.push(self.describe_deleted(deleted.len(), RetentionReason::Size));
                }
            }
        }
        if deleted.is_empty() {
            return None;
        }
        for segment in self.segments.drain(..deleted.len()) {
            self.record_count -= segment.records.len();
            self.size_bytes -= segment.size_bytes;
        }
        self.log_start = self.segments[0].base_offset;
        self.delete_horizons = self.delete_horizons.split_off(&self.log_start);
        self.cleaner_checkpoint = self.cleaner_checkpoint.max(self.log_start);
        assert!(self.log_start <= self.high_watermark, "retention passed the high watermark");
        Some(RetentionOutcome { deleted, log_start: self.log_start })
    }

    /// One pass of Kafka's log cleaner (`cleanup.policy` containing `compact`), at `now`.
    ///
    /// The cleanable range ends at the first uncleanable offset: the active segment's base, the
    /// high watermark, or the first dirty segment whose newest record is younger than
    /// `min.compaction.lag.ms`, whichever comes first. The pass maps each key to its latest
    /// offset in the dirty part `[cleaner checkpoint, end)`, then rewrites every segment below
    /// `end` keeping a record only if no later record in the map has its key. A tombstone that
    /// is the latest for its key is stamped with a delete horizon (`now + delete.retention.ms`)
    /// the first time a pass sees it, and removed by the first pass at or after that horizon
    /// (KIP-534). Keyless records are dropped. Offsets never change. Adjacent cleaned segments
    /// are merged while their sizes before the pass fit in `segment.bytes` (Kafka's
    /// `groupSegmentsBySize`). `None` when the pass changed nothing.
    pub fn compact(&mut self, now: SimTime) -> Option<CompactionOutcome> {
        if !self.config.cleanup_policy.compacts() {
            return None;
        }
        let first_dirty = self.cleaner_checkpoint();
        let end = self.first_uncleanable_offset(now, first_dirty);
        let cleaned = self.segments.partition_point(|s| s.base_offset < end).min(self.segments.len() - 1);
        if cleaned == 0 {
            return None;
        }

        let latest = self.latest_offsets(first_dirty, end, cleaned);
        let groups = group_by_size(&self.segments[..cleaned], self.config.segment_bytes);
        let segments_before = self.segments.len();
        let old: Vec<Segment> = self.segments.drain(..cleaned).collect();
        let mut rebuilt: Vec<Segment> = Vec::with_capacity(groups.len());
        let mut removed: Vec<CompactedRecord> = Vec::new();
        let mut removed_bytes = 0;
        let mut tombstones_stamped = 0;
        let mut old = old.into_iter();
        for group_len in groups {
            let group: Vec<Segment> = old.by_ref().take(group_len).collect();
            let mut segment = Segment::empty(group[0].base_offset);
            let newest_before = group.iter().map(|s| s.max_timestamp).max().unwrap_or(SimTime::ZERO);
            for record in group.into_iter().flat_map(|s| s.records) {
                let size_bytes = record_size_bytes(&record);
                match self.verdict(&record, end, &latest, now) {
                    Verdict::Keep => segment.push(record, size_bytes),
                    Verdict::KeepAndStamp => {
                        self.delete_horizons.insert(record.offset, now.plus_ms(self.config.delete_retention_ms));
                        tombstones_stamped += 1;
                        segment.push(record, size_bytes);
                    }
                    Verdict::Remove(reason) => {
                        self.delete_horizons.remove(&record.offset);
                        removed_bytes += size_bytes;
                        removed.push(CompactedRecord {
                            offset: record.offset,
                            id: record.id,
                            tombstone: record.value.is_none(),
                            key: record.key,
                            reason,
                        });
                    }
                }
            }
            if segment.records.is_empty() {
                segment.max_timestamp = newest_before;
            }
            rebuilt.push(segment);
        }
        self.segments.splice(0..0, rebuilt);
        self.record_count -= removed.len();
        self.size_bytes -= removed_bytes;
        let checkpoint_before = self.cleaner_checkpoint;
        self.cleaner_checkpoint = end;

        let segments_after = self.segments.len();
        let changed = !removed.is_empty()
            || tombstones_stamped > 0
            || end > checkpoint_before
            || segments_after != segments_before;
        changed.then(|| CompactionOutcome {
            tombstones_removed: removed.iter().filter(|r| r.tombstone).count(),
            removed,
            tombstones_stamped,
            cleaned_up_to: end,
            segments_before,
            segments_after,
        })
    }

    fn should_roll(&self, size_bytes: u64, timestamp: SimTime) -> bool {
        let active = self.active_segment();
        let Some(first) = active.records.first() else {
            // An empty segment takes any record, even one larger than `segment.bytes`.
            return false;
        };
        active.size_bytes + size_bytes > self.config.segment_bytes
            || timestamp.ms_since(first.timestamp) > self.config.segment_ms
    }

    /// Whether retention may delete `segments[index]`: it is closed, and everything in it is
    /// below the high watermark (Kafka's `highWatermark >= upperBoundOffset`).
    fn is_deletable(&self, index: usize) -> bool {
        index + 1 < self.segments.len() && self.segments[index + 1].base_offset <= self.high_watermark
    }

    fn describe_deleted(&self, index: usize, reason: RetentionReason) -> DeletedSegment {
        let segment = &self.segments[index];
        DeletedSegment {
            base_offset: segment.base_offset,
            end_offset: self.segments[index + 1].base_offset,
            records: segment.records.len(),
            size_bytes: segment.size_bytes,
            newest_timestamp: segment.max_timestamp,
            reason,
        }
    }

    /// Kafka's `firstUncleanableDirtyOffset`, never below the first dirty offset.
    fn first_uncleanable_offset(&self, now: SimTime, first_dirty: Offset) -> Offset {
        let active = self.active_segment().base_offset;
        let mut end = active.min(self.high_watermark);
        let lag_ms = self.config.min_compaction_lag_ms;
        if lag_ms > 0 {
            let first = self.segments.partition_point(|s| s.base_offset <= first_dirty).saturating_sub(1);
            let closed = &self.segments[first..self.segments.len() - 1];
            if let Some(young) = closed.iter().find(|s| s.max_timestamp.plus_ms(lag_ms) > now) {
                end = end.min(young.base_offset);
            }
        }
        end.max(first_dirty)
    }

    /// The offset map: each key's latest offset in `[first_dirty, end)`.
    fn latest_offsets(&self, first_dirty: Offset, end: Offset, cleaned: usize) -> BTreeMap<Name, Offset> {
        let mut latest = BTreeMap::new();
        let first = self.segments.partition_point(|s| s.base_offset <= first_dirty).saturating_sub(1);
        for segment in &self.segments[first..cleaned] {
            let start = segment.records.partition_point(|r| r.offset < first_dirty);
            for record in segment.records[start..].iter().take_while(|r| r.offset < end) {
                if let Some(key) = &record.key {
                    latest.insert(key.clone(), record.offset);
                }
            }
        }
        latest
    }

    fn verdict(&self, record: &Record, end: Offset, latest: &BTreeMap<Name, Offset>, now: SimTime) -> Verdict {
        if record.offset >= end {
            return Verdict::Keep;
        }
        let Some(key) = &record.key else {
            return Verdict::Remove(CompactionReason::Keyless);
        };
        if latest.get(key).is_some_and(|newest| *newest > record.offset) {
            return Verdict::Remove(CompactionReason::Superseded);
        }
        if record.value.is_some() {
            return Verdict::Keep;
        }
        match self.delete_horizons.get(&record.offset) {
            None => Verdict::KeepAndStamp,
            Some(horizon) if now >= *horizon => Verdict::Remove(CompactionReason::TombstoneExpired),
            Some(_) => Verdict::Keep,
        }
    }
}

enum Verdict {
    Keep,
    /// A tombstone a cleaner pass sees for the first time.
    KeepAndStamp,
    Remove(CompactionReason),
}

/// Kafka's `groupSegmentsBySize`: consecutive segments whose sizes (before cleaning) add up to
/// at most `segment_bytes` are cleaned into one. Returns each group's length, in order; a
/// segment larger than the limit forms a group of its own.
fn group_by_size(segments: &[Segment], segment_bytes: u64) -> Vec<usize> {
    let mut groups = Vec::new();
    let mut start = 0;
    while start < segments.len() {
        let mut size_bytes = segments[start].size_bytes;
        let mut end = start + 1;
        while end < segments.len() && size_bytes + segments[end].size_bytes <= segment_bytes {
            size_bytes += segments[end].size_bytes;
            end += 1;
        }
        groups.push(end - start);
        start = end;
    }
    groups
}

/// Kafka writes "unlimited" as `-1`; the model holds it as `None`.
mod unlimited_as_minus_one {
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(value: &Option<u64>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(n) => serializer.serialize_u64(*n),
            None => serializer.serialize_i64(-1),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<u64>, D::Error> {
        match i64::deserialize(deserializer)? {
            -1 => Ok(None),
            n if n >= 0 => Ok(Some(n as u64)),
            _ => Err(serde::de::Error::custom("expected -1 (unlimited) or a non-negative number")),
        }
    }
}
