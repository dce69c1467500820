//! The Yew components. The simulation lives in a `use_mut_ref`; an animation-frame loop
//! advances it and asks for a redraw only when something visible changed.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use brokerlab_core::event_broker::PartitionIndex;
use brokerlab_core::{Command, Lang};
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::layout::{self, CELL_H, CELL_W};
use crate::sim::Sim;

#[function_component(App)]
pub fn app() -> Html {
    let sim = use_mut_ref(|| Sim::new(&Sim::default_scenario()).expect("the built-in scenario is valid"));
    let redraw = use_force_update();
    let key = use_state(|| String::from("alice"));
    let error = use_state(|| None::<String>);

    {
        let sim = sim.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            let handle = AnimationLoop::start(move |ts| {
                if sim.borrow_mut().frame(ts) {
                    redraw.force_update();
                }
            });
            move || drop(handle)
        });
    }

    let produce = {
        let sim = sim.clone();
        let key = key.clone();
        let error = error.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let k = (*key).trim().to_string();
            let command = Command::Produce { producer: "shop".into(), key: (!k.is_empty()).then_some(k), value: None };
            match sim.borrow_mut().apply(command) {
                Ok(()) => error.set(None),
                Err(e) => error.set(Some(e.to_string())),
            }
            redraw.force_update();
        })
    };
    let on_key = {
        let key = key.clone();
        Callback::from(move |e: InputEvent| key.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };
    let toggle = {
        let sim = sim.clone();
        let redraw = redraw.clone();
        Callback::from(move |_| {
            let mut s = sim.borrow_mut();
            s.playing = !s.playing;
            drop(s);
            redraw.force_update();
        })
    };
    let on_speed = {
        let sim = sim.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            sim.borrow_mut().speed = value.parse().unwrap_or(1.0);
        })
    };
    let on_lang = {
        let sim = sim.clone();
        let redraw = redraw.clone();
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            sim.borrow_mut().lang = if value == "ko" { Lang::Ko } else { Lang::En };
            redraw.force_update();
        })
    };

    let s = sim.borrow();
    let ko = s.lang == Lang::Ko;
    let t = |en: &'static str, kr: &'static str| if ko { kr } else { en };
    html! {
        <div class="app">
            <header class="topbar">
                <div class="brand"><span class="logo" aria-hidden="true">{"◆"}</span>{"Brokerlab"}</div>
                <nav class="tabs" aria-label={t("Views", "보기")}>
                    <span class="tab active" aria-current="page">{t("Event broker", "이벤트 브로커")}</span>
                </nav>
                <label class="lang">
                    <span class="visually-hidden">{t("Language", "언어")}</span>
                    <select onchange={on_lang} aria-label={t("Language", "언어")}>
                        <option value="en" selected={!ko}>{"English"}</option>
                        <option value="ko" selected={ko}>{"한국어"}</option>
                    </select>
                </label>
            </header>
            <main class="layout">
                <section class="stage" aria-label={t("Diagram", "다이어그램")}>
                    <Diagram sim={sim.clone()} />
                    <form class="transport" onsubmit={produce}>
                        <label>{t("Key", "키")}
                            <input id="key" type="text" value={(*key).clone()} oninput={on_key}
                                maxlength="256" autocomplete="off" aria-label={t("Record key", "레코드 키")} />
                        </label>
                        <button type="submit" id="produce" class="primary">{t("Produce", "보내기")}</button>
                        <button type="button" id="play" onclick={toggle} aria-pressed={(!s.playing).to_string()}>
                            { if s.playing { t("Pause", "일시정지") } else { t("Play", "재생") } }
                        </button>
                        <label>{t("Speed", "속도")}
                            <select id="speed" onchange={on_speed}>
                                { for ["0.25", "0.5", "1", "2", "4", "8"].iter().map(|v| html! {
                                    <option value={*v} selected={*v == "1"}>{format!("{v}×")}</option>
                                }) }
                            </select>
                        </label>
                        <span class="clock" aria-live="off">{format!("t = {}", s.now())}</span>
                        if let Some(message) = &*error {
                            <p class="error" role="alert">{message}</p>
                        }
                    </form>
                    <p class="legend">
                        <span class="caret-key" aria-hidden="true">{"▼"}</span>
                        {t(" committed offset: the next record the group reads · LEO: log end offset · lag = high watermark − committed",
                           " 커밋된 오프셋: 그룹이 다음에 읽을 레코드 · LEO: 로그 끝 오프셋 · 랙 = 하이 워터마크 − 커밋")}
                    </p>
                </section>
                <aside class="side">
                    <Partitions sim={sim.clone()} />
                    <section class="log" aria-label={t("Event log", "이벤트 기록")}>
                        <h2>{t("Event log", "이벤트 기록")}</h2>
                        // Newest at the bottom; rendered newest-first into a column-reverse
                        // list so the scroll position stays pinned to the newest line.
                        <ol id="event-log">
                            { for s.log.iter().rev().take(60).map(|line| html! {
                                <li class={classes!("ev", line.kind)} data-kind={line.kind}>
                                    <time>{format!("{}", line.at)}</time>
                                    <span>{&line.text}</span>
                                </li>
                            }) }
                        </ol>
                    </section>
                </aside>
            </main>
        </div>
    }
}

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
fn diagram(props: &SimProps) -> Html {
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
fn partitions(props: &SimProps) -> Html {
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

/// The frame callback, shared with itself so it can schedule the next frame.
type FrameCallback = Rc<RefCell<Option<Closure<dyn FnMut(f64)>>>>;

/// A `requestAnimationFrame` loop that runs until dropped.
struct AnimationLoop {
    stopped: Rc<Cell<bool>>,
    closure: FrameCallback,
}

impl AnimationLoop {
    fn start(mut on_frame: impl FnMut(f64) + 'static) -> AnimationLoop {
        let stopped = Rc::new(Cell::new(false));
        let closure: FrameCallback = Rc::new(RefCell::new(None));
        let again = closure.clone();
        let stop = stopped.clone();
        *closure.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if stop.get() {
                return;
            }
            on_frame(ts);
            if let Some(callback) = again.borrow().as_ref() {
                request_frame(callback);
            }
        }));
        if let Some(callback) = closure.borrow().as_ref() {
            request_frame(callback);
        }
        AnimationLoop { stopped, closure }
    }
}

impl Drop for AnimationLoop {
    fn drop(&mut self) {
        self.stopped.set(true);
        // Break the closure's reference to itself.
        self.closure.borrow_mut().take();
    }
}

fn request_frame(callback: &Closure<dyn FnMut(f64)>) {
    if let Some(window) = web_sys::window() {
        let _ = window.request_animation_frame(callback.as_ref().unchecked_ref());
    }
}
