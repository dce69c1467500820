//! One stage for every model: a core model that keeps the drive contract
//! ([`brokerlab_core::Drive`]), the page clock that maps frame time to simulated time, the
//! tokens in flight, the event log, and the timeline that lets the learner rewind
//! (`timeline.rs`). No DOM here.
//!
//! What differs between models is only how their events become tokens and log lines, and the
//! running facts a view derives from them: that is an [`Act`] (`event_act.rs` for Kafka,
//! `message_act.rs` for RabbitMQ). A new model on the page is a new `Act`, not a new stage.
//! The compare view is two stages moved together (`compare_view.rs`).

use std::fmt::Debug;

use brokerlab_core::{Drive, Lang, SimTime};

use crate::clock::{Clock, Frame};
use crate::log_line::{Log, LogLine};
use crate::timeline::Timeline;
use crate::limits::TOKENS_MAX;


/// One token in flight: a hop `H` (where from, where to, how it looks) between the departure
/// and the arrival the model recorded.
#[derive(Clone, Debug, PartialEq)]
pub struct Flight<H> {
    pub id: u64,
    pub departs: SimTime,
    pub arrives: SimTime,
    pub hue: u32,
    pub hop: H,
}

/// The tokens in flight, oldest first, each with an id of its own.
#[derive(Clone, Debug)]
pub struct Flights<H> {
    list: Vec<Flight<H>>,
    next: u64,
}

impl<H> Default for Flights<H> {
    fn default() -> Self {
        Flights { list: Vec::new(), next: 0 }
    }
}

impl<H> Flights<H> {
    /// Adds a token (its id is given here), dropping the oldest beyond [`TOKENS_MAX`].
    pub fn fly(&mut self, departs: SimTime, arrives: SimTime, hue: u32, hop: H) {
        if self.list.len() >= TOKENS_MAX {
            self.list.remove(0);
        }
        self.list.push(Flight { id: self.next, departs, arrives, hue, hop });
        self.next += 1;
    }

    pub fn iter(&self) -> std::slice::Iter<'_, Flight<H>> {
        self.list.iter()
    }

    pub fn len(&self) -> usize {
        self.list.len()
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Keeps the tokens still travelling after `now`.
    fn landed_by(&mut self, now: SimTime) {
        self.list.retain(|f| f.arrives > now);
    }

    fn clear(&mut self) {
        self.list.clear();
    }
}

/// What one model brings to the stage. Its state is the running facts its views derive from
/// events; it is kept in the timeline's snapshots with the model, so a rewind restores it too.
pub trait Act: Clone + Debug {
    type Model: Drive<Command: Clone + Debug> + Clone + Debug;
    /// How a token of this model travels and looks.
    type Hop: Clone + Debug + PartialEq;

    /// Takes in one event: the tokens it starts and the facts it changes; returns its log
    /// line.
    fn absorb(&mut self, model: &Self::Model, event: &<Self::Model as Drive>::Event, flights: &mut Flights<Self::Hop>) -> LogLine;

    /// After a drain that saw events (the message side lays its diagram out again when its
    /// topology changed).
    fn drained(&mut self, _model: &Self::Model) {}

    /// After a rewind restored an earlier moment: drops marks that only make sense in the
    /// moment they were made, and recomputes what derives from the model.
    fn rewound(&mut self, _model: &Self::Model) {}

    /// Drops passing marks (the message side's routing flashes) that ended by `now`; true if
    /// any did.
    fn expire(&mut self, _now: SimTime) -> bool {
        false
    }

    /// Whether passing marks are still shown: a frame with any moves even if no token does.
    fn showing(&self) -> bool {
        false
    }
}

/// The model as it was at a moment, with its act's facts and the log's mark.
#[derive(Clone, Debug)]
struct Snapshot<A: Act> {
    model: A::Model,
    act: A,
    logged: u64,
}

type Command<A> = <<A as Act>::Model as Drive>::Command;
type CommandError<A> = <<A as Act>::Model as Drive>::Error;

/// What `Stage::foresee` saw: the copy's events, and the copy as it ended.
#[derive(Debug)]
pub struct Foresight<M: Drive> {
    pub events: Vec<M::Event>,
    pub model: M,
}

/// A running model on the page.
#[derive(Debug)]
pub struct Stage<A: Act> {
    model: A::Model,
    pub act: A,
    pub clock: Clock,
    pub flights: Flights<A::Hop>,
    pub log: Log,
    pub lang: Lang,
    /// Every command applied, at its simulated time, and snapshots (`timeline.rs`); the model
    /// (its random stream included) is deterministic, so a replay reaches the same state.
    timeline: Timeline<Command<A>, Snapshot<A>>,
}

impl<A: Act> Stage<A> {
    /// A stage for `model` at its start, with `act` taking in its first events.
    pub fn start(model: A::Model, act: A) -> Stage<A> {
        let first = Snapshot { model: model.clone(), act: act.clone(), logged: 0 };
        let mut stage = Stage {
            model,
            act,
            clock: Clock::default(),
            flights: Flights::default(),
            log: Log::default(),
            lang: Lang::En,
            // Started again just below, from the state after the first drain.
            timeline: Timeline::new(first),
        };
        stage.drain();
        stage.timeline = Timeline::new(stage.snapshot());
        stage
    }

    pub fn model(&self) -> &A::Model {
        &self.model
    }

    /// The simulated present.
    pub fn now(&self) -> SimTime {
        self.model.now()
    }

    /// Applies a command at the present (brought up to the clock first if the frame loop
    /// dozes) and records it on the timeline. On `Err` nothing changed.
    pub fn apply(&mut self, command: Command<A>) -> Result<(), CommandError<A>> {
        self.catch_up();
        self.model.apply(command.clone())?;
        self.timeline.record(self.model.now(), command);
        self.drain();
        Ok(())
    }

    /// What would follow `command` if it were applied now, without applying it: a copy of the
    /// model (brought up to the clock first, as `apply` does) takes the command and runs for
    /// at most `within_ms` of simulated time, handing its events to `enough` until that says
    /// it has seen what it needed. The events seen and the copy come back; the stage is not
    /// changed, so the real run that follows reaches exactly the same events (the model is
    /// deterministic).
    pub fn foresee(
        &mut self,
        command: Command<A>,
        within_ms: u64,
        mut enough: impl FnMut(&<A::Model as Drive>::Event) -> bool,
    ) -> Result<Foresight<A::Model>, CommandError<A>> {
        self.catch_up();
        let mut copy = self.model.clone();
        copy.apply(command)?;
        let until = SimTime::from_ms(copy.now().as_ms().saturating_add(within_ms));
        let mut seen = Vec::new();
        loop {
            let advance = copy.advance_to(until);
            while let Some(event) = copy.poll_event() {
                let done = enough(&event);
                seen.push(event);
                if done {
                    return Ok(Foresight { events: seen, model: copy });
                }
            }
            if advance == brokerlab_core::Advance::Reached {
                return Ok(Foresight { events: seen, model: copy });
            }
        }
    }

    /// The furthest simulated time reached on this timeline.
    pub fn horizon(&self) -> SimTime {
        self.timeline.horizon()
    }

    /// When the model next does something by itself: its next timer or the timeline's next
    /// recorded command (what a dozing frame loop waits for).
    pub fn next_due(&self) -> Option<SimTime> {
        [self.model.next_timeout(), self.timeline.next_command_at()].into_iter().flatten().min()
    }

    /// Time travel: restores the nearest snapshot at or before `to` and replays the timeline's
    /// commands up to `to` (those applied at `to` included). Pauses. Deterministic, so
    /// rewinding and playing forward again reaches exactly the state the timeline had.
    pub fn rewind_to(&mut self, to: SimTime) {
        let to = to.min(self.timeline.horizon().max(self.now()));
        let (_, snapshot) = self.timeline.restore(to);
        self.model = snapshot.model;
        self.act = snapshot.act;
        self.act.rewound(&self.model);
        self.log.unlog(snapshot.logged);
        self.flights.clear();
        self.clock.playing = false;
        self.clock.jump_to(to.as_ms());
        self.advance(to);
    }

    /// Called once per animation frame with the frame's timestamp: what visibly changed (so
    /// an idle or paused page draws nothing).
    pub fn frame(&mut self, frame_ms: f64) -> Frame {
        let Some(target) = self.clock.tick(frame_ms) else { return Frame::Idle };
        let target = SimTime::from_ms(target);
        let had = !self.flights.is_empty() || self.act.showing();
        let changed = self.advance(target);
        self.flights.landed_by(target);
        let expired = self.act.expire(target);
        match (changed || expired, had) {
            (true, _) => Frame::Changed,
            (false, true) => Frame::Moving,
            (false, false) => Frame::Idle,
        }
    }

    /// Progress of a flight at the current (fractional) time, 0 to 1.
    pub fn progress(&self, flight: &Flight<A::Hop>) -> f64 {
        self.clock.progress(flight.departs.as_ms(), flight.arrives.as_ms())
    }

    /// While the frame loop dozes the clock plays on without frames: before a command or a
    /// skip the model first comes to the present, so it acts at the moment it is given.
    pub fn catch_up(&mut self) {
        if let Some(now) = self.clock.catch_up_to() {
            self.frame(now);
        }
    }

    /// Pauses and moves to the next moment something happens (one step).
    pub fn step(&mut self) {
        self.clock.playing = false;
        if let Some(next) = self.model.next_timeout() {
            let target = next.max(self.now());
            self.clock.jump_to(target.as_ms());
            self.run_to(target);
        }
    }

    /// Runs the next `ms` of simulated time at once (`SKIP_MS` from the page): everything in
    /// between happens and is logged, only not animated, and the scrubber can go back into
    /// it. Playing or paused, it stays so.
    pub fn skip(&mut self, ms: u64) {
        self.catch_up();
        let target = self.now() + ms;
        self.skip_to(target);
    }

    /// [`Stage::skip`] to a moment; nothing if it is not ahead.
    pub fn skip_to(&mut self, target: SimTime) {
        if target <= self.now() {
            return;
        }
        self.clock.jump_to(target.as_ms());
        self.run_to(target);
    }

    /// Runs the model to `target` as playing there would (the timeline's snapshots and
    /// recorded commands on the way), and drops what has landed by then.
    fn run_to(&mut self, target: SimTime) {
        self.advance(target);
        self.flights.landed_by(target);
        self.act.expire(target);
    }

    fn snapshot(&self) -> Snapshot<A> {
        Snapshot { model: self.model.clone(), act: self.act.clone(), logged: self.log.mark() }
    }

    /// Advances to `target`, re-applying the timeline's recorded commands at their times, and
    /// keeps a snapshot every `SNAPSHOT_EVERY_MS`. True if any event happened.
    pub(crate) fn advance(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let stop = self.timeline.next_stop(target);
            changed |= self.advance_model(stop.at);
            if stop.replay {
                // It applied when it was recorded; the model is deterministic, so it applies again.
                let _ = self.model.apply(self.timeline.take_command());
                changed |= self.drain();
            }
            if stop.snapshot {
                let snapshot = self.snapshot();
                self.timeline.keep(stop.at, snapshot);
            }
            if stop.done {
                self.timeline.reached(target);
                return changed;
            }
        }
    }

    /// The drive loop: advance, drain, and again while the model stopped short.
    fn advance_model(&mut self, target: SimTime) -> bool {
        let mut changed = false;
        loop {
            let advance = self.model.advance_to(target);
            changed |= self.drain();
            if advance == brokerlab_core::Advance::Reached {
                return changed;
            }
        }
    }

    /// Takes in every pending event; true if there were any.
    fn drain(&mut self) -> bool {
        let mut any = false;
        while let Some(event) = self.model.poll_event() {
            any = true;
            let line = self.act.absorb(&self.model, &event, &mut self.flights);
            self.log.push(line);
        }
        if any {
            self.act.drained(&self.model);
        }
        any
    }
}
