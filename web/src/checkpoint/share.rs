//! The share groups' questions (KIP-932): the step's Kafka command runs on a copy of the world
//! and the answer is read off the share group's events that follow: a redelivery's count, how
//! many deliveries a record gets before it is archived.

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::world::ShareAnswer;
use brokerlab_core::{Command, Event, EventKind};

use super::{Because, Choice, Fate, Truth, WITHIN_MS, Watch};
use crate::event_act::EventSim;

/// After the action, the delivery count the records `member` of `group` held show when
/// another member acquires them. `None` if it held nothing or nobody gets them in the window.
pub(super) fn redelivered_count(group: &'static str, member: u32, command: &Command, sim: &mut EventSim) -> Option<Truth> {
    let events = sim.foresee(command.clone(), WITHIN_MS, |_| false).ok()?.events;
    let (partition, offsets) = events.iter().find_map(|e| match &e.kind {
        EventKind::ShareLocksExpired { group: g, member: m, partition, offsets, .. } if &**g == group && *m == member => Some((*partition, offsets.clone())),
        _ => None,
    })?;
    let again = events.iter().find(|e| {
        matches!(&e.kind, EventKind::ShareRecordsAcquired { group: g, member: m, partition: p, first, last, .. }
            if &**g == group && *m != member && *p == partition && offsets.iter().any(|o| (first.0..=last.0).contains(&o.0)))
    })?;
    let EventKind::ShareRecordsAcquired { delivery_count, .. } = &again.kind else { return None };
    Some(Truth { answer: Choice::Times(u64::from(*delivery_count)), because: Some(Because::Event(again.clone())), element: Some(Watch::Group(group)) })
}

/// After the action (a produce), how many times `group` delivers the record it sends before
/// archiving it; a record accepted is processed, one neither within the window loops.
pub(super) fn deliveries_until_archived(group: &'static str, command: &Command, sim: &mut EventSim) -> Option<Truth> {
    let (Command::Produce { producer, .. } | Command::ProduceTo { producer, .. }) = command else { return None };
    let producer = producer.clone();
    let mut sent = None;
    let mut record = None;
    let ended = |e: &Event, at: Option<(PartitionIndex, u64)>| ends(e, group, at).is_some();
    let seen = sim
        .foresee(command.clone(), WITHIN_MS, |e| {
            match &e.kind {
                EventKind::RecordSent { record: r, producer: p, .. } if **p == *producer && sent.is_none() => sent = Some(*r),
                EventKind::RecordAppended { record: r, partition, offset, .. } if Some(*r) == sent => record = Some((*partition, offset.0)),
                _ => {}
            }
            ended(e, record)
        })
        .ok()?;
    let (partition, offset) = record?;
    let mut deliveries = 0;
    for e in &seen.events {
        match &e.kind {
            EventKind::ShareRecordsAcquired { group: g, partition: p, first, last, .. }
                if &**g == group && *p == partition && (first.0..=last.0).contains(&offset) =>
            {
                deliveries += 1;
            }
            _ => {}
        }
        if let Some(end) = ends(e, group, Some((partition, offset))) {
            let answer = match end {
                End::Archived => Choice::Times(deliveries),
                End::Accepted => Choice::Fate(Fate::Processed),
            };
            return Some(Truth { answer, because: Some(Because::Event(e.clone())), element: Some(Watch::Group(group)) });
        }
    }
    Some(Truth { answer: Choice::Fate(Fate::Loops), because: None, element: Some(Watch::Group(group)) })
}

/// How a record's deliveries ended.
enum End {
    /// Archived at the delivery limit, or rejected.
    Archived,
    Accepted,
}

fn ends(e: &Event, group: &str, at: Option<(PartitionIndex, u64)>) -> Option<End> {
    let (partition, offset) = at?;
    match &e.kind {
        EventKind::ShareRecordsArchived { group: g, partition: p, offsets, .. } if &**g == group && *p == partition && offsets.iter().any(|o| o.0 == offset) => {
            Some(End::Archived)
        }
        EventKind::ShareRecordsAcknowledged { group: g, partition: p, first, last, answer, .. }
            if &**g == group && *p == partition && (first.0..=last.0).contains(&offset) =>
        {
            match answer {
                ShareAnswer::Accept => Some(End::Accepted),
                ShareAnswer::Reject => Some(End::Archived),
                ShareAnswer::Release => None,
            }
        }
        _ => None,
    }
}

/// The share group's delivery limit now, for the answers offered.
pub(super) fn delivery_limit(sim: &EventSim, group: &str) -> u64 {
    sim.world().view().share_group_views().find(|g| &**g.name == group).map_or(5, |g| u64::from(g.delivery_count_limit))
}

#[cfg(test)]
mod tests {
    use std::cell::RefCell;

    use brokerlab_core::event_broker::share::ShareSetting;
    use brokerlab_core::lessons::{SHARE_LOCKS, SHARE_POISON};
    use brokerlab_core::world::ShareCommand;
    use brokerlab_core::{Command, Scenario};

    use super::super::{Ask, Choice, Fate, Sims, choices, judge};
    use crate::compare::CompareSims;
    use crate::event_act::EventSim;
    use crate::lesson_action::Action;
    use crate::message_act::MessageSim;

    /// Plays `sim` to `to_ms` of page time in frames of 250 ms, as a learner's page does.
    fn play(sim: &RefCell<EventSim>, from_ms: f64, to_ms: f64) {
        let mut t = from_ms;
        while t < to_ms {
            t += 250.0;
            let _ = sim.borrow_mut().frame(t);
        }
    }

    fn sims(scenario: &str) -> (RefCell<EventSim>, RefCell<MessageSim>, RefCell<CompareSims>) {
        let event = RefCell::new(EventSim::new(&Scenario::from_json(scenario).unwrap()).unwrap());
        let message = RefCell::new(MessageSim::new(&MessageSim::default_spec(), 300, 1).unwrap());
        (event, message, RefCell::new(CompareSims::new()))
    }

    /// Locks and redelivery: m0 crashes holding records; the other member gets them again
    /// with the count one higher, counted by the model at whatever moment the crash comes.
    #[test]
    fn a_crashed_members_records_come_back_with_the_next_delivery_count() {
        let (event, message, compare) = sims(SHARE_LOCKS);
        event.borrow_mut().apply(Command::Flood { producer: "app".into(), count: 3 }).unwrap();
        let crash = Action::Event(Command::Share(ShareCommand::CrashShareMember { group: "workers".into(), member: 0 }));
        let ask = Ask::RedeliveredCount { group: "workers", member: 0 };
        let mut played = 0.0;
        for t in [3_000.0, 7_000.0, 12_000.0] {
            play(&event, played, t);
            played = t;
            let held = {
                let sim = event.borrow();
                let view = sim.world().view();
                let sp = view.share_partition("workers", brokerlab_core::event_broker::PartitionIndex(0)).expect("fetched");
                sp.records().filter(|r| r.state.member.as_deref() == Some("workers-0")).count()
            };
            assert!(held > 0, "at {t} ms m0 holds records");
            let page = Sims { event: &event, message: &message, compare: &compare };
            let truth = judge(ask, &crash, &page).expect("m0 holds records, so they come back");
            assert_eq!(truth.answer, Choice::Times(2), "at {t} ms");
            assert!(choices(ask, &crash, &page).contains(&Choice::Times(2)));
        }
    }

    /// Poison records: released every time, a record is delivered delivery.count.limit times,
    /// then archived; after the limit is lowered to 2, twice.
    #[test]
    fn a_record_released_every_time_is_delivered_up_to_the_limit() {
        let (event, message, compare) = sims(SHARE_POISON);
        play(&event, 0.0, 2_000.0);
        let produce = |key: &str| Action::Event(Command::Produce { producer: "bank".into(), key: Some(key.into()), value: None });
        let ask = Ask::DeliveriesUntilArchived { group: "workers" };
        let page = Sims { event: &event, message: &message, compare: &compare };
        assert_eq!(judge(ask, &produce("p-1"), &page).map(|t| t.answer), Some(Choice::Times(5)), "Kafka's default limit");
        assert_eq!(choices(ask, &produce("p-1"), &page), [Choice::Fate(Fate::Loops), Choice::Times(1), Choice::Times(4), Choice::Times(5)]);
        let lower = Command::Share(ShareCommand::SetShareGroupConfig { group: "workers".into(), setting: ShareSetting::DeliveryCountLimit, value: 2 });
        event.borrow_mut().apply(lower).unwrap();
        assert_eq!(judge(ask, &produce("p-2"), &page).map(|t| t.answer), Some(Choice::Times(2)));
        // Members that accept: the payment is processed, never archived.
        for member in 0..2 {
            let accept = Command::Share(ShareCommand::SetShareMemberAnswer { group: "workers".into(), member, answer: brokerlab_core::world::ShareAnswer::Accept });
            event.borrow_mut().apply(accept).unwrap();
        }
        assert_eq!(judge(ask, &produce("p-3"), &page).map(|t| t.answer), Some(Choice::Fate(Fate::Processed)));
    }
}
