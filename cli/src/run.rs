//! `brokerlab run`: a scenario as the page exports it, a share link as the page writes it, or a
//! built-in lesson, run natively with the core's `World`, printing the event log the page shows:
//! one line per event, its simulated time and its explanation (`Event::explain`), or with
//! `--json` the event as the golden traces and the JS package write it.
//!
//! What it reads, decided by the text itself:
//! - a share link: a text that is not JSON (does not start with `{` or `[`) and has a `#`
//!   (the whole URL; the fragment after the last `#` is read), or starts like a fragment
//!   (`v1.`, `v2.`): decoded by
//!   `brokerlab_core::share::decode`, as the page does. A v2 link's lesson and step say which
//!   lesson the page opens; the scenario in the link is what runs;
//! - anything else: a scenario document (`Scenario::from_json`), the page's export with both
//!   brokers, or a document of one.
//!
//! A message-broker lesson is a bare spec; it runs as the page runs it when opened fresh
//! (`LessonScenario::document`). The run is bounded: simulated time by `RUN_UNTIL_MS_MAX`,
//! output by `RUN_EVENTS_MAX` events, input by `RUN_INPUT_BYTES_MAX` bytes, and real time by
//! `RUN_REAL_SECONDS_MAX`: a valid scenario can keep the model busy without a single event
//! (512 group members polling every millisecond), and the CLI, unlike the core, may read a
//! clock. What a run prints is the same on every machine; only where a run too busy for its
//! `--until` stops depends on the machine's speed. Every refusal is a `Usage` (stderr, exit
//! code 2); nothing here panics on input.

use std::io::{BufWriter, ErrorKind, Read, Write};
use std::time::{Duration, Instant};

use brokerlab_core::lessons::{self, LESSONS, LessonSide};
use brokerlab_core::share;
use brokerlab_core::{Advance, Drive, Event, Lang, Scenario, SimTime, World};

use crate::Usage;
use crate::limits::{RUN_EVENTS_MAX, RUN_INPUT_BYTES_MAX, RUN_REAL_SECONDS_MAX, RUN_UNTIL_MS_MAX};

/// Simulated time run when `--until` is not given.
pub(crate) const UNTIL_DEFAULT_MS: u64 = 30_000;

/// What to run and how to print it.
#[derive(Debug, PartialEq)]
struct Options {
    source: Source,
    until: SimTime,
    lang: Lang,
    json: bool,
}

#[derive(Debug, PartialEq)]
enum Source {
    /// A file, or standard input for `-`.
    Input(String),
    Lesson(String),
}

pub(crate) fn run(args: &[String], input: &mut impl Read, out: &mut impl Write) -> Result<(), Usage> {
    let options = parse_args(args)?;
    let scenario = match &options.source {
        Source::Lesson(id) => lesson_document(id)?,
        Source::Input(path) => {
            let text = read_input(path, input)?;
            document(&text).map_err(|e| Usage::input(format!("{}: {e}", shown_path(path))))?
        }
    };
    let world = World::new(&scenario).map_err(|e| Usage::input(format!("{}: {e}", options.source.name())))?;
    let mut out = BufWriter::new(out);
    let bounds = Bounds { events: RUN_EVENTS_MAX, real_time: Duration::from_secs(RUN_REAL_SECONDS_MAX) };
    match print_events(world, &options, bounds, &mut out).and_then(|()| out.flush().map_err(Stop::Write)) {
        Ok(()) => Ok(()),
        // A reader that stopped reading (`| head`) has what it wanted.
        Err(Stop::Write(e)) if e.kind() == ErrorKind::BrokenPipe => Ok(()),
        Err(Stop::Write(e)) => Err(Usage::input(format!("cannot write: {e}"))),
        Err(Stop::TooManyEvents { printed, at }) => Err(Usage::input(format!(
            "stopped after {printed} events, at {at}: the scenario is too busy for --until {}; ask for less time",
            options.until
        ))),
        Err(Stop::TooLong { at }) => Err(Usage::input(format!(
            "stopped after {RUN_REAL_SECONDS_MAX} s of real time, at {at}: the scenario is too busy for --until {}; ask for less time",
            options.until
        ))),
    }
}

/// The ids `brokerlab run --lesson` takes (of one broker's lessons, or all), for the help.
pub(crate) fn lesson_ids(side: Option<LessonSide>) -> String {
    let ids: Vec<&str> = LESSONS.iter().filter(|l| side.is_none_or(|side| l.side == side)).map(|l| l.id).collect();
    ids.join(", ")
}

/// Reads a scenario document or a share link (see the module's documentation).
fn document(text: &str) -> Result<Scenario, String> {
    let trimmed = text.trim();
    let starts_like_a_fragment = |t: &str| t.strip_prefix('v').is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()));
    // A document's text may hold a `#` (a topic binding's `order.#`): JSON is never a link.
    let json = trimmed.starts_with(['{', '[']);
    if !json && (trimmed.contains('#') || starts_like_a_fragment(trimmed)) {
        let fragment = trimmed.rsplit_once('#').map_or(trimmed, |(_, fragment)| fragment);
        let shared = share::decode(fragment)
            .map_err(|e| format!("the share link cannot be used: {e}"))?
            .ok_or("the share link has nothing after its '#'")?;
        return Scenario::from_json(&shared.scenario_json).map_err(|e| format!("the share link's scenario: {e}"));
    }
    Scenario::from_json(text).map_err(|e| e.to_string())
}

fn lesson_document(id: &str) -> Result<Scenario, Usage> {
    match lessons::find(id) {
        Some(lesson) => Ok(lesson.document()),
        None if id == "compare" => Err(Usage::new(
            "lesson \"compare\" has no scenario of its own: it is the page's side-by-side view of two simulations",
        )),
        None => Err(Usage::new(format!("no lesson {id:?}; the lessons are {}", lesson_ids(None)))),
    }
}

/// Why the run stopped before `--until`.
enum Stop {
    Write(std::io::Error),
    /// `printed` events were printed; the next one, at `at`, would have been one too many.
    TooManyEvents { printed: usize, at: SimTime },
    /// The real-time bound passed; the model had reached `at`.
    TooLong { at: SimTime },
}

/// How much one run may do.
#[derive(Clone, Copy)]
struct Bounds {
    events: usize,
    real_time: Duration,
}

/// The drive loop (`Drive::run_to`, written out so a run can stop at the event bound): advance,
/// drain, and again while the advance was partial (each advance runs a bounded number of
/// timers, so the clock is read often enough).
fn print_events(mut world: World, options: &Options, bounds: Bounds, out: &mut impl Write) -> Result<(), Stop> {
    let started = Instant::now();
    let mut printed: usize = 0;
    let mut print = |event: Event| -> Result<(), Stop> {
        if printed == bounds.events {
            return Err(Stop::TooManyEvents { printed, at: event.at });
        }
        printed += 1;
        if options.json {
            let line = serde_json::to_string(&event).expect("events always serialize");
            writeln!(out, "{line}").map_err(Stop::Write)
        } else {
            writeln!(out, "{:>9}  {}", event.at.to_string(), event.explain(options.lang)).map_err(Stop::Write)
        }
    };
    while let Some(event) = world.poll_event() {
        print(event)?;
    }
    loop {
        let advance = world.advance_to(options.until);
        while let Some(event) = world.poll_event() {
            print(event)?;
        }
        if advance == Advance::Reached {
            return Ok(());
        }
        if started.elapsed() > bounds.real_time {
            return Err(Stop::TooLong { at: world.now() });
        }
    }
}

impl Source {
    /// How an error names what was run.
    fn name(&self) -> String {
        match self {
            Source::Input(path) => shown_path(path),
            Source::Lesson(id) => format!("lesson {id:?}"),
        }
    }
}

fn shown_path(path: &str) -> String {
    if path == "-" { String::from("standard input") } else { path.to_string() }
}

fn parse_args(args: &[String]) -> Result<Options, Usage> {
    let mut path: Option<String> = None;
    let mut lesson: Option<String> = None;
    let mut until = SimTime::from_ms(UNTIL_DEFAULT_MS);
    let mut lang = Lang::En;
    let mut json = false;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        let (name, inline) = match arg.split_once('=') {
            Some((name, value)) if name.starts_with("--") => (name, Some(value)),
            _ => (arg.as_str(), None),
        };
        let mut value = |what: &str| {
            inline.map(str::to_string).or_else(|| rest.next().cloned()).ok_or_else(|| Usage::new(format!("{name} needs {what}")))
        };
        match name {
            "--until" => until = parse_until(&value("a duration, like 30s, 1500ms or 2m")?)?,
            "--lang" => lang = parse_lang(&value("a language: en or ko")?)?,
            "--lesson" => lesson = Some(value("a lesson id")?),
            "--json" if inline.is_none() => json = true,
            "-" => path = Some(set_once(path, "-")?),
            s if s.starts_with('-') => return Err(Usage::new(format!("run: unknown option {s:?}"))),
            file => path = Some(set_once(path, file)?),
        }
    }
    let source = match (path, lesson) {
        (Some(_), Some(_)) => return Err(Usage::new("run takes a FILE or --lesson ID, not both")),
        (Some(path), None) => Source::Input(path),
        (None, Some(id)) => Source::Lesson(id),
        (None, None) => return Err(Usage::new("run needs a FILE (- for standard input) or --lesson ID")),
    };
    Ok(Options { source, until, lang, json })
}

fn set_once(previous: Option<String>, path: &str) -> Result<String, Usage> {
    match previous {
        Some(first) => Err(Usage::new(format!("run takes one FILE, not {first:?} and {path:?}"))),
        None => Ok(path.to_string()),
    }
}

/// `30s`, `1500ms`, `2m`, `1h`: a whole number and its unit, at most `RUN_UNTIL_MS_MAX`.
fn parse_until(text: &str) -> Result<SimTime, Usage> {
    let digits = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(digits);
    let unit_ms: u64 = match unit {
        "ms" => 1,
        "s" => 1_000,
        "m" => 60_000,
        "h" => 3_600_000,
        "" => return Err(Usage::new(format!("--until {text:?} needs a unit: ms, s, m or h (like 30s)"))),
        _ => return Err(Usage::new(format!("--until {text:?} is not a duration like 30s, 1500ms, 2m or 1h"))),
    };
    let beyond = || Usage::new(format!("--until {text:?} is beyond the limit of {}", SimTime::from_ms(RUN_UNTIL_MS_MAX)));
    if number.is_empty() {
        return Err(Usage::new(format!("--until {text:?} needs a whole number before its unit (like 30s)")));
    }
    let ms = number.parse::<u64>().ok().and_then(|n| n.checked_mul(unit_ms)).ok_or_else(beyond)?;
    if ms > RUN_UNTIL_MS_MAX {
        return Err(beyond());
    }
    Ok(SimTime::from_ms(ms))
}

fn parse_lang(text: &str) -> Result<Lang, Usage> {
    match text {
        "en" => Ok(Lang::En),
        "ko" => Ok(Lang::Ko),
        other => Err(Usage::new(format!("--lang {other:?}: the languages are en and ko"))),
    }
}

/// The whole input as text, refused beyond `RUN_INPUT_BYTES_MAX` bytes without reading the rest.
fn read_input(path: &str, stdin: &mut impl Read) -> Result<String, Usage> {
    let mut bytes = Vec::new();
    let limit = RUN_INPUT_BYTES_MAX as u64 + 1;
    let result = if path == "-" {
        stdin.take(limit).read_to_end(&mut bytes)
    } else {
        let file = std::fs::File::open(path).map_err(|e| Usage::input(format!("cannot open {path}: {e}")))?;
        file.take(limit).read_to_end(&mut bytes)
    };
    result.map_err(|e| Usage::input(format!("cannot read {}: {e}", shown_path(path))))?;
    if bytes.len() > RUN_INPUT_BYTES_MAX {
        return Err(Usage::input(format!("{} is larger than {RUN_INPUT_BYTES_MAX} bytes", shown_path(path))));
    }
    String::from_utf8(bytes).map_err(|e| Usage::input(format!("{} is not UTF-8 text: {e}", shown_path(path))))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Vec<String> {
        list.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn durations_take_a_unit_and_stay_within_the_limit() {
        let ms = |text: &str| parse_until(text).map(SimTime::as_ms).map_err(|u| u.message);
        assert_eq!(ms("30s"), Ok(30_000));
        assert_eq!(ms("1500ms"), Ok(1_500));
        assert_eq!(ms("2m"), Ok(120_000));
        assert_eq!(ms("1h"), Ok(3_600_000));
        assert_eq!(ms("0s"), Ok(0));
        assert_eq!(ms(&format!("{RUN_UNTIL_MS_MAX}ms")), Ok(RUN_UNTIL_MS_MAX));
        for bad in ["", "30", "s", "-1s", "1.5s", "30 s", "30sec", "2d", "1e3ms"] {
            assert!(ms(bad).is_err(), "{bad:?}");
        }
        for beyond in [format!("{}ms", RUN_UNTIL_MS_MAX + 1), String::from("2h"), String::from("99999999999999999999s"), format!("{}h", u64::MAX / 1000)] {
            assert!(ms(&beyond).is_err_and(|m| m.contains("beyond the limit")), "{beyond:?}");
        }
    }

    #[test]
    fn arguments_name_one_source() {
        let parsed = parse_args(&args(&["-", "--until=5s", "--lang", "ko", "--json"])).unwrap();
        assert_eq!(parsed, Options { source: Source::Input("-".into()), until: SimTime::from_ms(5_000), lang: Lang::Ko, json: true });
        let parsed = parse_args(&args(&["--lesson", "acks"])).unwrap();
        assert_eq!(parsed.source, Source::Lesson("acks".into()));
        assert_eq!((parsed.until.as_ms(), parsed.lang, parsed.json), (UNTIL_DEFAULT_MS, Lang::En, false));
        for bad in [&[][..], &["a", "b"], &["a", "--lesson", "acks"], &["--lesson"], &["--until"], &["--lang", "fr", "a"], &["--json=yes", "a"], &["--bogus", "a"]] {
            assert!(parse_args(&args(bad)).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn a_run_stops_at_its_event_bound_and_says_when() {
        let options = parse_args(&args(&["--lesson", "pubsub"])).unwrap();
        let world = || World::new(&lesson_document("pubsub").unwrap()).unwrap();
        let unbounded = Bounds { events: usize::MAX, real_time: Duration::MAX };
        let mut all = Vec::new();
        assert!(print_events(world(), &options, unbounded, &mut all).is_ok());
        let lines = String::from_utf8(all).unwrap();
        let mut some = Vec::new();
        let stop = print_events(world(), &options, Bounds { events: 20, ..unbounded }, &mut some);
        assert!(matches!(stop, Err(Stop::TooManyEvents { printed: 20, at }) if at > SimTime::ZERO));
        let first: Vec<&str> = lines.lines().take(20).collect();
        assert_eq!(String::from_utf8(some).unwrap(), first.join("\n") + "\n", "the first 20 lines, then the stop");
    }

    /// Valid, and busy without a word: 512 members polling an empty topic every millisecond.
    /// With no real time to spend, the run stops at its first partial advance.
    #[test]
    fn a_run_stops_at_its_real_time_bound_and_says_when() {
        let groups: Vec<String> =
            (0..16).map(|g| format!(r#"{{"name": "g{g}", "topics": ["t"], "members": 32, "poll_ms": 1}}"#)).collect();
        let text = format!(r#"{{"version": 1, "event_broker": {{"topics": [{{"name": "t", "partitions": 64}}], "groups": [{}]}}}}"#, groups.join(", "));
        let world = World::new(&document(&text).unwrap()).unwrap();
        let options = parse_args(&args(&["-", "--until", "1h"])).unwrap();
        let stop = print_events(world, &options, Bounds { events: usize::MAX, real_time: Duration::ZERO }, &mut Vec::new());
        assert!(matches!(stop, Err(Stop::TooLong { at }) if at > SimTime::ZERO && at < options.until));
    }

    #[test]
    fn a_text_is_a_share_link_when_it_looks_like_one() {
        let json = r#"{"version": 1}"#;
        let fragment = share::encode(json, None);
        for text in [fragment.clone(), format!("#{fragment}"), format!("https://example.org/brokerlab/#{fragment}\n"), share::encode(json, Some(("pubsub", 2)))] {
            assert_eq!(document(&text), Scenario::from_json(json).map_err(|e| e.to_string()), "{text}");
        }
        assert!(document("https://example.org/#").unwrap_err().contains("nothing after"));
        assert!(document("v1.***").unwrap_err().contains("share link"));
        assert!(document("https://example.org/#v9.Zg").unwrap_err().contains("newer Brokerlab"));
        assert!(document("null").unwrap_err().contains("scenario is not valid"));
        let binding = r#"{"version": 1, "message_broker": {"definitions": {"exchanges": [{"name": "x", "type": "topic"}],
            "queues": [{"name": "q"}], "bindings": [{"source": "x", "destination": "q", "destination_type": "queue", "routing_key": "a.#"}]}}}"#;
        assert!(document(binding).is_ok(), "a document with a # in it is still a document");
    }
}
