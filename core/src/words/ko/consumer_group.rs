//! 컨슈머 리밸런스 프로토콜(KIP-848) 이벤트의 한국어: 그룹 에포크, 목표 할당, 멤버별 조정, 펜싱.

use alloc::format;
use alloc::string::String;

use super::super::topic_partitions;
use crate::event_broker::reconcile::ReconcileState;
use crate::world::{EventKind, FenceReason, RebalanceReason};

pub(super) fn consumer_group_event(kind: &EventKind) -> String {
    match kind {
        EventKind::GroupEpochBumped { group, epoch, reason } => format!(
            "{group}의 코디네이터가 그룹 에포크를 {epoch}(으)로 올립니다({}). 아무도 멈추지 않고 각 멤버가 자기 하트비트로 따라잡습니다",
            epoch_reason(*reason)
        ),
        EventKind::TargetAssignmentComputed { group, epoch, assignor, assignment } => {
            let list: alloc::vec::Vec<String> =
                assignment.iter().map(|(member, partitions)| format!("멤버 {member}: {}", topic_partitions(partitions))).collect();
            format!(
                "{group}의 코디네이터가 브로커의 {} 할당자로 에포크 {epoch}의 목표 할당을 계산합니다: {}",
                assignor.name(),
                list.join("; ")
            )
        }
        EventKind::MemberReconciled { group, member, epoch, state, assigned, revoking, .. } => match state {
            ReconcileState::UnrevokedPartitions => format!(
                "{group} 멤버 {member}은(는) 에포크 {epoch}에 머뭅니다: 먼저 {}을(를) 내려놓고 하트비트로 알려야 합니다. {}은(는) 유지합니다",
                topic_partitions(revoking),
                topic_partitions(assigned)
            ),
            ReconcileState::UnreleasedPartitions => format!(
                "{group} 멤버 {member}이(가) {}을(를) 가지고 에포크 {epoch}(으)로 갑니다. 목표의 일부를 아직 다른 멤버가 가지고 있어 풀려나기를 기다립니다",
                topic_partitions(assigned)
            ),
            ReconcileState::Stable => {
                format!("{group} 멤버 {member}이(가) 목표 전체를 가지고 에포크 {epoch}에 있습니다: {}", topic_partitions(assigned))
            }
        },
        EventKind::MemberFenced { group, member, reason: FenceReason::UnreleasedInstanceId } => format!(
            "{group}이(가) 멤버 {member}을(를) 거부합니다(UNRELEASED_INSTANCE_ID): 그 group.instance.id는 아직 떠나지 않은 멤버의 것입니다. 새 멤버는 멈추고 기존 멤버가 자리를 지킵니다"
        ),
        EventKind::MemberFenced { group, member, reason: FenceReason::FencedMemberEpoch } => format!(
            "{group}이(가) 멤버 {member}을(를) 펜싱합니다(FENCED_MEMBER_EPOCH): 코디네이터가 더는 이 멤버를 모릅니다. 파티션을 버리고 에포크 0으로 다시 참여합니다"
        ),
        _ => unreachable!("event()가 이 종류는 다른 곳에서 설명합니다: {kind:?}"),
    }
}

/// 그룹 에포크가 오른 까닭: 코디네이터가 본 변화.
fn epoch_reason(reason: RebalanceReason) -> &'static str {
    match reason {
        RebalanceReason::MemberJoined => "멤버가 참여했습니다",
        RebalanceReason::MemberLeft => "멤버가 떠났습니다",
        RebalanceReason::SessionTimeout => "멤버가 group.consumer.session.timeout.ms 안에 하트비트를 보내지 않았습니다",
        RebalanceReason::PollTimeout => "멤버가 max.poll.interval.ms 동안 poll하지 않아 떠났습니다",
        RebalanceReason::MemberRestarted => "group.instance.id 없는 멤버가 재시작했습니다",
        RebalanceReason::TopicsChanged => "토픽이 바뀌었습니다",
        RebalanceReason::FollowUp => "후속",
    }
}
