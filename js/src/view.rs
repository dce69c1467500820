//! The `view()` snapshot: the world's public `View` as plain JSON (camelCase keys), built
//! natively so it can be tested without a JavaScript engine. Its TypeScript shape is
//! `SimulatorView` in `lib.rs`'s custom section; keep the two in step.

use std::collections::BTreeSet;

use brokerlab_core::View;
use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::reconcile::ReconcileState;
use brokerlab_core::world::GroupProtocol;
use brokerlab_core::message_broker::QueueType;
use serde_json::{Value, json};

pub(crate) fn snapshot(view: &View<'_>) -> Value {
    let broker = view.event_broker();
    let topics = broker.topics();
    let topic_name = |index: usize| topics.get(index).map(|t| t.name().to_string()).unwrap_or_default();

    let topics_json: Vec<Value> = topics
        .iter()
        .map(|topic| {
            let partitions: Vec<Value> = topic
                .partitions()
                .iter()
                .enumerate()
                .map(|(p, log)| {
                    let replication = topic.replication(PartitionIndex(p as u32));
                    json!({
                        "partition": p,
                        "logStart": log.log_start().0,
                        "highWatermark": log.high_watermark().0,
                        "logEnd": log.log_end().0,
                        "leader": replication.and_then(|r| r.leader).map(|b| b.0),
                        "replicas": replication.map(|r| r.replicas.iter().map(|b| b.0).collect::<Vec<_>>()).unwrap_or_default(),
                        "isr": replication.map(|r| r.isr.iter().map(|b| b.0).collect::<Vec<_>>()).unwrap_or_default(),
                    })
                })
                .collect();
            json!({
                "name": topic.name().as_ref(),
                "replicationFactor": topic.replication_factor(),
                "partitions": partitions,
            })
        })
        .collect();

    let groups: Vec<Value> = view
        .groups()
        .map(|group| {
            // The partitions worth reporting: those a member owns and those the group committed.
            let mut partitions: BTreeSet<(String, u32)> = BTreeSet::new();
            let members: Vec<Value> = group
                .members
                .iter()
                .map(|m| {
                    for &(t, p) in &m.assigned {
                        partitions.insert((topic_name(t), p.0));
                    }
                    json!({
                        "index": m.index,
                        "state": m.state,
                        "inGroup": m.in_group,
                        "busy": m.busy,
                        "generation": m.generation,
                        "reconcileState": m.reconcile_state.map(|s| match s {
                            ReconcileState::Stable => "STABLE",
                            ReconcileState::UnrevokedPartitions => "UNREVOKED_PARTITIONS",
                            ReconcileState::UnreleasedPartitions => "UNRELEASED_PARTITIONS",
                        }),
                        "target": m.target.iter().map(|&(t, p)| json!([topic_name(t), p.0])).collect::<Vec<_>>(),
                        "instanceId": m.instance_id.as_deref(),
                        "assigned": m.assigned.iter().map(|&(t, p)| json!([topic_name(t), p.0])).collect::<Vec<_>>(),
                        "positions": m.positions.iter().map(|&((t, p), o)| json!({
                            "topic": topic_name(t), "partition": p.0, "offset": o.0,
                        })).collect::<Vec<_>>(),
                    })
                })
                .collect();
            for (g, t, p, _) in broker.committed_offsets() {
                if **g == **group.name {
                    partitions.insert((t.to_string(), p.0));
                }
            }
            let offsets: Vec<Value> = partitions
                .iter()
                .map(|(t, p)| {
                    json!({
                        "topic": t,
                        "partition": p,
                        "committed": view.committed(group.name, t, PartitionIndex(*p)).map(|o| o.0),
                        "lag": view.lag(group.name, t, PartitionIndex(*p)),
                    })
                })
                .collect();
            json!({
                "name": group.name.as_ref(),
                "generation": group.generation,
                "protocol": match group.protocol { GroupProtocol::Classic => "classic", GroupProtocol::Consumer => "consumer" },
                "targetEpoch": group.target_epoch,
                "rebalancing": group.rebalancing,
                "members": members,
                "offsets": offsets,
            })
        })
        .collect();

    let producers: Vec<Value> = view
        .producers()
        .map(|p| {
            json!({
                "name": p.name.as_ref(),
                "topic": p.topic.as_ref(),
                "keys": p.keys.iter().map(|k| k.as_ref()).collect::<Vec<_>>(),
                "everyMs": p.every_ms,
            })
        })
        .collect();

    let share_groups = share_groups(view);

    let message = view.message_side().map(|side| {
        let queues: Vec<Value> = side
            .broker()
            .queues()
            .map(|q| {
                json!({
                    "name": q.name().as_ref(),
                    "type": match q.queue_type() { QueueType::Classic => "classic", QueueType::Quorum => "quorum", QueueType::Stream => "stream" },
                    "durable": q.durable(),
                    "ready": q.ready_count(),
                    "unacked": q.unacked_count(),
                    "consumers": q.consumers().len(),
                })
            })
            .collect();
        let consumers: Vec<Value> = side
            .consumers()
            .map(|(name, queue, state, unacked)| {
                json!({ "name": name.as_ref(), "queue": queue.as_ref(), "state": state, "unacked": unacked })
            })
            .collect();
        let publishers: Vec<Value> = side
            .publishers()
            .map(|(name, exchange)| json!({ "name": name.as_ref(), "exchange": exchange.as_ref() }))
            .collect();
        json!({ "queues": queues, "consumers": consumers, "publishers": publishers })
    });

    json!({
        "now": view.now().0,
        "linkMs": view.link_ms(),
        "brokers": view.brokers().map(|(id, running)| json!({ "id": id.0, "running": running })).collect::<Vec<_>>(),
        "topics": topics_json,
        "producers": producers,
        "groups": groups,
        "shareGroups": share_groups,
        "message": message,
    })
}

/// Share groups (KIP-932): each member's state and answer, the group's settings, and per
/// partition of its topic the share-partition's start and end offsets (SPSO, SPEO).
fn share_groups(view: &View<'_>) -> Vec<Value> {
    let broker = view.event_broker();
    view
        .share_group_views()
        .map(|g| {
            let partitions = g.topic.and_then(|t| broker.topic(t)).map_or(0, |t| t.partition_count());
            let offsets: Vec<Value> = (0..partitions)
                .filter_map(|p| view.share_partition(g.name, PartitionIndex(p)).map(|sp| (p, sp)))
                .map(|(p, sp)| json!({ "partition": p, "startOffset": sp.start_offset().0, "endOffset": sp.end_offset().0 }))
                .collect();
            json!({
                "name": g.name.as_ref(),
                "topic": g.topic.map(|t| t.as_ref()),
                "members": g
                    .members
                    .iter()
                    .map(|m| json!({ "id": m.id.as_ref(), "state": m.state, "answer": m.answer, "inGroup": m.in_group, "partitions": m.assigned }))
                    .collect::<Vec<_>>(),
                "sessionTimeoutMs": g.session_timeout_ms,
                "deliveryCountLimit": g.delivery_count_limit,
                "recordLockDurationMs": g.record_lock_duration_ms,
                "acknowledgementMode": g.acknowledgement_mode,
                "partitions": offsets,
            })
        })
        .collect()
}
