//! The inspector's rows for share groups (KIP-932): a share group's settings, members and
//! share-partitions, and a share-partition's full state: SPSO, SPEO, the next fetch offset
//! and every in-flight offset with its state, holder, delivery count and lock.

use brokerlab_core::View;
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::world::MemberState;

use super::{Details, Item, list_text, serde_word};
use crate::event_act::EventSim;
use crate::share_view::state_words;
use crate::subject::Subject;
use crate::words::{Ui, Words};

/// A share group's or share-partition's details. `None`: gone.
pub(super) fn share_details(sim: &EventSim, subject: &Subject, w: Words) -> Option<Details> {
    let view = sim.world().view();
    let mut d = Details::default();
    match subject {
        Subject::ShareGroup(name) => group_rows(&mut d, sim, &view, name, w)?,
        Subject::SharePartition { group, partition } => partition_rows(&mut d, &view, group, *partition, w)?,
        _ => return None,
    }
    Some(d)
}

fn group_rows(d: &mut Details, sim: &EventSim, view: &View<'_>, name: &str, w: Words) -> Option<()> {
    let g = view.share_group_views().find(|g| &**g.name == name)?;
    d.row("topic", w.ui(Ui::Topic), g.topic.map_or_else(|| String::from("–"), |t| t.to_string()));
    let members = g.members.iter().enumerate().map(|(i, m)| {
        let state = match m.state {
            MemberState::Crashed => w.ui(Ui::MemberCrashed),
            MemberState::Paused => w.ui(Ui::MemberPaused),
            _ => w.ui(Ui::MemberRunning),
        };
        let parts = crate::share_view::partitions_label(m.assigned, m.in_group);
        format!("m{i} ({state}, {}, {parts})", serde_word(serde_json::to_value(m.answer)))
    });
    d.row("members", w.ui(Ui::Members), list_text(members));
    d.row("delivery-count-limit", w.ui(Ui::DeliveryCountLimit), g.delivery_count_limit.to_string());
    d.row("record-lock-duration", w.ui(Ui::RecordLockDuration), format!("{} ms", g.record_lock_duration_ms));
    d.row("session-timeout", w.ui(Ui::ShareSessionTimeout), format!("{} ms", g.session_timeout_ms));
    if let Some(spec) = sim.scenario().event_broker.share_groups.iter().find(|s| s.name == name) {
        d.row("processing-ms", w.ui(Ui::ProcessingPerRecord), format!("{} ms", spec.processing_ms));
    }
    let partitions = g.topic.and_then(|t| view.event_broker().topic(t)).map_or(0, |t| t.partition_count());
    let items: Vec<Item> = (0..partitions)
        .map(|p| {
            let text = match view.share_partition(name, PartitionIndex(p)) {
                Some(sp) => format!("P{p}: SPSO {} · SPEO {} · {} {}", sp.start_offset().0, sp.end_offset().0, w.ui(Ui::InFlightRecords), sp.records().count()),
                None => format!("P{p}: {}", w.ui(Ui::NotFetchedYet)),
            };
            (text, Some(Subject::SharePartition { group: name.to_string(), partition: p }))
        })
        .collect();
    d.lists.push(("share-partitions", w.ui(Ui::SubjectSharePartition).to_string(), items));
    Some(())
}

fn partition_rows(d: &mut Details, view: &View<'_>, group: &str, partition: u32, w: Words) -> Option<()> {
    let g = view.share_group_views().find(|g| &**g.name == group)?;
    d.row("group", w.ui(Ui::SubjectShareGroup), group);
    d.row("topic", w.ui(Ui::Topic), g.topic.map_or_else(|| String::from("–"), |t| format!("{t} P{partition}")));
    let Some(sp) = view.share_partition(group, PartitionIndex(partition)) else {
        d.row("state", w.ui(Ui::State), w.ui(Ui::NotFetchedYet));
        return Some(());
    };
    d.row("spso", "SPSO", sp.start_offset().0.to_string());
    d.row("speo", "SPEO", sp.end_offset().0.to_string());
    d.row("next-fetch", w.ui(Ui::NextFetchOffset), sp.next_fetch_offset().0.to_string());
    d.row("in-flight", w.ui(Ui::InFlightRecords), sp.records().count().to_string());
    let topic = g.topic.map(|t| t.to_string());
    let items: Vec<Item> = sp
        .records()
        .map(|r| {
            let state = state_words(r.state.state, w);
            let line = w.share_record_title(&format!("@{}", r.offset), state, r.state.member.as_deref(), r.state.delivery_count, r.state.lock_expires_at);
            let link = topic.clone().map(|topic| Subject::Record { topic, partition, offset: r.offset });
            (line, link)
        })
        .collect();
    d.lists.push(("records", w.ui(Ui::InFlightRecords).to_string(), items));
    Some(())
}

/// A record's share state in each share group that has it in flight, and its share history
/// (the log's lines of the events that moved it, from the act's `ShareTally`).
pub(super) fn record_share_rows(d: &mut Details, sim: &EventSim, topic: &str, partition: u32, offset: u64, w: Words) {
    let view = sim.world().view();
    let mut states = Vec::new();
    let mut history: Vec<Item> = Vec::new();
    for g in view.share_group_views().filter(|g| g.topic.is_some_and(|t| &**t == topic)) {
        if let Some(r) = view.share_partition(g.name, PartitionIndex(partition)).and_then(|sp| sp.record(offset)) {
            states.push(w.share_record_title(g.name, state_words(r.state, w), r.member.as_deref(), r.delivery_count, r.lock_expires_at));
        }
        let lines = sim.act.share.history.get(&(g.name.to_string(), topic.to_string(), partition, offset));
        history.extend(lines.into_iter().flatten().map(|line| (format!("{} · {}", line.at, line.text(w.lang())), None)));
    }
    if !states.is_empty() {
        d.row("share-state", w.ui(Ui::ShareState), states.join("; "));
    }
    if !history.is_empty() {
        d.lists.push(("share-history", w.ui(Ui::ShareHistory).to_string(), history));
    }
}

#[cfg(test)]
mod tests {
    use brokerlab_core::{Command, Lang, Scenario};

    use super::*;
    use crate::words::words;

    /// A Kafka 4.2 stage with topic `t` of one partition, producer `p`, and the share group
    /// `group` (its JSON).
    fn one_partition(group: &str) -> EventSim {
        let json = format!(
            r#"{{"version": 1, "seed": 1, "link_ms": 10, "event_broker": {{"kafka_version": "4.2",
                "topics": [{{"name": "t", "partitions": 1}}], "producers": [{{"name": "p", "topic": "t"}}],
                "share_groups": [{group}]}}}}"#
        );
        EventSim::new(&Scenario::from_json(&json).unwrap()).unwrap()
    }

    #[test]
    fn a_share_partition_shows_spso_speo_and_each_record_with_its_holder() {
        let mut sim = one_partition(r#"{"name": "workers", "topic": "t", "members": 2, "processing_ms": 1000, "max_records": 2,
                                        "auto_offset_reset": "earliest"}"#);
        sim.apply(Command::Flood { producer: "p".into(), count: 6 }).unwrap();
        let mut t = 0.0;
        sim.frame(t);
        while sim.now().as_ms() < 1_200 {
            t += 50.0;
            sim.frame(t);
        }
        let w = words(Lang::En);
        let d = share_details(&sim, &Subject::SharePartition { group: "workers".into(), partition: 0 }, w).expect("the share-partition");
        let row = |f: &str| d.rows.iter().find(|r| r.0 == f).map(|r| r.2.clone());
        assert_eq!((row("spso"), row("speo"), row("in-flight")), (Some("0".into()), Some("3".into()), Some("4".into())));
        let records = &d.lists.iter().find(|l| l.0 == "records").expect("records").2;
        assert!(records[0].0.starts_with("workers: ") || records[0].0.contains("acquired by workers-"), "{records:?}");
        assert!(records.iter().any(|r| r.0.contains("workers-1")), "two members hold records: {records:?}");
        let g = share_details(&sim, &Subject::ShareGroup("workers".into()), w).expect("the share group");
        assert_eq!(g.lists[0].2.len(), 1, "one share-partition, linked");
        assert!(share_details(&sim, &Subject::ShareGroup("nobody".into()), w).is_none());
    }

    /// A record's inspector tells its share history while it is in flight: acquired, released,
    /// acquired again (delivery 2), in the learner's language; once archived and passed by
    /// SPSO it is no longer in flight and its history is gone.
    #[test]
    fn an_in_flight_record_shows_its_share_history_until_it_leaves_flight() {
        let mut sim = one_partition(r#"{"name": "workers", "topic": "t", "members": 1, "processing_ms": 500, "max_records": 1,
                                        "auto_offset_reset": "earliest", "acknowledge": "release", "delivery_count_limit": 2}"#);
        sim.apply(Command::Produce { producer: "p".into(), key: None, value: None }).unwrap();
        let record = Subject::Record { topic: "t".into(), partition: 0, offset: 0 };
        let history = |sim: &EventSim, lang: Lang| {
            let d = share_details_record(sim, &record, lang);
            d.lists.iter().find(|l| l.0 == "share-history").map(|l| l.2.iter().map(|i| i.0.clone()).collect::<Vec<_>>())
        };
        let mut t = 0.0;
        sim.frame(t);
        // Until the second acquisition: the history has both, with the release between.
        while !history(&sim, Lang::En).is_some_and(|h| h.iter().any(|l| l.contains("(delivery 2)"))) {
            assert!(sim.now().as_ms() < 5_000, "delivered twice within 5 s: {:?}", history(&sim, Lang::En));
            t += 20.0;
            sim.frame(t);
        }
        let en = history(&sim, Lang::En).unwrap();
        let first = en.iter().position(|l| l.contains("(delivery 1)")).expect("the first acquisition");
        let second = en.iter().position(|l| l.contains("(delivery 2)")).expect("the second");
        assert!(first < second && en[first + 1..second].iter().any(|l| l.contains("releas")), "{en:?}");
        let state = share_details_record(&sim, &record, Lang::En).rows.iter().find(|r| r.0 == "share-state").map(|r| r.2.clone());
        assert!(state.is_some_and(|s| s.contains("workers")), "the record's share state is shown");
        let ko = history(&sim, Lang::Ko).unwrap();
        assert_eq!(ko.len(), en.len());
        assert_ne!(ko, en, "the history is in the learner's language");
        // Released twice at a delivery limit of 2: archived, SPSO passes it, the history goes.
        while sim.world().view().share_partition("workers", PartitionIndex(0)).is_none_or(|sp| sp.start_offset().0 == 0) {
            assert!(sim.now().as_ms() < 10_000, "archived within 10 s");
            t += 20.0;
            sim.frame(t);
        }
        assert_eq!(history(&sim, Lang::En), None, "no history once it left flight");
        assert!(sim.act.share.history.is_empty());
    }

    fn share_details_record(sim: &EventSim, record: &Subject, lang: Lang) -> Details {
        let Subject::Record { topic, partition, offset } = record else { unreachable!() };
        let mut d = Details::default();
        record_share_rows(&mut d, sim, topic, *partition, *offset, words(lang));
        d
    }
}
