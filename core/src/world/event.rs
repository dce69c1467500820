//! What happened: every broker outcome is an `Event`, with what an animation needs (ids,
//! places, departure and arrival times). The trace of a run is its events serialized one per
//! line. Their explanations for a learner (`Event::explain`) are in `crate::words`.

use alloc::vec::Vec;
use serde::Serialize;

use crate::Name;
use crate::event_broker::log::RetentionReason;
use crate::event_broker::reconcile::ReconcileState;
use crate::event_broker::server_assignor::ServerAssignor;
use crate::event_broker::{Acks, BrokerId, Offset, PartitionIndex, RecordId};
use crate::world::message::MessageEvent;
use crate::event_broker::share::ShareSetting;
use crate::world::{AutoOffsetReset, CommandError, ShareAnswer};
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

/// Why the group coordinator refused a member's `ConsumerGroupHeartbeat` (KIP-848, K21).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FenceReason {
    /// `UNRELEASED_INSTANCE_ID`: its `group.instance.id` belongs to a member that has not
    /// left; the new member is refused (fatal for the client), the old one keeps its place.
    UnreleasedInstanceId,
    /// `FENCED_MEMBER_EPOCH`: the coordinator no longer knows the member at that epoch; the
    /// client gives up its partitions (lost, not committed) and joins again with epoch 0.
    FencedMemberEpoch,
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
    /// A controlled shutdown (KRaft): before the broker stops, the controller moves its
    /// leaderships to other in-sync replicas and takes it out of every ISR; `BrokerStopped`
    /// follows. The broker will come back remembering it shut down cleanly.
    ControlledShutdown { broker: BrokerId },
    /// The controller took a broker out of a partition's ISR: a broker in controlled
    /// shutdown, or (4.2) one back from an unclean shutdown.
    IsrShrunkByController { topic: Name, partition: PartitionIndex, removed: BrokerId, isr: Vec<BrokerId> },
    /// The eligible leader replicas changed (KIP-966, Kafka 4.2): replicas that left the ISR
    /// while it was below `min.insync.replicas`, and so hold every committed record.
    ElrChanged { topic: Name, partition: PartitionIndex, isr: Vec<BrokerId>, elr: Vec<BrokerId> },
    /// The ISR had no live replica and a live eligible leader replica became leader (ISR: it
    /// alone); `elr` is what stays eligible. Nothing committed is lost.
    ElrLeaderElected { topic: Name, partition: PartitionIndex, leader: BrokerId, epoch: u32, elr: Vec<BrokerId> },
    /// Neither the ISR nor the ELR had a replica left: the leader the partition had when its
    /// ISR became empty leads again (ISR: it alone).
    LastKnownLeaderElected { topic: Name, partition: PartitionIndex, leader: BrokerId, epoch: u32 },
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
    /// KIP-848: the group coordinator bumped the group epoch (membership or metadata changed);
    /// a new target assignment follows.
    GroupEpochBumped { group: Name, epoch: u32, reason: RebalanceReason },
    /// KIP-848: the coordinator computed the target assignment of `epoch` with its server
    /// assignor: each member (by index) with its target partitions.
    TargetAssignmentComputed { group: Name, epoch: u32, assignor: ServerAssignor, assignment: Vec<(u32, Vec<(Name, u32)>)> },
    /// KIP-848: on the member's heartbeat the coordinator moved it towards the target: its
    /// member epoch, reconciliation state, the partitions it may own and those it must revoke
    /// first. The heartbeat response carrying it leaves the coordinator at `departs` and
    /// reaches the member at `arrives` (one link delay later), when the member acts on it.
    MemberReconciled {
        group: Name,
        member: u32,
        epoch: u32,
        state: ReconcileState,
        assigned: Vec<(Name, u32)>,
        revoking: Vec<(Name, u32)>,
        departs: SimTime,
        arrives: SimTime,
    },
    /// KIP-848: the coordinator refused the member's heartbeat.
    MemberFenced { group: Name, member: u32, reason: FenceReason },
    /// A scripted command no longer applied when its time came. In a trace, `reason` is the
    /// error's English text.
    ScriptStepSkipped {
        step: u32,
        #[serde(serialize_with = "english")]
        reason: CommandError,
    },
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
    /// A share-group member acquired records `first..=last` of a share-partition (KIP-932):
    /// they are locked to it until `lock_expires_at`; the response travels to the member.
    ShareRecordsAcquired {
        group: Name,
        member: u32,
        topic: Name,
        partition: PartitionIndex,
        first: Offset,
        last: Offset,
        delivery_count: u32,
        lock_expires_at: SimTime,
        departs: SimTime,
        arrives: SimTime,
    },
    /// A share-group member processed `first..=last` and sends its answer with its next fetch.
    ShareAcknowledgementSent {
        group: Name,
        member: u32,
        topic: Name,
        partition: PartitionIndex,
        first: Offset,
        last: Offset,
        answer: ShareAnswer,
        departs: SimTime,
        arrives: SimTime,
    },
    /// The broker applied a member's acknowledgement of `first..=last`.
    ShareRecordsAcknowledged { group: Name, member: u32, topic: Name, partition: PartitionIndex, first: Offset, last: Offset, answer: ShareAnswer },
    /// The acknowledgement came too late (the records' locks had expired and they moved on):
    /// Kafka answers `INVALID_RECORD_STATE`, which the client only logs.
    ShareAcknowledgementRefused { group: Name, member: u32, topic: Name, partition: PartitionIndex, first: Offset, last: Offset },
    /// Acquisition locks of `member` expired: `offsets` are available to any member again.
    ShareLocksExpired { group: Name, member: u32, topic: Name, partition: PartitionIndex, offsets: Vec<Offset> },
    /// Records released (or whose lock expired) after `delivery_count_limit` deliveries are
    /// archived: never delivered again.
    ShareRecordsArchived { group: Name, topic: Name, partition: PartitionIndex, offsets: Vec<Offset>, delivery_count_limit: u32 },
    /// A share-group member's process dies; what it holds stays locked until the locks expire.
    ShareMemberCrashed { group: Name, member: u32 },
    /// A crashed share-group member starts again and fetches.
    ShareMemberRevived { group: Name, member: u32 },
    /// The coordinator's `simple` assignor gave the share group's members these partitions of
    /// `topic` (members may share a partition), after the membership changed.
    ShareAssignmentComputed { group: Name, topic: Name, members: Vec<(u32, Vec<PartitionIndex>)> },
    /// A crashed share-group member's session timed out: it left the group, and the `released`
    /// records it still held are available again (or archived at the delivery limit).
    ShareMemberLeft { group: Name, member: u32, session_timeout_ms: u64, released: u64 },
    /// A share-group member stops polling: no fetch, no acknowledgement, its locks run on.
    ShareMemberPaused { group: Name, member: u32 },
    /// A paused share-group member polls again.
    ShareMemberResumed { group: Name, member: u32 },
    /// A share-group member answers `answer` for each record it processes from now on.
    ShareMemberAnswerSet { group: Name, member: u32, answer: ShareAnswer },
    /// A share group's config changed: new acquisitions and new decisions use `value`.
    ShareGroupConfigSet { group: Name, setting: ShareSetting, value: u64 },
    /// The share group's members acknowledge in `mode` from their next poll.
    ShareAcknowledgementModeSet { group: Name, mode: crate::world::AcknowledgementMode },
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
            EventKind::ControlledShutdown { .. } => "controlled_shutdown",
            EventKind::IsrShrunkByController { .. } => "isr_shrunk_by_controller",
            EventKind::ElrChanged { .. } => "elr_changed",
            EventKind::ElrLeaderElected { .. } => "elr_leader_elected",
            EventKind::LastKnownLeaderElected { .. } => "last_known_leader_elected",
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
            EventKind::GroupEpochBumped { .. } => "group_epoch_bumped",
            EventKind::TargetAssignmentComputed { .. } => "target_assignment_computed",
            EventKind::MemberReconciled { .. } => "member_reconciled",
            EventKind::MemberFenced { .. } => "member_fenced",
            EventKind::ScriptStepSkipped { .. } => "script_step_skipped",
            EventKind::SegmentsDeleted { .. } => "segments_deleted",
            EventKind::RecordsCompacted { .. } => "records_compacted",
            EventKind::ShareRecordsAcquired { .. } => "share_records_acquired",
            EventKind::ShareAcknowledgementSent { .. } => "share_acknowledgement_sent",
            EventKind::ShareRecordsAcknowledged { .. } => "share_records_acknowledged",
            EventKind::ShareAcknowledgementRefused { .. } => "share_acknowledgement_refused",
            EventKind::ShareLocksExpired { .. } => "share_locks_expired",
            EventKind::ShareRecordsArchived { .. } => "share_records_archived",
            EventKind::ShareMemberCrashed { .. } => "share_member_crashed",
            EventKind::ShareMemberRevived { .. } => "share_member_revived",
            EventKind::ShareAssignmentComputed { .. } => "share_assignment_computed",
            EventKind::ShareMemberLeft { .. } => "share_member_left",
            EventKind::ShareMemberPaused { .. } => "share_member_paused",
            EventKind::ShareMemberResumed { .. } => "share_member_resumed",
            EventKind::ShareMemberAnswerSet { .. } => "share_member_answer_set",
            EventKind::ShareGroupConfigSet { .. } => "share_group_config_set",
            EventKind::ShareAcknowledgementModeSet { .. } => "share_acknowledgement_mode_set",
            // The message side's own names (they do not collide with the event broker's).
            EventKind::Message(event) => event.kind_name(),
        }
    }
}

/// An error in a trace: its English text (its `Display`), as a JSON string.
fn english<S: serde::Serializer>(error: &CommandError, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.collect_str(error)
}
