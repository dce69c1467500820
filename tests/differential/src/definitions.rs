//! Export of the model's definitions must be accepted by a real RabbitMQ: random topologies,
//! exported with `export_definitions`, imported with `rabbitmqctl import_definitions`.

use std::process::Command;

use brokerlab_core::Name;
use brokerlab_core::message_broker::{ChannelId, ExchangeDeclare, ExchangeKind, HeaderValue, Headers, MessageBroker, QueueDeclare};
use brokerlab_core::rng::Prng;
use brokerlab_core::time::SimTime;
use lapin::options::{ExchangeDeleteOptions, QueueDeclareOptions, QueueDeleteOptions};
use lapin::types::FieldTable;
use lapin::{Connection, ConnectionProperties};

const NOW: SimTime = SimTime::ZERO;

fn s(text: &str) -> HeaderValue {
    HeaderValue::String(Name::from(text))
}

/// A random topology (exchanges of every kind with flags and alternate exchanges, classic and
/// quorum queues with most arguments, streams with retention arguments, queue and exchange
/// bindings), all names prefixed `def{n}.`.
pub fn topology(n: u64) -> MessageBroker {
    let mut rng = Prng::new(0xDEF0_0000 + n);
    let mut b = MessageBroker::new();
    let ch = ChannelId::new(0, 1);
    b.open_channel(NOW, ch).expect("fresh broker");
    let kinds = [ExchangeKind::Direct, ExchangeKind::Fanout, ExchangeKind::Topic, ExchangeKind::Headers];
    let exchanges: Vec<(String, ExchangeKind)> = (0..1 + rng.below(4))
        .map(|i| (format!("def{n}.x{i}"), kinds[rng.below(4) as usize]))
        .collect();
    for (name, kind) in &exchanges {
        let mut declare = ExchangeDeclare::new(name, *kind);
        declare.durable = rng.chance_per_mille(700);
        declare.auto_delete = rng.chance_per_mille(150);
        declare.internal = rng.chance_per_mille(150);
        if rng.chance_per_mille(250) {
            let (alternate, _) = &exchanges[rng.below(exchanges.len() as u64) as usize];
            declare.arguments.insert("alternate-exchange".into(), s(alternate));
        }
        b.declare_exchange(NOW, ch, declare).expect("valid exchange");
    }
    let mut queues = Vec::new();
    for i in 0..1 + rng.below(5) {
        let name = format!("def{n}.q{i}");
        let quorum = rng.chance_per_mille(300);
        let mut declare = QueueDeclare::new(&name);
        declare.durable = quorum || rng.chance_per_mille(600);
        declare.auto_delete = !quorum && rng.chance_per_mille(150);
        let a = &mut declare.arguments;
        a.insert("x-queue-type".into(), s(if quorum { "quorum" } else { "classic" }));
        if rng.chance_per_mille(300) {
            a.insert("x-message-ttl".into(), HeaderValue::Integer(rng.below(60_000) as i64));
        }
        if rng.chance_per_mille(200) {
            a.insert("x-expires".into(), HeaderValue::Integer(1000 + rng.below(60_000) as i64));
        }
        if rng.chance_per_mille(400) {
            a.insert("x-max-length".into(), HeaderValue::Integer(rng.below(100) as i64));
            let overflows: &[&str] = if quorum { &["drop-head", "reject-publish"] } else { &["drop-head", "reject-publish", "reject-publish-dlx"] };
            a.insert("x-overflow".into(), s(overflows[rng.below(overflows.len() as u64) as usize]));
        }
        if rng.chance_per_mille(200) {
            a.insert("x-max-length-bytes".into(), HeaderValue::Integer(rng.below(100_000) as i64));
        }
        if rng.chance_per_mille(400) {
            let (dlx, _) = &exchanges[rng.below(exchanges.len() as u64) as usize];
            a.insert("x-dead-letter-exchange".into(), s(dlx));
            if rng.chance_per_mille(500) {
                a.insert("x-dead-letter-routing-key".into(), s("dead"));
            }
        }
        if !quorum && rng.chance_per_mille(300) {
            a.insert("x-max-priority".into(), HeaderValue::Integer(1 + rng.below(10) as i64));
        }
        if rng.chance_per_mille(200) {
            a.insert("x-single-active-consumer".into(), HeaderValue::Bool(true));
        }
        if quorum && rng.chance_per_mille(400) {
            a.insert("x-delivery-limit".into(), HeaderValue::Integer(rng.below(30) as i64));
        }
        b.declare_queue(NOW, ch, declare).expect("valid queue");
        queues.push(name);
    }
    // A stream with its retention arguments, from a generator of its own so the rest of each
    // topology stays as it was (it takes no binding for the same reason).
    let mut streams = Prng::new(0x5772_EA45_0000 + n);
    if streams.chance_per_mille(400) {
        let mut declare = QueueDeclare::new(&format!("def{n}.s0"));
        let a = &mut declare.arguments;
        a.insert("x-queue-type".into(), s("stream"));
        let ages = ["30s", "1h", "7D", "1Y"];
        a.insert("x-max-age".into(), s(ages[streams.below(ages.len() as u64) as usize]));
        a.insert("x-max-length-bytes".into(), HeaderValue::Integer(1_000_000 + streams.below(1_000_000) as i64));
        if streams.chance_per_mille(500) {
            a.insert("x-stream-max-segment-size-bytes".into(), HeaderValue::Integer(100_000 + streams.below(100_000) as i64));
        }
        b.declare_queue(NOW, ch, declare).expect("valid stream");
    }
    for _ in 0..rng.below(8) {
        let (source, kind) = &exchanges[rng.below(exchanges.len() as u64) as usize];
        let keys = ["a", "a.b", "a.*", "#", "*.b.#", ""];
        let key = keys[rng.below(keys.len() as u64) as usize];
        let mut arguments = Headers::new();
        if *kind == ExchangeKind::Headers {
            arguments.insert("x-match".into(), s(if rng.chance_per_mille(500) { "all" } else { "any" }));
            arguments.insert("h1".into(), s("v"));
            if rng.chance_per_mille(500) {
                arguments.insert("h2".into(), HeaderValue::Integer(7));
            }
        }
        if rng.chance_per_mille(250) {
            let (destination, _) = &exchanges[rng.below(exchanges.len() as u64) as usize];
            b.bind_exchange(NOW, ch, destination, source, key, arguments).expect("valid exchange binding");
        } else {
            let queue = &queues[rng.below(queues.len() as u64) as usize];
            b.bind_queue(NOW, ch, queue, source, key, arguments).expect("valid binding");
        }
    }
    b
}

/// Exports `count` topologies, imports each into the node with rabbitmqctl, then deletes what
/// was imported. Returns the failures.
pub async fn check(url: &str, node: &str, count: u64) -> Vec<String> {
    let mut failures = Vec::new();
    let connection = match Connection::connect(url, ConnectionProperties::default()).await {
        Ok(c) => c,
        Err(e) => return vec![format!("connect: {e}")],
    };
    for n in 0..count {
        let broker = topology(n);
        let json = serde_json::to_string_pretty(&broker.export_definitions()).expect("JSON");
        let path = std::env::temp_dir().join(format!("brokerlab-differential-definitions-{}-{n}.json", std::process::id()));
        if let Err(e) = std::fs::write(&path, &json) {
            failures.push(format!("topology {n}: cannot write {}: {e}", path.display()));
            continue;
        }
        let output = Command::new("rabbitmqctl").args(["-n", node, "import_definitions"]).arg(&path).output();
        match output {
            Ok(out) if out.status.success() => {}
            Ok(out) => failures.push(format!(
                "topology {n}: rabbitmqctl import_definitions refused {}:\n{}{}\n{json}",
                path.display(),
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            )),
            Err(e) => failures.push(format!("topology {n}: cannot run rabbitmqctl: {e}")),
        }
        let _ = std::fs::remove_file(&path);
        // What the import claims to have created is there (a passive declare of each).
        for queue in broker.queues() {
            let Ok(channel) = connection.create_channel().await else { break };
            let passive = QueueDeclareOptions { passive: true, ..QueueDeclareOptions::default() };
            match channel.queue_declare(queue.name().as_ref().into(), passive, FieldTable::default()).await {
                Ok(_) => {
                    let _ = channel.close(200, "checked".into()).await;
                }
                Err(e) => failures.push(format!("topology {n}: queue {} missing after the import: {e}", queue.name())),
            }
        }
        // Remove what the import created.
        let channel = match connection.create_channel().await {
            Ok(c) => c,
            Err(e) => {
                failures.push(format!("topology {n}: channel.open for cleanup: {e}"));
                break;
            }
        };
        for queue in broker.queues() {
            if let Err(e) = channel.queue_delete(queue.name().as_ref().into(), QueueDeleteOptions::default()).await {
                failures.push(format!("topology {n}: cleanup queue.delete {}: {e}", queue.name()));
            }
        }
        for exchange in broker.exchanges().filter(|x| x.name().starts_with("def")) {
            if let Err(e) = channel.exchange_delete(exchange.name().as_ref().into(), ExchangeDeleteOptions::default()).await {
                failures.push(format!("topology {n}: cleanup exchange.delete {}: {e}", exchange.name()));
            }
        }
        let _ = channel.close(200, "definitions checked".into()).await;
    }
    let _ = connection.close(200, "definitions done".into()).await;
    failures
}
