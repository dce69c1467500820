//! The command line under hostile and careless input: bad arguments, bad stdin, bad
//! definitions files. Every case exits with code 2 and a non-empty message on stderr, never a
//! panic or a signal.

use std::io::Write;
use std::process::{Command, Stdio};

const DEFINITIONS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests/data/rabbitmq/definitions.json");

/// Runs the binary; returns (exit code, stderr). A signal has no code: -1.
fn run(args: &[&str], stdin: &[u8]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit before reading everything: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// A definitions file with these contents, in the target directory (unique per name).
fn file(name: &str, contents: &[u8]) -> String {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("cli-hostile");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path.to_str().unwrap().to_string()
}

fn check(cases: &[(Vec<String>, Vec<u8>)]) {
    for (args, stdin) in cases {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let (code, stderr) = run(&args, stdin);
        let shown = String::from_utf8_lossy(&stdin[..stdin.len().min(120)]).into_owned();
        assert!(!stderr.contains("panicked"), "{args:?} < {shown:?} panicked: {stderr}");
        assert_eq!(code, 2, "{args:?} < {shown:?}: {stderr}");
        assert!(stderr.lines().next().is_some_and(|l| l.starts_with("brokerlab: ") && l.len() > 11), "{args:?}: {stderr:?}");
    }
}

fn case(args: &[&str], stdin: impl Into<Vec<u8>>) -> (Vec<String>, Vec<u8>) {
    (args.iter().map(|a| a.to_string()).collect(), stdin.into())
}

fn deep(n: usize) -> String {
    format!("{}{}", "[".repeat(n), "]".repeat(n))
}

#[test]
fn bad_arguments_exit_2() {
    let cases = vec![
        case(&[], ""),
        case(&["frobnicate"], ""),
        case(&[""], ""),
        case(&["partition"], ""),
        case(&["partition", "--partitions"], ""),
        case(&["partition", "--partitions", "0", "k"], ""),
        case(&["partition", "--partitions", "-1", "k"], ""),
        case(&["partition", "--partitions", "4294967296", "k"], ""),
        case(&["partition", "--partitions", "99999999999999999999999", "k"], ""),
        case(&["partition", "--partitions", "three", "k"], ""),
        case(&["partition", "--partitions", "3", "--hex", "zz"], ""),
        case(&["partition", "--partitions", "3", "--hex", "abc"], ""),
        case(&["partition", "--partitions", "3", "--bogus", "k"], ""),
        case(&["assign"], "{}"),
        case(&["assign", "--strategy"], "{}"),
        case(&["assign", "--strategy", "bogus"], "{}"),
        case(&["route"], ""),
        case(&["route", "--definitions"], ""),
        case(&["route", "--definitions", "/no/such/file"], ""),
        case(&["route", "--definitions", "/"], ""),
        case(&["route", "--definitions", DEFINITIONS, "--extra"], ""),
    ];
    check(&cases);
}

#[test]
fn bad_assign_input_exits_2() {
    let a = &["assign", "--strategy", "range"][..];
    let valid = r#"{"topics": {"t0": 3}, "members": [{"id": "c0", "topics": ["t0"]}]}"#;
    let mut cases = vec![
        case(a, ""),
        case(a, "not json"),
        case(a, "[]"),
        case(a, "null"),
        case(a, deep(100_000)),
        case(a, format!("{{\"topics\": {}}}", deep(100_000))),
        case(a, vec![0xff, 0xfe, 0x00]),
        case(a, r#"{"topics": {"t0": 0}, "members": [{"id": "c0", "topics": ["t0"]}]}"#),
        case(a, r#"{"topics": {"t0": -1}, "members": []}"#),
        case(a, r#"{"topics": {"t0": 4294967296}, "members": []}"#),
        case(a, r#"{"topics": {"t0": 1000000000}, "members": [{"id": "c0", "topics": ["t0"]}]}"#),
        case(a, r#"{"topics": {"t0": 3}, "members": [{"id": "c0", "topics": ["t0"]}], "colour": 1}"#),
        case(a, r#"{"topics": {"t0": 3}, "members": [{"id": 5, "topics": ["t0"]}]}"#),
        case(a, r#"{"topics": {"t0": 3}, "members": [{"id": "c0", "topics": ["t0"], "owned": "t0"}]}"#),
    ];
    // Every strict prefix of a valid input.
    for cut in 0..valid.len() {
        cases.push(case(a, &valid[..cut]));
    }
    check(&cases);
    assert_eq!(run(a, valid.as_bytes()).0, 0);
}

#[test]
fn bad_route_input_and_definitions_exit_2() {
    let defs = format!("--definitions={DEFINITIONS}");
    let r = &["route", defs.as_str()][..];
    let mut cases = vec![
        case(r, "not json\n"),
        case(r, format!("{}\n", deep(100_000))),
        case(r, "{\"exchange\": \"nope\"}\n"),
        case(r, "{\"exchange\": 5}\n"),
        case(r, "{\"routing_key\": \"a\"}\n"),
        case(r, "{\"exchange\": \"orders\", \"colour\": 1}\n"),
        case(r, "{\"exchange\": \"orders\", \"headers\": []}\n"),
        case(r, vec![b'{', 0xff, b'}', b'\n']),
        case(r, format!("{{\"exchange\": \"{}\"}}\n", "x".repeat(2 << 20))),
    ];
    let mut definitions = vec![
        ("empty.json", String::new()),
        ("garbage.json", "garbage".into()),
        ("array.json", "[]".into()),
        ("deep.json", deep(100_000)),
        ("deep-queues.json", format!("{{\"queues\": {}}}", deep(100_000))),
        ("x-match.json", r#"{"exchanges": [{"name": "h", "type": "headers"}], "queues": [{"name": "q"}], "bindings": [{"source": "h", "destination": "q", "destination_type": "queue", "arguments": {"x-match": "garbage"}}]}"#.into()),
        ("unbound.json", r#"{"bindings": [{"source": "nope", "destination": "q", "destination_type": "queue"}]}"#.into()),
        ("x-max-length.json", r#"{"queues": [{"name": "q", "arguments": {"x-max-length": -1}}]}"#.into()),
        ("priority.json", r#"{"queues": [{"name": "q", "arguments": {"x-max-priority": 256}}]}"#.into()),
        ("long-name.json", format!(r#"{{"queues": [{{"name": "{}"}}]}}"#, "q".repeat(256))),
        // Streams are modelled since issue 22; a transient one is still refused (406).
        ("stream.json", r#"{"queues": [{"name": "q", "durable": false, "arguments": {"x-queue-type": "stream"}}]}"#.into()),
    ];
    let valid = std::fs::read_to_string(DEFINITIONS).unwrap();
    let end = valid.trim_end().len();
    for cut in [1, end / 3, end / 2, end - 1] {
        definitions.push(("truncated.json", valid[..cut].to_string()));
    }
    for (i, (name, contents)) in definitions.iter().enumerate() {
        let path = file(&format!("{i}-{name}"), contents.as_bytes());
        cases.push(case(&["route", "--definitions", &path], "{\"exchange\": \"\"}\n"));
    }
    cases.push(case(&["route", "--definitions", &file("binary.json", &[0xff, 0xfe, 0xfd])], ""));
    check(&cases);
    // Unmodelled features of a real broker's export are ignored, not errors.
    let (code, stderr) = run(r, b"{\"exchange\": \"orders\", \"routing_key\": \"order.eu.paid\"}\n");
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn share_partition_refuses_hostile_input() {
    let huge = format!(r#"{{"ops": [{}]}}"#, vec![r#"{"op": "lock_timeout"}"#; 100_000].join(","));
    let many_batches: Vec<String> = (0..1_001).map(|i| format!("[{}, {}]", i * 2, i * 2)).collect();
    let many = format!(r#"{{"ops": [{{"op": "acquire", "member": "m", "fetched_batches": [{}]}}]}}"#, many_batches.join(","));
    check(&[
        case(&["share-partition", "--strategy", "x"], "{}"),
        case(&["share-partition"], ""),
        case(&["share-partition"], vec![0xff, 0xfe, 0x00]),
        case(&["share-partition"], deep(100_000)),
        case(&["share-partition"], huge),
        case(&["share-partition"], many),
        case(&["share-partition"], r#"{"ops": [{"op": "acquire", "member": "m", "fetched_batches": [[0, 200000]]}]}"#),
        case(&["share-partition"], r#"{"initial": {"start_offset": -1}, "ops": []}"#),
        case(&["share-partition"], r#"{"ops": [], "extra": 1}"#),
    ]);
}
