//! The inspector's rows for the event broker's subjects: records, partitions, brokers,
//! groups, members and producers.

use brokerlab_core::event_broker::reconcile::ReconcileState;
use brokerlab_core::event_broker::{BrokerId, Offset, PartitionIndex};
use brokerlab_core::world::GroupProtocol;
use brokerlab_core::View;

use super::{Details, brokers_text, list_text, ms_text, serde_word, yes_no};
use crate::event_act::EventSim;
use crate::event_view::state_words;
use crate::subject::Subject;
use crate::words::{Ui, Words};

/// A record's rows: where it is, its key and value, which replicas hold it, which groups have
/// committed past it and which members fetched it.
fn record_rows(d: &mut Details, view: &View<'_>, topic: &str, partition: u32, offset: u64, w: Words) -> Option<()> {
    let broker = view.event_broker();
    let (partition, offset) = (&partition, &offset);
    let index = PartitionIndex(*partition);
    let t_ = broker.topic(topic)?;
    let log = t_.partition(index)?;
    let record = log.record(Offset(*offset))?;
    d.row("topic", w.ui(Ui::Topic), topic);
    d.row("partition", w.ui(Ui::Partition), partition.to_string());
    d.row("offset", w.ui(Ui::Offset), offset.to_string());
    d.row("key", w.ui(Ui::KeyField), record.key.as_deref().unwrap_or(w.ui(Ui::NoneValue)).to_string());
    d.row("value", w.ui(Ui::Value), record.value.as_deref().unwrap_or(w.ui(Ui::NoneValue)).to_string());
    d.row("timestamp", w.ui(Ui::Timestamp), record.timestamp.to_string());
    let committed = record.offset < log.high_watermark();
    d.row("visible", w.ui(Ui::BelowHighWatermark), yes_no(committed, w));
    if let Some(r) = view.replication(topic, index) {
        let holders: Vec<BrokerId> = r
            .replicas
            .iter()
            .copied()
            .filter(|b| match r.followers.get(b) {
                Some(f) => f.log.record(record.offset).is_some_and(|x| x.id == record.id),
                None => *b == r.holder,
            })
            .collect();
        d.row("replicas", w.ui(Ui::ReplicasHolding), brokers_text(&holders));
    }
    let mut committed_by = Vec::new();
    let mut fetched_by = Vec::new();
    for g in view.groups() {
        if view.committed(g.name, topic, index).is_some_and(|c| c > record.offset) {
            committed_by.push(g.name.to_string());
        }
        for m in &g.members {
            let past = m.positions.iter().any(|((ti, p), o)| {
                broker.topics().get(*ti).is_some_and(|x| x.name().as_ref() == topic) && *p == index && *o > record.offset
            });
            if past {
                fetched_by.push(format!("{} m{}", g.name, m.index));
            }
        }
    }
    d.row("committed-by", w.ui(Ui::CommittedBy), list_text(committed_by));
    d.row("fetched-by", w.ui(Ui::FetchedBy), list_text(fetched_by));
    Some(())
}

/// The event broker's subjects, read from the world and its scenario. `None`: gone.
pub(super) fn kafka_details(sim: &EventSim, subject: &Subject, w: Words) -> Option<Details> {
    let view = sim.world().view();
    let broker = view.event_broker();
    let scenario = sim.scenario();
    let mut d = Details::default();
    match subject {
        Subject::Record { topic, partition, offset } => {
            record_rows(&mut d, &view, topic, *partition, *offset, w)?;
            super::share::record_share_rows(&mut d, sim, topic, *partition, *offset, w);
        }
        Subject::Partition { topic, partition } => {
            let index = PartitionIndex(*partition);
            let t_ = broker.topic(topic)?;
            let log = t_.partition(index)?;
            d.row("log-start", w.ui(Ui::LogStart), log.log_start().0.to_string());
            d.row("hw", w.ui(Ui::HighWatermark), log.high_watermark().0.to_string());
            d.row("leo", w.ui(Ui::LogEnd), log.log_end().0.to_string());
            if let Some(r) = t_.replication(index) {
                d.row("leader", w.ui(Ui::Leader), r.leader.map_or_else(|| String::from(w.ui(Ui::NoLeader)), |b| format!("b{}", b.0)));
                d.row("replicas", w.ui(Ui::Replicas), brokers_text(&r.replicas));
                d.row("isr", "ISR", brokers_text(&r.isr));
                if view.kafka_version().eligible_leader_replicas() {
                    d.row("elr", w.ui(Ui::Elr), brokers_text(&r.elr));
                    if let Some(b) = r.last_known_leader {
                        d.row("last-known-leader", w.ui(Ui::LastKnownLeader), format!("b{}", b.0));
                    }
                }
                d.row("epoch", w.ui(Ui::LeaderEpoch), r.epoch.to_string());
                for (b, f) in &r.followers {
                    d.rows.push(("follower", format!("{} b{}", w.ui(Ui::FollowerLeo), b.0), f.log.log_end().0.to_string()));
                }
            }
            let segments = log.segments();
            d.row("segments", w.ui(Ui::Segments), format!("{} ({} {})", segments.len(), w.ui(Ui::Bases), list_text(segments.iter().map(|s| s.base_offset().0))));
            d.row("size", w.ui(Ui::Size), format!("{} B", log.size_bytes()));
            let c = log.config();
            d.row("cleanup", "cleanup.policy", c.cleanup_policy.as_str().to_string());
            d.row("retention-ms", "retention.ms", ms_text(c.retention_ms, w));
            d.row("retention-bytes", "retention.bytes", c.retention_bytes.map_or_else(|| String::from(w.ui(Ui::Unlimited)), |b| format!("{b} B")));
            d.row("segment-ms", "segment.ms", format!("{} ms", c.segment_ms));
            let lags: Vec<String> = view
                .groups()
                .map(|g| {
                    let committed = view.committed(g.name, topic, index).map_or(String::from("–"), |o| o.0.to_string());
                    format!("{} {committed} ({} {})", g.name, w.ui(Ui::Lag), view.lag(g.name, topic, index).unwrap_or(0))
                })
                .collect();
            d.row("groups", w.ui(Ui::CommittedPerGroup), list_text(lags));
        }
        Subject::Broker(id) => {
            let (_, alive) = view.brokers().find(|(b, _)| b.0 == *id)?;
            d.row("state", w.ui(Ui::State), if alive { w.ui(Ui::Up) } else { w.ui(Ui::Down) });
            let mut leads = Vec::new();
            let mut follows = Vec::new();
            for topic in broker.topics() {
                for p in 0..topic.partition_count() {
                    let Some(r) = topic.replication(PartitionIndex(p)) else { continue };
                    let name = format!("{} P{p}", topic.name());
                    if r.leader == Some(BrokerId(*id)) {
                        leads.push(name);
                    } else if r.replicas.contains(&BrokerId(*id)) {
                        let sync = if r.in_sync(BrokerId(*id)) { "" } else { w.ui(Ui::OutOfSync) };
                        follows.push(format!("{name}{sync}"));
                    }
                }
            }
            d.row("leads", w.ui(Ui::Leads), list_text(leads));
            d.row("follows", w.ui(Ui::Follows), list_text(follows));
        }
        Subject::Group(name) => {
            let g = view.groups().find(|g| g.name.as_ref() == name.as_str())?;
            let spec = scenario.event_broker.groups.iter().find(|s| &s.name == name);
            let consumer = g.protocol == GroupProtocol::Consumer;
            if let Some(spec) = spec {
                let (assignor, protocol) = if consumer {
                    // The broker's assignor (`group.consumer.assignors`; `uniform` by default).
                    let server = spec.group_remote_assignor.unwrap_or_default();
                    (serde_word(serde_json::to_value(server)), w.ui(Ui::ConsumerProtocol))
                } else {
                    let assignor = serde_word(serde_json::to_value(spec.assignor));
                    let protocol = if assignor == "cooperative-sticky" { w.ui(Ui::Cooperative) } else { w.ui(Ui::Eager) };
                    (assignor, protocol)
                };
                d.row("assignor", w.ui(Ui::Assignor), assignor);
                d.row("protocol", w.ui(Ui::RebalanceProtocol), protocol.to_string());
                d.row("topics", w.ui(Ui::Topics), list_text(&spec.topics));
            }
            if consumer {
                d.row("group-epoch", w.ui(Ui::GroupEpoch), g.generation.to_string());
                d.row("target-epoch", w.ui(Ui::TargetEpoch), g.target_epoch.map_or_else(|| String::from("–"), |e| e.to_string()));
                let epochs = g.members.iter().map(|m| match m.in_group {
                    true => format!("m{} (e{} · {})", m.index, m.generation, state_words(m.state, w)),
                    false => format!("m{} ({})", m.index, state_words(m.state, w)),
                });
                d.row("members", w.ui(Ui::Members), list_text(epochs));
            } else {
                d.row("generation", w.ui(Ui::Generation), g.generation.to_string());
                d.row("state", w.ui(Ui::State), String::from(if g.rebalancing { w.ui(Ui::Rebalancing) } else { w.ui(Ui::Stable) }));
                d.row("members", w.ui(Ui::Members), list_text(g.members.iter().map(|m| format!("m{} ({})", m.index, state_words(m.state, w)))));
            }
            let mut offsets = Vec::new();
            for topic in broker.topics() {
                for p in 0..topic.partition_count() {
                    let index = PartitionIndex(p);
                    if let Some(c) = view.committed(name, topic.name(), index) {
                        let lag = view.lag(name, topic.name(), index).unwrap_or(0);
                        offsets.push((
                            format!("{} P{p}: {} {} · {} {lag}", topic.name(), w.ui(Ui::Committed), c.0, w.ui(Ui::Lag)),
                            Some(Subject::Partition { topic: topic.name().to_string(), partition: p }),
                        ));
                    }
                }
            }
            d.lists.push(("offsets", w.ui(Ui::CommittedOffsets).to_string(), offsets));
        }
        Subject::Member { group, member } => member_rows(&mut d, sim, group, *member, w)?,
        Subject::Producer(name) => {
            let p = view.producers().find(|p| p.name.as_ref() == name.as_str())?;
            let spec = scenario.event_broker.producers.iter().find(|s| &s.name == name);
            d.row("topic", w.ui(Ui::Topic), p.topic.to_string());
            if let Some(spec) = spec {
                d.row("partitioner", w.ui(Ui::Partitioner), serde_word(serde_json::to_value(spec.partitioner)));
                d.row("ignore-keys", "partitioner.ignore.keys", yes_no(spec.partitioner_ignore_keys, w));
                d.row("acks", "acks", serde_word(serde_json::to_value(spec.acks)));
                d.row("batch-size", "batch.size", format!("{} B", spec.batch_size));
            }
            d.row("rate", w.ui(Ui::Rate), p.every_ms.map_or_else(|| String::from(w.ui(Ui::OnCommandOnly)), |ms| format!("{} {ms} ms", w.ui(Ui::OneEvery))));
            d.row("keys", w.ui(Ui::KeysInTurn), list_text(p.keys.iter()));
        }
        Subject::ShareGroup(_) | Subject::SharePartition { .. } => return super::share::share_details(sim, subject, w),
        _ => return None,
    }
    Some(d)
}

/// A group member's rows: its state, epoch or generation, assignment and client settings.
fn member_rows(d: &mut Details, sim: &EventSim, group: &str, member: u32, w: Words) -> Option<()> {
    let view = sim.world().view();
    let broker = view.event_broker();
    let scenario = sim.scenario();
    let g = view.groups().find(|g| g.name.as_ref() == group)?;
    let m = g.members.iter().find(|m| m.index == member)?;
    let spec = scenario.event_broker.groups.iter().find(|s| s.name == group);
    let topic_name = |ti: usize| broker.topics().get(ti).map_or_else(String::new, |x| x.name().to_string());
    d.row("state", w.ui(Ui::State), state_words(m.state, w));
    d.row("in-group", w.ui(Ui::InGroup), yes_no(m.in_group, w));
    let tps = |list: &[(usize, PartitionIndex)]| list_text(list.iter().map(|(ti, p)| format!("{} P{}", topic_name(*ti), p.0)));
    if g.protocol == GroupProtocol::Consumer {
        d.row("member-epoch", w.ui(Ui::MemberEpoch), format!("{} / {}", m.generation, g.generation));
        if let Some(state) = m.reconcile_state {
            // Kafka's own names for the states (`MemberState` in the group coordinator).
            let name = match state {
                ReconcileState::Stable => "STABLE",
                ReconcileState::UnrevokedPartitions => "UNREVOKED_PARTITIONS",
                ReconcileState::UnreleasedPartitions => "UNRELEASED_PARTITIONS",
            };
            d.row("reconciliation", w.ui(Ui::Reconciliation), name.to_string());
        }
        d.row("target", w.ui(Ui::TargetAssignment), tps(&m.target));
    } else {
        d.row("generation", w.ui(Ui::Generation), m.generation.to_string());
    }
    d.row("assignment", w.ui(Ui::Assignment), tps(&m.assigned));
    d.row("positions", w.ui(Ui::NextFetchOffsets), list_text(m.positions.iter().map(|((ti, p), o)| format!("{} P{} @{}", topic_name(*ti), p.0, o.0))));
    d.row("static-id", w.ui(Ui::StaticId), m.instance_id.as_deref().unwrap_or("–").to_string());
    d.row("busy", w.ui(Ui::ProcessingNow), yes_no(m.busy, w));
    if let Some(spec) = spec {
        d.row("processing-ms", w.ui(Ui::ProcessingPerRecord), format!("{} ms", spec.processing_ms));
        d.row("max-poll", "max.poll.records", spec.max_poll_records.to_string());
        let auto = if spec.enable_auto_commit {
            format!("{} ({} {} ms)", yes_no(true, w), w.ui(Ui::CommitEvery), spec.auto_commit_interval_ms)
        } else {
            yes_no(false, w)
        };
        d.row("auto-commit", "enable.auto.commit", auto);
    }
    Some(())
}
