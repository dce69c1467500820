//! 한국어: 공유 그룹(KIP-932)의 이벤트. 멤버가 가져간 레코드, 응답, 잠금 만료, 전달 한도, 장애.

use alloc::format;
use alloc::string::String;
use alloc::vec::Vec;

use super::offsets;
use crate::event_broker::Offset;
use crate::event_broker::share::ShareSetting;
use crate::world::{EventKind, ShareAnswer};

pub(super) fn share_event(kind: &EventKind) -> String {
    match kind {
        EventKind::ShareRecordsAcquired { group, member, topic, partition, first, last, delivery_count, lock_expires_at, .. } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) {topic}/{}의 {}을(를) 가져갑니다({delivery_count}번째 전달): {lock_expires_at}까지 이 멤버에게 잠기고, 다른 멤버는 건너뜁니다",
            partition.0,
            offsets(*first, Offset(last.0 + 1))
        ),
        EventKind::ShareAcknowledgementSent { group, member, topic, partition, first, last, answer, .. } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) {topic}/{}의 {}을(를) 처리했고, 다음 가져오기에 응답({})을 실어 보냅니다",
            partition.0,
            offsets(*first, Offset(last.0 + 1)),
            match answer {
                ShareAnswer::Accept => "accept",
                ShareAnswer::Release => "release",
                ShareAnswer::Reject => "reject",
            }
        ),
        EventKind::ShareRecordsAcknowledged { group, member, topic, partition, first, last, answer } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) {topic}/{}의 {}을(를) {}",
            partition.0,
            offsets(*first, Offset(last.0 + 1)),
            match answer {
                ShareAnswer::Accept => "수락합니다(accept): 확인되었고 다시 전달되지 않습니다",
                ShareAnswer::Release => "돌려놓습니다(release): 전달 한도까지 어느 멤버든 다시 가져갈 수 있습니다",
                ShareAnswer::Reject => "거부합니다(reject): 처리할 수 없는 레코드로 보관되어 다시 전달되지 않습니다",
            }
        ),
        EventKind::ShareAcknowledgementRefused { group, member, topic, partition, first, last } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) {topic}/{}의 {}에 너무 늦게 응답합니다: 잠금이 이미 만료되어 브로커가 거절합니다(INVALID_RECORD_STATE)",
            partition.0,
            offsets(*first, Offset(last.0 + 1))
        ),
        EventKind::ShareLocksExpired { group, member, topic, partition, offsets } => format!(
            "{topic}/{}: 공유 그룹 {group} 멤버 {member}이(가) {}을(를) record.lock.duration.ms보다 오래 잡고 있어 잠금이 만료됩니다. 이제 어느 멤버든 가져갈 수 있습니다",
            partition.0,
            list(offsets)
        ),
        EventKind::ShareRecordsArchived { group, topic, partition, offsets, delivery_count_limit } => format!(
            "{topic}/{}: 공유 그룹 {group}이(가) {delivery_count_limit}번 전달된 {}을(를) 보관 처리합니다(delivery.count.limit). 다시 전달되지 않습니다",
            partition.0,
            list(offsets)
        ),
        EventKind::ShareMemberCrashed { group, member } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) 죽습니다: 잡고 있던 레코드는 잠금이 만료될 때까지 잠겨 있다가 다른 멤버에게 갑니다"
        ),
        EventKind::ShareMemberRevived { group, member } => {
            format!("공유 그룹 {group} 멤버 {member}이(가) 다시 시작해 가져오기를 합니다")
        }
        EventKind::ShareAssignmentComputed { group, topic, members } => format!(
            "공유 그룹 {group}의 코디네이터가 {topic}의 파티션을 배정합니다(simple 배정기: 한 파티션을 여러 멤버가 나눠 가질 수 있습니다): {}",
            members
                .iter()
                .map(|(m, ps)| {
                    let ps: Vec<String> = ps.iter().map(|p| format!("P{}", p.0)).collect();
                    format!("멤버 {m} {}", if ps.is_empty() { String::from("없음") } else { ps.join(", ") })
                })
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        EventKind::ShareMemberLeft { group, member, session_timeout_ms, released } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) {session_timeout_ms}ms 동안 하트비트를 보내지 않아(share.session.timeout.ms) 그룹에서 나갑니다{}. 그 파티션은 다른 멤버들이 맡습니다",
            if *released == 0 { String::new() } else { format!(". 아직 잡고 있던 레코드 {released}개는 풀려납니다") }
        ),
        EventKind::ShareMemberPaused { group, member } => format!(
            "공유 그룹 {group} 멤버 {member}이(가) poll을 멈춥니다: 아무것도 가져오지 않고 응답도 기다리게 되지만, 잡고 있는 레코드의 잠금 시간은 계속 흐릅니다"
        ),
        EventKind::ShareMemberResumed { group, member } => {
            format!("공유 그룹 {group} 멤버 {member}이(가) 다시 poll합니다: 다음 가져오기에 기다리던 응답을 실어 보냅니다")
        }
        EventKind::ShareMemberAnswerSet { group, member, answer } => format!(
            "공유 그룹 {group} 멤버 {member}은(는) 이제 처리하는 모든 레코드에 {}",
            match answer {
                ShareAnswer::Accept => "accept로 응답합니다: 끝났고 다시 전달되지 않습니다",
                ShareAnswer::Release => "release로 응답합니다(처리 실패): 레코드는 다시 전달되러 돌아가고, 전달 한도에 닿으면 보관 처리됩니다",
                ShareAnswer::Reject => "reject로 응답합니다(영구 실패): 레코드는 바로 보관 처리되어 다시 전달되지 않습니다",
            }
        ),
        EventKind::ShareAcknowledgementModeSet { group, mode } => match mode {
            crate::world::AcknowledgementMode::Implicit => format!("공유 그룹 {group}: share.acknowledgement.mode = implicit. 이제 poll할 때마다 지난번에 받은 레코드를 모두 수락하므로 어떤 멤버도 release나 reject를 할 수 없습니다"),
            crate::world::AcknowledgementMode::Explicit => format!("공유 그룹 {group}: share.acknowledgement.mode = explicit. 멤버가 레코드마다 직접 확인합니다: accept, release, reject"),
        },
        EventKind::ShareGroupConfigSet { group, setting, value } => format!(
            "공유 그룹 {group}: {} = {value}. {}",
            setting.kafka_name(),
            match setting {
                ShareSetting::RecordLockDurationMs => "이제부터 주는 잠금은 이만큼 가고, 이미 준 잠금은 원래 만료 시각을 지킵니다",
                ShareSetting::DeliveryCountLimit => "전달이 이 횟수에서 끝난 레코드는 보관 처리됩니다",
                ShareSetting::MaxInflightRecords => "처리 중인 레코드가 이보다 적을 때만 새 레코드를 가져갑니다",
            }
        ),
        _ => unreachable!("not a share group's event: {kind:?}"),
    }
}

/// `오프셋 3` 또는 `오프셋 3, 4, 7`.
fn list(offsets: &[Offset]) -> String {
    let names: Vec<String> = offsets.iter().map(|o| format!("{o}")).collect();
    format!("오프셋 {}", names.join(", "))
}
