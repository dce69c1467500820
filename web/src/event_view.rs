//! The event broker view: a producer, the topic's partitions as offset strips, the consumer
//! group with its members, committed offsets and lag.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::Lang;
use brokerlab_core::event_broker::PartitionIndex;
use yew::prelude::*;

use crate::layout::{self, CELL_H, CELL_W};
use crate::sim::Sim;

#[derive(Properties, Debug)]
pub struct SimProps {
    pub sim: Rc<RefCell<Sim>>,
}

impl PartialEq for SimProps {
    fn eq(&self, _other: &Self) -> bool {
        // The simulation is shared and mutated in place; its owner redraws deliberately.
        false
    }
}

#[function_component(Diagram)]
pub fn diagram(props: &SimProps) -> Html {
    let s = props.sim.borrow();
    let view = s.world().view();
    let broker = view.event_broker();
    let Some(topic) = broker.topics().first() else { return html! {} };
    let partitions = topic.partition_count();
    let height = layout::height(partitions);
    let (px, py) = layout::producer_anchor(partitions);
    let (gx, gy) = layout::group_anchor(partitions);
    let producer = view.producers().next();
    let group = view.groups().next();
    html! {
        <svg class="diagram" viewBox={format!("0 0 {} {}", layout::WIDTH, height)} role="img"
             aria-label="producer, partitions, consumer group">
            <text class="col-title" x={layout::PRODUCER_X.to_string()} y="28">{"Producer"}</text>
            <text class="col-title" x={layout::STRIP_X.to_string()} y="28">{format!("Topic {}", topic.name())}</text>
            <text class="col-title" x={layout::GROUP_X.to_string()} y="28">{"Consumer group"}</text>
            <g class="producer">
                <rect x={layout::PRODUCER_X.to_string()} y={(py - 28.0).to_string()} width={layout::PRODUCER_W.to_string()} height="56" rx="10" />
                <text x={(layout::PRODUCER_X + 12.0).to_string()} y={(py + 5.0).to_string()}>{producer.map(|p| p.name.to_string()).unwrap_or_default()}</text>
            </g>
            { for topic.partitions().iter().enumerate().map(|(p, log)| {
                let p = p as u32;
                let y = layout::partition_y(p);
                let first = layout::first_shown(log.log_end().0);
                let committed = group.as_ref().and_then(|g| view.committed(g.name, topic.name(), PartitionIndex(p)));
                let records = log.read(brokerlab_core::event_broker::Offset(first), layout::CELLS_SHOWN as usize);
                html! {
                    <g class="partition" data-partition={p.to_string()}>
                        <line class="edge" x1={px.to_string()} y1={py.to_string()} x2={layout::STRIP_X.to_string()} y2={(y + CELL_H / 2.0).to_string()} />
                        <line class="edge" x1={(layout::STRIP_X + layout::STRIP_W).to_string()} y1={(y + CELL_H / 2.0).to_string()} x2={gx.to_string()} y2={gy.to_string()} />
                        <text class="plabel" x={(layout::STRIP_X - 10.0).to_string()} y={(y + CELL_H / 2.0 + 5.0).to_string()} text-anchor="end">{format!("P{p}")}</text>
                        <rect class="strip" x={layout::STRIP_X.to_string()} y={y.to_string()} width={layout::STRIP_W.to_string()} height={CELL_H.to_string()} rx="4" />
                        { for records.iter().map(|r| {
                            let x = layout::cell_x(r.offset.0, first);
                            let hue = layout::key_hue(r.key.as_deref());
                            html! {
                                <g class="cell" data-partition={p.to_string()} data-offset={r.offset.0.to_string()}
                                   data-key={r.key.as_deref().unwrap_or("").to_string()}>
                                    <rect x={(x + 1.0).to_string()} y={(y + 1.0).to_string()} width={(CELL_W - 2.0).to_string()} height={(CELL_H - 2.0).to_string()} rx="3"
                                        style={format!("fill: hsl({hue} 70% 55%)")} />
                                    <text x={(x + CELL_W / 2.0).to_string()} y={(y + CELL_H / 2.0 + 4.0).to_string()} text-anchor="middle">{r.offset.0}</text>
                                </g>
                            }
                        }) }
                        if let Some(c) = committed.filter(|c| c.0 >= first) {
                            <path class="caret" d={format!("M {} {} l -5 -8 l 10 0 z", layout::cell_x(c.0, first), y - 2.0)} />
                        }
                        <text class="pstat" x={(layout::STRIP_X + layout::STRIP_W + 8.0).to_string()} y={(y + CELL_H + 14.0).to_string()} text-anchor="end">
                            {format!("LEO {} · lag {}", log.log_end().0, group.as_ref().and_then(|g| view.lag(g.name, topic.name(), PartitionIndex(p))).unwrap_or(0))}
                        </text>
                    </g>
                }
            }) }
            <g class="group">
                <rect x={gx.to_string()} y={(gy - 40.0).to_string()} width={layout::GROUP_W.to_string()} height="80" rx="10" />
                <text x={(gx + 12.0).to_string()} y={(gy - 14.0).to_string()}>{group.as_ref().map(|g| g.name.to_string()).unwrap_or_default()}</text>
                { for group.iter().flat_map(|g| g.members.iter()).map(|m| html! {
                    <text class="member" x={(gx + 12.0).to_string()} y={(gy + 8.0 + 16.0 * f64::from(m.index)).to_string()}>
                        {format!("member {} {}", m.index, if m.busy { "· processing" } else { "· polling" })}
                    </text>
                }) }
            </g>
            <g class="tokens">
                { for s.flights.iter().map(|f| {
                    let (x, y) = layout::along(f.from, f.to, s.progress(f));
                    html! {
                        <g class="token" key={f.id} transform={format!("translate({x:.1} {y:.1})")}>
                            <circle r="9" style={format!("fill: hsl({} 75% 50%)", f.hue)} />
                        </g>
                    }
                }) }
            </g>
        </svg>
    }
}

#[function_component(Partitions)]
pub fn partitions(props: &SimProps) -> Html {
    let s = props.sim.borrow();
    let view = s.world().view();
    let Some(topic) = view.event_broker().topics().first() else { return html! {} };
    let group = view.groups().next();
    let ko = s.lang == Lang::Ko;
    html! {
        <section class="stats" aria-label={if ko { "파티션" } else { "Partitions" }}>
            <h2>{if ko { "파티션" } else { "Partitions" }}</h2>
            <table>
                <thead><tr>
                    <th scope="col">{"P"}</th>
                    <th scope="col" title="log end offset">{"LEO"}</th>
                    <th scope="col" title="committed offset: the next offset the group reads">{if ko { "커밋" } else { "committed" }}</th>
                    <th scope="col">{if ko { "랙" } else { "lag" }}</th>
                </tr></thead>
                <tbody>
                { for topic.partitions().iter().enumerate().map(|(p, log)| {
                    let pi = PartitionIndex(p as u32);
                    let committed = group.as_ref().and_then(|g| view.committed(g.name, topic.name(), pi));
                    let lag = group.as_ref().and_then(|g| view.lag(g.name, topic.name(), pi)).unwrap_or(0);
                    html! {
                        <tr data-testid={format!("partition-stats-{p}")} data-leo={log.log_end().0.to_string()}
                            data-committed={committed.map_or(String::new(), |c| c.0.to_string())} data-lag={lag.to_string()}>
                            <td>{p}</td>
                            <td>{log.log_end().0}</td>
                            <td>{committed.map_or(String::from("–"), |c| c.0.to_string())}</td>
                            <td>{lag}</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
        </section>
    }
}

