//! The event broker's events (and the world's script) in English.

use alloc::format;
use alloc::string::String;

use super::offsets;
use super::super::{brokers, topic_partitions};
use crate::Name;
use crate::event_broker::Acks;
use crate::event_broker::log::RetentionReason;
use crate::lang::count;
use crate::world::{EventKind, LeaveReason, LossCause, PartitionChoice, Protocol, RebalanceReason, RejectReason, ResetCause};

pub(super) fn event(kind: &EventKind) -> String {
    match kind {
        EventKind::RecordSent { producer, key, partition, partitions, choice, topic, .. } => {
            format!("{producer} sends a record to {topic}: {}", choice_words(choice, key.as_ref(), partition.0, *partitions))
        }
        EventKind::RecordAppended { topic, partition, offset, .. } => {
            format!("{topic}/{} appends the record at offset {offset}; offsets only grow and are never reused", partition.0)
        }
        EventKind::RecordRejected { topic, partition, reason, .. } => {
            format!("{topic}/{} refuses the record: {}", partition.0, reject_reason(*reason))
        }
        EventKind::NotEnoughReplicas { topic, partition, isr, min_insync_replicas, .. } => format!(
            "{topic}/{} refuses the record (NOT_ENOUGH_REPLICAS): acks=all needs {min_insync_replicas} in-sync replicas, the ISR is {}",
            partition.0,
            brokers(isr)
        ),
        EventKind::ProduceAcked { producer, topic, partition, offset, broker, acks, .. } => format!(
            "broker {broker} acknowledges offset {offset} of {topic}/{} to {producer} ({})",
            partition.0,
            match acks {
                Acks::All => "acks=all: every in-sync replica has it",
                _ => "acks=1: only the leader has it so far",
            }
        ),
        EventKind::ReplicaFetched { topic, partition, leader, follower, from, to, .. } => {
            format!("broker {follower} copies {} of {topic}/{} from leader {leader}; followers pull", offsets(*from, *to), partition.0)
        }
        EventKind::HighWatermarkAdvanced { topic, partition, high_watermark, .. } => format!(
            "{topic}/{} high watermark → {high_watermark}: every in-sync replica has the records below it, so consumers may read them",
            partition.0
        ),
        EventKind::IsrShrunk { topic, partition, removed, isr, .. } => format!(
            "{topic}/{}: broker {removed} fell behind for longer than replica.lag.time.max.ms and leaves the ISR, now {}",
            partition.0,
            brokers(isr)
        ),
        EventKind::IsrExpanded { topic, partition, added, isr, .. } => format!(
            "{topic}/{}: broker {added} caught up to the high watermark and rejoins the ISR, now {}",
            partition.0,
            brokers(isr)
        ),
        EventKind::BrokerStopped { broker } => format!("broker {broker} stops: its replicas no longer answer"),
        EventKind::BrokerStarted { broker } => {
            format!("broker {broker} starts again and rejoins as a follower: it truncates, catches up, then re-enters the ISR")
        }
        EventKind::LeaderElected { topic, partition, leader, epoch, isr, clean: true } => {
            format!("{topic}/{}: broker {leader} is elected leader from the ISR {} (epoch {epoch})", partition.0, brokers(isr))
        }
        EventKind::LeaderElected { topic, partition, leader, epoch, clean: false, .. } => format!(
            "{topic}/{}: unclean election: out-of-sync broker {leader} becomes leader (epoch {epoch}); what it lacks is lost",
            partition.0
        ),
        EventKind::ControlledShutdown { .. }
        | EventKind::IsrShrunkByController { .. }
        | EventKind::ElrChanged { .. }
        | EventKind::ElrLeaderElected { .. }
        | EventKind::LastKnownLeaderElected { .. } => controller_event(kind),
        EventKind::PartitionOffline { topic, partition, isr } if isr.is_empty() => format!(
            "{topic}/{} is offline: no live replica is in the ISR or among the eligible leader replicas, and unclean election is off, so Kafka waits rather than lose data",
            partition.0
        ),
        EventKind::PartitionOffline { topic, partition, isr } => format!(
            "{topic}/{} is offline: its in-sync replicas {} are down and unclean election is off, so Kafka waits rather than lose data",
            partition.0,
            brokers(isr)
        ),
        EventKind::RecordsLost { topic, partition, broker, from, to, acknowledged, cause, .. } => format!(
            "{topic}/{} loses {} that only broker {broker} had: {}; {} of them had been acknowledged",
            partition.0,
            offsets(*from, *to),
            match cause {
                LossCause::NotReplicated => "the new leader never copied them",
                LossCause::UncleanElection => "an out-of-sync replica became leader",
            },
            acknowledged.len()
        ),
        EventKind::ReplicaTruncated { topic, partition, broker, to, removed } => format!(
            "broker {broker} truncates its copy of {topic}/{} to offset {to} ({}) to agree with the leader",
            partition.0,
            count(*removed, "record", "records")
        ),
        EventKind::TopicCreated { topic, partitions, replication_factor, .. } => format!(
            "topic {topic} is created with {}, {} each",
            count(*partitions, "partition", "partitions"),
            count(*replication_factor, "replica", "replicas")
        ),
        EventKind::TopicDeleted { topic } => format!("topic {topic} is deleted with its records and committed offsets"),
        EventKind::PartitionsAdded { topic, from, to } => format!(
            "{topic} grows from {from} to {to} partitions: new keyed records may hash elsewhere; old records stay where they are"
        ),
        EventKind::RecordsFetched { .. }
        | EventKind::RecordsProcessed { .. }
        | EventKind::ProcessingFailed { .. }
        | EventKind::OffsetCommitted { .. }
        | EventKind::CommitFailed { .. }
        | EventKind::RebalanceStarted { .. }
        | EventKind::PartitionsRevoked { .. }
        | EventKind::PartitionsAssigned { .. }
        | EventKind::MemberJoined { .. }
        | EventKind::MemberLeft { .. }
        | EventKind::MemberCrashed { .. }
        | EventKind::MemberPaused { .. }
        | EventKind::MemberResumed { .. }
        | EventKind::StaticMemberReturned { .. }
        | EventKind::OffsetReset { .. }
        | EventKind::NoOffsetForPartition { .. }
        | EventKind::MemberSeeked { .. }
        | EventKind::OffsetsReset { .. }
        | EventKind::ScriptStepSkipped { .. }
        | EventKind::SegmentsDeleted { .. }
        | EventKind::RecordsCompacted { .. }
        | EventKind::Message(_) => group_event(kind),
        EventKind::ShareRecordsAcquired { .. }
        | EventKind::ShareAcknowledgementSent { .. }
        | EventKind::ShareRecordsAcknowledged { .. }
        | EventKind::ShareAcknowledgementRefused { .. }
        | EventKind::ShareLocksExpired { .. }
        | EventKind::ShareRecordsArchived { .. }
        | EventKind::ShareMemberCrashed { .. }
        | EventKind::ShareMemberRevived { .. }
        | EventKind::ShareAssignmentComputed { .. }
        | EventKind::ShareMemberLeft { .. }
        | EventKind::ShareMemberPaused { .. }
        | EventKind::ShareMemberResumed { .. }
        | EventKind::ShareMemberAnswerSet { .. }
        | EventKind::ShareGroupConfigSet { .. }
        | EventKind::ShareAcknowledgementModeSet { .. } => super::share_events::share_event(kind),
        EventKind::GroupEpochBumped { .. }
        | EventKind::TargetAssignmentComputed { .. }
        | EventKind::MemberReconciled { .. }
        | EventKind::MemberFenced { .. } => super::consumer_group::consumer_group_event(kind),
    }
}

/// The KRaft controller's events (controlled shutdown, eligible leader replicas, KIP-966):
/// part of [`event`], whose exhaustive match sends exactly these here.
fn controller_event(kind: &EventKind) -> String {
    match kind {
            EventKind::ControlledShutdown { broker } => format!(
                "broker {broker} shuts down cleanly: the controller first moves its leaderships to other in-sync replicas and takes it out of every ISR"
            ),
            EventKind::IsrShrunkByController { topic, partition, removed, isr } => format!(
                "{topic}/{}: the controller takes broker {removed} out of the ISR (it is shutting down, or it came back from a crash and may lack what it acknowledged), now {}",
                partition.0,
                brokers(isr)
            ),
            EventKind::ElrChanged { topic, partition, elr, .. } if elr.is_empty() => format!(
                "{topic}/{}: no eligible leader replicas any more (the ISR is back at min.insync.replicas, or they were cleared)",
                partition.0
            ),
            EventKind::ElrChanged { topic, partition, isr, elr } => format!(
                "{topic}/{}: eligible leader replicas {} beside ISR {}: they left the ISR while it was below min.insync.replicas, so the high watermark never passed what they hold, and any of them may lead without loss",
                partition.0,
                brokers(elr),
                brokers(isr)
            ),
            EventKind::ElrLeaderElected { topic, partition, leader, epoch, .. } => format!(
                "{topic}/{}: no in-sync replica is alive, so broker {leader} is elected from the eligible leader replicas (epoch {epoch}); it holds every committed record",
                partition.0
            ),
            EventKind::LastKnownLeaderElected { topic, partition, leader, epoch } => format!(
                "{topic}/{}: neither the ISR nor the eligible replicas have anyone left, so the last known leader, broker {leader}, leads again (epoch {epoch})",
                partition.0
            ),
        _ => unreachable!("event sends only the controller's events here"),
    }
}

/// The consumer groups' events, and the rest (retention, compaction, the script, the message
/// side): the second half of [`event`], whose exhaustive match sends exactly these here.
fn group_event(kind: &EventKind) -> String {
    match kind {
        EventKind::RecordsFetched { group, member, topic, partition, from, to, .. } => {
            format!("{group} member {member} fetches {} of {topic}/{}; reading deletes nothing", offsets(*from, *to), partition.0)
        }
        EventKind::RecordsProcessed { group, member, from, to, .. } => {
            format!("{group} member {member} has processed {}", offsets(*from, *to))
        }
        EventKind::ProcessingFailed { group, member, topic, partition, from, to } => format!(
            "{group} member {member} fails while processing {} of {topic}/{}: its process stops with an error, nothing is committed, and after the session timeout another member reads them again",
            offsets(*from, *to),
            partition.0
        ),
        EventKind::OffsetCommitted { group, topic, partition, offset, .. } => {
            format!("{group} commits offset {offset} on {topic}/{}: the next record it will read", partition.0)
        }
        EventKind::CommitFailed { group, member, topic, partition, offset } => format!(
            "{group} member {member} cannot commit {offset} on {topic}/{}: a rebalance took the partition away, so those records will be read again",
            partition.0
        ),
        EventKind::RebalanceStarted { group, protocol: Protocol::Eager, reason, .. } => {
            format!("{group} rebalances ({}): eager, every member revokes everything", rebalance_reason(*reason))
        }
        EventKind::RebalanceStarted { group, protocol: Protocol::Cooperative, reason, .. } => {
            format!("{group} rebalances ({}): cooperative, members keep what does not move", rebalance_reason(*reason))
        }
        EventKind::PartitionsRevoked { group, member, partitions, .. } => {
            format!("{group} member {member} revokes {}", topic_partitions(partitions))
        }
        EventKind::PartitionsAssigned { group, member, generation, partitions } => {
            format!("{group} generation {generation}: member {member} owns {}", topic_partitions(partitions))
        }
        EventKind::MemberJoined { group, member, instance_id: Some(id) } => format!("{group} member {member} joins as static member {id}"),
        EventKind::MemberJoined { group, member, instance_id: None } => format!("{group} member {member} joins"),
        EventKind::MemberLeft { group, member, reason } => {
            format!("{group} member {member} leaves the group: {}", leave_reason(*reason))
        }
        EventKind::MemberCrashed { group, member } => {
            format!("{group} member {member} crashes: no more heartbeats; the coordinator waits session.timeout.ms")
        }
        EventKind::MemberPaused { group, member } => {
            format!("{group} member {member} stops polling (still heartbeating) until max.poll.interval.ms")
        }
        EventKind::MemberResumed { group, member } => format!("{group} member {member} resumes polling"),
        EventKind::StaticMemberReturned { group, member, partitions, .. } => format!(
            "static {group} member {member} returns within session.timeout.ms: it gets {} back with no rebalance",
            topic_partitions(partitions)
        ),
        EventKind::OffsetReset { group, member, topic, partition, offset, policy, cause } => format!(
            "{group} member {member}: {} on {topic}/{}, so auto.offset.reset={} starts at {offset}",
            match cause {
                ResetCause::NoCommittedOffset => "no committed offset",
                ResetCause::OutOfRange => "position out of range",
            },
            partition.0,
            policy.name()
        ),
        EventKind::NoOffsetForPartition { group, member, topic, partition, .. } => {
            format!("{group} member {member} stops: auto.offset.reset=none and no valid offset on {topic}/{}", partition.0)
        }
        EventKind::MemberSeeked { group, member, topic, partition, offset } => {
            format!("{group} member {member} seeks {topic}/{} to {offset}: the log is still there to replay", partition.0)
        }
        EventKind::OffsetsReset { group, topic, partition, offset } => {
            format!("the inactive group {group} has its offset on {topic}/{} reset to {offset}", partition.0)
        }
        EventKind::ScriptStepSkipped { step, reason } => format!("script step {step} is skipped: {}", super::errors::command_error(reason)),
        EventKind::SegmentsDeleted { topic, partition, from, to, records, segments, reason, .. } => format!(
            "{topic}/{}: retention deletes {} with {} ({}) because {}; the log start is now {to} and a group behind it applies auto.offset.reset",
            partition.0,
            count(*segments, "closed segment", "closed segments"),
            offsets(*from, *to),
            count(*records, "record", "records"),
            match reason {
                RetentionReason::Time => "their newest record is older than retention.ms",
                RetentionReason::Size => "the partition is over retention.bytes",
            }
        ),
        EventKind::RecordsCompacted { topic, partition, offsets, tombstones_removed, tombstones_stamped, .. } => format!(
            "{topic}/{}: the cleaner removes {} superseded by a later value for the same key ({}, {tombstones_stamped} newly seen); the others keep their offsets",
            partition.0,
            count(offsets.len() as u64, "record", "records"),
            count(*tombstones_removed, "expired tombstone", "expired tombstones")
        ),
        EventKind::Message(event) => super::message_broker::message_event(&event.kind),
        _ => unreachable!("event() explains this kind itself: {kind:?}"),
    }
}

/// How the producer chose the partition.
fn choice_words(choice: &PartitionChoice, key: Option<&Name>, partition: u32, partitions: u32) -> String {
    match (choice, key) {
        (PartitionChoice::KeyHash { .. }, Some(key)) => format!("key {key} → murmur2 → partition {partition} of {partitions}"),
        (PartitionChoice::RoundRobin, _) => format!("round-robin partitioner → partition {partition} of {partitions}"),
        (PartitionChoice::Explicit, _) => format!("partition {partition} named explicitly"),
        (PartitionChoice::Retry, _) => format!("retry to the new leader of partition {partition}"),
        (PartitionChoice::Sticky | PartitionChoice::KeyHash { .. }, _) => {
            format!("no key, so the sticky partitioner keeps filling partition {partition}")
        }
    }
}

fn reject_reason(reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::PartitionFull => "the partition holds as many records as the model allows",
        RejectReason::UnknownTopic => "the topic no longer exists",
        RejectReason::Offline => "the partition has no leader",
        RejectReason::NotLeader => "this broker is no longer the leader; the producer retries at the new one",
        RejectReason::LeaderChanged => "the leader changed before every in-sync replica had it; it was never acknowledged",
        RejectReason::KeylessOnCompacted => "a compacted topic keeps the latest record per key, so a record without a key is invalid",
    }
}

fn rebalance_reason(reason: RebalanceReason) -> &'static str {
    match reason {
        RebalanceReason::MemberJoined => "a member joined",
        RebalanceReason::MemberLeft => "a member left",
        RebalanceReason::SessionTimeout => "a member's session timed out",
        RebalanceReason::PollTimeout => "a member exceeded max.poll.interval.ms",
        RebalanceReason::MemberRestarted => "a member without group.instance.id restarted",
        RebalanceReason::TopicsChanged => "its topics changed",
        RebalanceReason::FollowUp => "follow-up for revoked partitions",
    }
}

fn leave_reason(reason: LeaveReason) -> &'static str {
    match reason {
        LeaveReason::Left => "it sent LeaveGroup",
        LeaveReason::SessionTimeout => "no heartbeat within session.timeout.ms",
        LeaveReason::PollTimeout => "no poll within max.poll.interval.ms",
        LeaveReason::DidNotRejoin => "it was down when the group rebalanced",
    }
}
