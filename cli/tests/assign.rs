//! `brokerlab assign`, run as a process: JSON in on stdin, one JSON object out, exit code 2
//! with a message on stderr for bad input.

use std::io::Write;
use std::process::{Command, Stdio};

/// Runs `brokerlab assign ARGS` with `stdin`; returns (exit code, stdout, stderr).
fn assign(args: &[&str], stdin: &str) -> (i32, String, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_brokerlab"))
        .arg("assign")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary starts");
    // A refused command line exits before reading stdin: a broken pipe here is expected.
    let written = child.stdin.take().expect("stdin").write_all(stdin.as_bytes());
    if let Err(e) = written {
        assert_eq!(e.kind(), std::io::ErrorKind::BrokenPipe, "writing stdin: {e}");
    }
    let output = child.wait_with_output().expect("the binary finishes");
    (
        output.status.code().expect("exit code"),
        String::from_utf8(output.stdout).expect("utf-8 stdout"),
        String::from_utf8(output.stderr).expect("utf-8 stderr"),
    )
}

const TWO_TOPICS: &str = r#"{"topics": {"topic1": 3, "topic2": 3},
  "members": [{"id": "consumer1", "topics": ["topic1", "topic2"]},
              {"id": "consumer2", "instance_id": null, "topics": ["topic1", "topic2"], "owned": [], "generation": null}]}"#;

#[test]
fn range_matches_kafka() {
    // RangeAssignorTest.testTwoConsumersTwoTopicsSixPartitions
    let (code, out, err) = assign(&["--strategy", "range"], TWO_TOPICS);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "{\"consumer1\":[[\"topic1\",0],[\"topic1\",1],[\"topic2\",0],[\"topic2\",1]],\"consumer2\":[[\"topic1\",2],[\"topic2\",2]]}\n"
    );
}

#[test]
fn roundrobin_matches_kafka() {
    // RoundRobinAssignorTest.testTwoDynamicConsumersTwoTopicsSixPartitions
    let (code, out, _) = assign(&["--strategy=roundrobin"], TWO_TOPICS);
    assert_eq!(code, 0);
    assert_eq!(
        out,
        "{\"consumer1\":[[\"topic1\",0],[\"topic1\",2],[\"topic2\",1]],\"consumer2\":[[\"topic1\",1],[\"topic2\",0],[\"topic2\",2]]}\n"
    );
}

#[test]
fn sticky_and_cooperative_sticky_differ_on_moving_partitions() {
    // AbstractStickyAssignorTest.testAddRemoveConsumerOneTopic: topic-2 moves to consumer2.
    let input = r#"{"topics": {"topic": 3}, "members": [
        {"id": "consumer1", "topics": ["topic"], "owned": [["topic", 0], ["topic", 1], ["topic", 2]], "generation": 1},
        {"id": "consumer2", "topics": ["topic"], "generation": 1}]}"#;
    let (code, out, _) = assign(&["--strategy", "sticky"], input);
    assert_eq!(code, 0);
    assert_eq!(out, "{\"consumer1\":[[\"topic\",0],[\"topic\",1]],\"consumer2\":[[\"topic\",2]]}\n");
    let (code, out, _) = assign(&["--strategy", "cooperative-sticky"], input);
    assert_eq!(code, 0);
    assert_eq!(out, "{\"consumer1\":[[\"topic\",0],[\"topic\",1]],\"consumer2\":[]}\n");
}

#[test]
fn consumer_protocol_range_matches_the_group_coordinator() {
    // The group coordinator's RangeAssignorTest.testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics:
    // it ignores what members own, where the client's range assignor would agree by chance.
    let input = r#"{"topics": {"topic1": 3, "topic2": 3}, "members": [
        {"id": "A", "topics": ["topic1", "topic2"], "owned": [["topic1", 0], ["topic1", 1], ["topic2", 0], ["topic2", 1]]},
        {"id": "B", "topics": ["topic1", "topic2"], "owned": [["topic1", 2], ["topic2", 2]]},
        {"id": "C", "topics": ["topic1", "topic2"]}]}"#;
    let (code, out, err) = assign(&["--protocol", "consumer", "--strategy", "range"], input);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "{\"A\":[[\"topic1\",0],[\"topic2\",0]],\"B\":[[\"topic1\",1],[\"topic2\",1]],\"C\":[[\"topic1\",2],[\"topic2\",2]]}\n"
    );
    // RangeAssignorTest.testMixedStaticMembership: static members first, by instance id.
    let input = r#"{"topics": {"topic1": 5}, "members": [
        {"id": "A", "instance_id": "instanceA", "topics": ["topic1"]},
        {"id": "B", "topics": ["topic1"]},
        {"id": "C", "instance_id": "instanceC", "topics": ["topic1"]}]}"#;
    let (code, out, _) = assign(&["--protocol=consumer", "--strategy=range"], input);
    assert_eq!(code, 0);
    assert_eq!(out, "{\"A\":[[\"topic1\",0],[\"topic1\",1]],\"B\":[[\"topic1\",4]],\"C\":[[\"topic1\",2],[\"topic1\",3]]}\n");
    // OptimizedUniformAssignmentBuilderTest.testReassignmentWhenOneMemberAddedAfterInitialAssignmentWithTwoMembersTwoTopics,
    // with topics named so that name order is the order Kafka's HashSet visits the test's topic
    // ids (topic2, then topic1; see core/tests/server_assignors.rs).
    let input = r#"{"topics": {"a-topic2": 3, "b-topic1": 3}, "members": [
        {"id": "A", "topics": ["b-topic1", "a-topic2"], "owned": [["b-topic1", 0], ["b-topic1", 2], ["a-topic2", 0]]},
        {"id": "B", "topics": ["b-topic1", "a-topic2"], "owned": [["b-topic1", 1], ["a-topic2", 1], ["a-topic2", 2]]},
        {"id": "C", "topics": ["b-topic1", "a-topic2"]}]}"#;
    let (code, out, err) = assign(&["--protocol", "consumer", "--strategy", "uniform"], input);
    assert_eq!((code, err.as_str()), (0, ""));
    assert_eq!(
        out,
        "{\"A\":[[\"b-topic1\",0],[\"b-topic1\",2]],\"B\":[[\"a-topic2\",1],[\"b-topic1\",1]],\"C\":[[\"a-topic2\",0],[\"a-topic2\",2]]}\n"
    );
    // --protocol classic is today's command.
    assert_eq!(assign(&["--protocol", "classic", "--strategy", "range"], TWO_TOPICS), assign(&["--strategy", "range"], TWO_TOPICS));
}

#[test]
fn bad_input_exits_with_code_2() {
    let cases: [(&[&str], &str, &str); 14] = [
        (&["--strategy", "range"], "{not json", "bad members JSON"),
        (&["--strategy", "range"], r#"{"topics": {}, "members": [], "extra": 1}"#, "unknown field"),
        (&[], TWO_TOPICS, "--strategy is required"),
        (&["--strategy", "fair"], TWO_TOPICS, "unknown strategy"),
        (&["--strategy", "range"], r#"{"topics": {"t": 0}, "members": []}"#, "1 to 10000"),
        (&["--strategy", "range"], r#"{"topics": {"t": 10001}, "members": []}"#, "1 to 10000"),
        (
            &["--strategy", "sticky"],
            r#"{"topics": {"t": 1}, "members": [{"id": "a", "topics": ["t"]}, {"id": "a", "topics": []}]}"#,
            "more than once",
        ),
        (&["--strategy", "range"], r#"{"topics": {"t": 1}, "members": [{"id": "a", "topics": ["t"], "rack": "x"}]}"#, "unknown field"),
        (&["--protocol", "consumer", "--strategy", "sticky"], TWO_TOPICS, "use uniform or range"),
        (
            &["--protocol", "consumer", "--strategy", "uniform"],
            r#"{"topics": {"t": 1, "u": 1}, "members": [{"id": "a", "topics": ["t"]}, {"id": "b", "topics": ["u"]}]}"#,
            "heterogeneous builder is not modelled yet",
        ),
        (&["--protocol", "consumer"], TWO_TOPICS, "--strategy is required"),
        (&["--protocol", "eager", "--strategy", "range"], TWO_TOPICS, "unknown protocol"),
        (&["--protocol", "consumer", "--protocol", "consumer"], TWO_TOPICS, "give --protocol once"),
        (
            &["--protocol", "consumer", "--strategy", "range"],
            r#"{"topics": {"t": 1}, "members": [{"id": "a", "topics": ["gone"]}]}"#,
            "which is not in",
        ),
    ];
    for (args, input, message) in cases {
        let (code, out, err) = assign(args, input);
        assert_eq!(code, 2, "{args:?} {input}");
        assert!(out.is_empty(), "nothing on stdout for {input}");
        assert!(err.contains(message), "{err:?} should mention {message:?}");
    }
}

#[test]
fn too_many_members_exits_with_code_2() {
    let members: Vec<String> = (0..10_001).map(|i| format!("{{\"id\": \"m{i}\", \"topics\": []}}")).collect();
    let input = format!("{{\"topics\": {{}}, \"members\": [{}]}}", members.join(","));
    let (code, _, err) = assign(&["--strategy", "range"], &input);
    assert_eq!(code, 2);
    assert!(err.contains("at most 10000"), "{err}");
}
