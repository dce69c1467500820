//! The event broker's events (and the world's script) in Korean.

use alloc::format;
use alloc::string::String;

use super::offsets;
use super::super::{brokers, topic_partitions};
use crate::Name;
use crate::event_broker::Acks;
use crate::event_broker::log::RetentionReason;
use crate::world::{EventKind, LeaveReason, LossCause, PartitionChoice, Protocol, RebalanceReason, RejectReason, ResetCause};

pub(super) fn event(kind: &EventKind) -> String {
    match kind {
        EventKind::RecordSent { producer, key, partition, partitions, choice, topic, .. } => {
            format!("{producer}이(가) {topic}에 레코드를 보냅니다: {}", choice_words(choice, key.as_ref(), partition.0, *partitions))
        }
        EventKind::RecordAppended { topic, partition, offset, .. } => format!(
            "{topic}/{}이(가) 레코드를 오프셋 {offset}에 추가합니다. 오프셋은 늘어나기만 하고 재사용되지 않습니다",
            partition.0
        ),
        EventKind::RecordRejected { topic, partition, reason, .. } => {
            format!("{topic}/{}이(가) 레코드를 거부합니다: {}", partition.0, reject_reason(*reason))
        }
        EventKind::NotEnoughReplicas { topic, partition, isr, min_insync_replicas, .. } => format!(
            "{topic}/{}이(가) 레코드를 거부합니다(NOT_ENOUGH_REPLICAS): acks=all에는 동기화 복제본 {min_insync_replicas}개가 필요한데 ISR은 {}입니다",
            partition.0,
            brokers(isr)
        ),
        EventKind::ProduceAcked { producer, topic, partition, offset, broker, acks, .. } => format!(
            "브로커 {broker}이(가) {producer}에게 {topic}/{} 오프셋 {offset} 기록을 확인합니다({})",
            partition.0,
            match acks {
                Acks::All => "acks=all: 모든 동기화 복제본에 있습니다",
                _ => "acks=1: 아직 리더에만 있습니다",
            }
        ),
        EventKind::ReplicaFetched { topic, partition, leader, follower, from, to, .. } => format!(
            "브로커 {follower}이(가) 리더 {leader}에서 {topic}/{}의 {}을(를) 복제합니다. 팔로워가 가져갑니다",
            partition.0,
            offsets(*from, *to)
        ),
        EventKind::HighWatermarkAdvanced { topic, partition, high_watermark, .. } => format!(
            "{topic}/{} 하이 워터마크 → {high_watermark}: 그 아래 레코드는 모든 동기화 복제본에 있어 컨슈머가 읽을 수 있습니다",
            partition.0
        ),
        EventKind::IsrShrunk { topic, partition, removed, isr, .. } => format!(
            "{topic}/{}: 브로커 {removed}이(가) replica.lag.time.max.ms보다 오래 뒤처져 ISR에서 빠집니다. 이제 {}",
            partition.0,
            brokers(isr)
        ),
        EventKind::IsrExpanded { topic, partition, added, isr, .. } => format!(
            "{topic}/{}: 브로커 {added}이(가) 하이 워터마크를 따라잡아 ISR에 다시 들어옵니다. 이제 {}",
            partition.0,
            brokers(isr)
        ),
        EventKind::BrokerStopped { broker } => format!("브로커 {broker}이(가) 멈춥니다: 복제본이 더 이상 응답하지 않습니다"),
        EventKind::BrokerStarted { broker } => {
            format!("브로커 {broker}이(가) 다시 시작해 팔로워로 합류합니다: 잘라내고, 따라잡고, ISR에 다시 들어갑니다")
        }
        EventKind::LeaderElected { topic, partition, leader, epoch, isr, clean: true } => {
            format!("{topic}/{}: ISR {}에서 브로커 {leader}이(가) 리더로 선출됩니다(에포크 {epoch})", partition.0, brokers(isr))
        }
        EventKind::LeaderElected { topic, partition, leader, epoch, clean: false, .. } => format!(
            "{topic}/{}: 언클린 선출: 동기화되지 않은 브로커 {leader}이(가) 리더가 됩니다(에포크 {epoch}). 없는 레코드는 사라집니다",
            partition.0
        ),
        EventKind::ControlledShutdown { .. }
        | EventKind::IsrShrunkByController { .. }
        | EventKind::ElrChanged { .. }
        | EventKind::ElrLeaderElected { .. }
        | EventKind::LastKnownLeaderElected { .. } => controller_event(kind),
        EventKind::PartitionOffline { topic, partition, isr } if isr.is_empty() => format!(
            "{topic}/{}이(가) 오프라인입니다: ISR에도 적격 리더 복제본에도 살아 있는 복제본이 없고 언클린 선출이 꺼져 있어, 데이터를 잃기보다 기다립니다",
            partition.0
        ),
        EventKind::PartitionOffline { topic, partition, isr } => format!(
            "{topic}/{}이(가) 오프라인입니다: 동기화 복제본 {}이(가) 모두 멈췄고 언클린 선출이 꺼져 있어, 데이터를 잃기보다 기다립니다",
            partition.0,
            brokers(isr)
        ),
        EventKind::RecordsLost { topic, partition, broker, from, to, acknowledged, cause, .. } => format!(
            "{topic}/{}이(가) 브로커 {broker}에만 있던 {}을(를) 잃습니다: {}. 그중 {}개는 이미 확인 응답되었습니다",
            partition.0,
            offsets(*from, *to),
            match cause {
                LossCause::NotReplicated => "새 리더가 복제하지 못했습니다",
                LossCause::UncleanElection => "동기화되지 않은 복제본이 리더가 되었습니다",
            },
            acknowledged.len()
        ),
        EventKind::ReplicaTruncated { topic, partition, broker, to, removed } => format!(
            "브로커 {broker}이(가) 리더와 맞추려고 {topic}/{} 사본을 오프셋 {to}까지 잘라냅니다(레코드 {removed}개)",
            partition.0
        ),
        EventKind::TopicCreated { topic, partitions, replication_factor, .. } => {
            format!("토픽 {topic}이(가) 파티션 {partitions}개, 각 복제본 {replication_factor}개로 만들어집니다")
        }
        EventKind::TopicDeleted { topic } => format!("토픽 {topic}이(가) 레코드, 커밋된 오프셋과 함께 삭제됩니다"),
        EventKind::PartitionsAdded { topic, from, to } => format!(
            "{topic}의 파티션이 {from}개에서 {to}개로 늘어납니다: 새 키 레코드는 다른 파티션으로 갈 수 있고 기존 레코드는 그대로입니다"
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
                "브로커 {broker}이(가) 정상 종료합니다: 컨트롤러가 먼저 리더 역할을 다른 동기화 복제본으로 옮기고 모든 ISR에서 뺍니다"
            ),
            EventKind::IsrShrunkByController { topic, partition, removed, isr } => format!(
                "{topic}/{}: 컨트롤러가 브로커 {removed}을(를) ISR에서 뺍니다(종료 중이거나, 비정상 종료 후 돌아와 확인한 레코드가 없을 수 있습니다). 이제 {}",
                partition.0,
                brokers(isr)
            ),
            EventKind::ElrChanged { topic, partition, elr, .. } if elr.is_empty() => format!(
                "{topic}/{}: 적격 리더 복제본(ELR)이 더 이상 없습니다(ISR이 min.insync.replicas로 돌아왔거나 비워졌습니다)",
                partition.0
            ),
            EventKind::ElrChanged { topic, partition, isr, elr } => format!(
                "{topic}/{}: 적격 리더 복제본(ELR) {}, ISR {}: ISR이 min.insync.replicas보다 작을 때 빠졌으므로 하이 워터마크가 이들이 가진 것을 넘지 않았고, 누구든 손실 없이 리더가 될 수 있습니다",
                partition.0,
                brokers(elr),
                brokers(isr)
            ),
            EventKind::ElrLeaderElected { topic, partition, leader, epoch, .. } => format!(
                "{topic}/{}: 살아 있는 동기화 복제본이 없어 적격 리더 복제본에서 브로커 {leader}이(가) 리더로 선출됩니다(에포크 {epoch}). 커밋된 레코드를 모두 갖고 있습니다",
                partition.0
            ),
            EventKind::LastKnownLeaderElected { topic, partition, leader, epoch } => format!(
                "{topic}/{}: ISR에도 적격 리더 복제본에도 남은 브로커가 없어, 마지막으로 알려진 리더인 브로커 {leader}이(가) 다시 리더가 됩니다(에포크 {epoch})",
                partition.0
            ),
        _ => unreachable!("event sends only the controller's events here"),
    }
}

/// The consumer groups' events, and the rest (retention, compaction, the script, the message
/// side): the second half of [`event`], whose exhaustive match sends exactly these here.
fn group_event(kind: &EventKind) -> String {
    match kind {
        EventKind::RecordsFetched { group, member, topic, partition, from, to, .. } => format!(
            "{group} 멤버 {member}이(가) {topic}/{}의 {}을(를) 가져옵니다. 읽어도 아무것도 지워지지 않습니다",
            partition.0,
            offsets(*from, *to)
        ),
        EventKind::RecordsProcessed { group, member, from, to, .. } => {
            format!("{group} 멤버 {member}이(가) {} 처리를 마쳤습니다", offsets(*from, *to))
        }
        EventKind::ProcessingFailed { group, member, topic, partition, from, to } => format!(
            "{group} 멤버 {member}이(가) {topic}/{}의 {}를 처리하다 실패합니다: 프로세스가 오류로 멈추고 아무것도 커밋되지 않으며, 세션 타임아웃 뒤 다른 멤버가 다시 읽습니다",
            partition.0,
            offsets(*from, *to)
        ),
        EventKind::OffsetCommitted { group, topic, partition, offset, .. } => {
            format!("{group}이(가) {topic}/{}에 오프셋 {offset}을(를) 커밋합니다: 다음에 읽을 레코드입니다", partition.0)
        }
        EventKind::CommitFailed { group, member, topic, partition, offset } => format!(
            "{group} 멤버 {member}이(가) {topic}/{}에 {offset}을(를) 커밋하지 못합니다: 리밸런스로 파티션을 잃어 그 레코드는 다시 읽힙니다",
            partition.0
        ),
        EventKind::RebalanceStarted { group, protocol: Protocol::Eager, reason, .. } => {
            format!("{group} 리밸런스({}): 이거(eager), 모든 멤버가 전부 내려놓습니다", rebalance_reason(*reason))
        }
        EventKind::RebalanceStarted { group, protocol: Protocol::Cooperative, reason, .. } => {
            format!("{group} 리밸런스({}): 협력(cooperative), 옮겨지지 않는 파티션은 유지합니다", rebalance_reason(*reason))
        }
        EventKind::PartitionsRevoked { group, member, partitions, .. } => {
            format!("{group} 멤버 {member}이(가) {}을(를) 내려놓습니다", topic_partitions(partitions))
        }
        EventKind::PartitionsAssigned { group, member, generation, partitions } => {
            format!("{group} 세대 {generation}: 멤버 {member}의 파티션은 {}", topic_partitions(partitions))
        }
        EventKind::MemberJoined { group, member, instance_id: Some(id) } => {
            format!("{group} 멤버 {member}이(가) 정적 멤버 {id}(으)로 참여합니다")
        }
        EventKind::MemberJoined { group, member, instance_id: None } => format!("{group} 멤버 {member}이(가) 참여합니다"),
        EventKind::MemberLeft { group, member, reason } => {
            format!("{group} 멤버 {member}이(가) 그룹을 떠납니다: {}", leave_reason(*reason))
        }
        EventKind::MemberCrashed { group, member } => {
            format!("{group} 멤버 {member}이(가) 죽습니다: 하트비트가 멈추고 코디네이터는 session.timeout.ms만큼 기다립니다")
        }
        EventKind::MemberPaused { group, member } => {
            format!("{group} 멤버 {member}이(가) poll을 멈춥니다(하트비트는 계속). max.poll.interval.ms까지 기다립니다")
        }
        EventKind::MemberResumed { group, member } => format!("{group} 멤버 {member}이(가) poll을 다시 시작합니다"),
        EventKind::StaticMemberReturned { group, member, partitions, .. } => format!(
            "정적 {group} 멤버 {member}이(가) session.timeout.ms 안에 돌아와 리밸런스 없이 {}을(를) 되찾습니다",
            topic_partitions(partitions)
        ),
        EventKind::OffsetReset { group, member, topic, partition, offset, policy, cause } => format!(
            "{group} 멤버 {member}: {topic}/{}에 {}, auto.offset.reset={}에 따라 {offset}부터 읽습니다",
            partition.0,
            match cause {
                ResetCause::NoCommittedOffset => "커밋된 오프셋이 없어",
                ResetCause::OutOfRange => "위치가 범위를 벗어나",
            },
            policy.name()
        ),
        EventKind::NoOffsetForPartition { group, member, topic, partition, .. } => format!(
            "{group} 멤버 {member}이(가) 멈춥니다: auto.offset.reset=none인데 {topic}/{}에 유효한 오프셋이 없습니다",
            partition.0
        ),
        EventKind::MemberSeeked { group, member, topic, partition, offset } => format!(
            "{group} 멤버 {member}이(가) {topic}/{}를 {offset}(으)로 이동합니다: 로그가 남아 있어 다시 읽을 수 있습니다",
            partition.0
        ),
        EventKind::OffsetsReset { group, topic, partition, offset } => {
            format!("비활성 그룹 {group}의 {topic}/{} 오프셋이 {offset}(으)로 재설정됩니다", partition.0)
        }
        EventKind::ScriptStepSkipped { step, reason } => format!("대본 단계 {step}을(를) 건너뜁니다: {}", super::errors::command_error(reason)),
        EventKind::SegmentsDeleted { topic, partition, from, to, records, segments, reason, .. } => format!(
            "{topic}/{}: 보존 정책이 닫힌 세그먼트 {segments}개({}, 레코드 {records}개)를 지웁니다. {}. 로그 시작은 이제 {to}이고, 그보다 뒤처진 그룹은 auto.offset.reset을 적용합니다",
            partition.0,
            offsets(*from, *to),
            match reason {
                RetentionReason::Time => "가장 새 레코드가 retention.ms보다 오래되었습니다",
                RetentionReason::Size => "파티션이 retention.bytes를 넘었습니다",
            }
        ),
        EventKind::RecordsCompacted { topic, partition, offsets, tombstones_removed, tombstones_stamped, .. } => format!(
            "{topic}/{}: 클리너가 같은 키의 더 새 값에 밀린 레코드 {}개를 지웁니다(만료된 툼스톤 {tombstones_removed}개, 새로 본 툼스톤 {tombstones_stamped}개). 나머지는 오프셋을 그대로 유지합니다",
            partition.0,
            offsets.len()
        ),
        EventKind::Message(event) => super::message_broker::message_event(&event.kind),
        _ => unreachable!("event() explains this kind itself: {kind:?}"),
    }
}

/// How the producer chose the partition.
fn choice_words(choice: &PartitionChoice, key: Option<&Name>, partition: u32, partitions: u32) -> String {
    match (choice, key) {
        (PartitionChoice::KeyHash { .. }, Some(key)) => format!("키 {key} → murmur2 → 파티션 {partition} ({partitions}개 중)"),
        (PartitionChoice::RoundRobin, _) => format!("라운드 로빈 파티셔너 → 파티션 {partition} ({partitions}개 중)"),
        (PartitionChoice::Explicit, _) => format!("파티션 {partition}을(를) 직접 지정"),
        (PartitionChoice::Retry, _) => format!("파티션 {partition}의 새 리더로 재전송"),
        (PartitionChoice::Sticky | PartitionChoice::KeyHash { .. }, _) => {
            format!("키가 없어 스티키 파티셔너가 파티션 {partition}을(를) 계속 채웁니다")
        }
    }
}

fn reject_reason(reason: RejectReason) -> &'static str {
    match reason {
        RejectReason::PartitionFull => "파티션이 모델이 허용하는 만큼 레코드를 가지고 있습니다",
        RejectReason::UnknownTopic => "토픽이 더 이상 없습니다",
        RejectReason::Offline => "파티션에 리더가 없습니다",
        RejectReason::NotLeader => "이 브로커는 더 이상 리더가 아니라서 프로듀서가 새 리더로 다시 보냅니다",
        RejectReason::LeaderChanged => "모든 동기화 복제본에 닿기 전에 리더가 바뀌었고, 확인 응답된 적이 없습니다",
        RejectReason::KeylessOnCompacted => "컴팩션 토픽은 키마다 최신 레코드를 남기므로 키 없는 레코드는 유효하지 않습니다",
    }
}

fn rebalance_reason(reason: RebalanceReason) -> &'static str {
    match reason {
        RebalanceReason::MemberJoined => "멤버가 참여했습니다",
        RebalanceReason::MemberLeft => "멤버가 떠났습니다",
        RebalanceReason::SessionTimeout => "멤버의 세션이 만료되었습니다",
        RebalanceReason::PollTimeout => "멤버가 max.poll.interval.ms를 넘겼습니다",
        RebalanceReason::MemberRestarted => "group.instance.id 없는 멤버가 재시작했습니다",
        RebalanceReason::TopicsChanged => "토픽이 바뀌었습니다",
        RebalanceReason::FollowUp => "회수된 파티션을 위한 후속 리밸런스",
    }
}

fn leave_reason(reason: LeaveReason) -> &'static str {
    match reason {
        LeaveReason::Left => "LeaveGroup을 보냈습니다",
        LeaveReason::SessionTimeout => "session.timeout.ms 안에 하트비트가 없었습니다",
        LeaveReason::PollTimeout => "max.poll.interval.ms 안에 poll이 없었습니다",
        LeaveReason::DidNotRejoin => "리밸런스 때 멈춰 있었습니다",
    }
}
