//! `brokerlab`: answers "which partition", "which assignment" and "which queues" from the
//! command line, and runs a scenario, a share link or a lesson, with the same core the page
//! uses.
//!
//! Exit codes: 0 success, 2 bad arguments or bad input (a message on stderr), never a panic.

mod assign;
mod limits;
mod partition;
mod route;
mod run;
mod share_partition;

use std::io::Write;
use std::process::ExitCode;

use brokerlab_core::lessons::LessonSide;

/// The help: every command and option, and the lesson ids `run --lesson` takes.
fn usage() -> String {
    format!(
        "\
usage:
  brokerlab partition --partitions N [--hex] KEY...
      prints KEY<TAB>PARTITION per key (Kafka's default partitioner: murmur2)
  brokerlab assign --strategy range|roundrobin|sticky|cooperative-sticky  < members.json
  brokerlab assign --protocol consumer --strategy uniform|range  < members.json
      prints each member's assigned [topic, partition] pairs as JSON: the client's assignor
      (--protocol classic, the default) or the group coordinator's (KIP-848; uniform only for
      members with equal subscriptions)
  brokerlab route --definitions FILE  < messages.jsonl
      prints the queues each message reaches, one JSON line per input line
  brokerlab run FILE|- [--until DURATION] [--lang en|ko] [--json]
  brokerlab run --lesson ID [--until DURATION] [--lang en|ko] [--json]
      runs a scenario and prints its event log: one line per event, its simulated time and
      what happened. FILE (- for standard input) holds a scenario as the page exports it, or
      a share link as the page writes it (the whole URL or just its fragment).
      --lesson ID    a built-in lesson's scenario, as a fresh page runs it before its steps:
                     Kafka: {event_lessons}
                     RabbitMQ: {message_lessons}
      --until D      how long to run, in simulated time: 1500ms, 30s, 2m, 1h
                     (default {default}, at most {max})
      --lang en|ko   the language of the explanations (default en)
      --json         one JSON object per event, as the golden traces and the JS package
                     write it (its text is English)
  brokerlab share-partition  < share.json
      runs fetches and acknowledgements on a Kafka share-partition, one JSON line per state
  brokerlab help",
        event_lessons = wrap(&run::lesson_ids(Some(LessonSide::Event)), "                     Kafka: ".len()),
        message_lessons = wrap(&run::lesson_ids(Some(LessonSide::Message)), "                     RabbitMQ: ".len()),
        default = brokerlab_core::SimTime::from_ms(run::UNTIL_DEFAULT_MS),
        max = brokerlab_core::SimTime::from_ms(limits::RUN_UNTIL_MS_MAX),
    )
}

/// `list` (words separated by ", ") broken into lines of at most 96 characters, the first
/// starting at column `first`, the others indented 23 spaces.
fn wrap(list: &str, first: usize) -> String {
    let mut out = String::new();
    let mut column = first;
    for (i, word) in list.split(", ").enumerate() {
        let piece = if i == 0 { word.to_string() } else { format!(", {word}") };
        if column + piece.len() > 96 {
            out.push_str(",\n                       ");
            out.push_str(word);
            column = 23 + word.len();
        } else {
            out.push_str(&piece);
            column += piece.len();
        }
    }
    out
}

/// A refusal to run: the message goes to stderr and the exit code is 2.
#[derive(Debug)]
pub(crate) struct Usage {
    pub message: String,
    /// Whether the help follows the message: the command line was wrong, not what it read.
    pub help: bool,
}

impl Usage {
    /// A mistake in the command line: the message, then the help.
    pub(crate) fn new(message: impl Into<String>) -> Usage {
        Usage { message: message.into(), help: true }
    }

    /// Input that cannot be used (a scenario, a link, a file): the message alone, one line.
    pub(crate) fn input(message: impl Into<String>) -> Usage {
        Usage { message: message.into(), help: false }
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout().lock();
    let result = match args.first().map(String::as_str) {
        Some("partition") => partition::run(&args[1..], &mut stdout),
        Some("assign") => assign::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("route") => route::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("run") => run::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("share-partition") => share_partition::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(stdout, "{}", usage());
            Ok(())
        }
        Some(other) => Err(Usage::new(format!("unknown command {other:?}"))),
        None => Err(Usage::new("no command given")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Usage { message, help }) => {
            if help {
                eprintln!("brokerlab: {message}\n\n{}", usage());
            } else {
                eprintln!("brokerlab: {message}");
            }
            ExitCode::from(2)
        }
    }
}
