//! The event broker view: a producer, the topic's partitions as offset strips (leader and
//! in-sync replicas under each), the consumer groups with their members, one committed-offset
//! caret per group, lag, and the brokers with their faults.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::event_broker::{BrokerId, Offset, PartitionIndex, Topic};
use brokerlab_core::world::{GroupProtocol, GroupView, MemberState, MemberView, ShareAnswer};
use brokerlab_core::Command;
use yew::prelude::*;

use crate::share_view::{StripShare, record_share_lines, share_boxes, share_faults};
use crate::subject::Subject;
use crate::layout::{self, CELL_H, CELL_W};
use crate::event_act::EventSim;
use crate::token_canvas::{Collect, Noun, Ring, Token, TokenCanvas};
use crate::limits::MEMBER_BUTTONS_MAX;
use crate::checkpoint::{Watch, lit};
use crate::words::{Ui, Words, words};

#[derive(Properties, Debug)]
pub struct SimProps {
    pub sim: Rc<RefCell<EventSim>>,
    /// Faults and other commands go through here; `None` draws without controls.
    #[prop_or_default]
    pub on_command: Option<Callback<Command>>,
    /// What the open lesson step points at, highlighted.
    #[prop_or_default]
    pub watch: Vec<Watch<'static>>,
    /// The last refused command's words, repeated inside an open share-group settings panel
    /// (which covers the form that says it).
    #[prop_or_default]
    pub refused: Option<String>,
}

impl PartialEq for SimProps {
    fn eq(&self, _other: &Self) -> bool {
        // The simulation is shared and mutated in place; its owner redraws deliberately.
        false
    }
}

/// A member's state as the diagram's classes and `data-state` name it.
fn state_id(state: MemberState) -> &'static str {
    match state {
        MemberState::Running => "running",
        MemberState::Paused => "paused",
        MemberState::Crashed => "crashed",
        MemberState::Failed => "failed",
        MemberState::Stopped => "left",
    }
}

/// A member's state as the diagram and the inspector word it.
pub(crate) fn state_words(state: MemberState, w: Words) -> &'static str {
    match state {
        MemberState::Running => w.ui(Ui::MemberRunning),
        MemberState::Paused => w.ui(Ui::MemberPaused),
        MemberState::Crashed => w.ui(Ui::MemberCrashed),
        MemberState::Failed => w.ui(Ui::MemberFailed),
        MemberState::Stopped => w.ui(Ui::MemberLeft),
    }
}

#[function_component(Diagram)]
pub fn diagram(props: &SimProps) -> Html {
    let s = props.sim.borrow();
    let w = words(s.lang);
    let view = s.world().view();
    let kafka_version = view.kafka_version();
    let broker = view.event_broker();
    let topics = broker.topics();
    if topics.is_empty() {
        return html! { <p class="empty">{w.ui(Ui::NoTopic)}</p> };
    }
    let counts = s.partition_counts();
    let rows = s.box_rows();
    let producers: Vec<_> = view.producers().collect();
    let height = layout::diagram_height(&counts, producers.len(), &rows);
    let groups: Vec<_> = view.groups().collect();
    let shares: Vec<_> = view.share_group_views().collect();
    let all_boxes = layout::group_boxes(&rows);
    let (boxes, share_box_list) = all_boxes.split_at(groups.len());
    let brokers: Vec<_> = view.brokers().collect();
    let broker_y = height - layout::BROKER_ROW_H + 8.0;

    let strips = topics.iter().enumerate().flat_map(|(ti, topic)| {
        let replicated = topic.replication_factor() > 1 || brokers.len() > 1;
        // Edges come from the producers that write to this topic.
        let writers: Vec<(f64, f64)> = producers
            .iter()
            .enumerate()
            .filter(|(_, p)| p.topic == topic.name())
            .map(|(i, _)| layout::producer_anchor(i))
            .collect();
        let head_y = layout::topic_head_y(&counts, ti);
        let head = html! {
            <text class="topic-name" data-topic={topic.name().to_string()} x={layout::STRIP_X.to_string()} y={(head_y + 14.0).to_string()}>
                {w.topic_heading(topic.name(), topic.partition_count())}
            </text>
        };
        let counts = &counts;
        let watch = &props.watch;
        let groups = &groups;
        let boxes = &boxes;
        let view = &view;
        let shares = &shares;
        std::iter::once(head).chain(topic.partitions().iter().enumerate().map(move |(p, log)| {
        let strip_share = StripShare { view, shares, boxes: share_box_list, topic: topic.name(), partition: p as u32, y: layout::row_y(counts, ti, p as u32), first: layout::first_shown(log.log_end().0) };
        let writers = writers.clone();
        let p = p as u32;
        let index = PartitionIndex(p);
        let y = layout::row_y(counts, ti, p);
        let first = layout::first_shown(log.log_end().0);
        let records = log.read(Offset(first.max(log.log_start().0)), layout::CELLS_SHOWN as usize);
        let replication = view.replication(topic.name(), index);
        let offline = replication.is_some_and(|r| r.leader.is_none());
        let replicas_text = replication.map(|r| {
            let list = |v: &[brokerlab_core::event_broker::cluster::BrokerId]| {
                v.iter().map(|b| format!("b{}", b.0)).collect::<Vec<_>>().join(",")
            };
            let line = match r.leader {
                Some(l) => w.replicas_line(l.0, &list(&r.isr)),
                None => w.ui(Ui::OfflineNoLeader).to_string(),
            };
            // Eligible leader replicas (Kafka 4.2), while there are any.
            if r.elr.is_empty() { line } else { format!("{line} · ELR {}", list(&r.elr)) }
        });
        let carets = groups.iter().enumerate().filter_map(|(gi, g)| {
            let c = view.committed(g.name, topic.name(), index)?;
            (c.0 >= first).then(|| {
                let x = layout::cell_x(c.0, first) + gi as f64 * 4.0;
                html! {
                    <path class="caret" data-group={g.name.to_string()} d={format!("M {x} {} l -5 -8 l 10 0 z", y - 2.0)}
                          fill={format!("hsl({} 70% 50%)", layout::group_hue(gi))} />
                }
            })
        });
        let lags: Vec<String> = groups
            .iter()
            .filter(|g| g.topics.contains(topic.name()))
            .map(|g| format!("{} {}", g.name, view.lag(g.name, topic.name(), index).unwrap_or(0)))
            .collect();
        html! {
            <g class={classes!("partition", offline.then_some("offline"), lit(watch, Watch::Partition(topic.name(), p)))} data-topic={topic.name().to_string()} data-partition={p.to_string()}
               data-log-start={log.log_start().0.to_string()} data-hw={log.high_watermark().0.to_string()} data-leo={log.log_end().0.to_string()}>
                { for writers.iter().map(|(px, py)| html! {
                    <line class="edge" x1={px.to_string()} y1={py.to_string()} x2={layout::STRIP_X.to_string()} y2={(y + CELL_H / 2.0).to_string()} />
                }) }
                { for boxes.iter().zip(groups.iter()).filter(|(_, g)| g.topics.contains(topic.name())).map(|((gy, gh), _)| html! {
                    <line class="edge" x1={(layout::STRIP_X + layout::STRIP_W).to_string()} y1={(y + CELL_H / 2.0).to_string()}
                          x2={layout::GROUP_X.to_string()} y2={(gy + gh / 2.0).to_string()} />
                }) }
                <g class="inspectable" role="button" tabindex="0" data-inspect={Subject::Partition { topic: topic.name().to_string(), partition: p }.attr()}
                   aria-label={format!("{} {} P{p}", w.ui(Ui::InspectPartition), topic.name())}>
                    <text class="plabel" x={(layout::STRIP_X - 10.0).to_string()} y={(y + CELL_H / 2.0 + 5.0).to_string()} text-anchor="end">{format!("P{p}")}</text>
                    <rect class="strip" x={layout::STRIP_X.to_string()} y={y.to_string()} width={layout::STRIP_W.to_string()} height={CELL_H.to_string()} rx="4" />
                </g>
                { for records.iter().map(|r| {
                    let x = layout::cell_x(r.offset.0, first);
                    let hue = layout::key_hue(r.key.as_deref());
                    let above_hw = r.offset >= log.high_watermark();
                    html! {
                        <g class={classes!("cell", "inspectable", above_hw.then_some("uncommitted"))} data-topic={topic.name().to_string()} data-partition={p.to_string()} data-offset={r.offset.0.to_string()}
                           data-key={r.key.as_deref().unwrap_or("").to_string()} role="button" tabindex="0"
                           data-inspect={Subject::Record { topic: topic.name().to_string(), partition: p, offset: r.offset.0 }.attr()}
                           aria-label={format!("{} {} P{p} {} {}", w.ui(Ui::InspectRecord), topic.name(), w.ui(Ui::Offset), r.offset.0)}>
                            <title>{w.record_title(r.offset.0, r.key.as_deref()) + &record_share_lines(view, shares, topic.name(), p, r.offset.0, w)}</title>
                            <rect x={(x + 1.0).to_string()} y={(y + 1.0).to_string()} width={(CELL_W - 2.0).to_string()} height={(CELL_H - 2.0).to_string()} rx="3"
                                fill={format!("hsl({hue} 70% 55%)")} />
                            <text x={(x + CELL_W / 2.0).to_string()} y={(y + CELL_H / 2.0 + 4.0).to_string()} text-anchor="middle">{r.offset.0}</text>
                        </g>
                    }
                }) }
                { strip_share.draw(w) }
                { for carets }
                <text class="pstat" x={(layout::STRIP_X + layout::STRIP_W).to_string()} y={(y + CELL_H + 14.0).to_string()} text-anchor="end">
                    {if lags.is_empty() {
                        format!("LEO {}", log.log_end().0)
                    } else {
                        format!("LEO {} · {} {}", log.log_end().0, w.ui(Ui::Lag), lags.join(" · "))
                    }}
                </text>
                if replicated {
                    <text class={classes!("pstat", "replicas", offline.then_some("danger"))} x={layout::STRIP_X.to_string()} y={(y + CELL_H + 14.0).to_string()}>
                        {replicas_text.unwrap_or_default()}
                    </text>
                }
            </g>
        }
        }))
    });
    let group_boxes = group_boxes(&groups, boxes, topics, w, &props.watch);
    let share_boxes = share_boxes(&view, &shares, share_box_list, w, &props.watch);
    let broker_row = broker_row(&brokers, broker_y, w, &props.watch);
    html! {
        <div class="diagram-scroll"><div class="diagram-box">
        <svg class="diagram event" viewBox={format!("0 0 {} {}", layout::WIDTH, height)} role="img"
             aria-label={w.ui(Ui::EventDiagram)}>
            <text class="col-title" x={layout::PRODUCER_X.to_string()} y="28">{w.ui(Ui::Producers)}</text>
            <text class="col-title" x={layout::STRIP_X.to_string()} y="28">{w.ui(Ui::TopicsAndPartitions)}</text>
            <text class="col-title" x={layout::GROUP_X.to_string()} y="28">{w.ui(Ui::ConsumerGroups)}</text>
            { producer_boxes(&producers, w, &props.watch) }
            { for strips }
            { group_boxes }
            { share_boxes }
            <text class="col-title" x={(layout::STRIP_X - 10.0).to_string()} y={(broker_y + 17.0).to_string()} text-anchor="end">{format!("{} · Kafka {}", w.ui(Ui::Brokers), kafka_version.name())}</text>
            { broker_row }
        </svg>
        <EventTokens sim={props.sim.clone()} view_box={(layout::WIDTH, height)} />
        </div></div>
    }
}


/// The producers' boxes, stacked in the left column.
fn producer_boxes(producers: &[brokerlab_core::world::ProducerView<'_>], w: Words, watch: &[Watch<'static>]) -> Html {
    let boxes = producers.iter().enumerate().map(|(i, p)| {
        let y = layout::producer_y(i);
        html! {
            <g class={classes!("producer", "inspectable", lit(watch, Watch::Producer(p.name)))} data-producer={p.name.to_string()} role="button" tabindex="0"
               data-inspect={Subject::Producer(p.name.to_string()).attr()}
               aria-label={format!("{} {}", w.ui(Ui::InspectProducer), p.name)}>
                <rect x={layout::PRODUCER_X.to_string()} y={y.to_string()} width={layout::PRODUCER_W.to_string()} height={layout::PRODUCER_H.to_string()} rx="10" />
                <text x={(layout::PRODUCER_X + 12.0).to_string()} y={(y + 19.0).to_string()}>{p.name.to_string()}</text>
                <text class="sub" x={(layout::PRODUCER_X + 12.0).to_string()} y={(y + 34.0).to_string()}>{format!("→ {}", p.topic)}</text>
            </g>
        }
    });
    html! { { for boxes } }
}

/// The consumer groups' boxes, each with its members and what they own.
fn group_boxes(groups: &[GroupView<'_>], boxes: &[(f64, f64)], topics: &[Topic], w: Words, watch: &[Watch<'static>]) -> Html {
    let boxes = groups.iter().zip(boxes.iter()).enumerate().map(|(gi, (g, (gy, gh)))| {
        let gx = layout::GROUP_X;
        html! {
            <g class={classes!("group", lit(watch, Watch::Group(g.name)))} data-group={g.name.to_string()} data-generation={g.generation.to_string()}>
                <g class="inspectable" role="button" tabindex="0" data-inspect={Subject::Group(g.name.to_string()).attr()}
                   aria-label={format!("{} {}", w.ui(Ui::InspectGroup), g.name)}>
                    <rect x={gx.to_string()} y={gy.to_string()} width={layout::GROUP_W.to_string()} height={gh.to_string()} rx="10"
                          stroke={format!("hsl({} 70% 50%)", layout::group_hue(gi))} />
                    <text x={(gx + 10.0).to_string()} y={(gy + 20.0).to_string()}>
                        {heading(g, w)}
                    </text>
                </g>
                { for g.members.iter().enumerate().map(|(mi, m)| {
                    let owned: Vec<String> = m
                        .assigned
                        .iter()
                        .map(|(t, p)| match topics.get(*t).filter(|_| m.assigned.iter().any(|(other, _)| other != t)) {
                            Some(topic) => format!("{}/P{}", topic.name(), p.0),
                            None => format!("P{}", p.0),
                        })
                        .collect();
                    let owned = if owned.is_empty() { String::from("–") } else { owned.join(",") };
                    html! {
                        <text class={classes!("member", "inspectable", state_id(m.state))} data-member={m.index.to_string()} data-state={state_id(m.state)} data-epoch={epoch_of(g, m).map(|e| e.to_string())}
                              role="button" tabindex="0" data-inspect={Subject::Member { group: g.name.to_string(), member: m.index }.attr()}
                              aria-label={format!("{} {} m{}", w.ui(Ui::InspectMember), g.name, m.index)}
                              x={(gx + 10.0).to_string()} y={layout::member_line_y(*gy, mi).to_string()}>
                            {match epoch_of(g, m) {
                                // The consumer protocol: each member's own epoch (KIP-848).
                                Some(e) => format!("m{} {} · e{e} · {}", m.index, owned, state_words(m.state, w)),
                                None => format!("m{} {} · {}", m.index, owned, state_words(m.state, w)),
                            }}
                        </text>
                    }
                }) }
            </g>
        }
    });
    html! { { for boxes } }
}

/// A group box's heading: its generation (classic), or its group epoch (consumer protocol),
/// marked while a rebalance runs or members have not reached the epoch yet.
fn heading(g: &GroupView<'_>, w: Words) -> String {
    match g.protocol {
        GroupProtocol::Classic => w.group_heading(g.name, g.generation, g.rebalancing),
        GroupProtocol::Consumer => {
            let behind = g.target_epoch.is_some_and(|t| t < g.generation)
                || g.members.iter().any(|m| m.in_group && m.generation < g.generation);
            w.epoch_heading(g.name, g.generation, behind)
        }
    }
}

/// A member's epoch, under the consumer protocol while the coordinator counts it.
fn epoch_of(g: &GroupView<'_>, m: &MemberView) -> Option<u32> {
    (g.protocol == GroupProtocol::Consumer && m.in_group).then_some(m.generation)
}

/// The brokers' row at the bottom, a dead one crossed out.
fn broker_row(brokers: &[(BrokerId, bool)], broker_y: f64, w: Words, watch: &[Watch<'static>]) -> Html {
    let row = brokers.iter().enumerate().map(|(i, (id, alive))| {
        let x = layout::STRIP_X + i as f64 * 64.0;
        html! {
            <g class={classes!("broker", "inspectable", (!alive).then_some("dead"), lit(watch, Watch::Broker(id.0)))} data-broker={id.0.to_string()} data-alive={alive.to_string()}
               role="button" tabindex="0" data-inspect={Subject::Broker(id.0).attr()}
               aria-label={format!("{} b{}", w.ui(Ui::InspectBroker), id.0)}>
                <rect x={x.to_string()} y={broker_y.to_string()} width="56" height="26" rx="6" />
                <text x={(x + 28.0).to_string()} y={(broker_y + 17.0).to_string()} text-anchor="middle">{format!("b{}", id.0)}</text>
                if !alive {
                    <line class="cross" x1={x.to_string()} y1={broker_y.to_string()} x2={(x + 56.0).to_string()} y2={(broker_y + 26.0).to_string()} />
                }
            </g>
        }
    });
    html! { { for row } }
}

fn member_fault(group: &str, member: u32, running: bool, w: Words) -> (String, Command) {
    let group = group.to_string();
    if running {
        (format!("{} {group} m{member}", w.ui(Ui::Crash)), Command::CrashMember { group, member })
    } else {
        (format!("{} {group} m{member}", w.ui(Ui::Revive)), Command::ReviveMember { group, member })
    }
}

/// Buttons for the faults: kill or revive a broker, crash, pause or revive a member.
#[function_component(Faults)]
pub fn faults(props: &SimProps) -> Html {
    let picked = use_state(|| 0usize);
    let Some(on_command) = props.on_command.clone() else { return html! {} };
    let s = props.sim.borrow();
    let w = words(s.lang);
    let view = s.world().view();
    let members: Vec<(String, u32, bool)> = view
        .groups()
        .flat_map(|g| {
            let group = g.name.to_string();
            g.members.into_iter().map(move |m| (group.clone(), m.index, m.state == MemberState::Running))
        })
        .collect();
    let send = |command: Command| {
        let on_command = on_command.clone();
        Callback::from(move |_: MouseEvent| on_command.emit(command.clone()))
    };
    html! {
        <div class="faults" role="group" aria-label={w.ui(Ui::Faults)}>
            if let Some(producer) = view.producers().next().map(|p| p.name.to_string()) {
                <button type="button" id="flood-producer" onclick={send(Command::Flood { producer: producer.clone(), count: 20 })}
                    title={w.ui(Ui::FloodTitle)}>
                    {format!("{} {producer} ×20", w.ui(Ui::Flood))}
                </button>
            }
            { for view.brokers().map(|(id, alive)| {
                let (label, command) = if alive {
                    (format!("{} b{}", w.ui(Ui::Kill), id.0), Command::KillBroker { broker: id.0 })
                } else {
                    (format!("{} b{}", w.ui(Ui::ReviveBroker), id.0), Command::ReviveBroker { broker: id.0 })
                };
                // A controlled shutdown beside the crash: leaderships move first (KRaft).
                let stop = Command::StopBroker { broker: id.0 };
                html! {
                    <>
                    <button type="button" class="broker-fault" data-broker={id.0.to_string()} onclick={send(command)}>{label}</button>
                    if alive {
                        <button type="button" class="broker-stop" data-broker={id.0.to_string()} onclick={send(stop)}
                            title={w.ui(Ui::StopBrokerTitle)}>
                            {format!("{} b{}", w.ui(Ui::StopBroker), id.0)}
                        </button>
                    }
                    </>
                }
            }) }
            { share_faults(&view, &send, &on_command, props.refused.as_deref(), w) }
            if members.len() <= MEMBER_BUTTONS_MAX {
                { for members.iter().map(|(group, member, running)| {
                    let (group, member) = (group.clone(), *member);
                    let (label, command) = member_fault(&group, member, *running, w);
                    let pause = Command::PauseMember { group: group.clone(), member };
                    html! {
                        <>
                        <button type="button" class="member-fault" data-group={group.clone()} data-member={member.to_string()} onclick={send(command)}>{label}</button>
                        if *running {
                            <button type="button" class="member-pause" data-group={group.clone()} data-member={member.to_string()} onclick={send(pause)}>
                                {format!("{} {group} m{member}", w.ui(Ui::PauseClient))}
                            </button>
                        }
                        </>
                    }
                }) }
            } else {
                // Hundreds of members: one picker rather than a wall of buttons.
                <label class="member-picker">{w.ui(Ui::Member)}
                    <select id="fault-member" onchange={{
                        let picked = picked.clone();
                        Callback::from(move |e: Event| {
                            picked.set(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value().parse().unwrap_or(0));
                        })
                    }}>
                        { for members.iter().enumerate().map(|(i, (group, member, running))| html! {
                            <option value={i.to_string()} selected={i == *picked}>
                                {format!("{group} m{member}{}", if *running { "" } else { " ✕" })}
                            </option>
                        }) }
                    </select>
                </label>
                if let Some((group, member, running)) = members.get(*picked) {
                    <button type="button" class="member-fault" data-group={group.clone()} data-member={member.to_string()}
                        onclick={send(member_fault(group, *member, *running, w).1)}>
                        {if *running { w.ui(Ui::Crash) } else { w.ui(Ui::Revive) }}
                    </button>
                }
            }
        </div>
    }
}

#[function_component(Partitions)]
pub fn partitions(props: &SimProps) -> Html {
    let s = props.sim.borrow();
    let view = s.world().view();
    let topics = view.event_broker().topics();
    if topics.is_empty() {
        return html! {};
    }
    let several = topics.len() > 1;
    let group = view.groups().next();
    let w = words(s.lang);
    html! {
        <section class="stats" aria-label={w.ui(Ui::Partitions)}>
            <h2>{w.ui(Ui::Partitions)}</h2>
            <table>
                <thead><tr>
                    if several { <th scope="col">{w.ui(Ui::Topic)}</th> }
                    <th scope="col">{"P"}</th>
                    <th scope="col" title={w.ui(Ui::LogStartTitle)}>{w.ui(Ui::Start)}</th>
                    <th scope="col" title={w.ui(Ui::HighWatermarkTitle)}>{"HW"}</th>
                    <th scope="col" title={w.ui(Ui::LogEndTitle)}>{"LEO"}</th>
                    <th scope="col" title={w.ui(Ui::CommittedTitle)}>{w.ui(Ui::Committed)}</th>
                    <th scope="col">{w.ui(Ui::Lag)}</th>
                </tr></thead>
                <tbody>
                { for topics.iter().enumerate().flat_map(|(ti, topic)| topic.partitions().iter().enumerate().map(move |(p, log)| (ti, topic, p, log))).map(|(ti, topic, p, log)| {
                    let pi = PartitionIndex(p as u32);
                    // The first topic's rows keep the short test id older links and tests use.
                    let testid = if ti == 0 { format!("partition-stats-{p}") } else { format!("partition-stats-{}-{p}", topic.name()) };
                    let committed = group.as_ref().and_then(|g| view.committed(g.name, topic.name(), pi));
                    let lag = group.as_ref().and_then(|g| view.lag(g.name, topic.name(), pi)).unwrap_or(0);
                    html! {
                        <tr data-testid={testid} data-topic={topic.name().to_string()} data-leo={log.log_end().0.to_string()}
                            data-committed={committed.map_or(String::new(), |c| c.0.to_string())} data-lag={lag.to_string()}>
                            if several { <td>{topic.name().to_string()}</td> }
                            <td>{p}</td>
                            <td>{log.log_start().0}</td>
                            <td>{log.high_watermark().0}</td>
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

#[derive(Properties, Debug)]
pub struct TokensProps {
    pub sim: Rc<RefCell<EventSim>>,
    /// The diagram's viewBox size.
    pub view_box: (f64, f64),
}

impl PartialEq for TokensProps {
    fn eq(&self, _other: &Self) -> bool {
        false
    }
}

/// The records in flight, on a canvas over the diagram (`token_canvas`): the only part of the
/// diagram drawn every frame.
#[function_component(EventTokens)]
pub fn event_tokens(props: &TokensProps) -> Html {
    let sim = props.sim.clone();
    let collect = Collect::new(move |motion, out| {
        let s = sim.borrow();
        out.extend(s.flights.iter().map(|f| {
            let (x, y) = layout::along_with(f.hop.from, f.hop.to, s.progress(f), motion);
            let ring = match f.hop.answer {
                None | Some(ShareAnswer::Release) => Ring::Plain,
                Some(ShareAnswer::Accept) => Ring::Ack,
                Some(ShareAnswer::Reject) => Ring::Reject,
            };
            let r = if f.hop.answer.is_some() || f.hop.epoch.is_some() { 6.0 } else { 9.0 };
            Token { x, y, r, hue: f.hue, ring }
        }));
    });
    let lang = props.sim.borrow().lang;
    html! { <TokenCanvas {collect} view_box={props.view_box} noun={Noun::Records} {lang} /> }
}
