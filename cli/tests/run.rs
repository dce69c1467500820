//! `brokerlab run` end to end: the golden scenarios print the golden traces byte for byte
//! (from a file, from standard input, as an exported document and as a share link), the log
//! lines are the core's explanations of the same run with their times, in each language, and
//! every lesson runs.

use std::io::Write;
use std::process::{Command, Stdio};

use brokerlab_core::lessons::LESSONS;
use brokerlab_core::{Drive, Lang, Scenario, SimTime, World, share};

const CORE_TESTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../core/tests");

/// (scenario, its golden trace), as `core/tests/golden.rs` checks them: 12 simulated seconds.
fn goldens() -> Vec<(String, String)> {
    [("golden/both.json", "golden/both.trace"), ("data/slice.json", "golden/slice.trace")]
        .iter()
        .map(|(scenario, trace)| (format!("{CORE_TESTS}/{scenario}"), read(&format!("{CORE_TESTS}/{trace}"))))
        .collect()
}

fn read(path: &str) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Runs the binary; returns (exit code, stdout, stderr). A signal has no code: -1.
fn brokerlab(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    let output = child.wait_with_output().unwrap();
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8(output.stdout).unwrap(),
        String::from_utf8(output.stderr).unwrap(),
    )
}

/// Prints the trace, or fails with the first line that differs.
fn assert_trace(what: &str, (code, stdout, stderr): (i32, String, String), golden: &str) {
    assert_eq!(code, 0, "{what}: {stderr}");
    if stdout != golden {
        let first = stdout.lines().zip(golden.lines()).position(|(a, b)| a != b);
        panic!("{what}: differs from the golden trace at line {first:?} ({} vs {} lines)", stdout.lines().count(), golden.lines().count());
    }
}

#[test]
fn the_golden_scenarios_print_the_golden_traces() {
    for (path, golden) in goldens() {
        let text = read(&path);
        let json = ["run", "--json", "--until", "12s"];
        assert_trace(&path, brokerlab(&[&json[..], &[path.as_str()]].concat(), ""), &golden);
        assert_trace("stdin", brokerlab(&[&json[..], &["-"]].concat(), &text), &golden);
        assert_trace("12000ms", brokerlab(&["run", "-", "--json", "--until=12000ms"], &text), &golden);
        // As the page exports it: the parsed document written back (`Setup::to_json_pretty`).
        let exported = Scenario::from_json(&text).unwrap().to_json();
        assert_trace("exported", brokerlab(&[&json[..], &["-"]].concat(), &exported), &golden);
        // As the page links it: compact, in a v1 link, a v2 link with a lesson, a whole URL.
        let compact = serde_json::to_string(&serde_json::from_str::<serde_json::Value>(&exported).unwrap()).unwrap();
        for link in [
            share::encode(&compact, None),
            format!("#{}", share::encode(&compact, Some(("replication", 2)))),
            format!("https://example.org/brokerlab/?lang=ko#{}\n", share::encode(&compact, None)),
        ] {
            assert_trace(&link[..40], brokerlab(&[&json[..], &["-"]].concat(), &link), &golden);
        }
    }
}

/// The log the page shows for the same run: each event's time and `explain(lang)`, as the
/// page's log lines (`web/src/log_line.rs`) hold them.
fn page_log(scenario: &Scenario, until: SimTime, lang: Lang) -> String {
    let mut world = World::new(scenario).unwrap();
    let mut log = String::new();
    let mut line = |event: brokerlab_core::Event| log.push_str(&format!("{:>9}  {}\n", event.at.to_string(), event.explain(lang)));
    while let Some(event) = world.poll_event() {
        line(event);
    }
    world.run_to(until, line);
    log
}

#[test]
fn the_log_is_each_event_s_time_and_explanation_in_the_language_asked_for() {
    let both = format!("{CORE_TESTS}/golden/both.json");
    let scenario = Scenario::from_json(&read(&both)).unwrap();
    for (lang, flag) in [(Lang::En, "en"), (Lang::Ko, "ko")] {
        let (code, stdout, stderr) = brokerlab(&["run", &both, "--until", "20s", "--lang", flag], "");
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, page_log(&scenario, SimTime::from_ms(20_000), lang), "{flag}");
        assert!(stdout.lines().count() > 500, "{flag}: {} lines", stdout.lines().count());
    }
    let (_, english, _) = brokerlab(&["run", &both], "");
    let (_, korean, _) = brokerlab(&["run", &both, "--lang=ko"], "");
    assert!(korean.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)), "Korean is written in Hangul");
    assert_eq!(english.lines().count(), korean.lines().count(), "the same events in either language");
    assert_eq!(english, page_log(&scenario, SimTime::from_ms(30_000), Lang::En), "the default is 30 s in English");
}

#[test]
fn every_lesson_runs_as_the_page_opens_it() {
    for lesson in LESSONS {
        let (code, stdout, stderr) = brokerlab(&["run", "--lesson", lesson.id, "--until", "20s", "--lang", "ko"], "");
        assert_eq!(code, 0, "{}: {stderr}", lesson.id);
        assert_eq!(stdout, page_log(&lesson.document(), SimTime::from_ms(20_000), Lang::Ko), "{}", lesson.id);
        assert!(stdout.lines().count() >= 5, "{}: {stdout}", lesson.id);
        let (code, json, _) = brokerlab(&["run", "--lesson", lesson.id, "--until", "2s", "--json"], "");
        assert_eq!(code, 0);
        assert!(json.lines().all(|l| serde_json::from_str::<serde_json::Value>(l).is_ok_and(|v| v["kind"].is_string())), "{json}");
    }
}

#[test]
fn the_help_describes_every_option_and_lists_every_lesson() {
    let (code, help, _) = brokerlab(&["help"], "");
    assert_eq!(code, 0);
    for word in ["brokerlab run FILE|-", "--lesson ID", "--until", "--lang en|ko", "--json", "1500ms", "30s", "2m", "3600.000s"] {
        assert!(help.contains(word), "{word:?} missing from the help");
    }
    for lesson in LESSONS {
        assert!(help.contains(lesson.id), "{} missing from the help", lesson.id);
    }
    assert!(help.lines().all(|l| l.chars().count() <= 100), "the help fits a terminal");
}

/// A consumer group under the consumer rebalance protocol (KIP-848) runs like any scenario:
/// the log says each step of it (epochs, target, reconciliation, the session timeout) in the
/// language asked for, as the page's log does.
#[test]
fn a_consumer_protocol_group_runs_with_its_steps_in_the_log() {
    let path = format!("{CORE_TESTS}/data/consumer_protocol.json");
    let scenario = Scenario::from_json(&read(&path)).unwrap();
    for (lang, flag) in [(Lang::En, "en"), (Lang::Ko, "ko")] {
        let (code, stdout, stderr) = brokerlab(&["run", &path, "--until", "90s", "--lang", flag], "");
        assert_eq!(code, 0, "{stderr}");
        assert_eq!(stdout, page_log(&scenario, SimTime::from_ms(90_000), lang), "{flag}");
    }
    let (_, english, _) = brokerlab(&["run", &path, "--until", "90s"], "");
    for said in ["raises the group epoch to 3", "computes the target assignment for epoch 3 with the uniform assignor", "must first revoke", "leaves the group: no heartbeat"] {
        assert!(english.contains(said), "{said:?} not in the log:\n{english}");
    }
}
