//! The message broker view: publishers → exchanges → (bindings) → queues → consumers, with
//! tokens for publishes, deliveries and acks, and controls for the faults that teach.

use std::cell::RefCell;
use std::rc::Rc;

use brokerlab_core::message_broker::MessageBroker;
use brokerlab_core::message_broker::exchange::Destination;
use brokerlab_core::world::message::MessageCommand;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use crate::checkpoint::{Watch, lit};
use crate::page::Action;
use crate::subject::Subject;
use crate::layout::along_with;
use crate::message_layout::{BOX_H, BOX_W, MessageLayout, WIDTH};
use crate::message_act::{MessageSim, Place};
use crate::token_canvas::{Collect, Noun, Ring, Token, TokenCanvas};
use crate::words::{Ui, Words, words};

#[derive(Properties, Debug)]
pub struct MessageProps {
    pub sim: Rc<RefCell<MessageSim>>,
    /// What the open lesson step points at, highlighted.
    #[prop_or_default]
    pub watch: Vec<Watch<'static>>,
    /// Commands go through here.
    pub dispatch: Callback<Action>,
    /// A compact drawing without controls (the compare view).
    #[prop_or_default]
    pub compact: bool,
    /// The last command refused on this view, in the page's language.
    #[prop_or_default]
    pub refused: Option<String>,
}

impl PartialEq for MessageProps {
    fn eq(&self, _other: &Self) -> bool {
        // Shared and mutated in place: the owner decides when to redraw.
        false
    }
}

/// The drawing's own properties: the simulation and whether it is the compact one.
#[derive(Properties, Debug)]
pub struct DrawingProps {
    pub sim: Rc<RefCell<MessageSim>>,
    #[prop_or_default]
    pub watch: Vec<Watch<'static>>,
    #[prop_or_default]
    pub compact: bool,
}

impl PartialEq for DrawingProps {
    fn eq(&self, _other: &Self) -> bool {
        // Shared and mutated in place: the owner decides when to redraw.
        false
    }
}

#[function_component(MessageView)]
pub fn message_view(props: &MessageProps) -> Html {
    let routing_key = use_state(|| String::from("order.placed"));
    // The publisher the learner picked; none picked (or it was removed): the first one.
    let chosen = use_state(|| None::<String>);
    let s = props.sim.borrow();
    let w = words(s.lang);

    let command = |command: MessageCommand| props.dispatch.reform(move |_: MouseEvent| Action::Message(command.clone()));
    // (name, exchange) of every publisher, and the one Publish and Flood use.
    let publishers: Vec<(String, String)> = s.side().publishers().map(|(name, exchange)| (name.to_string(), exchange.to_string())).collect();
    let publisher = match &*chosen {
        Some(name) if publishers.iter().any(|(p, _)| p == name) => name.clone(),
        _ => publishers.first().map(|(p, _)| p.clone()).unwrap_or_default(),
    };
    let on_publisher = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| chosen.set(Some(e.target_unchecked_into::<web_sys::HtmlSelectElement>().value())))
    };
    let publish = {
        let routing_key = routing_key.clone();
        let publisher = publisher.clone();
        props.dispatch.reform(move |e: SubmitEvent| {
            e.prevent_default();
            Action::Message(MessageCommand::Publish { publisher: publisher.clone(), routing_key: Some((*routing_key).clone()) })
        })
    };
    let on_key = {
        let routing_key = routing_key.clone();
        Callback::from(move |e: InputEvent| routing_key.set(e.target_unchecked_into::<HtmlInputElement>().value()))
    };

    html! {
        <div class="message-view">
            <Drawing sim={props.sim.clone()} compact={props.compact} watch={props.watch.clone()} />
            if !props.compact {
                <form class="transport" onsubmit={publish}>
                    // With several publishers the learner picks which one publishes (each to
                    // its own exchange); with one there is nothing to choose.
                    if publishers.len() > 1 {
                        <label>{w.ui(Ui::Publisher)}
                            <select id="publisher" onchange={on_publisher} aria-label={w.ui(Ui::PublisherPicker)}>
                                { for publishers.iter().map(|(name, exchange)| html! {
                                    <option value={name.clone()} selected={*name == publisher}>
                                        {format!("{name} → {}", if exchange.is_empty() { w.ui(Ui::DefaultExchange) } else { exchange.as_str() })}
                                    </option>
                                }) }
                            </select>
                        </label>
                    }
                    <label>{w.ui(Ui::RoutingKey)}
                        <input id="routing-key" type="text" value={(*routing_key).clone()} oninput={on_key}
                            maxlength="255" autocomplete="off" aria-label={w.ui(Ui::RoutingKey)} />
                    </label>
                    <button type="submit" id="publish" class="primary">{w.ui(Ui::Publish)}</button>
                    <button type="button" id="flood" onclick={command(MessageCommand::Flood { publisher: publisher.clone(), count: 20 })}>
                        {w.ui(Ui::Flood20)}
                    </button>
                    <button type="button" id="restart-broker" onclick={command(MessageCommand::RestartBroker)}>
                        {w.ui(Ui::RestartBroker)}
                    </button>
                    if let Some(message) = &props.refused {
                        <p class="error" role="alert">{message}</p>
                    }
                </form>
                <div class="consumers-controls" role="group" aria-label={w.ui(Ui::Consumers)}>
                    { for s.side().consumers().map(|(name, _, state, _)| {
                        let name = name.to_string();
                        let (label, cmd) = match state {
                            "down" => (w.ui(Ui::Revive), MessageCommand::ReviveConsumer { consumer: name.clone() }),
                            _ => (w.ui(Ui::Crash), MessageCommand::CrashConsumer { consumer: name.clone() }),
                        };
                        let (pause_label, pause_cmd) = match state {
                            "paused" => (w.ui(Ui::Resume), Some(MessageCommand::ResumeConsumer { consumer: name.clone() })),
                            "running" => (w.ui(Ui::PauseClient), Some(MessageCommand::PauseConsumer { consumer: name.clone() })),
                            _ => ("", None),
                        };
                        html! {
                            <span class="consumer-control" data-consumer={name.clone()} data-state={state}>
                                <strong>{&name}</strong>
                                <button type="button" class="crash" onclick={command(cmd)}>{label}</button>
                                if let Some(pause_cmd) = pause_cmd {
                                    <button type="button" class="pause" onclick={command(pause_cmd)}>{pause_label}</button>
                                }
                                // Closing the channel on purpose returns its unacked messages to
                                // the queue, marked redelivered.
                                if state != "down" {
                                    <button type="button" class="close-channel" onclick={command(MessageCommand::CloseChannel { consumer: name.clone() })}
                                        title={w.ui(Ui::CloseChannelTitle)}>
                                        {w.ui(Ui::CloseChannel)}
                                    </button>
                                }
                            </span>
                        }
                    }) }
                </div>
                if s.side().broker().cluster().size() > 1 {
                    <div class="node-controls" role="group" aria-label={w.ui(Ui::Nodes)}>
                        { for s.side().broker().cluster().nodes().map(|node| {
                            let running = s.side().broker().cluster().is_running(node);
                            let (label, cmd) = if running {
                                (w.ui(Ui::StopNode), MessageCommand::StopNode { node: node.0 })
                            } else {
                                (w.ui(Ui::StartNode), MessageCommand::StartNode { node: node.0 })
                            };
                            html! {
                                <button type="button" class="node-fault" data-node={node.0.to_string()} onclick={command(cmd)}>
                                    {format!("{label} n{}", node.0)}
                                </button>
                            }
                        }) }
                    </div>
                }
            }
        </div>
    }
}

#[function_component(Drawing)]
fn drawing(props: &DrawingProps) -> Html {
    let s = props.sim.borrow();
    let layout = &s.act.layout;
    let side = s.side();
    let broker = side.broker();
    let height = layout.height();
    let w = words(s.lang);

    let mut edges = Vec::new();
    // Publisher → its exchange.
    for (name, exchange) in side.publishers() {
        if let (Some(a), Some(b)) = (layout.right(0, name), layout.left(1, exchange)) {
            edges.push(html! { <line class="edge" x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} /> });
        }
    }
    // Bindings, labelled with their key or header rule.
    let mut labels = Vec::new();
    for exchange in broker.exchanges() {
        for (i, binding) in exchange.bindings().iter().enumerate() {
            let (Destination::Queue(q) | Destination::Exchange(q)) = &binding.destination;
            let column = if matches!(binding.destination, Destination::Queue(_)) { 2 } else { 1 };
            let (Some(a), Some(b)) = (layout.right(1, exchange.name()), layout.left(column, q)) else { continue };
            let pulsing = s.act.pulses.iter().any(|(x, dq, _)| x == exchange.name().as_ref() && dq == q.as_ref());
            edges.push(html! {
                <line class={classes!("edge", "binding", pulsing.then_some("pulse"))} data-exchange={exchange.name().to_string()} data-queue={q.to_string()}
                      x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} />
            });
            let label = if binding.arguments.is_empty() {
                if exchange.kind().as_str() == "fanout" { w.ui(Ui::AllMessages).to_string() } else { format!("\"{}\"", binding.routing_key) }
            } else {
                // A header rule reads "all: region=eu type=refund" (x-match first, then the
                // headers it compares).
                let rule = binding.arguments.iter().find(|(k, _)| &***k == "x-match").map_or(String::from("all"), |(_, v)| header_text(v));
                let pairs = binding
                    .arguments
                    .iter()
                    .filter(|(k, _)| &***k != "x-match")
                    .map(|(k, v)| format!("{k}={}", header_text(v)))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("{rule}: {pairs}")
            };
            // Labels sit mid-edge (queues face the exchanges feeding them, so edges rarely cross), staggered when
            // one exchange binds the same queue more than once.
            let (lx, ly) = (a.0 + (b.0 - a.0) * 0.5, a.1 + (b.1 - a.1) * 0.5);
            let ly = ly - 6.0 - (i % 2) as f64 * 12.0 * f64::from(u8::from(a.1 == b.1));
            let subject = Subject::Binding { source: exchange.name().to_string(), destination: q.to_string(), routing_key: binding.routing_key.to_string() };
            labels.push(html! {
                <text class="binding-label inspectable" x={(lx - 10.0).to_string()} y={ly.to_string()} text-anchor="middle"
                      role="button" tabindex="0" data-inspect={subject.attr()}
                      aria-label={format!("{} {} → {} {label}", w.ui(Ui::InspectBinding), exchange.name(), q)}>{label.clone()}</text>
            });
        }
    }
    // The default exchange routes to the queue named by the key: show the pulse only.
    for (x, q, _) in s.act.pulses.iter().filter(|(x, ..)| x.is_empty()) {
        if let (Some(a), Some(b)) = (layout.right(1, x), layout.left(2, q)) {
            edges.push(html! { <line class="edge binding pulse" x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} /> });
        }
    }
    // Queue → consumer.
    for (name, queue, _, _) in side.consumers() {
        if let (Some(a), Some(b)) = (layout.right(2, queue), layout.left(3, name)) {
            edges.push(html! { <line class="edge" x1={a.0.to_string()} y1={a.1.to_string()} x2={b.0.to_string()} y2={b.1.to_string()} /> });
        }
    }

    let boxes_publishers = layout.publishers.iter().enumerate().map(|(i, name)| {
        let (x, y) = layout.box_at(0, i, layout.publishers.len());
        html! {
            <g class={classes!("node", "publisher", lit(&props.watch, Watch::Publisher(name)))} data-publisher={name.clone()}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="10" />
                <text x={(x + 12.0).to_string()} y={(y + 24.0).to_string()}>{name}</text>
                <text class="sub" x={(x + 12.0).to_string()} y={(y + 42.0).to_string()}>{w.ui(Ui::PublisherBox)}</text>
            </g>
        }
    });
    let boxes_exchanges = layout.exchanges.iter().enumerate().map(|(i, name)| {
        let (x, y) = layout.box_at(1, i, layout.exchanges.len());
        let kind = broker.exchange(name).map_or("direct", |e| e.kind().as_str());
        let shown = if name.is_empty() { w.ui(Ui::DefaultExchangeName).to_string() } else { name.clone() };
        html! {
            <g class={classes!("node", "exchange", "inspectable", lit(&props.watch, Watch::Exchange(name)))} data-exchange={name.clone()} role="button" tabindex="0" data-inspect={Subject::Exchange(name.clone()).attr()}
               aria-label={format!("{} {shown}", w.ui(Ui::InspectExchange))}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="28" />
                <text x={(x + 16.0).to_string()} y={(y + 24.0).to_string()}>{shown}</text>
                <text class="sub" x={(x + 16.0).to_string()} y={(y + 42.0).to_string()}>{w.exchange_kind(kind)}</text>
            </g>
        }
    });
    let boxes_queues = queue_boxes(layout, broker, w, &props.watch);
    let reading = stream_positions(side);
    let consumers: Vec<_> = side.consumers().map(|(n, q, st, u)| (n.to_string(), q.to_string(), st, u)).collect();
    let boxes_consumers = consumers.iter().enumerate().map(|(i, (name, _, state, unacked))| {
        let (x, y) = layout.box_at(3, i, layout.consumers.len());
        html! {
            <g class={classes!("node", "consumer", "inspectable", *state, lit(&props.watch, Watch::Consumer(name)))} data-consumer={name.clone()} data-state={*state} data-unacked={unacked.to_string()}
               role="button" tabindex="0" data-inspect={Subject::Consumer(name.clone()).attr()}
               aria-label={format!("{} {name}", w.ui(Ui::InspectConsumer))}>
                <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="10" />
                <text x={(x + 12.0).to_string()} y={(y + 22.0).to_string()}>{name}</text>
                <text class="sub" x={(x + 12.0).to_string()} y={(y + 40.0).to_string()}>
                    {match reading.get(name.as_str()) {
                        // A stream consumer (R21): where it reads next in the log.
                        // The state in the learner's language, as the event broker's members say theirs.
                        Some(next) => w.stream_reader(w.consumer_state(state), *next),
                        None => w.consumer_counts(w.consumer_state(state), *unacked),
                    }}
                </text>
                if *state == "down" {
                    <line class="cross" x1={x.to_string()} y1={y.to_string()} x2={(x + BOX_W).to_string()} y2={(y + BOX_H).to_string()} />
                }
            </g>
        }
    });
    html! {
        <div class="diagram-scroll"><div class="diagram-box">
        <svg class="diagram message" viewBox={format!("0 0 {WIDTH} {height}")} role="img"
             aria-label={w.ui(Ui::MessageDiagram)}>
            <text class="col-title" x="30" y="28">{w.ui(Ui::Publishers)}</text>
            <text class="col-title" x="250" y="28">{w.ui(Ui::Exchanges)}</text>
            <text class="col-title" x="520" y="28">{w.ui(Ui::Queues)}</text>
            <text class="col-title" x="790" y="28">{w.ui(Ui::Consumers)}</text>
            // Which RabbitMQ the model follows (the scenario's `rabbitmq_version`), under the
            // publishers, where no box ever is.
            <text class="col-title version" x="30" y={(height - 12.0).to_string()}>{format!("RabbitMQ {}", s.side().broker().version().name())}</text>
            <g class="edges">{ for edges }</g>
            { for boxes_publishers }
            { for boxes_exchanges }
            { boxes_queues }
            { for boxes_consumers }
            { node_row(layout, broker, w) }
            <g class="labels">{ for labels }</g>
        </svg>
        <MessageTokens sim={props.sim.clone()} compact={props.compact} />
        </div></div>
    }
}

/// The queues' boxes: ready and unacked counts, the first ready messages as small
/// inspectable cells, and the dead-letter exchange.
fn queue_boxes(layout: &MessageLayout, broker: &MessageBroker, w: Words, watch: &[Watch<'static>]) -> Html {
    let boxes = layout.queues.iter().enumerate().map(|(i, name)| {
        let (x, y) = layout.box_at(2, i, layout.queues.len());
        let q = broker.queue(name);
        let (ready, unacked) = q.map_or((0, 0), |q| (q.ready_count(), q.unacked_count()));
        let dlx = q.and_then(|q| q.arguments().dead_letter_exchange.clone());
        // A quorum queue's replicas (R20): its leader and followers, a stopped member marked.
        let replicas = q.and_then(|q| q.placement().replicas()).map(|r| {
            let cluster = broker.cluster();
            let members = r
                .members()
                .iter()
                .filter(|m| Some(**m) != r.leader())
                .map(|m| if cluster.is_running(*m) { format!("n{}", m.0) } else { format!("n{}✕", m.0) })
                .collect::<Vec<_>>()
                .join(" ");
            let up = r.members().iter().filter(|m| cluster.is_running(**m)).count();
            (w.quorum_line(r.leader().map(|l| format!("n{}", l.0)).as_deref(), &members, up, r.members().len()), r.leader().is_some())
        });
        // A queue that is not replicated, on a cluster: the one node it lives on.
        let replicas = replicas.or_else(|| {
            let home = q.filter(|q| q.placement().replicas().is_none() && broker.cluster().size() > 1)?.placement().home()?;
            let running = broker.cluster().is_running(home);
            Some((w.home_line(&format!("n{}", home.0), running), running))
        });
        let stream = q.and_then(|q| q.stream());
        let stack = q.into_iter().filter(|_| stream.is_none()).flat_map(|q| q.ready()).take(10).enumerate().map(|(k, m)| {
            html! {
                <rect class="msg inspectable" x={(x + BOX_W - 14.0 - k as f64 * 9.0).to_string()} y={(y + BOX_H - 14.0).to_string()} width="7" height="9" rx="1.5"
                      role="button" tabindex="0" data-inspect={Subject::Message(m.message.id.0).attr()} data-message={m.message.id.0.to_string()}
                      aria-label={format!("{} {} ({name})", w.ui(Ui::InspectMessage), m.message.id)} />
            }
        });
        html! {
            <g class={classes!("node", "queue", lit(watch, Watch::Queue(name)))} data-queue={name.clone()} data-ready={ready.to_string()} data-unacked={unacked.to_string()}>
                <g class="inspectable" role="button" tabindex="0" data-inspect={Subject::Queue(name.clone()).attr()}
                   aria-label={format!("{} {name}", w.ui(Ui::InspectQueue))}>
                    <rect x={x.to_string()} y={y.to_string()} width={BOX_W.to_string()} height={BOX_H.to_string()} rx="6" />
                    <text x={(x + 10.0).to_string()} y={(y + 20.0).to_string()}>{name}</text>
                    <text class="sub" x={(x + 10.0).to_string()} y={(y + 36.0).to_string()}>
                        {match stream {
                            Some(s) => w.stream_counts(s.log.first_offset(), s.log.next_offset()),
                            None => w.queue_counts(ready, unacked),
                        }}
                    </text>
                </g>
                { for stack }
                if let Some(s) = stream {
                    { stream_strip(x, y, s) }
                }
                if let Some((line, led)) = &replicas {
                    <text class={classes!("sub", "replicas", (!led).then_some("unavailable"))} data-leader={led.to_string()}
                          x={(x + 10.0).to_string()} y={(y + BOX_H + 14.0).to_string()}>{line.clone()}</text>
                }
                if let Some(dlx) = dlx {
                    <text class="sub dlx" x={(x + 10.0).to_string()} y={(y + BOX_H + if replicas.is_some() { 28.0 } else { 14.0 }).to_string()}>{format!("DLX → {dlx}")}</text>
                }
            </g>
        }
    });
    html! { { for boxes } }
}

/// The messages, deliveries and acks in flight, on a canvas over the diagram
/// (`token_canvas`): the only part of the diagram drawn every frame.
#[function_component(MessageTokens)]
fn message_tokens(props: &DrawingProps) -> Html {
    let sim = props.sim.clone();
    let collect = Collect::new(move |motion, out| {
        let s = sim.borrow();
        let layout = &s.act.layout;
        // Tokens travel between the facing edges of boxes: queues face consumers on their right.
        let point = |place: &Place| -> Option<(f64, f64)> {
            match place {
                Place::Publisher(n) => layout.right(0, n),
                Place::Exchange(n) => layout.left(1, n),
                Place::Queue(n) => layout.right(2, n),
                Place::Consumer(n) => layout.left(3, n),
            }
        };
        out.extend(s.flights.iter().filter_map(|f| {
            let (a, b) = (point(&f.hop.from)?, point(&f.hop.to)?);
            let (x, y) = along_with(a, b, s.progress(f), motion);
            let ring = match f.hop.kind {
                "ack" => Ring::Ack,
                "reject" => Ring::Reject,
                _ => Ring::Plain,
            };
            Some(Token { x, y, r: 8.0, hue: f.hue, ring })
        }));
    });
    let s = props.sim.borrow();
    let view_box = (WIDTH, s.act.layout.height());
    html! { <TokenCanvas {collect} {view_box} noun={Noun::Messages} lang={s.lang} /> }
}

/// A header value as a binding label shows it: strings bare, anything else as JSON.
fn header_text(value: &brokerlab_core::message_broker::HeaderValue) -> String {
    match brokerlab_core::message_broker::headers::to_json(value) {
        serde_json::Value::String(text) => text,
        other => other.to_string(),
    }
}

/// The cluster's nodes in a row under the columns (from two nodes on), a stopped one crossed out.
fn node_row(layout: &MessageLayout, broker: &MessageBroker, w: Words) -> Html {
    if layout.nodes < 2 {
        return html! {};
    }
    let y = layout.node_row_y() + 6.0;
    let cluster = broker.cluster();
    let boxes = cluster.nodes().enumerate().map(|(i, node)| {
        let x = 250.0 + i as f64 * 76.0;
        let running = cluster.is_running(node);
        html! {
            <g class={classes!("rabbit-node", (!running).then_some("dead"))} data-node={node.0.to_string()} data-running={running.to_string()}>
                <title>{node.to_string()}</title>
                <rect x={x.to_string()} y={y.to_string()} width="64" height="26" rx="6" />
                <text x={(x + 32.0).to_string()} y={(y + 17.0).to_string()} text-anchor="middle">{format!("n{}", node.0)}</text>
                if !running {
                    <line class="cross" x1={x.to_string()} y1={y.to_string()} x2={(x + 64.0).to_string()} y2={(y + 26.0).to_string()} />
                }
            </g>
        }
    });
    html! {
        <g class="rabbit-nodes" aria-label={w.ui(Ui::Nodes)}>
            <text class="col-title" x="170" y={(y + 17.0).to_string()}>{w.ui(Ui::Nodes)}</text>
            { for boxes }
        </g>
    }
}

/// A stream (R21) drawn as a log inside its box: its newest offsets as cells, oldest on the
/// left, a tick where each consumer reads next, so a learner sees readers at their own
/// positions in one log. Segments are marked where one ends and the next begins; where
/// retention has removed whole segments (the first offset kept is above 0) and the oldest
/// kept offset is in view, a dashed edge stands before it (`retention-edge`), as the partition
/// strips of the event broker show their log start.
fn stream_strip(x: f64, y: f64, s: &brokerlab_core::message_broker::queue::StreamState) -> Html {
    const CELLS: u64 = 12;
    let (first, next) = (s.log.first_offset(), s.log.next_offset());
    let start = first.max(next.saturating_sub(CELLS));
    let cell_x = |offset: u64| x + 10.0 + (offset - start) as f64 * 10.0;
    let (top, bottom) = (y + BOX_H - 18.0, y + BOX_H - 2.0);
    let cells = (start..next).map(|o| html! {
        <rect class="log-cell" data-offset={o.to_string()} x={cell_x(o).to_string()} y={(y + BOX_H - 14.0).to_string()} width="8" height="9" rx="1.5" />
    });
    let segment_edges = s.log.segments().map(|g| g.first_offset).filter(|o| *o > start && *o < next).map(|o| {
        let ex = cell_x(o) - 1.0;
        html! { <line class="segment-edge" data-offset={o.to_string()} x1={ex.to_string()} y1={(top + 3.0).to_string()} x2={ex.to_string()} y2={bottom.to_string()} /> }
    });
    let retention_edge = (first > 0 && start == first).then(|| {
        let ex = cell_x(first) - 3.0;
        html! { <line class="retention-edge" data-first={first.to_string()} x1={ex.to_string()} y1={top.to_string()} x2={ex.to_string()} y2={bottom.to_string()} /> }
    });
    let ticks = s.readers.iter().map(|((_, tag), at)| {
        let tx = cell_x((*at).clamp(start, next)) - 1.0;
        html! { <line class="reader-tick" data-tag={tag.to_string()} data-next={at.to_string()} x1={tx.to_string()} y1={top.to_string()} x2={tx.to_string()} y2={bottom.to_string()} /> }
    });
    let segments = s.log.segments().count();
    html! {
        <g class="stream-log" data-first={first.to_string()} data-next={next.to_string()} data-segments={segments.to_string()}>
            { for cells }{ for segment_edges }{ for retention_edge }{ for ticks }
        </g>
    }
}

/// Each stream consumer's next offset, by consumer name (its channel's reader in its stream).
pub fn stream_positions(side: &brokerlab_core::world::message::MessageSide) -> std::collections::BTreeMap<String, u64> {
    let broker = side.broker();
    side.consumer_details()
        .filter_map(|c| {
            let channel = c.channel?;
            let stream = broker.queue(c.queue)?.stream()?;
            let next = stream.readers.iter().find(|((ch, _), _)| *ch == channel).map(|(_, next)| *next)?;
            Some((c.name.to_string(), next))
        })
        .collect()
}
