//! `World::produce` (producer by handle, key and value as shared names) is the bulk form of
//! `apply(Command::Produce)`: the same checks, the same refusals and the same events.

use brokerlab_core::{Advance, Drive};
use brokerlab_core::{Command, CommandError, Name, Scenario, SimTime, World};

fn scenario() -> Scenario {
    Scenario::from_json(
        r#"{ "version": 1, "seed": 7, "link_ms": 3,
             "event_broker": { "brokers": 3,
               "topics": [{ "name": "orders", "partitions": 4, "replication_factor": 3 }],
               "producers": [{ "name": "shop", "topic": "orders" },
                             { "name": "audit", "topic": "orders", "acks": "1" }],
               "groups": [{ "name": "billing", "topics": ["orders"] }] } }"#,
    )
    .unwrap()
}

/// Every event of a run, as trace lines, with records sent every few milliseconds by `send`.
fn run(mut send: impl FnMut(&mut World, usize)) -> String {
    let mut world = World::new(&scenario()).unwrap();
    let mut out = String::new();
    for step in 0..300usize {
        send(&mut world, step);
        assert_eq!(world.advance_to(SimTime::from_ms(step as u64 * 2)), Advance::Reached);
        while let Some(event) = world.poll_event() {
            out.push_str(&serde_json::to_string(&event).unwrap());
            out.push('\n');
        }
    }
    out
}

fn key(step: usize) -> Option<String> {
    (!step.is_multiple_of(5)).then(|| format!("customer-{}", step % 13))
}

fn value(step: usize) -> Option<String> {
    step.is_multiple_of(3).then(|| format!("order {step}"))
}

fn producer(step: usize) -> &'static str {
    if step.is_multiple_of(4) { "audit" } else { "shop" }
}

#[test]
fn the_bulk_form_gives_the_same_trace_as_the_command() {
    let by_command = run(|world, step| {
        let command = Command::Produce { producer: producer(step).into(), key: key(step), value: value(step) };
        world.apply(command).unwrap();
    });
    let mut handles = None;
    let by_handle = run(|world, step| {
        let (shop, audit) = *handles.get_or_insert_with(|| (world.producer_id("shop").unwrap(), world.producer_id("audit").unwrap()));
        let id = if producer(step) == "audit" { audit } else { shop };
        world.produce(id, key(step).map(Name::from), value(step).map(Name::from)).unwrap();
    });
    assert!(by_command.lines().filter(|l| l.contains("\"record_appended\"")).count() > 200, "records were appended");
    assert!(by_command.contains("\"produce_acked\""));
    assert_eq!(by_command, by_handle);
}

#[test]
fn the_bulk_form_refuses_what_the_command_refuses_and_changes_nothing() {
    let mut world = World::new(&scenario()).unwrap();
    while world.poll_event().is_some() {}
    assert_eq!(world.producer_id("nobody"), None);
    let shop = world.producer_id("shop").unwrap();
    let long: Name = "k".repeat(brokerlab_core::limits::KEY_BYTES_MAX + 1).into();
    let by_handle = world.produce(shop, Some(long.clone()), None).unwrap_err();
    let by_command = world
        .apply(Command::Produce { producer: "shop".into(), key: Some(long.to_string()), value: None })
        .unwrap_err();
    assert_eq!(by_handle, by_command);
    assert!(matches!(by_handle, CommandError::KeyTooLong { .. }));
    let long_value: Name = "v".repeat(brokerlab_core::limits::VALUE_BYTES_MAX + 1).into();
    assert!(matches!(world.produce(shop, None, Some(long_value)), Err(CommandError::ValueTooLong { .. })));
    assert_eq!(world.poll_event(), None, "a refused record sends nothing");
    assert_eq!(world.advance_to(SimTime::from_ms(100)), Advance::Reached);
    while let Some(event) = world.poll_event() {
        assert!(!serde_json::to_string(&event).unwrap().contains("record_sent"), "{event:?}");
    }
}
