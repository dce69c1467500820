//! The event broker's questions: the step's Kafka command runs on a copy of the world and the
//! answer is read off what follows.

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::cluster::all_records;
use brokerlab_core::world::AutoOffsetReset;
use brokerlab_core::{Command, Event, EventKind, World};

use super::{Ask, Because, Choice, OFFERED, Produced, Revoked, Sims, Start, Truth, WITHIN_MS, Watch};
use crate::event_act::EventSim;
use crate::lesson_action::Action;

pub(super) fn judge_event(ask: Ask, command: &Command, sim: &mut EventSim) -> Option<Truth> {
    let before = sim.world().clone();
    let producer = match command {
        Command::Produce { producer, .. } => Some(producer.clone()),
        _ => None,
    };
    match ask {
        Ask::Partition => {
            let producer = producer?;
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| appended_by(e, &producer)).ok()?.events;
            let sent = events.iter().find_map(|e| match &e.kind {
                EventKind::RecordSent { record, producer: p, .. } if **p == *producer => Some(*record),
                _ => None,
            })?;
            let appended = events.iter().find(|e| matches!(&e.kind, EventKind::RecordAppended { record, .. } if *record == sent))
                .or_else(|| events.iter().find(|e| matches!(&e.kind, EventKind::RecordSent { record, .. } if *record == sent)))?;
            let (topic, partition) = match &appended.kind {
                EventKind::RecordAppended { topic, partition, .. } | EventKind::RecordSent { topic, partition, .. } => (topic.clone(), *partition),
                _ => return None,
            };
            Some(Truth { answer: Choice::Partition(partition.0), because: Some(Because::Event(appended.clone())), element: leak_partition(&before, &topic, partition) })
        }
        Ask::NextProduce { producer } => {
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| produce_outcome(e, producer).is_some()).ok()?.events;
            let last = events.last().filter(|e| produce_outcome(e, producer).is_some());
            let answer = last.and_then(|e| produce_outcome(e, producer)).unwrap_or(Produced::NoAnswer);
            Some(Truth { answer: Choice::Produced(answer), because: last.cloned().map(Because::Event), element: Some(Watch::Producer(producer)) })
        }
        Ask::StartsAt { group } => {
            sim.catch_up();
            let roles = starts(sim, group);
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| start_of(e, group).is_some()).ok()?.events;
            let decided = events.last().filter(|e| start_of(e, group).is_some())?;
            let offset = start_of(decided, group)?;
            // A reset says which end it went to (the log end moves on while the member joins);
            // a fetch or a seek is named by the offset it starts at.
            let role = match &decided.kind {
                EventKind::OffsetReset { policy: AutoOffsetReset::Earliest, .. } => Start::LogStart,
                EventKind::OffsetReset { policy: AutoOffsetReset::Latest, .. } => Start::LogEnd,
                _ => roles.iter().find(|(_, o)| *o == offset).map_or(Start::Other, |(r, _)| *r),
            };
            Some(Truth { answer: Choice::Start(role, offset), because: Some(Because::Event(decided.clone())), element: Some(Watch::Group(group)) })
        }
        Ask::Leader { topic, partition } => {
            let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
            let (events, after) = (seen.events, seen.model);
            let p = PartitionIndex(partition);
            let decided = events.iter().rev().find(|e| match &e.kind {
                EventKind::LeaderElected { topic: t, partition: q, .. }
                | EventKind::ElrLeaderElected { topic: t, partition: q, .. }
                | EventKind::LastKnownLeaderElected { topic: t, partition: q, .. }
                | EventKind::PartitionOffline { topic: t, partition: q, .. } => &**t == topic && *q == p,
                _ => false,
            });
            let answer = match decided.map(|e| &e.kind) {
                Some(
                    EventKind::LeaderElected { leader, .. }
                    | EventKind::ElrLeaderElected { leader, .. }
                    | EventKind::LastKnownLeaderElected { leader, .. },
                ) => Choice::Broker(leader.0),
                Some(_) => Choice::Offline,
                None => after.view().replication(topic, p)?.leader.map_or(Choice::Offline, |b| Choice::Broker(b.0)),
            };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Partition(topic, partition)) })
        }
        Ask::OthersKeepReading { group } => {
            let events = sim.foresee(command.clone(), 5_000, |e| matches!(&e.kind, EventKind::RecordsProcessed { group: g, .. } if &**g != group)).ok()?.events;
            let decided = events.last().filter(|e| matches!(&e.kind, EventKind::RecordsProcessed { group: g, .. } if &**g != group));
            let answer = if decided.is_some() { Choice::Yes } else { Choice::No };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Group(group)) })
        }
        Ask::Revokes { group } => {
            let assigned = |e: &Event| matches!(&e.kind, EventKind::PartitionsAssigned { group: g, .. } if &**g == group);
            let seen = sim.foresee(command.clone(), WITHIN_MS, assigned).ok()?;
            Some(revokes(&before, &seen.events, group))
        }
        Ask::Kept { topic, key } => {
            let seen = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?;
            let kept: usize = seen.model.view().event_broker().topic(topic).map_or(0, |t| {
                t.partitions().iter().map(|log| all_records(log).filter(|r| r.key.as_deref() == Some(key)).count()).sum()
            });
            let because = seen.events.iter().rev().find(|e| matches!(&e.kind, EventKind::RecordsCompacted { .. })).cloned();
            Some(Truth { answer: Choice::Count(kept as u64), because: because.map(Because::Event), element: Some(Watch::Partition(topic, 0)) })
        }
        Ask::Visible { group } => {
            // The produced record's place, then whether the group fetches it: a consumer reads
            // only below the high watermark.
            let producer = producer?;
            let (mut sent, mut at) = (None, None);
            let fetched = |e: &Event, at: Option<(PartitionIndex, u64)>| match (&e.kind, at) {
                (EventKind::RecordsFetched { group: g, partition, from, to, .. }, Some((p, offset))) => {
                    &**g == group && *partition == p && from.0 <= offset && offset < to.0
                }
                _ => false,
            };
            let events = sim.foresee(command.clone(), WITHIN_MS, |e| {
                match &e.kind {
                    EventKind::RecordSent { record, producer: p, .. } if **p == *producer && sent.is_none() => sent = Some(*record),
                    EventKind::RecordAppended { record, partition, offset, .. } if Some(*record) == sent && at.is_none() => {
                        at = Some((*partition, offset.0));
                    }
                    _ => {}
                }
                fetched(e, at)
            }).ok()?.events;
            let decided = events.last().filter(|e| fetched(e, at));
            let answer = if decided.is_some() { Choice::Yes } else { Choice::No };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Group(group)) })
        }
        Ask::Evicted { group } => {
            let evicted = |e: &Event| matches!(&e.kind, EventKind::MemberLeft { group: g, .. } if &**g == group);
            let events = sim.foresee(command.clone(), WITHIN_MS * 2, evicted).ok()?.events;
            let decided = events.last().filter(|e| evicted(e));
            let answer = if decided.is_some() { Choice::Yes } else { Choice::No };
            Some(Truth { answer, because: decided.cloned().map(Because::Event), element: Some(Watch::Group(group)) })
        }
        Ask::MembersWithRecords { group } => {
            // Long enough for every record the action sends to be handed out and processed.
            let seen = sim.foresee(command.clone(), 8_000, |_| false).ok()?;
            let mut members: Vec<u32> = Vec::new();
            let mut because = None;
            for e in &seen.events {
                let member = match &e.kind {
                    EventKind::RecordsFetched { group: g, member, .. } | EventKind::ShareRecordsAcquired { group: g, member, .. } if &**g == group => *member,
                    _ => continue,
                };
                if !members.contains(&member) {
                    members.push(member);
                    because = Some(Because::Event(e.clone()));
                }
            }
            Some(Truth { answer: Choice::Members(members.len() as u64), because, element: Some(Watch::Group(group)) })
        }
        Ask::RedeliveredCount { group, member } => super::share::redelivered_count(group, member, command, sim),
        Ask::DeliveriesUntilArchived { group } => super::share::deliveries_until_archived(group, command, sim),
        _ => None,
    }
}

/// How many members `group` has, a consumer group or a share group.
pub(super) fn members_of(sim: &EventSim, group: &str) -> usize {
    let view = sim.world().view();
    let consumers = view.groups().find(|g| &**g.name == group).map(|g| g.members.len());
    consumers.or_else(|| view.share_group_views().find(|g| &**g.name == group).map(|g| g.members.len())).unwrap_or(0)
}

/// The element for a partition, if the lesson's scenario names it (a `Watch` holds static
/// names; a partition of a topic the learner added is pointed at through its group instead).
fn leak_partition(world: &World, topic: &str, partition: PartitionIndex) -> Option<Watch<'static>> {
    world.view().event_broker().topic(topic)?;
    STATIC_TOPICS.iter().find(|t| **t == topic).map(|t| Watch::Partition(t, partition.0))
}

/// The topic names the lessons use, as static strings a `Watch` can hold.
const STATIC_TOPICS: &[&str] = &["orders", "clicks", "shop-events", "payments", "prices", "reports"];

fn appended_by(event: &Event, producer: &str) -> bool {
    matches!(&event.kind, EventKind::RecordAppended { .. }) || matches!(&event.kind, EventKind::RecordRejected { producer: p, .. } if &**p == producer)
}

fn produce_outcome(event: &Event, producer: &str) -> Option<Produced> {
    match &event.kind {
        EventKind::ProduceAcked { producer: p, .. } if &**p == producer => Some(Produced::Acked),
        EventKind::NotEnoughReplicas { producer: p, .. } | EventKind::RecordRejected { producer: p, .. } if &**p == producer => Some(Produced::Refused),
        _ => None,
    }
}

/// The offset `group` starts reading partition 0 at, if `event` shows it (the question is
/// about partition 0 of the group's first topic; the lessons' groups read one topic).
fn start_of(event: &Event, group: &str) -> Option<u64> {
    match &event.kind {
        EventKind::OffsetReset { group: g, partition, offset, .. } | EventKind::MemberSeeked { group: g, partition, offset, .. }
            if &**g == group && partition.0 == 0 => Some(offset.0),
        EventKind::RecordsFetched { group: g, partition, from, .. } if &**g == group && partition.0 == 0 => Some(from.0),
        _ => None,
    }
}

/// The offsets a group may start at on its first topic's partition 0, by what they are:
/// the log start, the log end, its committed offset and 0, each offset once.
pub(super) fn starts(sim: &EventSim, group: &str) -> Vec<(Start, u64)> {
    let view = sim.world().view();
    let Some(topic) = view.groups().find(|g| &**g.name == group).and_then(|g| g.topics.first().cloned()) else { return Vec::new() };
    let Some(log) = view.event_broker().topic(&topic).and_then(|t| t.partition(PartitionIndex(0))) else { return Vec::new() };
    let committed = view.committed(group, &topic, PartitionIndex(0));
    let mut out: Vec<(Start, u64)> = Vec::new();
    let candidates = [(Start::Committed, committed.map(|o| o.0)), (Start::LogStart, Some(log.log_start().0)), (Start::LogEnd, Some(log.log_end().0)), (Start::Zero, Some(0))];
    for (role, offset) in candidates {
        if let Some(offset) = offset
            && !out.iter().any(|(_, o)| *o == offset)
        {
            out.push((role, offset));
        }
    }
    out
}

/// What `group`'s members other than those that crashed give up, from the revocations in
/// `events`, against what they owned `before`.
fn revokes(before: &World, events: &[Event], group: &'static str) -> Truth {
    let view = before.view();
    let owned: Vec<(u32, usize)> = view.groups().filter(|g| &**g.name == group)
        .flat_map(|g| g.members.into_iter().filter(|m| m.state == brokerlab_core::world::MemberState::Running).map(|m| (m.index, m.assigned.len())).collect::<Vec<_>>())
        .collect();
    let mut answer = Revoked::Nothing;
    let mut because = None;
    for e in events {
        if let EventKind::PartitionsRevoked { group: g, member, partitions, .. } = &e.kind
            && &**g == group
            && !partitions.is_empty()
            && let Some((_, had)) = owned.iter().find(|(m, _)| m == member)
        {
            let all = partitions.len() >= *had;
            if all {
                answer = Revoked::Everything;
                because = Some(Because::Event(e.clone()));
                break;
            }
            answer = Revoked::OnlyWhatMoves;
            because.get_or_insert_with(|| Because::Event(e.clone()));
        }
    }
    Truth { answer: Choice::Revoked(answer), because, element: Some(Watch::Group(group)) }
}

pub(super) fn partitions_around(action: &Action, page: &Sims, truth: Option<&Choice>) -> Vec<Choice> {
    let Action::Event(Command::Produce { producer, .. }) = action else { return Vec::new() };
    let sim = page.event.borrow();
    let view = sim.world().view();
    let Some(count) = view.producers().find(|p| **p.name == **producer).and_then(|p| view.event_broker().topic(p.topic)).map(|t| t.partition_count()) else {
        return Vec::new();
    };
    let centre = match truth {
        Some(Choice::Partition(p)) => *p,
        _ => 0,
    };
    let first = centre.saturating_sub(1).min(count.saturating_sub(OFFERED as u32));
    (first..count).take(OFFERED).map(Choice::Partition).collect()
}


#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use brokerlab_core::Scenario;
    use brokerlab_core::lessons::KAFKA_QUEUE;

    use super::super::{Ask, Choice, Sims, choices, judge};
    use crate::compare::CompareSims;
    use crate::event_act::EventSim;
    use crate::lesson_action::Action;
    use crate::message_act::MessageSim;

    /// Kafka as a queue: of the consumer group's three members only as many as there are
    /// partitions get records; every one of the share group's four does. Counted by the model.
    #[test]
    fn members_with_records_counts_a_consumer_group_and_a_share_group() {
        let event = RefCell::new(EventSim::new(&Scenario::from_json(KAFKA_QUEUE).unwrap()).unwrap());
        let message = RefCell::new(MessageSim::new(&MessageSim::default_spec(), 300, 1).unwrap());
        let compare = RefCell::new(CompareSims::new());
        let page = Sims { event: &event, message: &message, compare: &compare };
        let flood = Action::Event(brokerlab_core::Command::Flood { producer: "shop".into(), count: 20 });
        let answer = |group| judge(Ask::MembersWithRecords { group }, &flood, &page).map(|t| t.answer);
        assert_eq!(answer("audit"), Some(Choice::Members(2)), "one member per partition");
        assert_eq!(answer("workers"), Some(Choice::Members(4)), "every share member");
        let offered = choices(Ask::MembersWithRecords { group: "workers" }, &flood, &page);
        assert_eq!(offered, (1..=4).map(Choice::Members).collect::<Vec<_>>());
    }
}
