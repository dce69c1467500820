//! `brokerlab run` under hostile input: the very documents and share links the core's
//! hostile-input tests use (`core/tests/hostile_support/cases.rs`: malformed, truncated, huge
//! and deeply nested documents, other versions, unknown fields, numbers out of range, crafted
//! links), each as a document, and each refused one also inside a share link; then bad
//! durations, sizes and files. What the core refuses exits with code 2 and one line on stderr,
//! what it accepts runs (exit 0); never a panic, a signal or a hang.

#[path = "../../core/tests/hostile_support/cases.rs"]
mod cases;

use std::io::Write;
use std::process::{Command, Stdio};

use brokerlab_core::share;

/// Runs the binary; returns (exit code, stderr). A signal has no code: -1.
fn run(args: &[&str], stdin: &[u8]) -> (i32, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // The child may exit before reading everything: a broken pipe is fine.
    let _ = child.stdin.take().unwrap().write_all(stdin);
    let output = child.wait_with_output().unwrap();
    (output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stderr).into_owned())
}

/// Feeds each input to `brokerlab run -` for one simulated second, `args` after it. Expected
/// `ok`: exit 0 and nothing on stderr; anything else: exit 2 and exactly one line saying why.
fn check(cases: &[(String, &str)], args: &[&str]) {
    let mut wrong = Vec::new();
    // Two at a time: the cases are many and each is a process.
    std::thread::scope(|scope| {
        let halves: Vec<_> = cases
            .chunks(cases.len().div_ceil(2).max(1))
            .map(|half| scope.spawn(move || half.iter().filter_map(|case| outcome(case, args)).collect::<Vec<_>>()))
            .collect();
        for half in halves {
            wrong.extend(half.join().unwrap());
        }
    });
    assert!(wrong.is_empty(), "{} of {} cases:\n{}", wrong.len(), cases.len(), wrong.join("\n"));
}

/// What is wrong with how `run` handled one case, if anything.
fn outcome((input, expected): &(String, &str), args: &[&str]) -> Option<String> {
    let argv = [&["run", "-", "--until", "1s"][..], args].concat();
    let (code, stderr) = run(&argv, input.as_bytes());
    let shown: String = input.chars().take(100).collect();
    let one_line = stderr.lines().count() == 1 && stderr.starts_with("brokerlab: ") && stderr.len() > 20;
    let right = match *expected {
        "ok" => code == 0 && stderr.is_empty(),
        _ => code == 2 && one_line && !stderr.contains("panicked"),
    };
    (!right).then(|| format!("expected {expected}, got exit {code} for {shown:?}: {stderr}"))
}

/// The refused cases again, each inside a share link as the page would write it (the core's
/// size limit on fragments may refuse a large one first: still exit 2).
fn as_links(cases: &[(String, &'static str)]) -> Vec<(String, &'static str)> {
    cases
        .iter()
        .filter(|(_, expected)| *expected != "ok")
        .map(|(input, expected)| (format!("https://example.org/brokerlab/#{}", share::encode(input, None)), *expected))
        .collect()
}

#[test]
fn malformed_and_truncated_documents_exit_2() {
    check(&cases::malformed(), &[]);
    let prefixes = cases::prefixes();
    assert!(prefixes.len() > 2_000);
    check(&prefixes, &["--lang", "ko"]);
}

#[test]
fn other_versions_huge_and_deep_documents_exit_2() {
    let mut all = cases::versions();
    all.extend(cases::huge());
    all.extend(cases::consumer_protocol());
    check(&all, &[]);
    check(&as_links(&all), &[]);
}

#[test]
fn unknown_fields_and_out_of_range_numbers_exit_2() {
    let mut all = cases::unknown_fields_and_names();
    all.extend(cases::numbers_out_of_range());
    assert!(all.len() > 150);
    check(&all, &["--json"]);
    check(&as_links(&all), &[]);
}

#[test]
fn damaged_share_links_exit_2() {
    let mut links = Vec::new();
    for (fragment, _) in cases::fragments() {
        // Every crafted fragment is refused by `run`: a bare `#` holds no scenario either.
        links.push((fragment.clone(), "refused"));
        links.push((format!("https://example.org/brokerlab/{fragment}"), "refused"));
    }
    for (text, _) in cases::malformed().into_iter().filter(|(_, expected)| *expected != "ok") {
        links.push((share::encode(&text, Some(("acks", 1))), "refused"));
    }
    let valid = share::encode(r#"{"version": 1}"#, None);
    for cut in [3, valid.len() / 2, valid.len() - 1] {
        links.push((valid[..cut].to_string(), "refused"));
    }
    links.push((valid.clone(), "ok"));
    check(&links, &[]);
}

#[test]
fn bad_durations_sizes_and_files_exit_2() {
    let small = r#"{"version": 1}"#;
    let mut cases: Vec<(Vec<&str>, Vec<u8>)> = Vec::new();
    for until in ["2h", "3600001ms", "61m", "99999999999999999999s", "18446744073709551615h", "-1s", "30", "1.5s", "s", "", "30 s", "1d"] {
        cases.push((vec!["run", "-", "--until", until], small.into()));
    }
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"));
    let missing = dir.join("no-such-scenario.json");
    let folder = dir.to_str().unwrap();
    for args in [
        vec!["run"],
        vec!["run", missing.to_str().unwrap()],
        vec!["run", folder],
        vec!["run", "-", "--lang", "fr"],
        vec!["run", "-", "--lang"],
        vec!["run", "-", "extra"],
        vec!["run", "-", "--lesson", "pubsub"],
        vec!["run", "--lesson", "nope"],
        vec!["run", "--lesson", "compare"],
        vec!["run", "--lesson", ""],
        vec!["run", "-", "--bogus"],
        vec!["run", "-", "--json=yes"],
    ] {
        cases.push((args, small.into()));
    }
    let huge = vec![b' '; 3 << 20];
    cases.push((vec!["run", "-"], huge));
    cases.push((vec!["run", "-"], vec![b'{', 0xff, 0xfe, b'}']));
    cases.push((vec!["run", "-"], format!("#v1.{}", "A".repeat(2 << 20)).into_bytes()));
    for (args, stdin) in &cases {
        let (code, stderr) = run(args, stdin);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(stderr.starts_with("brokerlab: ") && !stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    assert_eq!(run(&["run", "-", "--until", "1h"], small.as_bytes()).0, 0, "the limit itself is allowed");
}
