//! `brokerlab`: answers "which partition", "which assignment" and "which queues" from the
//! command line, with the same core the page uses.
//!
//! Exit codes: 0 success, 2 bad arguments or bad input (a message on stderr), never a panic.

mod assign;
mod partition;
mod route;
mod share_partition;

use std::io::Write;
use std::process::ExitCode;

const USAGE: &str = "\
usage:
  brokerlab partition --partitions N [--hex] KEY...
      prints KEY<TAB>PARTITION per key (Kafka's default partitioner: murmur2)
  brokerlab assign --strategy range|roundrobin|sticky|cooperative-sticky  < members.json
      prints each member's assigned [topic, partition] pairs as JSON
  brokerlab route --definitions FILE  < messages.jsonl
      prints the queues each message reaches, one JSON line per input line
  brokerlab share-partition  < share.json
      runs fetches and acknowledgements on a Kafka share-partition, one JSON line per state
  brokerlab help";

/// A refusal to run: the message goes to stderr and the exit code is 2.
#[derive(Debug)]
pub(crate) struct Usage(pub String);

impl Usage {
    pub(crate) fn new(message: impl Into<String>) -> Usage {
        Usage(message.into())
    }
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut stdout = std::io::stdout().lock();
    let result = match args.first().map(String::as_str) {
        Some("partition") => partition::run(&args[1..], &mut stdout),
        Some("assign") => assign::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("route") => route::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("share-partition") => share_partition::run(&args[1..], &mut std::io::stdin().lock(), &mut stdout),
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(stdout, "{USAGE}");
            Ok(())
        }
        Some(other) => Err(Usage::new(format!("unknown command {other:?}"))),
        None => Err(Usage::new("no command given")),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Usage(message)) => {
            eprintln!("brokerlab: {message}\n\n{USAGE}");
            ExitCode::from(2)
        }
    }
}
