//! What happened: every broker outcome is an `Event`, with what an animation needs (ids,
//! places, departure and arrival times) and a one-line explanation for a learner, in English
//! and Korean. The trace of a run is its events serialized one per line.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;
use serde::Serialize;

use crate::Name;
use crate::words::{Lang, count};
use crate::event_broker::log::RetentionReason;
use crate::event_broker::{Acks, BrokerId, Offset, PartitionIndex, RecordId};
use crate::world::message::MessageEvent;
use crate::world::AutoOffsetReset;
use crate::time::SimTime;

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Event {
    pub at: SimTime,
    #[serde(flatten)]
    pub kind: EventKind,
}

/// How the producer chose the partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "by")]
pub enum PartitionChoice {
    /// `toPositive(murmur2(key)) % partitions`; `hash` is murmur2's Java `int`.
    KeyHash { hash: i32 },
    /// Keyless record, built-in sticky partitioner (KIP-480/KIP-794).
    Sticky,
    /// `RoundRobinPartitioner`.
    RoundRobin,
    /// The producer named the partition.
    Explicit,
    /// Sent again after `NOT_LEADER_OR_FOLLOWER`, to the same partition.
    Retry,
}

/// Why a produce request was refused (the record was not appended).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RejectReason {
    /// The partition holds as many records as the model allows.
    PartitionFull,
    /// `UNKNOWN_TOPIC_OR_PARTITION`: the topic was deleted.
    UnknownTopic,
    /// No leader: every in-sync replica is down and unclean election is off.
    Offline,
    /// `NOT_LEADER_OR_FOLLOWER`: leadership moved while the record travelled; the producer
    /// refreshes its metadata and sends it again.
    NotLeader,
    /// Leadership moved before the record reached every in-sync replica, and the new leader
    /// does not have it (`acks=all`: never acknowledged, so nothing acknowledged was lost).
    LeaderChanged,
    /// `InvalidRecordException`: a compacted topic cannot accept a record without a key.
    KeylessOnCompacted,
}

/// Why records that a leader held are gone.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LossCause {
    /// A clean failover to an in-sync replica that never fetched them (they were above the
    /// high watermark; `acks=1` had already acknowledged some).
    NotReplicated,
    /// An out-of-sync replica became leader (`unclean.leader.election.enable=true`).
    UncleanElection,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Protocol {
    /// Every member revokes everything at the start (range, roundrobin, sticky).
    Eager,
    /// Members revoke only what moves, then a follow-up rebalance (cooperative-sticky).
    Cooperative,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RebalanceReason {
    MemberJoined,
    MemberLeft,
    SessionTimeout,
    PollTimeout,
    /// A dynamic member restarted: it comes back with a new identity.
    MemberRestarted,
    TopicsChanged,
    /// Cooperative protocol: partitions revoked in the previous round are handed out now.
    FollowUp,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LeaveReason {
    /// `LeaveGroup` (the member closed, or was removed).
    Left,
    /// No heartbeat for `session.timeout.ms`.
    SessionTimeout,
    /// No `poll()` for `max.poll.interval.ms`: the client leaves the group itself.
    PollTimeout,
    /// It was down when the group rebalanced and did not rejoin.
    DidNotRejoin,
}

/// Why a member's position was reset with `auto.offset.reset`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ResetCause {
    /// The group has no committed offset for the partition.
    NoCommittedOffset,
    /// The position is outside `[log start, log end]` (retention, or lost records).
    OutOfRange,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum EventKind {
    /// A producer sent a record towards the partition leader (`broker`; `None`: offline).
    RecordSent {
        record: RecordId,
        producer: Name,
        topic: Name,
        partition: PartitionIndex,
        partitions: u32,
        key: Option<Name>,
        choice: PartitionChoice,
        broker: Option<BrokerId>,
        acks: Acks,
        departs: SimTime,
        arrives: SimTime,
    },
    /// The partition leader appended the record at `offset`.
    RecordAppended { record: RecordId, topic: Name, partition: PartitionIndex, offset: Offset, key: Option<Name>, broker: BrokerId },
    /// A produce was refused; the record was not appended.
    RecordRejected { record: RecordId, producer: Name, topic: Name, partition: PartitionIndex, broker: Option<BrokerId>, reason: RejectReason },
    /// `NOT_ENOUGH_REPLICAS`: `acks=all` and fewer in-sync replicas than `min.insync.replicas`.
    NotEnoughReplicas {
        record: RecordId,
        producer: Name,
        topic: Name,
        partition: PartitionIndex,
        broker: BrokerId,
        isr: Vec<BrokerId>,
        min_insync_replicas: u32,
    },
    /// The leader acknowledged a record; the answer travels back to the producer.
    ProduceAcked {
        record: RecordId,
        producer: Name,
        topic: Name,
        partition: PartitionIndex,
        offset: Offset,
        broker: BrokerId,
        acks: Acks,
        departs: SimTime,
        arrives: SimTime,
    },
    /// A follower fetched records `[from, to)` from the leader.
    ReplicaFetched {
        topic: Name,
        partition: PartitionIndex,
        leader: BrokerId,
        follower: BrokerId,
        from: Offset,
        to: Offset,
        records: Vec<RecordId>,
        departs: SimTime,
        arrives: SimTime,
    },
    /// Every in-sync replica has the records below `high_watermark`: they are committed and
    /// consumers may read them. (With one replica the high watermark moves with each append
    /// and this event is left out.)
    HighWatermarkAdvanced { topic: Name, partition: PartitionIndex, broker: BrokerId, high_watermark: Offset },
    IsrShrunk { topic: Name, partition: PartitionIndex, leader: BrokerId, removed: BrokerId, isr: Vec<BrokerId> },
    IsrExpanded { topic: Name, partition: PartitionIndex, leader: BrokerId, added: BrokerId, isr: Vec<BrokerId> },
    BrokerStopped { broker: BrokerId },
    BrokerStarted { broker: BrokerId },
    /// A new leader; `clean` is false for an unclean election (an out-of-sync replica).
    LeaderElected { topic: Name, partition: PartitionIndex, leader: BrokerId, epoch: u32, isr: Vec<BrokerId>, clean: bool },
    /// No replica may lead: the partition refuses writes and reads until one returns.
    PartitionOffline { topic: Name, partition: PartitionIndex, isr: Vec<BrokerId> },
    /// Records `[from, to)` that `broker` held are gone for good. `acknowledged`: those the
    /// producer had already been told were written.
    RecordsLost {
        topic: Name,
        partition: PartitionIndex,
        broker: BrokerId,
        from: Offset,
        to: Offset,
        records: Vec<RecordId>,
        acknowledged: Vec<RecordId>,
        cause: LossCause,
    },
    /// A replica cut its log at `to` to agree with its leader (`removed` records).
    ReplicaTruncated { topic: Name, partition: PartitionIndex, broker: BrokerId, to: Offset, removed: u64 },
    TopicCreated { topic: Name, partitions: u32, replication_factor: u32, replicas: Vec<Vec<BrokerId>> },
    TopicDeleted { topic: Name },
    /// Partitions `from..to` were added; new keyed records may now hash elsewhere.
    PartitionsAdded { topic: Name, from: u32, to: u32 },
    /// A group member fetched records `[from, to)` of a partition.
    RecordsFetched {
        group: Name,
        member: u32,
        topic: Name,
        partition: PartitionIndex,
        from: Offset,
        to: Offset,
        records: Vec<RecordId>,
        departs: SimTime,
        arrives: SimTime,
    },
    /// A group member finished processing fetched records.
    RecordsProcessed { group: Name, member: u32, topic: Name, partition: PartitionIndex, from: Offset, to: Offset },
    /// Processing a batch threw (the group's `failure_per_mille`): the member's process stops
    /// with an error and nothing of the batch is committed.
    ProcessingFailed { group: Name, member: u32, topic: Name, partition: PartitionIndex, from: Offset, to: Offset },
    /// The group coordinator stored a committed offset: the next offset the group will read.
    OffsetCommitted { group: Name, member: u32, topic: Name, partition: PartitionIndex, offset: Offset },
    /// A commit was refused: the member no longer owns the partition in the current generation
    /// (a rebalance happened). Another member will read those records again.
    CommitFailed { group: Name, member: u32, topic: Name, partition: PartitionIndex, offset: Offset },
    /// The group coordinator began a rebalance; `generation` is the one ending.
    RebalanceStarted { group: Name, generation: u32, protocol: Protocol, reason: RebalanceReason },
    /// A member gave up partitions (eager: all of them; cooperative: only those that move).
    PartitionsRevoked { group: Name, member: u32, generation: u32, partitions: Vec<(Name, u32)> },
    /// The group leader assigned partitions to members.
    PartitionsAssigned { group: Name, member: u32, generation: u32, partitions: Vec<(Name, u32)> },
    MemberJoined { group: Name, member: u32, instance_id: Option<Name> },
    MemberLeft { group: Name, member: u32, reason: LeaveReason },
    MemberCrashed { group: Name, member: u32 },
    MemberPaused { group: Name, member: u32 },
    MemberResumed { group: Name, member: u32 },
    /// A static member (`group.instance.id`) came back within the session timeout: same
    /// partitions, no rebalance.
    StaticMemberReturned { group: Name, member: u32, generation: u32, partitions: Vec<(Name, u32)> },
    /// `auto.offset.reset` moved a member's position.
    OffsetReset { group: Name, member: u32, topic: Name, partition: PartitionIndex, offset: Offset, policy: AutoOffsetReset, cause: ResetCause },
    /// `auto.offset.reset=none` and no valid offset: the member stops with an error.
    NoOffsetForPartition { group: Name, member: u32, topic: Name, partition: PartitionIndex, cause: ResetCause },
    /// The application called `seek`: the member reads from `offset` next.
    MemberSeeked { group: Name, member: u32, topic: Name, partition: PartitionIndex, offset: Offset },
    /// An administrator reset the inactive group's committed offset.
    OffsetsReset { group: Name, topic: Name, partition: PartitionIndex, offset: Offset },
    /// A scripted command no longer applied when its time came (`reason` in English).
    ScriptStepSkipped { step: u32, reason: Name },
    /// Retention deleted `segments` whole closed segments covering `[from, to)` of the
    /// leader's log (`records` were still in them): the log start is now `to` (K7).
    SegmentsDeleted {
        topic: Name,
        partition: PartitionIndex,
        broker: BrokerId,
        from: Offset,
        to: Offset,
        records: u64,
        segments: u32,
        reason: RetentionReason,
    },
    /// The log cleaner removed records at `offsets` (superseded by a later record with the
    /// same key, expired tombstones); the rest keep their offsets (K8).
    RecordsCompacted {
        topic: Name,
        partition: PartitionIndex,
        broker: BrokerId,
        offsets: Vec<Offset>,
        records: Vec<RecordId>,
        tombstones_removed: u64,
        /// Tombstones seen for the first time: removed after `delete.retention.ms`.
        tombstones_stamped: u64,
        /// Offsets below this are compacted.
        cleaned_up_to: Offset,
    },
    /// Something on the message-broker side (RabbitMQ). Serialized as
    /// `{"kind":"message","event":<its kind name>,"text":<English explanation>}`. Boxed: it is
    /// by far the largest variant, and every event broker event would otherwise be as big.
    Message(alloc::boxed::Box<MessageEvent>),
}


impl Event {
    /// A short name of the event's kind, for filters and styling.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            EventKind::RecordSent { .. } => "record_sent",
            EventKind::RecordAppended { .. } => "record_appended",
            EventKind::RecordRejected { .. } => "record_rejected",
            EventKind::NotEnoughReplicas { .. } => "not_enough_replicas",
            EventKind::ProduceAcked { .. } => "produce_acked",
            EventKind::ReplicaFetched { .. } => "replica_fetched",
            EventKind::HighWatermarkAdvanced { .. } => "high_watermark_advanced",
            EventKind::IsrShrunk { .. } => "isr_shrunk",
            EventKind::IsrExpanded { .. } => "isr_expanded",
            EventKind::BrokerStopped { .. } => "broker_stopped",
            EventKind::BrokerStarted { .. } => "broker_started",
            EventKind::LeaderElected { .. } => "leader_elected",
            EventKind::PartitionOffline { .. } => "partition_offline",
            EventKind::RecordsLost { .. } => "records_lost",
            EventKind::ReplicaTruncated { .. } => "replica_truncated",
            EventKind::TopicCreated { .. } => "topic_created",
            EventKind::TopicDeleted { .. } => "topic_deleted",
            EventKind::PartitionsAdded { .. } => "partitions_added",
            EventKind::RecordsFetched { .. } => "records_fetched",
            EventKind::RecordsProcessed { .. } => "records_processed",
            EventKind::OffsetCommitted { .. } => "offset_committed",
            EventKind::CommitFailed { .. } => "commit_failed",
            EventKind::ProcessingFailed { .. } => "processing_failed",
            EventKind::RebalanceStarted { .. } => "rebalance_started",
            EventKind::PartitionsRevoked { .. } => "partitions_revoked",
            EventKind::PartitionsAssigned { .. } => "partitions_assigned",
            EventKind::MemberJoined { .. } => "member_joined",
            EventKind::MemberLeft { .. } => "member_left",
            EventKind::MemberCrashed { .. } => "member_crashed",
            EventKind::MemberPaused { .. } => "member_paused",
            EventKind::MemberResumed { .. } => "member_resumed",
            EventKind::StaticMemberReturned { .. } => "static_member_returned",
            EventKind::OffsetReset { .. } => "offset_reset",
            EventKind::NoOffsetForPartition { .. } => "no_offset_for_partition",
            EventKind::MemberSeeked { .. } => "member_seeked",
            EventKind::OffsetsReset { .. } => "offsets_reset",
            EventKind::ScriptStepSkipped { .. } => "script_step_skipped",
            EventKind::SegmentsDeleted { .. } => "segments_deleted",
            EventKind::RecordsCompacted { .. } => "records_compacted",
            // The message side's own names (they do not collide with the event broker's).
            EventKind::Message(event) => event.kind_name(),
        }
    }

    /// One line for a learner: what happened and why.
    pub fn explain(&self, lang: Lang) -> String {
        match (&self.kind, lang) {
            (EventKind::RecordSent { producer, key, partition, partitions, choice, topic, .. }, lang) => {
                let how = match (choice, key, lang) {
                    (PartitionChoice::KeyHash { .. }, Some(key), Lang::En) => {
                        format!("key {key} → murmur2 → partition {} of {partitions}", partition.0)
                    }
                    (PartitionChoice::KeyHash { .. }, Some(key), Lang::Ko) => {
                        format!("키 {key} → murmur2 → 파티션 {} ({partitions}개 중)", partition.0)
                    }
                    (PartitionChoice::RoundRobin, _, Lang::En) => {
                        format!("round-robin partitioner → partition {} of {partitions}", partition.0)
                    }
                    (PartitionChoice::RoundRobin, _, Lang::Ko) => {
                        format!("라운드 로빈 파티셔너 → 파티션 {} ({partitions}개 중)", partition.0)
                    }
                    (PartitionChoice::Explicit, _, Lang::En) => format!("partition {} named explicitly", partition.0),
                    (PartitionChoice::Explicit, _, Lang::Ko) => format!("파티션 {}을(를) 직접 지정", partition.0),
                    (PartitionChoice::Retry, _, Lang::En) => format!("retry to the new leader of partition {}", partition.0),
                    (PartitionChoice::Retry, _, Lang::Ko) => format!("파티션 {}의 새 리더로 재전송", partition.0),
                    (_, _, Lang::En) => {
                        format!("no key, so the sticky partitioner keeps filling partition {}", partition.0)
                    }
                    (_, _, Lang::Ko) => format!("키가 없어 스티키 파티셔너가 파티션 {}을(를) 계속 채웁니다", partition.0),
                };
                match lang {
                    Lang::En => format!("{producer} sends a record to {topic}: {how}"),
                    Lang::Ko => format!("{producer}이(가) {topic}에 레코드를 보냅니다: {how}"),
                }
            }
            (EventKind::RecordAppended { topic, partition, offset, .. }, Lang::En) => format!(
                "{topic}/{} appends the record at offset {offset}; offsets only grow and are never reused",
                partition.0
            ),
            (EventKind::RecordAppended { topic, partition, offset, .. }, Lang::Ko) => format!(
                "{topic}/{}이(가) 레코드를 오프셋 {offset}에 추가합니다. 오프셋은 늘어나기만 하고 재사용되지 않습니다",
                partition.0
            ),
            (EventKind::RecordRejected { topic, partition, reason, .. }, Lang::En) => {
                let why = match reason {
                    RejectReason::PartitionFull => "the partition holds as many records as the model allows",
                    RejectReason::UnknownTopic => "the topic no longer exists",
                    RejectReason::Offline => "the partition has no leader",
                    RejectReason::NotLeader => "this broker is no longer the leader; the producer retries at the new one",
                    RejectReason::LeaderChanged => "the leader changed before every in-sync replica had it; it was never acknowledged",
                    RejectReason::KeylessOnCompacted => "a compacted topic keeps the latest record per key, so a record without a key is invalid",
                };
                format!("{topic}/{} refuses the record: {why}", partition.0)
            }
            (EventKind::RecordRejected { topic, partition, reason, .. }, Lang::Ko) => {
                let why = match reason {
                    RejectReason::PartitionFull => "파티션이 모델이 허용하는 만큼 레코드를 가지고 있습니다",
                    RejectReason::UnknownTopic => "토픽이 더 이상 없습니다",
                    RejectReason::Offline => "파티션에 리더가 없습니다",
                    RejectReason::NotLeader => "이 브로커는 더 이상 리더가 아니라서 프로듀서가 새 리더로 다시 보냅니다",
                    RejectReason::LeaderChanged => "모든 동기화 복제본에 닿기 전에 리더가 바뀌었고, 확인 응답된 적이 없습니다",
                    RejectReason::KeylessOnCompacted => "컴팩션 토픽은 키마다 최신 레코드를 남기므로 키 없는 레코드는 유효하지 않습니다",
                };
                format!("{topic}/{}이(가) 레코드를 거부합니다: {why}", partition.0)
            }
            (EventKind::RecordsFetched { group, member, topic, partition, from, to, .. }, Lang::En) => format!(
                "{group} member {member} fetches {} of {topic}/{}; reading deletes nothing",
                offsets_en(*from, *to),
                partition.0
            ),
            (EventKind::RecordsFetched { group, member, topic, partition, from, to, .. }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) {topic}/{}의 {}을(를) 가져옵니다. 읽어도 아무것도 지워지지 않습니다",
                partition.0,
                offsets_ko(*from, *to)
            ),
            (EventKind::RecordsProcessed { group, member, from, to, .. }, Lang::En) => {
                format!("{group} member {member} has processed {}", offsets_en(*from, *to))
            }
            (EventKind::RecordsProcessed { group, member, from, to, .. }, Lang::Ko) => {
                format!("{group} 멤버 {member}이(가) {} 처리를 마쳤습니다", offsets_ko(*from, *to))
            }
            (EventKind::OffsetCommitted { group, topic, partition, offset, .. }, Lang::En) => format!(
                "{group} commits offset {offset} on {topic}/{}: the next record it will read",
                partition.0
            ),
            (EventKind::OffsetCommitted { group, topic, partition, offset, .. }, Lang::Ko) => format!(
                "{group}이(가) {topic}/{}에 오프셋 {offset}을(를) 커밋합니다: 다음에 읽을 레코드입니다",
                partition.0
            ),
            (EventKind::PartitionsAssigned { group, member, generation, partitions }, lang) => {
                let list: Vec<String> = partitions.iter().map(|(t, p)| format!("{t}/{p}")).collect();
                let list = if list.is_empty() { String::from("-") } else { list.join(", ") };
                match lang {
                    Lang::En => format!("{group} generation {generation}: member {member} owns {list}"),
                    Lang::Ko => format!("{group} 세대 {generation}: 멤버 {member}의 파티션은 {list}"),
                }
            }
            (EventKind::NotEnoughReplicas { topic, partition, isr, min_insync_replicas, .. }, Lang::En) => format!(
                "{topic}/{} refuses the record (NOT_ENOUGH_REPLICAS): acks=all needs {min_insync_replicas} in-sync replicas, the ISR is {}",
                partition.0,
                brokers(isr)
            ),
            (EventKind::NotEnoughReplicas { topic, partition, isr, min_insync_replicas, .. }, Lang::Ko) => format!(
                "{topic}/{}이(가) 레코드를 거부합니다(NOT_ENOUGH_REPLICAS): acks=all에는 동기화 복제본 {min_insync_replicas}개가 필요한데 ISR은 {}입니다",
                partition.0,
                brokers(isr)
            ),
            (EventKind::ProduceAcked { producer, topic, partition, offset, broker, acks, .. }, Lang::En) => format!(
                "broker {broker} acknowledges offset {offset} of {topic}/{} to {producer} ({})",
                partition.0,
                match acks {
                    Acks::All => "acks=all: every in-sync replica has it",
                    _ => "acks=1: only the leader has it so far",
                }
            ),
            (EventKind::ProduceAcked { producer, topic, partition, offset, broker, acks, .. }, Lang::Ko) => format!(
                "브로커 {broker}이(가) {producer}에게 {topic}/{} 오프셋 {offset} 기록을 확인합니다({})",
                partition.0,
                match acks {
                    Acks::All => "acks=all: 모든 동기화 복제본에 있습니다",
                    _ => "acks=1: 아직 리더에만 있습니다",
                }
            ),
            (EventKind::ReplicaFetched { topic, partition, leader, follower, from, to, .. }, Lang::En) => format!(
                "broker {follower} copies {} of {topic}/{} from leader {leader}; followers pull",
                offsets_en(*from, *to),
                partition.0
            ),
            (EventKind::ReplicaFetched { topic, partition, leader, follower, from, to, .. }, Lang::Ko) => format!(
                "브로커 {follower}이(가) 리더 {leader}에서 {topic}/{}의 {}을(를) 복제합니다. 팔로워가 가져갑니다",
                partition.0,
                offsets_ko(*from, *to)
            ),
            (EventKind::HighWatermarkAdvanced { topic, partition, high_watermark, .. }, Lang::En) => format!(
                "{topic}/{} high watermark → {high_watermark}: every in-sync replica has the records below it, so consumers may read them",
                partition.0
            ),
            (EventKind::HighWatermarkAdvanced { topic, partition, high_watermark, .. }, Lang::Ko) => format!(
                "{topic}/{} 하이 워터마크 → {high_watermark}: 그 아래 레코드는 모든 동기화 복제본에 있어 컨슈머가 읽을 수 있습니다",
                partition.0
            ),
            (EventKind::IsrShrunk { topic, partition, removed, isr, .. }, Lang::En) => format!(
                "{topic}/{}: broker {removed} fell behind for longer than replica.lag.time.max.ms and leaves the ISR, now {}",
                partition.0,
                brokers(isr)
            ),
            (EventKind::IsrShrunk { topic, partition, removed, isr, .. }, Lang::Ko) => format!(
                "{topic}/{}: 브로커 {removed}이(가) replica.lag.time.max.ms보다 오래 뒤처져 ISR에서 빠집니다. 이제 {}",
                partition.0,
                brokers(isr)
            ),
            (EventKind::IsrExpanded { topic, partition, added, isr, .. }, Lang::En) => format!(
                "{topic}/{}: broker {added} caught up to the high watermark and rejoins the ISR, now {}",
                partition.0,
                brokers(isr)
            ),
            (EventKind::IsrExpanded { topic, partition, added, isr, .. }, Lang::Ko) => format!(
                "{topic}/{}: 브로커 {added}이(가) 하이 워터마크를 따라잡아 ISR에 다시 들어옵니다. 이제 {}",
                partition.0,
                brokers(isr)
            ),
            (EventKind::BrokerStopped { broker }, Lang::En) => format!("broker {broker} stops: its replicas no longer answer"),
            (EventKind::BrokerStopped { broker }, Lang::Ko) => format!("브로커 {broker}이(가) 멈춥니다: 복제본이 더 이상 응답하지 않습니다"),
            (EventKind::BrokerStarted { broker }, Lang::En) => {
                format!("broker {broker} starts again and rejoins as a follower: it truncates, catches up, then re-enters the ISR")
            }
            (EventKind::BrokerStarted { broker }, Lang::Ko) => {
                format!("브로커 {broker}이(가) 다시 시작해 팔로워로 합류합니다: 잘라내고, 따라잡고, ISR에 다시 들어갑니다")
            }
            (EventKind::LeaderElected { topic, partition, leader, epoch, isr, clean }, Lang::En) => {
                if *clean {
                    format!("{topic}/{}: broker {leader} is elected leader from the ISR {} (epoch {epoch})", partition.0, brokers(isr))
                } else {
                    format!(
                        "{topic}/{}: unclean election: out-of-sync broker {leader} becomes leader (epoch {epoch}); what it lacks is lost",
                        partition.0
                    )
                }
            }
            (EventKind::LeaderElected { topic, partition, leader, epoch, isr, clean }, Lang::Ko) => {
                if *clean {
                    format!("{topic}/{}: ISR {}에서 브로커 {leader}이(가) 리더로 선출됩니다(에포크 {epoch})", partition.0, brokers(isr))
                } else {
                    format!(
                        "{topic}/{}: 언클린 선출: 동기화되지 않은 브로커 {leader}이(가) 리더가 됩니다(에포크 {epoch}). 없는 레코드는 사라집니다",
                        partition.0
                    )
                }
            }
            (EventKind::PartitionOffline { topic, partition, isr }, Lang::En) => format!(
                "{topic}/{} is offline: its in-sync replicas {} are down and unclean election is off, so Kafka waits rather than lose data",
                partition.0,
                brokers(isr)
            ),
            (EventKind::PartitionOffline { topic, partition, isr }, Lang::Ko) => format!(
                "{topic}/{}이(가) 오프라인입니다: 동기화 복제본 {}이(가) 모두 멈췄고 언클린 선출이 꺼져 있어, 데이터를 잃기보다 기다립니다",
                partition.0,
                brokers(isr)
            ),
            (EventKind::RecordsLost { topic, partition, broker, from, to, acknowledged, cause, .. }, Lang::En) => {
                let why = match cause {
                    LossCause::NotReplicated => "the new leader never copied them",
                    LossCause::UncleanElection => "an out-of-sync replica became leader",
                };
                format!(
                    "{topic}/{} loses {} that only broker {broker} had: {why}; {} of them had been acknowledged",
                    partition.0,
                    offsets_en(*from, *to),
                    acknowledged.len()
                )
            }
            (EventKind::RecordsLost { topic, partition, broker, from, to, acknowledged, cause, .. }, Lang::Ko) => {
                let why = match cause {
                    LossCause::NotReplicated => "새 리더가 복제하지 못했습니다",
                    LossCause::UncleanElection => "동기화되지 않은 복제본이 리더가 되었습니다",
                };
                format!(
                    "{topic}/{}이(가) 브로커 {broker}에만 있던 {}을(를) 잃습니다: {why}. 그중 {}개는 이미 확인 응답되었습니다",
                    partition.0,
                    offsets_ko(*from, *to),
                    acknowledged.len()
                )
            }
            (EventKind::ReplicaTruncated { topic, partition, broker, to, removed }, Lang::En) => format!(
                "broker {broker} truncates its copy of {topic}/{} to offset {to} ({}) to agree with the leader",
                partition.0,
                count(*removed, "record", "records")
            ),
            (EventKind::ReplicaTruncated { topic, partition, broker, to, removed }, Lang::Ko) => format!(
                "브로커 {broker}이(가) 리더와 맞추려고 {topic}/{} 사본을 오프셋 {to}까지 잘라냅니다(레코드 {removed}개)",
                partition.0
            ),
            (EventKind::TopicCreated { topic, partitions, replication_factor, .. }, Lang::En) => {
                format!(
                    "topic {topic} is created with {}, {} each",
                    count(*partitions, "partition", "partitions"),
                    count(*replication_factor, "replica", "replicas")
                )
            }
            (EventKind::TopicCreated { topic, partitions, replication_factor, .. }, Lang::Ko) => {
                format!("토픽 {topic}이(가) 파티션 {partitions}개, 각 복제본 {replication_factor}개로 만들어집니다")
            }
            (EventKind::TopicDeleted { topic }, Lang::En) => format!("topic {topic} is deleted with its records and committed offsets"),
            (EventKind::TopicDeleted { topic }, Lang::Ko) => format!("토픽 {topic}이(가) 레코드, 커밋된 오프셋과 함께 삭제됩니다"),
            (EventKind::PartitionsAdded { topic, from, to }, Lang::En) => format!(
                "{topic} grows from {from} to {to} partitions: new keyed records may hash elsewhere; old records stay where they are"
            ),
            (EventKind::PartitionsAdded { topic, from, to }, Lang::Ko) => format!(
                "{topic}의 파티션이 {from}개에서 {to}개로 늘어납니다: 새 키 레코드는 다른 파티션으로 갈 수 있고 기존 레코드는 그대로입니다"
            ),
            (EventKind::ProcessingFailed { group, member, topic, partition, from, to }, Lang::En) => format!(
                "{group} member {member} fails while processing {} of {topic}/{}: its process stops with an error, nothing is committed, and after the session timeout another member reads them again",
                offsets_en(*from, *to),
                partition.0
            ),
            (EventKind::ProcessingFailed { group, member, topic, partition, from, to }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) {topic}/{}의 {}를 처리하다 실패합니다: 프로세스가 오류로 멈추고 아무것도 커밋되지 않으며, 세션 타임아웃 뒤 다른 멤버가 다시 읽습니다",
                partition.0,
                offsets_ko(*from, *to)
            ),
            (EventKind::CommitFailed { group, member, topic, partition, offset }, Lang::En) => format!(
                "{group} member {member} cannot commit {offset} on {topic}/{}: a rebalance took the partition away, so those records will be read again",
                partition.0
            ),
            (EventKind::CommitFailed { group, member, topic, partition, offset }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) {topic}/{}에 {offset}을(를) 커밋하지 못합니다: 리밸런스로 파티션을 잃어 그 레코드는 다시 읽힙니다",
                partition.0
            ),
            (EventKind::RebalanceStarted { group, protocol, reason, .. }, lang) => {
                let (why_en, why_ko) = match reason {
                    RebalanceReason::MemberJoined => ("a member joined", "멤버가 참여했습니다"),
                    RebalanceReason::MemberLeft => ("a member left", "멤버가 떠났습니다"),
                    RebalanceReason::SessionTimeout => ("a member's session timed out", "멤버의 세션이 만료되었습니다"),
                    RebalanceReason::PollTimeout => ("a member exceeded max.poll.interval.ms", "멤버가 max.poll.interval.ms를 넘겼습니다"),
                    RebalanceReason::MemberRestarted => {
                        ("a member without group.instance.id restarted", "group.instance.id 없는 멤버가 재시작했습니다")
                    }
                    RebalanceReason::TopicsChanged => ("its topics changed", "토픽이 바뀌었습니다"),
                    RebalanceReason::FollowUp => ("follow-up for revoked partitions", "회수된 파티션을 위한 후속 리밸런스"),
                };
                match (lang, protocol) {
                    (Lang::En, Protocol::Eager) => format!("{group} rebalances ({why_en}): eager, every member revokes everything"),
                    (Lang::En, Protocol::Cooperative) => {
                        format!("{group} rebalances ({why_en}): cooperative, members keep what does not move")
                    }
                    (Lang::Ko, Protocol::Eager) => format!("{group} 리밸런스({why_ko}): 이거(eager), 모든 멤버가 전부 내려놓습니다"),
                    (Lang::Ko, Protocol::Cooperative) => {
                        format!("{group} 리밸런스({why_ko}): 협력(cooperative), 옮겨지지 않는 파티션은 유지합니다")
                    }
                }
            }
            (EventKind::PartitionsRevoked { group, member, partitions, .. }, Lang::En) => {
                format!("{group} member {member} revokes {}", tp_list(partitions))
            }
            (EventKind::PartitionsRevoked { group, member, partitions, .. }, Lang::Ko) => {
                format!("{group} 멤버 {member}이(가) {}을(를) 내려놓습니다", tp_list(partitions))
            }
            (EventKind::MemberJoined { group, member, instance_id }, Lang::En) => match instance_id {
                Some(id) => format!("{group} member {member} joins as static member {id}"),
                None => format!("{group} member {member} joins"),
            },
            (EventKind::MemberJoined { group, member, instance_id }, Lang::Ko) => match instance_id {
                Some(id) => format!("{group} 멤버 {member}이(가) 정적 멤버 {id}(으)로 참여합니다"),
                None => format!("{group} 멤버 {member}이(가) 참여합니다"),
            },
            (EventKind::MemberLeft { group, member, reason }, Lang::En) => {
                let why = match reason {
                    LeaveReason::Left => "it sent LeaveGroup",
                    LeaveReason::SessionTimeout => "no heartbeat within session.timeout.ms",
                    LeaveReason::PollTimeout => "no poll within max.poll.interval.ms",
                    LeaveReason::DidNotRejoin => "it was down when the group rebalanced",
                };
                format!("{group} member {member} leaves the group: {why}")
            }
            (EventKind::MemberLeft { group, member, reason }, Lang::Ko) => {
                let why = match reason {
                    LeaveReason::Left => "LeaveGroup을 보냈습니다",
                    LeaveReason::SessionTimeout => "session.timeout.ms 안에 하트비트가 없었습니다",
                    LeaveReason::PollTimeout => "max.poll.interval.ms 안에 poll이 없었습니다",
                    LeaveReason::DidNotRejoin => "리밸런스 때 멈춰 있었습니다",
                };
                format!("{group} 멤버 {member}이(가) 그룹을 떠납니다: {why}")
            }
            (EventKind::MemberCrashed { group, member }, Lang::En) => {
                format!("{group} member {member} crashes: no more heartbeats; the coordinator waits session.timeout.ms")
            }
            (EventKind::MemberCrashed { group, member }, Lang::Ko) => {
                format!("{group} 멤버 {member}이(가) 죽습니다: 하트비트가 멈추고 코디네이터는 session.timeout.ms만큼 기다립니다")
            }
            (EventKind::MemberPaused { group, member }, Lang::En) => {
                format!("{group} member {member} stops polling (still heartbeating) until max.poll.interval.ms")
            }
            (EventKind::MemberPaused { group, member }, Lang::Ko) => {
                format!("{group} 멤버 {member}이(가) poll을 멈춥니다(하트비트는 계속). max.poll.interval.ms까지 기다립니다")
            }
            (EventKind::MemberResumed { group, member }, Lang::En) => format!("{group} member {member} resumes polling"),
            (EventKind::MemberResumed { group, member }, Lang::Ko) => format!("{group} 멤버 {member}이(가) poll을 다시 시작합니다"),
            (EventKind::StaticMemberReturned { group, member, partitions, .. }, Lang::En) => format!(
                "static {group} member {member} returns within session.timeout.ms: it gets {} back with no rebalance",
                tp_list(partitions)
            ),
            (EventKind::StaticMemberReturned { group, member, partitions, .. }, Lang::Ko) => format!(
                "정적 {group} 멤버 {member}이(가) session.timeout.ms 안에 돌아와 리밸런스 없이 {}을(를) 되찾습니다",
                tp_list(partitions)
            ),
            (EventKind::OffsetReset { group, member, topic, partition, offset, policy, cause }, Lang::En) => format!(
                "{group} member {member}: {} on {topic}/{}, so auto.offset.reset={} starts at {offset}",
                match cause {
                    ResetCause::NoCommittedOffset => "no committed offset",
                    ResetCause::OutOfRange => "position out of range",
                },
                partition.0,
                policy.name()
            ),
            (EventKind::OffsetReset { group, member, topic, partition, offset, policy, cause }, Lang::Ko) => format!(
                "{group} 멤버 {member}: {topic}/{}에 {}, auto.offset.reset={}에 따라 {offset}부터 읽습니다",
                partition.0,
                match cause {
                    ResetCause::NoCommittedOffset => "커밋된 오프셋이 없어",
                    ResetCause::OutOfRange => "위치가 범위를 벗어나",
                },
                policy.name()
            ),
            (EventKind::NoOffsetForPartition { group, member, topic, partition, .. }, Lang::En) => format!(
                "{group} member {member} stops: auto.offset.reset=none and no valid offset on {topic}/{}",
                partition.0
            ),
            (EventKind::NoOffsetForPartition { group, member, topic, partition, .. }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) 멈춥니다: auto.offset.reset=none인데 {topic}/{}에 유효한 오프셋이 없습니다",
                partition.0
            ),
            (EventKind::MemberSeeked { group, member, topic, partition, offset }, Lang::En) => format!(
                "{group} member {member} seeks {topic}/{} to {offset}: the log is still there to replay",
                partition.0
            ),
            (EventKind::MemberSeeked { group, member, topic, partition, offset }, Lang::Ko) => format!(
                "{group} 멤버 {member}이(가) {topic}/{}를 {offset}(으)로 이동합니다: 로그가 남아 있어 다시 읽을 수 있습니다",
                partition.0
            ),
            (EventKind::OffsetsReset { group, topic, partition, offset }, Lang::En) => format!(
                "the inactive group {group} has its offset on {topic}/{} reset to {offset}",
                partition.0
            ),
            (EventKind::ScriptStepSkipped { step, reason }, Lang::En) => format!("script step {step} is skipped: {reason}"),
            (EventKind::ScriptStepSkipped { step, reason }, Lang::Ko) => format!("대본 단계 {step}을(를) 건너뜁니다: {reason}"),
            (EventKind::OffsetsReset { group, topic, partition, offset }, Lang::Ko) => format!(
                "비활성 그룹 {group}의 {topic}/{} 오프셋이 {offset}(으)로 재설정됩니다",
                partition.0
            ),
            (EventKind::SegmentsDeleted { topic, partition, from, to, records, segments, reason, .. }, Lang::En) => format!(
                "{topic}/{}: retention deletes {} with {} ({}) because {}; the log start is now {to} and a group behind it applies auto.offset.reset",
                partition.0,
                count(*segments, "closed segment", "closed segments"),
                offsets_en(*from, *to),
                count(*records, "record", "records"),
                match reason {
                    RetentionReason::Time => "their newest record is older than retention.ms",
                    RetentionReason::Size => "the partition is over retention.bytes",
                }
            ),
            (EventKind::SegmentsDeleted { topic, partition, from, to, records, segments, reason, .. }, Lang::Ko) => format!(
                "{topic}/{}: 보존 정책이 닫힌 세그먼트 {segments}개({}, 레코드 {records}개)를 지웁니다. {}. 로그 시작은 이제 {to}이고, 그보다 뒤처진 그룹은 auto.offset.reset을 적용합니다",
                partition.0,
                offsets_ko(*from, *to),
                match reason {
                    RetentionReason::Time => "가장 새 레코드가 retention.ms보다 오래되었습니다",
                    RetentionReason::Size => "파티션이 retention.bytes를 넘었습니다",
                }
            ),
            (EventKind::RecordsCompacted { topic, partition, offsets, tombstones_removed, tombstones_stamped, .. }, Lang::En) => format!(
                "{topic}/{}: the cleaner removes {} superseded by a later value for the same key ({}, {tombstones_stamped} newly seen); the others keep their offsets",
                partition.0,
                count(offsets.len() as u64, "record", "records"),
                count(*tombstones_removed, "expired tombstone", "expired tombstones")
            ),
            (EventKind::RecordsCompacted { topic, partition, offsets, tombstones_removed, tombstones_stamped, .. }, Lang::Ko) => format!(
                "{topic}/{}: 클리너가 같은 키의 더 새 값에 밀린 레코드 {}개를 지웁니다(만료된 툼스톤 {tombstones_removed}개, 새로 본 툼스톤 {tombstones_stamped}개). 나머지는 오프셋을 그대로 유지합니다",
                partition.0,
                offsets.len()
            ),
            (EventKind::Message(event), lang) => event.explain(lang),
        }
    }
}

fn brokers(list: &[BrokerId]) -> String {
    let names: Vec<String> = list.iter().map(|b| format!("{b}")).collect();
    format!("[{}]", names.join(", "))
}

fn tp_list(partitions: &[(Name, u32)]) -> String {
    let list: Vec<String> = partitions.iter().map(|(t, p)| format!("{t}/{p}")).collect();
    if list.is_empty() { String::from("-") } else { list.join(", ") }
}

/// "offset 3" or "offsets 3–5" for the half-open range `[from, to)`.
fn offsets_en(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("offset {from}") } else { format!("offsets {from}–{last}") }
}

fn offsets_ko(from: Offset, to: Offset) -> String {
    let last = to.0.saturating_sub(1);
    if last <= from.0 { format!("오프셋 {from}") } else { format!("오프셋 {from}–{last}") }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message_broker::event::{Event as MqEvent, EventKind as Mq, Removal};
    use crate::message_broker::MessageId;
    use alloc::vec;

    fn en(kind: EventKind) -> String {
        Event { at: SimTime::ZERO, kind }.explain(Lang::En)
    }

    fn mq(kind: Mq) -> String {
        MqEvent { at: SimTime::ZERO, kind }.explain(Lang::En)
    }

    fn name(s: &str) -> Name {
        Name::from(s)
    }

    #[test]
    fn english_counts_agree_with_their_nouns() {
        let topic = |partitions, replication_factor| EventKind::TopicCreated { topic: name("t"), partitions, replication_factor, replicas: vec![] };
        assert_eq!(en(topic(1, 1)), "topic t is created with 1 partition, 1 replica each");
        assert_eq!(en(topic(3, 2)), "topic t is created with 3 partitions, 2 replicas each");
        let truncated = |removed| EventKind::ReplicaTruncated { topic: name("t"), partition: PartitionIndex(0), broker: BrokerId(1), to: Offset(4), removed };
        assert!(en(truncated(1)).contains("(1 record)"), "{}", en(truncated(1)));
        assert!(en(truncated(2)).contains("(2 records)"), "{}", en(truncated(2)));
        let routed = |queues: Vec<Name>| mq(Mq::MessageRouted { message: MessageId(1), exchange: name("x"), queues });
        assert!(routed(vec![name("a")]).contains("to 1 queue, once each"), "{}", routed(vec![name("a")]));
        assert!(routed(vec![name("a"), name("b")]).contains("to 2 queues, once each"));
        let deleted = |messages| mq(Mq::QueueDeleted { queue: name("q"), why: Removal::Deleted, messages });
        assert!(deleted(1).ends_with("1 message in it is gone"), "{}", deleted(1));
        assert!(deleted(0).ends_with("0 messages in it are gone"), "{}", deleted(0));
        let restarted = mq(Mq::BrokerRestarted { queues_kept: 1, messages_kept: 1, messages_lost: 2 });
        assert_eq!(restarted, "broker restarted: 1 durable queue and 1 persistent message survive, 2 messages lost");
    }
}
