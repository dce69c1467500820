//! Share groups (KIP-932) on the event broker's diagram: a box per share group under the
//! consumer groups (its members, what each holds, a legend of the share states), a bar on each
//! in-flight offset cell coloured by its share state, SPSO and SPEO marked on the strip, and
//! the crash and revive buttons. It reads the core's `View` and draws; it changes nothing.

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::event_broker::share::{RecordState, SharePartition, ShareSetting};
use brokerlab_core::world::{AcknowledgementMode, MemberState, ShareAnswer, ShareCommand, ShareGroupView};
use brokerlab_core::{Command, View};
use yew::prelude::*;

use crate::checkpoint::{Watch, lit};
use crate::layout::{self, CELL_H, CELL_W};
use crate::subject::Subject;
use crate::words::{Ui, Words};

/// The four share states in the order a record passes through them, for the legend.
const STATES: [RecordState; 4] = [RecordState::Available, RecordState::Acquired, RecordState::Acknowledged, RecordState::Archived];

/// A share state as the diagram's classes and `data-share-state` name it.
pub(crate) fn state_id(state: RecordState) -> &'static str {
    match state {
        RecordState::Available => "available",
        RecordState::Acquired => "acquired",
        RecordState::Acknowledged => "acknowledged",
        RecordState::Archived => "archived",
    }
}

/// A share state in the learner's words.
pub(crate) fn state_words(state: RecordState, w: Words) -> &'static str {
    match state {
        RecordState::Available => w.ui(Ui::ShareAvailable),
        RecordState::Acquired => w.ui(Ui::ShareAcquired),
        RecordState::Acknowledged => w.ui(Ui::ShareAcknowledged),
        RecordState::Archived => w.ui(Ui::ShareArchived),
    }
}

/// The share groups reading `topic`, with their index among all share groups.
fn on_topic<'a>(shares: &'a [ShareGroupView<'a>], topic: &'a str) -> impl Iterator<Item = (usize, &'a ShareGroupView<'a>)> + 'a {
    shares.iter().enumerate().filter(move |(_, g)| g.topic.is_some_and(|t| &**t == topic))
}

/// How many records `member` (its id) holds across the group's share-partitions.
fn held_by(view: &View<'_>, group: &str, member: &str, partitions: u32) -> usize {
    (0..partitions)
        .filter_map(|p| view.share_partition(group, PartitionIndex(p)))
        .flat_map(SharePartition::records)
        .filter(|r| r.state.state == RecordState::Acquired && r.state.member.as_deref() == Some(member))
        .count()
}

/// What one strip shows of its share-partitions: an edge to each share group reading it, a bar
/// per in-flight cell in each share group's lane (lanes stack in the order of the groups'
/// boxes, the first on top), and each group's SPSO and SPEO.
pub(crate) struct StripShare<'a> {
    pub view: &'a View<'a>,
    pub shares: &'a [ShareGroupView<'a>],
    /// Each share group's box (top, height), in share group order.
    pub boxes: &'a [(f64, f64)],
    pub topic: &'a str,
    pub partition: u32,
    /// The strip's top and its first offset shown.
    pub y: f64,
    pub first: u64,
}

/// Share groups of one topic whose states a cell draws as bars; the rest (rare) are in the
/// cell's tooltip and the inspector.
const SHARE_LANES: usize = 3;

/// Lane `lane` of `lanes` at the foot of a cell: its top and height. One group keeps the
/// single 5 px bar; more split the band under the offset's number.
fn lane(lane: usize, lanes: usize) -> (f64, f64) {
    if lanes <= 1 {
        return (CELL_H - 8.0, 5.0);
    }
    let band = (CELL_H - 12.0, 10.0);
    let h = (band.1 - (lanes - 1) as f64) / lanes as f64;
    (band.0 + lane as f64 * (h + 1.0), h)
}

/// The width a label of `text` takes on the diagram (12 px text), to keep labels apart.
fn label_w(text: &str) -> f64 {
    text.chars().count() as f64 * 7.5
}

impl StripShare<'_> {
    pub(crate) fn draw(&self, w: Words) -> Html {
        let y = self.y;
        let edges = on_topic(self.shares, self.topic).filter_map(|(i, _)| self.boxes.get(i)).map(|(by, bh)| {
            html! {
                <line class="edge share-edge" x1={(layout::STRIP_X + layout::STRIP_W).to_string()} y1={(y + CELL_H / 2.0).to_string()}
                      x2={layout::GROUP_X.to_string()} y2={(by + bh / 2.0).to_string()} />
            }
        });
        let groups: Vec<_> = on_topic(self.shares, self.topic)
            .filter_map(|(_, g)| Some((g.name, self.view.share_partition(g.name, PartitionIndex(self.partition))?)))
            .take(SHARE_LANES)
            .collect();
        let lanes = groups.len();
        // Labels already placed on the label line (from, to), so a later group's never lies
        // on an earlier one's.
        let mut taken: Vec<(f64, f64)> = Vec::new();
        let drawn = groups.iter().enumerate().map(|(i, (name, share))| self.draw_group(name, share, i, lanes, &mut taken, w)).collect::<Html>();
        html! {
            <>
            { for edges }
            { drawn }
            </>
        }
    }

    /// One share group's bars (in its lane), its SPSO and SPEO markers and their labels. The
    /// first group's labels sit at its markers; a later group's (dashed markers) say its name
    /// and go where the label line is free.
    fn draw_group(&self, name: &str, share: &SharePartition, index: usize, lanes: usize, taken: &mut Vec<(f64, f64)>, w: Words) -> Html {
        let (y, first) = (self.y, self.first);
        let last_shown = first + layout::CELLS_SHOWN - 1;
        let (lane_y, lane_h) = lane(index, lanes);
        let bars = share.records().filter(|r| (first..=last_shown).contains(&r.offset)).map(|r| {
            let x = layout::cell_x(r.offset, first);
            let state = r.state.state;
            html! {
                <rect class={classes!("share-state", state_id(state))} data-offset={r.offset.to_string()} data-share-state={state_id(state)}
                      data-group={name.to_string()} data-lane={index.to_string()}
                      data-delivery-count={r.state.delivery_count.to_string()} data-holder={r.state.member.as_deref().unwrap_or("").to_string()}
                      x={(x + 3.0).to_string()} y={(y + lane_y).to_string()} width={(CELL_W - 6.0).to_string()} height={lane_h.to_string()} rx="1" />
            }
        });
        let clamp = |x: f64| x.clamp(layout::STRIP_X, layout::STRIP_X + layout::STRIP_W);
        let (start, end) = (share.start_offset().0, share.end_offset().0);
        let start_x = clamp(layout::cell_x(start, first) - if start < first { CELL_W } else { 0.0 });
        // An empty window, or one scrolled out to the left, ends where it starts.
        let empty = share.records().next().is_none();
        let end_x = if empty || end < first { start_x } else { clamp(layout::cell_x(end, first) + CELL_W) };
        let label_y = y + CELL_H + 29.0;
        let subject = Subject::SharePartition { group: name.to_string(), partition: self.partition };
        let labels = if index == 0 {
            let (spso, speo) = (format!("SPSO {start}"), format!("SPEO {end}"));
            taken.push((start_x - 3.0 - label_w(&spso), start_x - 3.0));
            taken.push((end_x + 3.0, end_x + 3.0 + label_w(&speo)));
            html! {
                <>
                <text class="share-label" x={(start_x - 3.0).to_string()} y={label_y.to_string()} text-anchor="end">
                    <title>{w.ui(Ui::ShareStartTitle)}</title>{spso}
                </text>
                <text class="share-label" x={(end_x + 3.0).to_string()} y={label_y.to_string()}>
                    <title>{w.ui(Ui::ShareEndTitle)}</title>{speo}
                </text>
                </>
            }
        } else {
            // The group's name and its window, SPSO–SPEO; the title says what the ends are.
            let text = format!("{name} {start}–{end}");
            let width = label_w(&text);
            let right = layout::STRIP_X + layout::STRIP_W;
            let free = |from: f64| taken.iter().all(|(a, b)| from + width + 14.0 <= *a || from >= b + 14.0);
            let mut candidates = vec![right - width, layout::STRIP_X];
            candidates.extend(taken.iter().map(|(_, b)| b + 16.0));
            let from = candidates.into_iter().find(|x| free(*x)).unwrap_or(right - width);
            taken.push((from, from + width));
            html! {
                <text class="share-label later" x={from.to_string()} y={label_y.to_string()}>
                    <title>{format!("{}\n{}", w.ui(Ui::ShareStartTitle), w.ui(Ui::ShareEndTitle))}</title>{text}
                </text>
            }
        };
        let marker = |x: f64, class: &'static str| html! {
            <line class={classes!("share-marker", class, (index > 0).then_some("later"))} x1={x.to_string()} y1={(y - 3.0).to_string()} x2={x.to_string()} y2={(y + CELL_H + 18.0).to_string()} />
        };
        html! {
            <>
            { for bars }
            <g class="share-marks inspectable" role="button" tabindex="0" data-inspect={subject.attr()} data-group={name.to_string()}
               data-spso={start.to_string()} data-speo={end.to_string()}
               aria-label={format!("{} {} P{}", w.ui(Ui::InspectSharePartition), name, self.partition)}>
                { marker(start_x, "spso") }
                { marker(end_x, "speo") }
                { labels }
            </g>
            </>
        }
    }
}

/// Each share group's state of one record, for its cell's tooltip: one line per share group
/// that has the offset in flight.
pub(crate) fn record_share_lines(view: &View<'_>, shares: &[ShareGroupView<'_>], topic: &str, partition: u32, offset: u64, w: Words) -> String {
    on_topic(shares, topic)
        .filter_map(|(_, g)| {
            let record = view.share_partition(g.name, PartitionIndex(partition))?.record(offset)?;
            let state = state_words(record.state, w);
            Some(format!("\n{}", w.share_record_title(g.name, state, record.member.as_deref(), record.delivery_count, record.lock_expires_at)))
        })
        .collect()
}

/// The share groups' boxes, under the consumer groups' in the same column.
pub(crate) fn share_boxes(view: &View<'_>, shares: &[ShareGroupView<'_>], boxes: &[(f64, f64)], w: Words, watch: &[Watch<'static>]) -> Html {
    let gx = layout::GROUP_X;
    let broker = view.event_broker();
    let rendered = shares.iter().zip(boxes).map(|(g, (gy, gh))| {
        let partitions = g.topic.and_then(|t| broker.topic(t)).map_or(0, |t| t.partition_count());
        let row_y = |row: usize| gy + 38.0 + layout::MEMBER_H * row as f64;
        let members = g.members.iter().enumerate().map(|(mi, m)| {
            let held = held_by(view, g.name, m.id, partitions);
            let (state, word) = member_state(m.state, w);
            // A running member that fails its records says how instead of "running" (the box
            // has room for one word); its title says both.
            let shown = if m.state == MemberState::Running && m.answer != ShareAnswer::Accept { answer_short(m.answer, w) } else { word };
            let parts = partitions_label(m.assigned, m.in_group);
            let assigned = m.assigned.iter().map(u32::to_string).collect::<Vec<_>>().join(",");
            html! {
                <text class={classes!("member", "share-member", state)} data-member={mi.to_string()} data-state={state} data-held={held.to_string()}
                      data-answer={answer_id(m.answer)} data-assigned={assigned} data-in-group={m.in_group.to_string()} x={(gx + 10.0).to_string()} y={row_y(mi).to_string()}>
                    <title>{format!("{word} · {}", answer_long(m.answer, w))}</title>
                    {w.share_member_line(mi as u32, &parts, held, shown)}
                </text>
            }
        });
        let legend = STATES.iter().enumerate().map(|(i, state)| {
            let ly = row_y(g.members.len() + i);
            html! {
                <g class="share-legend">
                    <rect class={classes!("share-state", state_id(*state))} x={(gx + 10.0).to_string()} y={(ly - 8.0).to_string()} width="18" height="5" rx="1" />
                    <text class="member" x={(gx + 34.0).to_string()} y={ly.to_string()}>{state_words(*state, w)}</text>
                </g>
            }
        });
        html! {
            <g class={classes!("share-group", lit(watch, Watch::Group(g.name)))} data-share-group={g.name.to_string()}>
                <g class="inspectable" role="button" tabindex="0" data-inspect={Subject::ShareGroup(g.name.to_string()).attr()}
                   aria-label={format!("{} {}", w.ui(Ui::InspectShareGroup), g.name)}>
                    <rect x={gx.to_string()} y={gy.to_string()} width={layout::GROUP_W.to_string()} height={gh.to_string()} rx="10" />
                    <text x={(gx + 10.0).to_string()} y={(gy + 20.0).to_string()}>{w.share_heading(g.name)}</text>
                </g>
                { for members }
                { for legend }
            </g>
        }
    });
    html! { { for rendered } }
}

/// The partitions a share member's assignment gives it, short (`P0–2,5`), or `–` (as a
/// consumer group's member with none shows) once it left the group (its session timed out).
pub(crate) fn partitions_label(assigned: &std::collections::BTreeSet<u32>, in_group: bool) -> String {
    if !in_group || assigned.is_empty() {
        return String::from("–");
    }
    let mut runs: Vec<(u32, u32)> = Vec::new();
    for &p in assigned {
        match runs.last_mut() {
            Some((_, last)) if *last + 1 == p => *last = p,
            _ => runs.push((p, p)),
        }
    }
    let runs: Vec<String> = runs.iter().map(|&(a, b)| if a == b { a.to_string() } else { format!("{a}–{b}") }).collect();
    format!("P{}", runs.join(","))
}

/// A share member's state as `data-state` names it, and in the learner's words.
fn member_state(state: MemberState, w: Words) -> (&'static str, &'static str) {
    match state {
        MemberState::Crashed => ("crashed", w.ui(Ui::MemberCrashed)),
        MemberState::Paused => ("paused", w.ui(Ui::MemberPaused)),
        _ => ("running", w.ui(Ui::MemberRunning)),
    }
}

/// An answer as `data-answer` and the select's values name it (Kafka's acknowledge types).
fn answer_id(answer: ShareAnswer) -> &'static str {
    match answer {
        ShareAnswer::Accept => "accept",
        ShareAnswer::Release => "release",
        ShareAnswer::Reject => "reject",
    }
}

fn answer_short(answer: ShareAnswer, w: Words) -> &'static str {
    match answer {
        ShareAnswer::Accept => w.ui(Ui::ShareAnswerAcceptShort),
        ShareAnswer::Release => w.ui(Ui::ShareAnswerReleaseShort),
        ShareAnswer::Reject => w.ui(Ui::ShareAnswerRejectShort),
    }
}

const ANSWERS: [ShareAnswer; 3] = [ShareAnswer::Accept, ShareAnswer::Release, ShareAnswer::Reject];

/// For the faults row: crash or revive, and pause or resume, each share-group member (as a
/// consumer group's members get), then each share group's settings behind one button.
pub(crate) fn share_faults(
    view: &View<'_>,
    send: &dyn Fn(Command) -> Callback<MouseEvent>,
    on_command: &Callback<Command>,
    refused: Option<&str>,
    w: Words,
) -> Html {
    let buttons = view.share_group_views().flat_map(|g| {
        let group = g.name.to_string();
        g.members.into_iter().enumerate().map(move |(m, member)| (group.clone(), m as u32, member.state))
    });
    let buttons = buttons.take(crate::limits::MEMBER_BUTTONS_MAX).map(|(group, member, state)| {
        let (label, command) = if state == MemberState::Crashed {
            (w.ui(Ui::Revive), Command::Share(ShareCommand::ReviveShareMember { group: group.clone(), member }))
        } else {
            (w.ui(Ui::Crash), Command::Share(ShareCommand::CrashShareMember { group: group.clone(), member }))
        };
        let pause = match state {
            MemberState::Running => Some((w.ui(Ui::PauseClient), Command::Share(ShareCommand::PauseShareMember { group: group.clone(), member }))),
            MemberState::Paused => Some((w.ui(Ui::Resume), Command::Share(ShareCommand::ResumeShareMember { group: group.clone(), member }))),
            _ => None,
        };
        html! {
            <>
            <button type="button" class="share-fault" data-group={group.clone()} data-member={member.to_string()} onclick={send(command)}>
                {format!("{label} {group} m{member}")}
            </button>
            if let Some((label, command)) = pause {
                <button type="button" class="share-pause" data-group={group.clone()} data-member={member.to_string()} onclick={send(command)}>
                    {format!("{label} {group} m{member}")}
                </button>
            }
            </>
        }
    });
    let settings = view.share_group_views().map(|g| share_settings(&g, on_command, refused, w));
    html! { <>{ for buttons }{ for settings }</> }
}

/// One share group's settings, folded behind a button in the faults row: each member's answer
/// (so a member can fail every record it gets), the lock duration and the delivery limit. A
/// value outside Kafka's range is sent as typed: the core refuses it and the page says why.
fn share_settings(g: &ShareGroupView<'_>, on_command: &Callback<Command>, refused: Option<&str>, w: Words) -> Html {
    let group = g.name.to_string();
    let members = g.members.iter().enumerate().take(crate::limits::MEMBER_BUTTONS_MAX).map(|(m, member)| {
        let member_index = m as u32;
        let onchange = {
            let (on_command, group) = (on_command.clone(), group.clone());
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                let answer = ANSWERS.into_iter().find(|a| answer_id(*a) == value).unwrap_or_default();
                on_command.emit(Command::Share(ShareCommand::SetShareMemberAnswer { group: group.clone(), member: member_index, answer }));
            })
        };
        html! {
            <label class="share-answer">{format!("m{m}")}
                <select data-group={group.clone()} data-member={m.to_string()} {onchange}>
                    { for ANSWERS.iter().map(|a| html! {
                        <option value={answer_id(*a)} selected={*a == member.answer}>{answer_long(*a, w)}</option>
                    }) }
                </select>
            </label>
        }
    });
    // `share.acknowledgement.mode`: under implicit every member accepts, so the answers are off.
    let implicit = g.acknowledgement_mode == AcknowledgementMode::Implicit;
    let mode_change = {
        let (on_command, group) = (on_command.clone(), group.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
            let mode = if value == "implicit" { AcknowledgementMode::Implicit } else { AcknowledgementMode::Explicit };
            on_command.emit(Command::Share(ShareCommand::SetShareAcknowledgementMode { group: group.clone(), mode }));
        })
    };
    let setting = |setting: ShareSetting, label: &'static str, value: u64| {
        let onchange = {
            let (on_command, group) = (on_command.clone(), group.clone());
            Callback::from(move |e: Event| {
                let typed = e.target_unchecked_into::<web_sys::HtmlInputElement>().value();
                on_command.emit(Command::Share(ShareCommand::SetShareGroupConfig { group: group.clone(), setting, value: typed_value(&typed) }));
            })
        };
        html! {
            <label class="share-setting">{label}
                <SettingInput {setting} {value} {onchange} />
            </label>
        }
    };
    html! {
        <details class="share-settings" data-group={group.clone()}>
            <summary title={w.ui(Ui::ShareSettingsTitle)}>{format!("{} {group}", w.ui(Ui::ShareSettings))}</summary>
            <div class="share-settings-panel">
                <label class="share-setting">{w.ui(Ui::AckModeLabel)}
                    <select class="share-ack-mode" data-group={group.clone()} onchange={mode_change}>
                        <option value="explicit" selected={!implicit}>{w.ui(Ui::AckExplicit)}</option>
                        <option value="implicit" selected={implicit}>{w.ui(Ui::AckImplicit)}</option>
                    </select>
                </label>
                <fieldset disabled={implicit}>
                    <legend>{w.ui(Ui::ShareAnswerLabel)}</legend>
                    { for members }
                </fieldset>
                { setting(ShareSetting::RecordLockDurationMs, w.ui(Ui::ShareLockMs), g.record_lock_duration_ms) }
                { setting(ShareSetting::DeliveryCountLimit, w.ui(Ui::DeliveryCountLimit), u64::from(g.delivery_count_limit)) }
                if let Some(message) = refused {
                    <p class="error share-refused">{message}</p>
                }
                <p class="hint">{w.ui(Ui::ShareSetHint)}</p>
            </div>
        </details>
    }
}

#[derive(Properties, PartialEq)]
struct SettingInputProps {
    setting: ShareSetting,
    /// The group's value in the model.
    value: u64,
    onchange: Callback<Event>,
}

/// A share group's setting as a number box that the page's redraws (ten a second while
/// playing) leave alone: the box shows the model's value when it changes, and otherwise keeps
/// what the learner types, so typing is not undone mid-number and a refused value stays in view
/// beside the reason.
#[function_component(SettingInput)]
fn setting_input(props: &SettingInputProps) -> Html {
    let input = use_node_ref();
    {
        let input = input.clone();
        use_effect_with(props.value, move |value| {
            if let Some(el) = input.cast::<web_sys::HtmlInputElement>() {
                el.set_value(&value.to_string());
            }
        });
    }
    let range = props.setting.range();
    html! {
        <input ref={input} type="number" data-setting={props.setting.kafka_name()} inputmode="numeric"
               min={range.start().to_string()} max={range.end().to_string()} onchange={props.onchange.clone()} />
    }
}

fn answer_long(answer: ShareAnswer, w: Words) -> &'static str {
    match answer {
        ShareAnswer::Accept => w.ui(Ui::ShareAnswerAccept),
        ShareAnswer::Release => w.ui(Ui::ShareAnswerRelease),
        ShareAnswer::Reject => w.ui(Ui::ShareAnswerReject),
    }
}

/// What the learner typed, as the value the command carries: a whole number as it is, a
/// negative one or anything else as 0, so the core refuses it with Kafka's range.
fn typed_value(typed: &str) -> u64 {
    typed.trim().parse::<u64>().unwrap_or_else(|_| if typed.trim().parse::<f64>().is_ok_and(|v| v > 0.0) { u64::MAX } else { 0 })
}
