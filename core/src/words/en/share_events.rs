//! English for the share groups' events (KIP-932): what a member acquired, how it answered,
//! locks running out, the delivery limit, crashes.

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
            "share group {group} member {member} acquires {} of {topic}/{} (delivery {delivery_count}): locked to it until {lock_expires_at}, other members skip them",
            offsets(*first, Offset(last.0 + 1)),
            partition.0
        ),
        EventKind::ShareAcknowledgementSent { group, member, topic, partition, first, last, answer, .. } => format!(
            "share group {group} member {member} has processed {} of {topic}/{} and sends its answer ({}) with its next fetch",
            offsets(*first, Offset(last.0 + 1)),
            partition.0,
            answer_name(*answer)
        ),
        EventKind::ShareRecordsAcknowledged { group, member, topic, partition, first, last, answer } => format!(
            "share group {group} member {member} {} {} of {topic}/{}: {}",
            match answer {
                ShareAnswer::Accept => "accepts",
                ShareAnswer::Release => "releases",
                ShareAnswer::Reject => "rejects",
            },
            offsets(*first, Offset(last.0 + 1)),
            partition.0,
            match answer {
                ShareAnswer::Accept => "acknowledged, never delivered again",
                ShareAnswer::Release => "available again for any member (until the delivery limit)",
                ShareAnswer::Reject => "archived as unprocessable, never delivered again",
            }
        ),
        EventKind::ShareAcknowledgementRefused { group, member, topic, partition, first, last } => format!(
            "share group {group} member {member} answers for {} of {topic}/{} too late: the lock had expired, so the broker refuses it (INVALID_RECORD_STATE)",
            offsets(*first, Offset(last.0 + 1)),
            partition.0
        ),
        EventKind::ShareLocksExpired { group, member, topic, partition, offsets } => format!(
            "{topic}/{}: share group {group} member {member} held {} past record.lock.duration.ms; the locks expire and they are available to any member again",
            partition.0,
            list(offsets)
        ),
        EventKind::ShareRecordsArchived { group, topic, partition, offsets, delivery_count_limit } => format!(
            "{topic}/{}: share group {group} archives {} after {delivery_count_limit} deliveries (delivery.count.limit): never delivered again",
            partition.0,
            list(offsets)
        ),
        EventKind::ShareMemberCrashed { group, member } => format!(
            "share group {group} member {member} crashes: what it holds stays locked until the locks expire, then others get it"
        ),
        EventKind::ShareMemberRevived { group, member } => format!("share group {group} member {member} starts again and fetches"),
        EventKind::ShareAssignmentComputed { group, topic, members } => format!(
            "share group {group}'s coordinator assigns {topic}'s partitions (the simple assignor: members may share a partition): {}",
            members
                .iter()
                .map(|(m, ps)| {
                    let ps: Vec<String> = ps.iter().map(|p| format!("P{}", p.0)).collect();
                    format!("member {m} {}", if ps.is_empty() { String::from("none") } else { ps.join(", ") })
                })
                .collect::<Vec<_>>()
                .join(" · ")
        ),
        EventKind::ShareMemberLeft { group, member, session_timeout_ms, released } => format!(
            "share group {group} member {member} sent no heartbeat for {session_timeout_ms} ms (share.session.timeout.ms): it leaves the group{}, and the others take its partitions",
            if *released == 0 { String::new() } else { format!(" and the {released} records it still held are released") }
        ),
        EventKind::ShareMemberPaused { group, member } => format!(
            "share group {group} member {member} stops polling: it fetches nothing and its answers wait, while the locks on what it holds keep running"
        ),
        EventKind::ShareMemberResumed { group, member } => {
            format!("share group {group} member {member} polls again: its next fetch carries the answers that waited")
        }
        EventKind::ShareMemberAnswerSet { group, member, answer } => format!(
            "share group {group} member {member} will answer {} for every record it processes{}",
            answer_name(*answer),
            match answer {
                ShareAnswer::Accept => ": done, never delivered again",
                ShareAnswer::Release => " (it fails them): each goes back for another delivery, until the delivery limit archives it",
                ShareAnswer::Reject => " (it fails them for good): each is archived at once, never delivered again",
            }
        ),
        EventKind::ShareAcknowledgementModeSet { group, mode } => match mode {
            crate::world::AcknowledgementMode::Implicit => format!("share group {group}: share.acknowledgement.mode = implicit; each poll now accepts everything the last one returned, so no member can release or reject"),
            crate::world::AcknowledgementMode::Explicit => format!("share group {group}: share.acknowledgement.mode = explicit; each member acknowledges every record itself: accept, release or reject"),
        },
        EventKind::ShareGroupConfigSet { group, setting, value } => format!(
            "share group {group}: {} = {value}; {}",
            setting.kafka_name(),
            match setting {
                ShareSetting::RecordLockDurationMs => "locks given from now on last this long, those already given keep their expiry",
                ShareSetting::DeliveryCountLimit => "a record whose delivery ends at this count is archived",
                ShareSetting::MaxInflightRecords => "fetches acquire new records only while fewer are in flight",
            }
        ),
        _ => unreachable!("not a share group's event: {kind:?}"),
    }
}

/// The acknowledge type as Kafka names it.
fn answer_name(answer: ShareAnswer) -> &'static str {
    match answer {
        ShareAnswer::Accept => "accept",
        ShareAnswer::Release => "release",
        ShareAnswer::Reject => "reject",
    }
}

/// `offset 3` or `offsets 3, 4, 7`.
fn list(offsets: &[Offset]) -> String {
    let names: Vec<String> = offsets.iter().map(|o| format!("{o}")).collect();
    if names.len() == 1 { format!("offset {}", names[0]) } else { format!("offsets {}", names.join(", ")) }
}
