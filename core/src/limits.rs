//! Every bound the model enforces, in one place. Each collection that can grow has a `*_MAX`;
//! reaching it is an error (for commands and scenarios) or an event (for broker outcomes),
//! never silent growth. Relations between limits are checked at compile time.

/// Kafka brokers in one cluster.
pub const BROKERS_MAX: u32 = 9;
/// Topics in the event broker.
pub const TOPICS_MAX: usize = 16;
/// Partitions of one topic. Kafka allows far more; more cannot be drawn legibly.
pub const PARTITIONS_MAX: u32 = 64;
/// Producers in a scenario (both brokers together).
pub const PRODUCERS_MAX: usize = 32;
/// Consumer groups.
pub const GROUPS_MAX: usize = 16;
/// Members of one consumer group.
pub const MEMBERS_MAX: u32 = 32;
/// Records held by one partition; a produce beyond it is rejected with an event.
pub const RECORDS_PER_PARTITION_MAX: usize = 100_000;
/// Bytes of a record key (the serialized key Kafka hashes).
pub const KEY_BYTES_MAX: usize = 256;
/// Bytes of a record value.
pub const VALUE_BYTES_MAX: usize = 4096;
/// Bytes of a name (topic, producer, group, queue, exchange).
pub const NAME_BYTES_MAX: usize = 64;
/// Keys one producer cycles through.
pub const PRODUCER_KEYS_MAX: usize = 64;
/// Events waiting for the caller to drain. `advance_to` stops early rather than exceed it.
pub const EVENTS_PENDING_MAX: usize = 65_536;
/// Timers handled by one `advance_to` call, so a frame's work is bounded.
pub const ADVANCE_STEPS_MAX: usize = 100_000;
/// Bytes of a scenario document.
pub const SCENARIO_BYTES_MAX: usize = 1 << 20;
/// Script steps in a scenario.
pub const SCRIPT_STEPS_MAX: usize = 1024;
/// Records one poll returns at most (Kafka's `max.poll.records` default is 500).
pub const MAX_POLL_RECORDS_MAX: u32 = 500;
/// Simulated milliseconds any configured duration may take (one day).
pub const DURATION_MS_MAX: u64 = 86_400_000;

/// Records one `flood` command may send.
pub const FLOOD_RECORDS_MAX: u32 = 10_000;
/// Records one follower fetch carries at most (`replica.fetch.max.bytes`, counted in records).
pub const REPLICA_FETCH_RECORDS_MAX: usize = 500;
/// Publishers and consumers in one message-broker scenario.
pub const CLIENTS_MAX: usize = 32;
/// Messages one flood command may publish.
pub const FLOOD_MAX: u32 = 1_000;

/// The longest share-link fragment accepted (characters after `#`).
pub const FRAGMENT_CHARS_MAX: usize = 64 * 1024;
/// The longest lesson id a share link may name.
pub const LESSON_ID_MAX: usize = 32;

const _: () = assert!(PARTITIONS_MAX as usize <= RECORDS_PER_PARTITION_MAX);
const _: () = assert!(ADVANCE_STEPS_MAX <= EVENTS_PENDING_MAX * 2);
const _: () = assert!(KEY_BYTES_MAX <= VALUE_BYTES_MAX);

/// Log batches one share fetch hands a share-partition.
pub const SHARE_FETCH_BATCHES_MAX: usize = 1_000;
/// Offsets one share fetch spans, first batch's first to last batch's last: a share-partition
/// keeps state per offset once a batch's records differ, so a batch's length is memory.
pub const SHARE_FETCH_SPAN_MAX: u64 = 100_000;
/// Batches in one share acknowledgement.
pub const SHARE_ACKNOWLEDGE_BATCHES_MAX: usize = 1_000;
/// The highest offset a share-partition takes: Kafka's offsets are signed 64-bit, and the
/// offset after it must still be one.
pub const SHARE_OFFSET_MAX: u64 = (i64::MAX - 1) as u64;
