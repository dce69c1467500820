//! Streams (`x-queue-type=stream`, R21): an append-only log of messages with offsets, read
//! without removing. This module owns the log ([`StreamLog`]: entries, chunks, segments,
//! retention) and the parsing of a consumer's `x-stream-offset` ([`OffsetSpec`]). It knows
//! nothing of channels, consumers or events: `broker/stream.rs` drives it.
//!
//! Sources: rabbitmq-website `streams.md` (retention, offsets, AMQP 0-9-1 consumers);
//! rabbitmq-server `deps/rabbit/src/rabbit_stream_queue.erl` (`parse_offset_arg`,
//! `begin_stream`: a numeric offset is a lower bound on what the reader delivers); osiris
//! `osiris_log.erl` (segments, chunks, retention evaluated when a segment rolls over).
//!
//! A stream's life:
//!
//! ```text
//!   publish ──▶ append at next_offset ──▶ current segment ──(segment full)──▶ closed segment
//!                                                │ roll: retention runs         │
//!                                                ▼                              ▼
//!                                        new current segment     removed whole, oldest first,
//!                                                                 if over x-max-length-bytes
//!                                                                 or older than x-max-age
//! ```
//!
//! Approximations, each documented where it is made:
//! - **One chunk per publish.** Osiris writes what its writer has batched as one chunk; a
//!   publisher that waits for each confirm (as the differential suite does) gets one chunk
//!   per message, which is what the model always does. So `last` is the newest message.
//! - **Sizes are body bytes.** A segment's size counts message bodies only; osiris counts its
//!   chunk and record headers too, so a real segment fills slightly sooner.
//! - **Segments roll on size only.** Osiris also rolls after `max_segment_size_chunks`
//!   (256,000 by default), beyond the model's bounds.

use super::error::{invalid, non_negative};
use alloc::collections::VecDeque;
use alloc::vec::Vec;

use super::error::{ArgumentProblem, Error};
use super::headers::{HeaderValue, Headers};
use super::message::Message;
use crate::time::SimTime;

/// `x-stream-max-segment-size-bytes` when not given: 500,000,000 (rabbitmq-website
/// `streams.md`, "Data Retention").
pub const STREAM_SEGMENT_BYTES_DEFAULT: u64 = 500_000_000;

/// Queue arguments a stream refuses with 406 PRECONDITION_FAILED ("invalid arg … of queue type
/// rabbit_stream_queue"): the queue arguments RabbitMQ knows that are not among the stream
/// type's `queue_arguments` (`rabbit_stream_queue:capabilities/0`: `x-max-length-bytes`,
/// `x-queue-type`, `x-max-age`, `x-stream-max-segment-size-bytes`, `x-initial-cluster-size`,
/// `x-queue-leader-locator`). Each was seen refused by RabbitMQ 3.10.8; unknown arguments
/// (`x-foo`, and `x-consumer-timeout`, which 3.10 does not know) are accepted, as by any queue.
/// `x-single-active-consumer` is refused in every version: single active consumer on streams
/// (3.11+) is a consumer property of the stream protocol, not a queue argument.
pub const STREAM_REFUSED_ARGUMENTS: [&str; 13] = [
    "x-dead-letter-exchange",
    "x-dead-letter-routing-key",
    "x-delivery-limit",
    "x-expires",
    "x-max-in-memory-bytes",
    "x-max-in-memory-length",
    "x-max-length",
    "x-max-priority",
    "x-message-ttl",
    "x-overflow",
    "x-queue-mode",
    "x-quorum-initial-group-size",
    "x-single-active-consumer",
];

/// Where a new consumer starts reading (`x-stream-offset`, `rabbit_stream_queue:parse_offset_arg`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetSpec {
    /// The oldest message still in the log.
    First,
    /// The first message of the last chunk (the newest message: one chunk per publish).
    Last,
    /// Only messages appended from now on (the default).
    Next,
    /// From this offset: older ones are skipped; below the log's first offset it starts at the
    /// first; beyond the end it waits for that offset.
    Offset(u64),
    /// From the first chunk appended at or after this time (an AMQP timestamp, or now minus
    /// an interval such as `1h`).
    Timestamp(SimTime),
}

impl OffsetSpec {
    /// Parses a consumer's `x-stream-offset`: `first`, `last`, `next`, an integer (a negative
    /// one reads from the first), an AMQP timestamp (seconds), or an interval string as
    /// `x-max-age` takes it (`7D`, `1h`, …), counted back from `now`. Anything else is refused:
    /// RabbitMQ 3.10.8 answered `bogus`, a boolean and a float with a connection error.
    pub fn parse(arguments: &Headers, now: SimTime) -> Result<OffsetSpec, Error> {
        match arguments.get("x-stream-offset") {
            None => Ok(OffsetSpec::Next),
            Some(HeaderValue::String(text)) => match &**text {
                "first" => Ok(OffsetSpec::First),
                "last" => Ok(OffsetSpec::Last),
                "next" => Ok(OffsetSpec::Next),
                other => match parse_age_ms(other) {
                    Some(ms) => Ok(OffsetSpec::Timestamp(SimTime(now.as_ms().saturating_sub(ms)))),
                    None => Err(Error::StreamOffsetInvalid { found: text.clone() }),
                },
            },
            Some(HeaderValue::Integer(n)) => Ok(OffsetSpec::Offset((*n).max(0) as u64)),
            Some(HeaderValue::Timestamp(seconds)) => Ok(OffsetSpec::Timestamp(SimTime(seconds.saturating_mul(1000)))),
            Some(other) => Err(Error::StreamOffsetInvalid { found: other.type_name().into() }),
        }
    }
}

/// Parses an `x-max-age` value: digits then one unit, `Y` (365 days), `M` (30 days), `D`, `h`,
/// `m` or `s` (`rabbit_amqqueue:check_max_age`; rabbitmq-website `streams.md`).
pub fn parse_age_ms(text: &str) -> Option<u64> {
    let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    let (number, unit) = text.split_at(digits);
    let number: u64 = number.parse().ok()?;
    let unit_ms: u64 = match unit {
        "Y" => 365 * 86_400_000,
        "M" => 30 * 86_400_000,
        "D" => 86_400_000,
        "h" => 3_600_000,
        "m" => 60_000,
        "s" => 1000,
        _ => return None,
    };
    number.checked_mul(unit_ms)
}

/// A stream's retention and segment settings, from its declare arguments.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamSettings {
    pub max_length_bytes: Option<u64>,
    pub max_age_ms: Option<u64>,
    pub max_segment_size_bytes: u64,
}

impl StreamSettings {
    /// Validates a stream declare's arguments as RabbitMQ 3.10.8 does: a refused argument is
    /// 406 "invalid arg"; `x-max-age` must be an interval string; the two sizes non-negative
    /// integers.
    pub fn parse(arguments: &Headers) -> Result<StreamSettings, Error> {
        if let Some(refused) = arguments.keys().find(|k| STREAM_REFUSED_ARGUMENTS.contains(&&***k)) {
            return Err(invalid(refused, ArgumentProblem::StreamArgument));
        }
        let max_age_ms = match arguments.get("x-max-age") {
            None => None,
            Some(HeaderValue::String(text)) => {
                Some(parse_age_ms(text).ok_or_else(|| invalid("x-max-age", ArgumentProblem::MaxAge))?)
            }
            Some(other) => {
                return Err(invalid("x-max-age", ArgumentProblem::StringExpected { found: other.type_name() }));
            }
        };
        Ok(StreamSettings {
            max_length_bytes: non_negative(arguments, "x-max-length-bytes")?,
            max_age_ms,
            max_segment_size_bytes: non_negative(arguments, "x-stream-max-segment-size-bytes")?
                .unwrap_or(STREAM_SEGMENT_BYTES_DEFAULT),
        })
    }
}

/// One message in the log.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamEntry {
    pub offset: u64,
    pub appended_at: SimTime,
    pub message: Message,
}

/// A segment file: offsets `first_offset..next_offset`. Only the last segment is open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    pub first_offset: u64,
    pub next_offset: u64,
    pub bytes: u64,
    /// When its newest message was appended (what `x-max-age` compares).
    pub newest_at: SimTime,
}

/// What an append did beyond appending.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AppendOutcome {
    pub offset: u64,
    /// The segment the message went to filled up and closed.
    pub rolled: bool,
    /// Segments retention removed (evaluated on the roll), oldest first.
    pub removed: Vec<Segment>,
}

/// The log of one stream.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamLog {
    settings: StreamSettings,
    entries: VecDeque<StreamEntry>,
    /// Never empty: the last is the open segment.
    segments: VecDeque<Segment>,
    next_offset: u64,
}

impl StreamLog {
    pub fn new(settings: StreamSettings, now: SimTime) -> StreamLog {
        let open = Segment { first_offset: 0, next_offset: 0, bytes: 0, newest_at: now };
        StreamLog { settings, entries: VecDeque::new(), segments: VecDeque::from([open]), next_offset: 0 }
    }

    pub fn settings(&self) -> &StreamSettings {
        &self.settings
    }
    /// The oldest offset still in the log (equal to `next_offset` when empty).
    pub fn first_offset(&self) -> u64 {
        self.entries.front().map_or(self.next_offset, |e| e.offset)
    }
    /// The offset the next message gets.
    pub fn next_offset(&self) -> u64 {
        self.next_offset
    }
    pub fn len(&self) -> usize {
        self.entries.len()
    }
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
    /// Segments, oldest first; the last is open.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.segments.iter()
    }
    pub fn entries(&self) -> impl Iterator<Item = &StreamEntry> {
        self.entries.iter()
    }
    pub fn entry(&self, offset: u64) -> Option<&StreamEntry> {
        let index = offset.checked_sub(self.first_offset())?;
        self.entries.get(usize::try_from(index).ok()?)
    }

    /// The offset a reader asking for `spec` starts at, at `now`.
    pub fn start_offset(&self, spec: OffsetSpec) -> u64 {
        match spec {
            OffsetSpec::First => self.first_offset(),
            OffsetSpec::Last => self.entries.back().map_or(self.next_offset, |e| e.offset),
            OffsetSpec::Next => self.next_offset,
            OffsetSpec::Offset(offset) => offset.max(self.first_offset()),
            OffsetSpec::Timestamp(at) => {
                self.entries.iter().find(|e| e.appended_at >= at).map_or(self.next_offset, |e| e.offset)
            }
        }
    }

    /// Appends one message as one chunk. When the open segment reaches
    /// `x-stream-max-segment-size-bytes` it closes and a new one opens; only then is retention
    /// evaluated (osiris evaluates retention when a segment rolls over), removing whole closed
    /// segments, oldest first, while the log is over `x-max-length-bytes` or their newest
    /// message is older than `x-max-age`. The open segment is never removed.
    pub fn append(&mut self, message: Message, now: SimTime) -> AppendOutcome {
        let offset = self.next_offset;
        let bytes = message.size_bytes();
        self.entries.push_back(StreamEntry { offset, appended_at: now, message });
        self.next_offset += 1;
        let open = self.segments.back_mut().expect("a log always has an open segment");
        open.next_offset = self.next_offset;
        open.bytes += bytes;
        open.newest_at = now;
        let mut outcome = AppendOutcome { offset, ..AppendOutcome::default() };
        if open.bytes >= self.settings.max_segment_size_bytes {
            outcome.rolled = true;
            let next = Segment { first_offset: self.next_offset, next_offset: self.next_offset, bytes: 0, newest_at: now };
            self.segments.push_back(next);
            outcome.removed = self.evaluate_retention(now);
        }
        outcome
    }

    /// Removes closed segments, oldest first, that retention no longer keeps.
    fn evaluate_retention(&mut self, now: SimTime) -> Vec<Segment> {
        let mut removed = Vec::new();
        while self.segments.len() > 1 {
            let oldest = self.segments[0];
            let total: u64 = self.segments.iter().map(|s| s.bytes).sum();
            let over_bytes = self.settings.max_length_bytes.is_some_and(|max| total > max);
            let too_old = self.settings.max_age_ms.is_some_and(|max| now.ms_since(oldest.newest_at) > max);
            if !over_bytes && !too_old {
                break;
            }
            self.segments.pop_front();
            while self.entries.front().is_some_and(|e| e.offset < oldest.next_offset) {
                self.entries.pop_front();
            }
            removed.push(oldest);
        }
        removed
    }
}


