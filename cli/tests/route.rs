//! `brokerlab route` end to end: the binary, a definitions file, JSON lines in and out.

use std::io::Write;
use std::process::{Command, Stdio};

const DEFINITIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/rabbitmq/definitions.json");

/// Runs `brokerlab route` with `args` and `stdin`; returns (exit code, stdout, stderr).
fn route(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .arg("route")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit before reading (bad arguments): a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[test]
fn routes_each_line_over_the_definitions() {
    // (input line, expected output line)
    let cases = [
        (r#"{"exchange": "orders", "routing_key": "order.eu.paid"}"#, r#"{"queues":["orders.all","orders.eu"],"returned":false}"#),
        (r#"{"exchange": "orders", "routing_key": "refund"}"#, r#"{"queues":["unrouted"],"returned":false}"#),
        (r#"{"exchange": "ingress", "routing_key": "order"}"#, r#"{"queues":["orders.all"],"returned":false}"#),
        (r#"{"exchange": "ingress", "routing_key": "nothing", "mandatory": true}"#, r#"{"queues":[],"returned":true}"#),
        (r#"{"exchange": "ingress", "routing_key": "nothing"}"#, r#"{"queues":[],"returned":false}"#),
        (r#"{"exchange": "reports", "headers": {"format": "pdf", "version": 2}}"#, r#"{"queues":["pdf-reports"],"returned":false}"#),
        (r#"{"exchange": "reports", "headers": {"format": "pdf", "version": 2.0}}"#, r#"{"queues":[],"returned":false}"#),
        (r#"{"exchange": "", "routing_key": "parking"}"#, r#"{"queues":["parking"],"returned":false}"#),
        (r#"{"exchange": "", "routing_key": "parking", "headers": {"CC": ["pdf-reports"]}}"#, r#"{"queues":["parking","pdf-reports"],"returned":false}"#),
    ];
    let input: String = cases.iter().map(|(line, _)| format!("{line}\n\n")).collect();
    let (code, stdout, stderr) = route(&["--definitions", DEFINITIONS], &input);
    assert_eq!(code, 0, "{stderr}");
    let lines: Vec<&str> = stdout.lines().collect();
    let expected: Vec<&str> = cases.iter().map(|(_, out)| *out).collect();
    assert_eq!(lines, expected);
}

#[test]
fn bad_input_is_a_clear_message_and_exit_code_2() {
    let definitions = format!("--definitions={DEFINITIONS}");
    // (arguments, input, part of the message on stderr)
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (vec![], "", "--definitions FILE"),
        (vec!["--definitions"], "", "needs a file"),
        (vec!["--definitions", "/no/such/file.json"], "", "cannot open"),
        (vec!["--frobnicate"], "", "unexpected argument"),
        (vec![&definitions], "not json\n", "line 1: not JSON"),
        (vec![&definitions], "[1]\n", "line 1: expected a JSON object"),
        (vec![&definitions], "{\"routing_key\": \"a\"}\n", "\"exchange\" is missing"),
        (vec![&definitions], "{\"exchange\": 7}\n", "must be a string"),
        (vec![&definitions], "{\"exchange\": \"orders\", \"headers\": [1]}\n", "must be an object"),
        (vec![&definitions], "{\"exchange\": \"orders\", \"mandatory\": \"yes\"}\n", "true or false"),
        (vec![&definitions], "{\"exchange\": \"orders\", \"priority\": 1}\n", "unknown field"),
        (vec![&definitions], "{\"exchange\": \"orders\"}\n{\"exchange\": \"missing\"}\n", "line 2: 404 NOT_FOUND"),
        (vec![&definitions], "{\"exchange\": \"\", \"headers\": {\"CC\": \"q\"}}\n", "CC"),
    ];
    for (args, input, message) in cases {
        let (code, _, stderr) = route(&args, input);
        assert_eq!(code, 2, "{args:?} {input:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?} {input:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{stderr}");
    }
}

#[test]
fn bad_definitions_are_a_clear_message() {
    let dir = std::env::temp_dir().join(format!("brokerlab-route-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("broken.json");
    std::fs::write(&path, r#"{"queues": [{"name": "q", "arguments": {"x-max-length": "ten"}}]}"#).unwrap();
    let (code, _, stderr) = route(&["--definitions", path.to_str().unwrap()], "");
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(code, 2);
    assert!(stderr.contains("x-max-length"), "{stderr}");
}
