//! `brokerlab route --definitions FILE`: which queues each message reaches, with RabbitMQ's
//! routing (default, direct, fanout, topic and headers exchanges, exchange-to-exchange bindings,
//! alternate exchanges, `CC`/`BCC`), over a topology read from a definitions.json export.
//!
//! Reads JSON lines on stdin, one message each:
//!
//! ```text
//! {"exchange": "orders", "routing_key": "order.eu.paid", "headers": {"k": "v"}, "mandatory": false}
//! ```
//!
//! (`routing_key` defaults to "", `headers` and `mandatory` are optional; blank lines are
//! skipped) and prints one JSON line per message: `{"queues": ["q1", "q2"], "returned": false}`,
//! queue names sorted, `returned` true when a mandatory message reached no queue. Nothing is
//! published: routing is a question, not a change. Bad input is a `Usage` error (stderr, exit
//! code 2); nothing here panics on input.

use std::io::{BufRead, BufReader, Read, Write};

use brokerlab_core::message_broker::MessageBroker;
use brokerlab_core::message_broker::headers::{Headers, table_from_json};
use serde_json::Value;

use crate::Usage;

/// Bytes of the definitions file.
const DEFINITIONS_BYTES_MAX: u64 = 64 << 20;
/// Bytes of one input line.
const LINE_BYTES_MAX: usize = 1 << 20;

pub(crate) fn run(args: &[String], input: &mut impl Read, out: &mut impl Write) -> Result<(), Usage> {
    let path = parse_args(args)?;
    let text = read_definitions(&path)?;
    let (broker, _imported) =
        MessageBroker::from_definitions(&text).map_err(|e| Usage::new(format!("{path}: {e}")))?;
    let reader = BufReader::new(input);
    for (index, line) in reader.lines().enumerate() {
        let number = index + 1;
        let line = line.map_err(|e| Usage::new(format!("cannot read line {number} of the input: {e}")))?;
        if line.trim().is_empty() {
            continue;
        }
        if line.len() > LINE_BYTES_MAX {
            return Err(Usage::new(format!("line {number} is longer than {LINE_BYTES_MAX} bytes")));
        }
        let message = parse_message(&line).map_err(|e| Usage::new(format!("line {number}: {e}")))?;
        let queues = broker
            .route(&message.exchange, &message.routing_key, &message.headers)
            .map_err(|e| Usage::new(format!("line {number}: {e}")))?;
        let returned = message.mandatory && queues.is_empty();
        let names: Vec<&str> = queues.iter().map(|q| &**q).collect();
        let answer = serde_json::json!({"queues": names, "returned": returned});
        writeln!(out, "{answer}").map_err(|e| Usage::new(format!("cannot write: {e}")))?;
    }
    Ok(())
}

struct Message {
    exchange: String,
    routing_key: String,
    headers: Headers,
    mandatory: bool,
}

fn parse_args(args: &[String]) -> Result<String, Usage> {
    let mut path = None;
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--definitions" | "-d" => {
                let value = rest.next().ok_or_else(|| Usage::new("--definitions needs a file"))?;
                path = Some(value.clone());
            }
            s if s.starts_with("--definitions=") => path = Some(s["--definitions=".len()..].to_string()),
            other => return Err(Usage::new(format!("route: unexpected argument {other:?}"))),
        }
    }
    path.ok_or_else(|| Usage::new("route needs --definitions FILE (a RabbitMQ definitions.json)"))
}

fn read_definitions(path: &str) -> Result<String, Usage> {
    let file = std::fs::File::open(path).map_err(|e| Usage::new(format!("cannot open {path}: {e}")))?;
    let mut text = String::new();
    file.take(DEFINITIONS_BYTES_MAX + 1)
        .read_to_string(&mut text)
        .map_err(|e| Usage::new(format!("cannot read {path}: {e}")))?;
    if text.len() as u64 > DEFINITIONS_BYTES_MAX {
        return Err(Usage::new(format!("{path} is larger than {DEFINITIONS_BYTES_MAX} bytes")));
    }
    Ok(text)
}

fn parse_message(line: &str) -> Result<Message, String> {
    let value: Value = serde_json::from_str(line).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Object(fields) = value else {
        return Err("expected a JSON object like {\"exchange\": \"x\", \"routing_key\": \"a.b\"}".into());
    };
    let mut message = Message { exchange: String::new(), routing_key: String::new(), headers: Headers::new(), mandatory: false };
    let mut has_exchange = false;
    for (key, value) in &fields {
        match (key.as_str(), value) {
            ("exchange", Value::String(name)) => {
                message.exchange = name.clone();
                has_exchange = true;
            }
            ("routing_key", Value::String(key)) => message.routing_key = key.clone(),
            ("headers", Value::Object(_)) => message.headers = table_from_json(value).unwrap_or_default(),
            ("headers", Value::Null) => {}
            ("mandatory", Value::Bool(mandatory)) => message.mandatory = *mandatory,
            ("exchange" | "routing_key", _) => return Err(format!("{key:?} must be a string")),
            ("headers", _) => return Err("\"headers\" must be an object".into()),
            ("mandatory", _) => return Err("\"mandatory\" must be true or false".into()),
            (other, _) => {
                return Err(format!("unknown field {other:?} (expected exchange, routing_key, headers, mandatory)"));
            }
        }
    }
    if !has_exchange {
        return Err("\"exchange\" is missing (use \"\" for the default exchange)".into());
    }
    Ok(message)
}
