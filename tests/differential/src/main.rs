//! Differential test: seeded random AMQP operation sequences run in lockstep against a real
//! RabbitMQ and the model (`brokerlab_core::message_broker`), comparing everything a client
//! observes after every operation. See README.md.

mod coverage;
mod definitions;
mod model;
mod observe;
mod ops;
mod server;

use std::process::ExitCode;
use std::time::Duration;

use model::ModelRun;
use ops::{Op, dead_letter_hops, generate};
#[cfg(test)]
use ops::StreamOffset;
use server::ServerRun;

/// One operation, with the barrier after it, must finish within this.
const OP_TIMEOUT: Duration = Duration::from_secs(10);
/// Topologies exported and imported with `--rabbitmqctl-node`.
const DEFINITION_TOPOLOGIES: u64 = 20;

#[derive(Debug)]
struct Args {
    url: String,
    seeds: u64,
    first_seed: u64,
    node: Option<String>,
    /// Only count what the sequences reach (on the model), no server.
    coverage_only: bool,
}

const USAGE: &str =
    "usage: differential (--amqp-url URL | --coverage-only) [--seeds N] [--first-seed S] [--seed S] [--rabbitmqctl-node NODE]";

fn parse_args() -> Result<Args, String> {
    let mut args = Args { url: String::new(), seeds: 500, first_seed: 0, node: None, coverage_only: false };
    let mut it = std::env::args().skip(1);
    let number = |value: Option<String>, flag: &str| -> Result<u64, String> {
        value.ok_or_else(|| format!("{flag} needs a value"))?.parse().map_err(|e| format!("{flag}: {e}"))
    };
    while let Some(flag) = it.next() {
        match flag.as_str() {
            "--amqp-url" => args.url = it.next().ok_or("--amqp-url needs a value")?,
            "--seeds" => args.seeds = number(it.next(), "--seeds")?,
            "--first-seed" => args.first_seed = number(it.next(), "--first-seed")?,
            "--seed" => {
                args.first_seed = number(it.next(), "--seed")?;
                args.seeds = 1;
            }
            "--rabbitmqctl-node" => args.node = Some(it.next().ok_or("--rabbitmqctl-node needs a value")?),
            "--coverage-only" => args.coverage_only = true,
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if args.url.is_empty() && !args.coverage_only {
        return Err(format!("--amqp-url is required\n{USAGE}"));
    }
    Ok(args)
}

/// How a sequence failed.
struct Failure {
    op_index: usize,
    detail: String,
}

/// Runs sequence `seed`; on success returns the number of operations compared.
async fn run_seed(url: &str, seed: u64, ops: &[Op]) -> Result<usize, Failure> {
    let setup = |detail: String| Failure { op_index: 0, detail: format!("server setup: {detail}") };
    let mut server = tokio::time::timeout(OP_TIMEOUT, ServerRun::start(url, seed, dead_letter_hops(ops)))
        .await
        .map_err(|_| setup("timed out".into()))?
        .map_err(setup)?;
    let mut model = ModelRun::new();
    for (index, op) in ops.iter().enumerate() {
        let expected = model
            .apply(op)
            .map_err(|e| Failure { op_index: index, detail: format!("the model refused the operation: {e}") })?;
        let observed = match tokio::time::timeout(OP_TIMEOUT, server.apply(op, &expected)).await {
            Err(_) => Err(format!("no answer from the server within {OP_TIMEOUT:?}")),
            Ok(result) => result,
        }
        .map_err(|e| Failure { op_index: index, detail: format!("the server failed the operation: {e}\n  expected (model):\n{expected}") })?;
        let observed = match expected != observed && server.has_quorum_queues() {
            true => tokio::time::timeout(OP_TIMEOUT, server.converge(&expected, observed))
                .await
                .map_err(|_| Failure { op_index: index, detail: "no answer while converging".into() })?
                .map_err(|e| Failure { op_index: index, detail: e })?,
            false => observed,
        };
        if std::env::var_os("DIFFERENTIAL_TRACE").is_some() {
            println!("{index:3} {op}\n{observed}");
        }
        if expected != observed {
            let _ = tokio::time::timeout(OP_TIMEOUT, server.finish(seed)).await;
            return Err(Failure {
                op_index: index,
                detail: format!("  expected (model):\n{expected}  observed (server):\n{observed}"),
            });
        }
    }
    tokio::time::timeout(OP_TIMEOUT, server.finish(seed))
        .await
        .map_err(|_| Failure { op_index: ops.len(), detail: "cleanup timed out".into() })?
        .map_err(|e| Failure { op_index: ops.len(), detail: format!("cleanup: {e}") })?;
    Ok(ops.len())
}

fn report(url: &str, seed: u64, ops: &[Op], failure: &Failure) {
    println!("FAILED seed {seed} at op {}: {}", failure.op_index, ops.get(failure.op_index).map(ToString::to_string).unwrap_or_default());
    println!("  operations so far:");
    for (i, op) in ops.iter().enumerate().take(failure.op_index + 1) {
        println!("    {i:3} {op}");
    }
    println!("{}", failure.detail.trim_end());
    println!("  replay: cargo run -p brokerlab-differential -- --amqp-url {url} --seed {seed}");
}

async fn run(args: Args) -> bool {
    let mut passed = 0u64;
    let mut failed = 0u64;
    let mut compared = 0usize;
    let mut reached = coverage::Coverage::default();
    for (done, seed) in (args.first_seed..args.first_seed + args.seeds).enumerate() {
        let ops = generate(seed);
        reached += coverage::of(&ops);
        match run_seed(&args.url, seed, &ops).await {
            Ok(n) => {
                passed += 1;
                compared += n;
            }
            Err(failure) => {
                failed += 1;
                compared += failure.op_index;
                report(&args.url, seed, &ops, &failure);
            }
        }
        if (done + 1) % 50 == 0 {
            println!("progress: {} of {} sequences, {failed} failed", done + 1, args.seeds);
        }
    }
    let mut definitions_ok = true;
    if let Some(node) = &args.node {
        let failures = definitions::check(&args.url, node, DEFINITION_TOPOLOGIES).await;
        for failure in &failures {
            println!("FAILED definitions: {failure}");
        }
        println!(
            "definitions: {} of {DEFINITION_TOPOLOGIES} exported topologies imported by rabbitmqctl -n {node}",
            DEFINITION_TOPOLOGIES as usize - failures.len().min(DEFINITION_TOPOLOGIES as usize)
        );
        definitions_ok = failures.is_empty();
    }
    println!("coverage: {reached}");
    println!("{compared} operations compared");
    println!("{passed} passed, {failed} failed");
    failed == 0 && definitions_ok
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(args) => args,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    if args.coverage_only {
        let mut reached = coverage::Coverage::default();
        for seed in args.first_seed..args.first_seed + args.seeds {
            reached += coverage::of(&generate(seed));
        }
        println!("coverage of {} sequences from seed {}: {reached}", args.seeds, args.first_seed);
        return ExitCode::SUCCESS;
    }
    let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().expect("tokio runtime");
    if runtime.block_on(run(args)) { ExitCode::SUCCESS } else { ExitCode::FAILURE }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_operations() {
        for seed in [0, 1, 7, 123, 499] {
            assert_eq!(generate(seed), generate(seed), "seed {seed}");
        }
        assert_ne!(generate(1), generate(2));
    }

    #[test]
    fn every_sequence_runs_on_the_model() {
        let mut total = 0;
        for seed in 0..200 {
            let ops = generate(seed);
            total += ops.len();
            let mut model = ModelRun::new();
            for (i, op) in ops.iter().enumerate() {
                if let Err(e) = model.apply(op) {
                    panic!("seed {seed} op {i} {op}: {e}");
                }
            }
        }
        assert!(total >= 200 * 20, "at least 20 operations per sequence on average, got {total}");
    }

    #[test]
    fn sequences_cover_the_interesting_operations() {
        let ops: Vec<Op> = (0..200).flat_map(generate).collect();
        let has = |f: &dyn Fn(&Op) -> bool| ops.iter().any(f);
        assert!(has(&|op| matches!(op, Op::CloseChannel { .. })));
        assert!(has(&|op| matches!(op, Op::Nack { multiple: true, .. })));
        assert!(has(&|op| matches!(op, Op::Reject { requeue: false, .. })));
        assert!(has(&|op| matches!(op, Op::Consume { no_ack: true, .. })));
        assert!(has(&|op| matches!(op, Op::Unbind { .. })));
        assert!(has(&|op| matches!(op, Op::Cancel { .. })));
        assert!(has(&|op| matches!(op, Op::DeclareQueue { args, .. } if args.overflow == Some("reject-publish-dlx"))));
        assert!(has(&|op| matches!(op, Op::DeclareQueue { args, .. } if args.stream)));
        for offset in [StreamOffset::First, StreamOffset::Last, StreamOffset::Next] {
            assert!(has(&|op| matches!(op, Op::Consume { offset: Some(o), .. } if *o == offset)), "{offset:?}");
        }
        assert!(has(&|op| matches!(op, Op::Consume { offset: Some(StreamOffset::At(_)), .. })));
    }

    /// The corners of issue 22 where the model and RabbitMQ 3.10 once differed: messages
    /// dying again and again (3.10 reverses older `x-death` entries), several deliveries
    /// rejected at once from a priority queue out of priority order, several requeued at once
    /// into a full `drop-head` queue out of queue order. Before the focused sequences no
    /// message died twice.
    #[test]
    fn sequences_reach_the_corners_where_rabbitmq_3_10_differed() {
        let mut reached = coverage::Coverage::default();
        for seed in 0..200 {
            reached += coverage::of(&generate(seed));
        }
        assert!(reached.died_twice >= 10, "{reached}");
        assert!(reached.three_death_entries >= 2, "{reached}");
        assert!(reached.priority_multi_rejects >= 1, "{reached}");
        assert!(reached.drop_head_multi_requeues >= 2, "{reached}");
        assert!(reached.stream_from_first_or_offset >= 50, "{reached}");
        assert!(reached.stream_read_twice >= 15, "{reached}");
    }

    /// Quorum queues (R16, V1): the sequences declare them, redeliver past the limit and
    /// show `x-delivery-count`.
    #[test]
    fn sequences_reach_quorum_queue_corners() {
        let mut reached = coverage::Coverage::default();
        let ops: Vec<Op> = (0..200).flat_map(generate).collect();
        for seed in 0..200 {
            reached += coverage::of(&generate(seed));
        }
        let quorum = |op: &Op| matches!(op, Op::DeclareQueue { args, durable: true, .. } if args.quorum && args.delivery_limit.is_some());
        assert!(ops.iter().filter(|op| quorum(op)).count() >= 50);
        assert!(reached.past_delivery_limit >= 10, "{reached}");
        assert!(reached.delivery_count_seen >= 10, "{reached}");
    }

    #[test]
    fn exported_topologies_read_back() {
        for n in 0..DEFINITION_TOPOLOGIES {
            let exported = definitions::topology(n).export_definitions();
            let (again, _) = brokerlab_core::message_broker::MessageBroker::from_definitions(&exported.to_string())
                .unwrap_or_else(|e| panic!("topology {n}: {e}"));
            assert_eq!(again.export_definitions(), exported, "topology {n}");
        }
    }
}
