//! # brokerlab-js
//!
//! Brokerlab's deterministic model of Kafka and RabbitMQ (`brokerlab-core`) as a JavaScript
//! package, built with wasm-pack. It exports a [`Simulator`] class (one `World`) and a
//! [`trace`] function (the golden-trace renderer).
//!
//! The contract is the core's: the caller owns time (`advanceTo`), commands are atomic (a
//! refused command throws and changes nothing), and the same scenario, seed and inputs give
//! the same events, whatever the step size. Events cross into JavaScript as the same JSON the
//! golden traces hold, so `JSON.stringify(event)` is a trace line byte for byte.
//!
//! Errors cross as JavaScript `Error`s carrying the core's typed error's message
//! (`ScenarioError`, `CommandError`). The logic lives in plain Rust functions returning
//! `Result<_, String>` so native tests and clippy cover it; the `#[wasm_bindgen]` layer only
//! converts.

mod view;

use brokerlab_core::{Advance, Command, Drive, Scenario, SimTime, World};
use wasm_bindgen::prelude::*;

/// The largest integer a JavaScript number holds exactly (`Number.MAX_SAFE_INTEGER`).
const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &'static str = r#"
/** Simulated milliseconds since the start of the run. */
export type SimMillis = number;

/** The `kind` of an event-broker (Kafka) event. */
export type EventBrokerEventKind =
  | "record_sent" | "record_appended" | "record_rejected" | "not_enough_replicas"
  | "produce_acked" | "replica_fetched" | "high_watermark_advanced" | "isr_shrunk"
  | "isr_expanded" | "broker_stopped" | "broker_started" | "leader_elected"
  | "partition_offline" | "records_lost" | "replica_truncated" | "topic_created"
  | "topic_deleted" | "partitions_added" | "records_fetched" | "records_processed"
  | "offset_committed" | "commit_failed" | "processing_failed" | "rebalance_started" | "partitions_revoked"
  | "partitions_assigned" | "member_joined" | "member_left" | "member_crashed"
  | "member_paused" | "member_resumed" | "static_member_returned" | "offset_reset"
  | "no_offset_for_partition" | "member_seeked" | "offsets_reset" | "script_step_skipped"
  | "segments_deleted" | "records_compacted" | "controlled_shutdown" | "isr_shrunk_by_controller"
  | "elr_changed" | "elr_leader_elected" | "last_known_leader_elected";

/**
 * An event-broker (Kafka) event, exactly as a golden-trace line: `at`, `kind`, then the
 * kind's own fields in snake_case (for `record_sent`: `record`, `producer`, `topic`,
 * `partition`, `partitions`, `key`, `choice`, `broker`, `acks`, `departs`, `arrives`).
 */
export interface EventBrokerEvent {
  at: SimMillis;
  kind: EventBrokerEventKind;
  [field: string]: unknown;
}

/** A message-broker (RabbitMQ) event: its kind name and its English explanation. */
export interface MessageBrokerEvent {
  at: SimMillis;
  kind: "message";
  /** `exchange_declared`, `queue_declared`, `publish_sent`, `delivery_sent`, … */
  event: string;
  text: string;
}

/** One event; `JSON.stringify(event)` equals its golden-trace line. */
export type BrokerlabEvent = EventBrokerEvent | MessageBrokerEvent;

/** One partition of a topic, as its leader (or last leader) sees it. */
export interface PartitionView {
  partition: number;
  /** First offset still in the log (moves with retention). */
  logStart: number;
  /** Offsets below it are committed: every in-sync replica has them; consumers read up to here. */
  highWatermark: number;
  /** The offset the next appended record gets. */
  logEnd: number;
  /** `null`: offline. */
  leader: number | null;
  replicas: number[];
  isr: number[];
}

export interface TopicView {
  name: string;
  replicationFactor: number;
  partitions: PartitionView[];
}

export type MemberStateName = "running" | "paused" | "crashed" | "failed" | "stopped";

export interface MemberView {
  index: number;
  state: MemberStateName;
  /** Whether the coordinator counts it as a member. */
  inGroup: boolean;
  busy: boolean;
  /** The generation it joined (classic), or its member epoch (consumer protocol). */
  generation: number;
  /** Consumer protocol: where the coordinator's reconciliation has it (Kafka's names), or
   *  `null` (classic, or not counted by the coordinator). */
  reconcileState: "STABLE" | "UNREVOKED_PARTITIONS" | "UNRELEASED_PARTITIONS" | null;
  /** Consumer protocol: its partitions in the coordinator's target assignment (empty under classic). */
  target: [string, number][];
  instanceId: string | null;
  /** [topic, partition] pairs it owns. */
  assigned: [string, number][];
  /** The next offset it fetches, per partition. */
  positions: { topic: string; partition: number; offset: number }[];
}

export interface GroupOffsetView {
  topic: string;
  partition: number;
  /** The group's committed offset (the next it will read), or `null` if none. */
  committed: number | null;
  /** High watermark − committed (from the log start when nothing is committed). */
  lag: number | null;
}

export interface GroupView {
  name: string;
  /** The generation (classic), or the group epoch (consumer protocol). */
  generation: number;
  /** `group.protocol`: the classic rebalance protocol or KIP-848's consumer protocol. */
  protocol: "classic" | "consumer";
  /** Consumer protocol: the epoch of the coordinator's target assignment; `null` under classic. */
  targetEpoch: number | null;
  rebalancing: boolean;
  members: MemberView[];
  /** Every partition a member owns or the group committed, sorted by topic then partition. */
  offsets: GroupOffsetView[];
}

/** A share group (KIP-932, Kafka 4.2): members share partitions record by record. */
export interface ShareGroupView {
  name: string;
  /** `null` once its topic was deleted. */
  topic: string | null;
  /** `id` is `<group>-<index>`; `answer` is how the member acknowledges what it processed;
   * `partitions` are those the group's assignment gives it (shared with other members), and
   * `inGroup` is false once a crashed member's session timed out. */
  members: { id: string; state: MemberStateName; answer: "accept" | "release" | "reject"; inGroup: boolean; partitions: number[] }[];
  /** `share.session.timeout.ms`. */
  sessionTimeoutMs: number;
  deliveryCountLimit: number;
  recordLockDurationMs: number;
  /** `share.acknowledgement.mode` of its members. */
  acknowledgementMode: "explicit" | "implicit";
  /** Per share-partition read so far: its start (SPSO) and end (SPEO) offsets. */
  partitions: { partition: number; startOffset: number; endOffset: number }[];
}

export interface ProducerView {
  name: string;
  topic: string;
  keys: string[];
  /** `null`: produces only on command. */
  everyMs: number | null;
}

export interface QueueView {
  name: string;
  type: "classic" | "quorum";
  durable: boolean;
  ready: number;
  unacked: number;
  consumers: number;
}

export interface MessageSideView {
  queues: QueueView[];
  /** State is `running`, `paused`, `down`, …; `unacked` counts deliveries on its channel. */
  consumers: { name: string; queue: string; state: string; unacked: number }[];
  publishers: { name: string; exchange: string }[];
}

/** A snapshot of the world; nothing in it is live. */
export interface SimulatorView {
  now: SimMillis;
  linkMs: number;
  brokers: { id: number; running: boolean }[];
  topics: TopicView[];
  producers: ProducerView[];
  groups: GroupView[];
  shareGroups: ShareGroupView[];
  /** `null` when the scenario has no `message_broker` block. */
  message: MessageSideView | null;
}
"#;

/// A simulated world: the brokers, their clients, timers and the event queue.
///
/// Drive it like a page does: `apply` commands, `advanceTo(now)`, then drain the events
/// (`pollEvent` until `undefined`, or `drainEvents`); when `advanceTo` returns `false` the
/// per-call work bound was hit: drain and call it again with the same time.
#[wasm_bindgen]
#[derive(Debug)]
pub struct Simulator {
    world: World,
}

impl Simulator {
    /// Builds a world from a scenario document.
    pub fn build(scenario_json: &str) -> Result<Simulator, String> {
        let scenario = Scenario::from_json(scenario_json).map_err(|e| e.to_string())?;
        let world = World::new(&scenario).map_err(|e| e.to_string())?;
        Ok(Simulator { world })
    }

    /// Parses and applies one command; a refused command changes nothing.
    pub fn apply_json(&mut self, command_json: &str) -> Result<(), String> {
        let command: Command =
            serde_json::from_str(command_json).map_err(|e| format!("the command is not valid: {e}"))?;
        self.world.apply(command).map_err(|e| e.to_string())
    }

    /// Advances to `ms`; true if reached, false if stopped early (drain, then call again).
    pub fn advance(&mut self, ms: f64) -> Result<bool, String> {
        let to = SimTime::from_ms(millis("time", ms)?);
        Ok(matches!(self.world.advance_to(to), Advance::Reached))
    }

    /// The next event as its trace line (without the newline).
    pub fn next_event_json(&mut self) -> Option<String> {
        self.world.poll_event().map(|e| serde_json::to_string(&e).expect("events always serialize"))
    }

    /// Every pending event, as one JSON array.
    pub fn drain_json(&mut self) -> String {
        let mut out = String::from("[");
        while let Some(line) = self.next_event_json() {
            if out.len() > 1 {
                out.push(',');
            }
            out.push_str(&line);
        }
        out.push(']');
        out
    }

    /// The `view()` snapshot as JSON text.
    pub fn view_json(&self) -> String {
        view::snapshot(&self.world.view()).to_string()
    }

    /// The underlying world, for Rust callers.
    pub fn world(&self) -> &World {
        &self.world
    }
}

#[wasm_bindgen]
impl Simulator {
    /// Builds a simulator from a scenario document (JSON text, `"version": 1`).
    ///
    /// Throws an `Error` with a readable message (the core's `ScenarioError`) if the document is
    /// not JSON, not a scenario, from another version, or out of the model's bounds.
    #[wasm_bindgen(js_name = fromJson)]
    pub fn from_json(
        #[wasm_bindgen(js_name = scenarioJson, param_description = "the scenario document as JSON text")]
        scenario_json: &str,
    ) -> Result<Simulator, JsError> {
        Simulator::build(scenario_json).map_err(|e| JsError::new(&e))
    }

    /// Applies one command at the current simulated time. Commands are JSON text, externally
    /// tagged in snake_case: `{"produce": {"producer": "shop", "key": "alice"}}`,
    /// `{"kill_broker": {"broker": 1}}`, `{"crash_member": {"group": "payment", "member": 0}}`,
    /// `{"message": {...}}` for the message broker side.
    ///
    /// Throws an `Error` (the core's `CommandError` message) on misuse: malformed JSON, an
    /// unknown name, a value out of range. A refused command changes nothing.
    pub fn apply(
        &mut self,
        #[wasm_bindgen(js_name = commandJson, param_description = "the command as JSON text")] command_json: &str,
    ) -> Result<(), JsError> {
        self.apply_json(command_json).map_err(|e| JsError::new(&e))
    }

    /// Runs every timer due at or before `ms` (simulated milliseconds; an earlier time than
    /// `now()` is a no-op). Returns `true` when the world reached `ms`, `false` when it stopped
    /// early at the per-call work bound or because too many events wait undrained: drain the
    /// events and call again with the same `ms`.
    ///
    /// Throws if `ms` is not a whole number between 0 and `Number.MAX_SAFE_INTEGER`.
    #[wasm_bindgen(js_name = advanceTo)]
    pub fn advance_to(
        &mut self,
        #[wasm_bindgen(param_description = "the simulated time to reach, in milliseconds")] ms: f64,
    ) -> Result<bool, JsError> {
        self.advance(ms).map_err(|e| JsError::new(&e))
    }

    /// Takes the next event from the queue, or `undefined` when there is none. The event is a
    /// plain object, the same JSON as a golden-trace line.
    #[wasm_bindgen(js_name = pollEvent, unchecked_return_type = "BrokerlabEvent | undefined")]
    pub fn poll_event(&mut self) -> JsValue {
        match self.next_event_json() {
            Some(line) => parse(&line),
            None => JsValue::UNDEFINED,
        }
    }

    /// Takes every pending event, oldest first (an empty array when there is none).
    #[wasm_bindgen(js_name = drainEvents, unchecked_return_type = "BrokerlabEvent[]")]
    pub fn drain_events(&mut self) -> JsValue {
        parse(&self.drain_json())
    }

    /// When the next timer is due (simulated milliseconds), or `undefined` if nothing is
    /// scheduled: nothing happens before it unless a command is applied.
    #[wasm_bindgen(js_name = nextTimeout)]
    pub fn next_timeout(&self) -> Option<f64> {
        self.world.next_timeout().map(|t| t.0 as f64)
    }

    /// The world's current simulated time, in milliseconds.
    pub fn now(&self) -> f64 {
        self.world.now().0 as f64
    }

    /// A JSON-friendly snapshot: brokers, topics with each partition's log start, high
    /// watermark and log end, producers, groups with their members, committed offsets and
    /// lag, and the message side's queues (ready, unacked), consumers and publishers (or
    /// `null`). A copy: it does not change as the simulator runs.
    #[wasm_bindgen(unchecked_return_type = "SimulatorView")]
    pub fn view(&self) -> JsValue {
        parse(&self.view_json())
    }
}

/// Runs a scenario from 0 to `untilMs`, advancing in `stepMs` increments as a page would, and
/// returns every event as a JSON line (each followed by `\n`): the golden-trace format.
///
/// Throws on a bad scenario, or if a time is not a whole number of milliseconds (`stepMs`
/// must be at least 1).
#[wasm_bindgen]
pub fn trace(
    #[wasm_bindgen(js_name = scenarioJson, param_description = "the scenario document as JSON text")]
    scenario_json: &str,
    #[wasm_bindgen(js_name = untilMs, param_description = "when to stop, in simulated milliseconds")] until_ms: f64,
    #[wasm_bindgen(js_name = stepMs, param_description = "the advance step, in milliseconds (≥ 1)")] step_ms: f64,
) -> Result<String, JsError> {
    trace_text(scenario_json, until_ms, step_ms).map_err(|e| JsError::new(&e))
}

/// [`trace`] for Rust callers: the same checks, errors as text.
pub fn trace_text(scenario_json: &str, until_ms: f64, step_ms: f64) -> Result<String, String> {
    let until = millis("untilMs", until_ms)?;
    let step = millis("stepMs", step_ms)?;
    if step == 0 {
        return Err(String::from("stepMs is 0; a trace needs a step of at least 1 ms"));
    }
    let scenario = Scenario::from_json(scenario_json).map_err(|e| e.to_string())?;
    brokerlab_core::trace::run(&scenario, SimTime::from_ms(until), step).map_err(|e| e.to_string())
}

/// A JavaScript number as whole milliseconds.
fn millis(what: &str, value: f64) -> Result<u64, String> {
    if !value.is_finite() || value < 0.0 || value.fract() != 0.0 || value > MAX_SAFE_INTEGER {
        return Err(format!("{what} is {value}; it must be a whole number of milliseconds from 0 to 2^53 - 1"));
    }
    Ok(value as u64)
}

/// JSON text this crate produced, as a JavaScript value.
fn parse(json: &str) -> JsValue {
    js_sys::JSON::parse(json).expect("serde_json produces valid JSON")
}

#[cfg(test)]
mod tests {
    use super::*;

    const SLICE: &str = include_str!("../../core/tests/data/slice.json");

    #[test]
    fn trace_text_is_the_golden_trace() {
        let golden = include_str!("../../core/tests/golden/slice.trace");
        assert_eq!(trace_text(SLICE, 12_000.0, 16.0).unwrap(), golden);
    }

    #[test]
    fn bad_times_and_scenarios_are_errors() {
        assert!(trace_text(SLICE, 12_000.0, 0.0).unwrap_err().contains("stepMs"));
        assert!(trace_text(SLICE, -1.0, 16.0).unwrap_err().contains("untilMs"));
        assert!(trace_text(SLICE, f64::NAN, 16.0).is_err());
        assert!(trace_text(SLICE, 1.5, 16.0).is_err());
        assert!(Simulator::build("{").unwrap_err().contains("not valid"));
    }

    #[test]
    fn a_refused_command_changes_nothing() {
        let mut sim = Simulator::build(SLICE).unwrap();
        assert!(sim.advance(1_000.0).unwrap());
        let before = sim.view_json();
        let err = sim.apply_json(r#"{"produce": {"producer": "nobody"}}"#).unwrap_err();
        assert!(err.contains("nobody"), "{err}");
        assert!(sim.apply_json("not json").unwrap_err().contains("not valid"));
        assert_eq!(sim.view_json(), before);
    }

    #[test]
    fn view_reports_partitions_and_groups() {
        let mut sim = Simulator::build(SLICE).unwrap();
        while !sim.advance(5_000.0).unwrap() {
            sim.drain_json();
        }
        let view: serde_json::Value = serde_json::from_str(&sim.view_json()).unwrap();
        assert_eq!(view["now"], 5_000);
        assert_eq!(view["topics"][0]["partitions"].as_array().unwrap().len(), 3);
        assert_eq!(view["groups"][0]["name"], "payment");
        assert_eq!(view["message"], serde_json::Value::Null);
    }
}
