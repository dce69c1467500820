//! The editor's event-broker section: brokers, topics and partitions, producers, groups and
//! members.

use std::rc::Rc;

use brokerlab_core::versions::{KafkaVersion, Product};
use brokerlab_core::{Command, ScenarioError};
use brokerlab_core::event_broker::Acks;
use brokerlab_core::event_broker::assignor::Strategy;
use brokerlab_core::world::{GroupSpec, ProducerSpec, TopicSpec};
use yew::prelude::*;

use super::fields::{choices, current_select, form_data, name_field, named, number_field, select_field, small, submit, text, text_field};
use super::Forms;
use crate::setup::{Edit, Setup, SetupError, number, number_or, optional_number, words};
use crate::words::{Entity, Ui};

/// Brokers, topics and partitions.
pub(super) fn brokers_and_topics(c: &Forms, s: &Setup) -> Html {
    let (edit, live) = (c.edit(), c.live());
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
    let eb = &s.scenario.event_broker;
    let topic_names: Vec<String> = eb.topics.iter().map(|t| t.name.clone()).collect();
    let brokers = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            edit("edit-brokers", number("brokers", &text(&d, "brokers")).and_then(|n| small("brokers", n)).map(Edit::SetBrokers));
        })
    };
    let kafka_version = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            let name = text(&d, "kafka_version");
            // The select offers only known versions; anything else (a crafted form) is refused.
            let version = KafkaVersion::parse(&name).ok_or(SetupError::Scenario(ScenarioError::UnknownVersion { product: Product::Kafka, found: name }));
            edit("edit-kafka-version", version.map(Edit::SetKafkaVersion));
        })
    };
    let add_topic = {
        let (edit, live) = (edit.clone(), live.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some((d, how)) = form_data(&e) else { return };
            let topic = (|| {
                let partitions = small("partitions", number_or("partitions", &text(&d, "partitions"), 3)?)?;
                let rf = small("replication factor", number_or("replication factor", &text(&d, "replication_factor"), 1)?)?;
                Ok(TopicSpec { name: text(&d, "name"), partitions, replication_factor: rf, config: Default::default() })
            })();
            if how == "now" {
                live("edit-add-topic", topic.map(|t| Command::CreateTopic {
                    name: t.name, partitions: t.partitions, replication_factor: t.replication_factor, config: t.config,
                }));
            } else {
                edit("edit-add-topic", topic.map(Edit::AddTopic));
            }
        })
    };
    let partitions = {
        let (edit, live) = (edit.clone(), live.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some((d, how)) = form_data(&e) else { return };
            let topic = text(&d, "topic");
            let count = number("partitions", &text(&d, "partitions")).and_then(|n| small("partitions", n));
            if how == "now" {
                live("edit-partitions", count.map(|partitions| Command::AddPartitions { topic, partitions }));
            } else {
                edit("edit-partitions", count.map(|partitions| Edit::SetPartitions { topic, partitions }));
            }
        })
    };
    html! {
        <>
        <fieldset>
            <legend>{w.ui(Ui::Brokers)}</legend>
            <form id="edit-brokers" class="edit-form" onsubmit={brokers}>
                { number_field(w.ui(Ui::BrokerCount), "brokers", "1", None, true, Some(eb.brokers.to_string())) }
                { submit(w.ui(Ui::Set), None) }
                { shown("edit-brokers") }
            </form>
            <form id="edit-kafka-version" class="edit-form" onsubmit={kafka_version}>
                { current_select(w.ui(Ui::KafkaVersion), "kafka_version", &KafkaVersion::ALL.map(KafkaVersion::name), eb.kafka_version.name()) }
                { submit(w.ui(Ui::Set), None) }
                { shown("edit-kafka-version") }
            </form>
        </fieldset>
        <fieldset>
            <legend>{w.ui(Ui::TopicsAndPartitions)}</legend>
            <ul class="edit-list" data-kind="topic">
                { for eb.topics.iter().map(|tp| {
                    let name = tp.name.clone();
                    html! { <li data-name={tp.name.clone()}>
                        <span>{format!("{} · {} {} · RF {}", tp.name, tp.partitions, w.ui(Ui::PartitionsWord), tp.replication_factor)}</span>
                        { remove_button(Entity::Topic, tp.name.clone(), Rc::new(move || Edit::RemoveTopic(name.clone())), "edit-add-topic") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-topic" class="edit-form" onsubmit={add_topic}>
                { name_field(w.ui(Ui::Name)) }
                { number_field(w.ui(Ui::Partitions), "partitions", "1", None, false, Some("3".into())) }
                { number_field(w.ui(Ui::ReplicationFactor), "replication_factor", "1", None, false, Some("1".into())) }
                { submit(w.ui(Ui::AddTopic), Some("scenario")) }
                { submit(w.ui(Ui::CreateNow), Some("now")) }
                { shown("edit-add-topic") }
            </form>
            <form id="edit-partitions" class="edit-form" onsubmit={partitions}>
                { select_field(w.ui(Ui::TopicField), "topic", choices(named(&topic_names))) }
                { number_field(w.ui(Ui::Partitions), "partitions", "1", None, true, Some("4".into())) }
                { submit(w.ui(Ui::SetPartitions), Some("scenario")) }
                { submit(w.ui(Ui::AddPartitionsNow), Some("now")) }
                { shown("edit-partitions") }
            </form>
        </fieldset>
        </>
    }
}

/// Producers.
pub(super) fn producers(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
    let eb = &s.scenario.event_broker;
    let topic_names: Vec<String> = eb.topics.iter().map(|t| t.name.clone()).collect();
    let add_producer = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            let producer = (|| {
                let mut p: ProducerSpec = serde_json::from_str(r#"{"name": "", "topic": ""}"#)
                    .map_err(|e| SetupError::Field { field: "producer", problem: e.to_string() })?;
                p.name = text(&d, "name");
                p.topic = text(&d, "topic");
                p.every_ms = optional_number("every ms", &text(&d, "every_ms"))?;
                p.keys = words(&text(&d, "keys"));
                p.acks = match text(&d, "acks").as_str() {
                    "0" => Acks::Zero,
                    "1" => Acks::One,
                    _ => Acks::All,
                };
                Ok(p)
            })();
            edit("edit-add-producer", producer.map(Edit::AddProducer));
        })
    };
    html! {
        <>
        <fieldset>
            <legend>{w.ui(Ui::Producers)}</legend>
            <ul class="edit-list" data-kind="producer">
                { for eb.producers.iter().map(|p| {
                    let name = p.name.clone();
                    let rate = p.every_ms.map_or_else(|| w.ui(Ui::OnCommand).to_string(), |ms| format!("{} {ms} ms", w.ui(Ui::Every)));
                    html! { <li data-name={p.name.clone()}>
                        <span>{format!("{} → {} · {rate} · {} {}", p.name, p.topic, w.ui(Ui::Keys), if p.keys.is_empty() { String::from("–") } else { p.keys.join(", ") })}</span>
                        { remove_button(Entity::Producer, p.name.clone(), Rc::new(move || Edit::RemoveProducer(name.clone())), "edit-add-producer") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-producer" class="edit-form" onsubmit={add_producer}>
                { name_field(w.ui(Ui::Name)) }
                { select_field(w.ui(Ui::TopicField), "topic", choices(named(&topic_names))) }
                { number_field(w.ui(Ui::RecordEvery), "every_ms", "1", None, false, None) }
                { text_field(w.ui(Ui::KeysList), "keys", false, None) }
                { select_field("acks", "acks", choices([("all", "all"), ("1", "1"), ("0", "0")])) }
                { submit(w.ui(Ui::AddProducer), None) }
                { shown("edit-add-producer") }
            </form>
        </fieldset>
        </>
    }
}

/// Consumer groups and their members.
pub(super) fn groups(c: &Forms, s: &Setup) -> Html {
    let (edit, live) = (c.edit(), c.live());
    let w = c.w;
    let shown = |form: &'static str| c.shown(form);
    let remove_button = |what: Entity, name: String, make: Rc<dyn Fn() -> Edit>, form: &'static str| c.remove_button(what, name, make, form);
    let eb = &s.scenario.event_broker;
    let topic_names: Vec<String> = eb.topics.iter().map(|t| t.name.clone()).collect();
    let group_names: Vec<String> = eb.groups.iter().map(|g| g.name.clone()).collect();
    let event = c.event.clone();
    let add_group = {
        let edit = edit.clone();
        Callback::from(move |e: SubmitEvent| {
            let Some((d, _)) = form_data(&e) else { return };
            let group = (|| {
                let mut g: GroupSpec = serde_json::from_str(r#"{"name": "", "topics": []}"#)
                    .map_err(|e| SetupError::Field { field: "group", problem: e.to_string() })?;
                g.name = text(&d, "name");
                g.topics = words(&text(&d, "topics"));
                g.members = small("members", number_or("members", &text(&d, "members"), 1)?)?;
                g.assignor = match text(&d, "assignor").as_str() {
                    "roundrobin" => Strategy::RoundRobin,
                    "sticky" => Strategy::Sticky,
                    "cooperative-sticky" => Strategy::CooperativeSticky,
                    _ => Strategy::Range,
                };
                g.processing_ms = number_or("processing ms", &text(&d, "processing_ms"), 200)?;
                g.failure_per_mille = small("failure per mille", number_or("failure per mille", &text(&d, "failure_per_mille"), 0)?)?;
                g.enable_auto_commit = text(&d, "commit") != "manual";
                g.auto_offset_reset = if text(&d, "reset") == "latest" {
                    brokerlab_core::world::AutoOffsetReset::Latest
                } else {
                    brokerlab_core::world::AutoOffsetReset::Earliest
                };
                Ok(g)
            })();
            edit("edit-add-group", group.map(Edit::AddGroup));
        })
    };
    let members = {
        let (edit, live, event) = (edit.clone(), live.clone(), event.clone());
        Callback::from(move |e: SubmitEvent| {
            let Some((d, how)) = form_data(&e) else { return };
            let group = text(&d, "group");
            match how.as_str() {
                "add-now" => live("edit-members", Ok(Command::AddMember { group, instance_id: None })),
                "remove-now" => {
                    // The newest member that has not already left.
                    let member = {
                        let sim = event.borrow();
                        let view = sim.world().view();
                        view.groups()
                            .find(|g| g.name.as_ref() == group.as_str())
                            .and_then(|g| g.members.iter().rev().find(|m| m.state != brokerlab_core::world::MemberState::Stopped).map(|m| m.index))
                    };
                    let command = member
                        .map(|member| Command::RemoveMember { group: group.clone(), member })
                        .ok_or(SetupError::Missing { what: crate::setup::Entity::Group, name: group });
                    live("edit-members", command);
                }
                _ => {
                    let count = number("members", &text(&d, "members")).and_then(|n| small("members", n));
                    edit("edit-members", count.map(|members| Edit::SetMembers { group, members }));
                }
            }
        })
    };
    html! {
        <>
        <fieldset>
            <legend>{w.ui(Ui::GroupsAndMembers)}</legend>
            <ul class="edit-list" data-kind="group">
                { for eb.groups.iter().map(|g| {
                    let name = g.name.clone();
                    let assignor = serde_json::to_value(g.assignor).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
                    html! { <li data-name={g.name.clone()} data-members={g.members.to_string()}>
                        <span>{format!("{} · {} · {} {} · {assignor} · {} ms · {} · {}‰ {}", g.name, g.topics.join(", "), g.members, w.ui(Ui::Members), g.processing_ms,
                            if g.enable_auto_commit { w.ui(Ui::AutoCommit) } else { w.ui(Ui::ManualCommit) },
                            g.failure_per_mille, w.ui(Ui::Fail))}</span>
                        { remove_button(Entity::Group, g.name.clone(), Rc::new(move || Edit::RemoveGroup(name.clone())), "edit-add-group") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-group" class="edit-form" onsubmit={add_group}>
                { name_field(w.ui(Ui::Name)) }
                { text_field(w.ui(Ui::TopicsList), "topics", true, Some(topic_names.first().cloned().unwrap_or_default())) }
                { number_field(w.ui(Ui::MemberCount), "members", "0", None, false, Some("1".into())) }
                { select_field(w.ui(Ui::AssignorField), "assignor", choices([
                    ("range", "range"), ("roundrobin", "roundrobin"), ("sticky", "sticky"), ("cooperative-sticky", "cooperative-sticky"),
                ])) }
                { number_field(w.ui(Ui::ProcessingPerRecordMs), "processing_ms", "0", None, false, Some("200".into())) }
                { number_field(w.ui(Ui::FailingBatches), "failure_per_mille", "0", Some("1000"), false, Some("0".into())) }
                { select_field(w.ui(Ui::Commit), "commit", choices([("auto", w.ui(Ui::AutoCommit)), ("manual", w.ui(Ui::ManualAfterBatch))])) }
                { select_field(w.ui(Ui::StartFrom), "reset", choices([("earliest", "earliest"), ("latest", "latest")])) }
                { submit(w.ui(Ui::AddGroup), None) }
                { shown("edit-add-group") }
            </form>
            <form id="edit-members" class="edit-form" onsubmit={members}>
                { select_field(w.ui(Ui::Group), "group", choices(named(&group_names))) }
                { number_field(w.ui(Ui::MemberCount), "members", "0", None, false, Some("3".into())) }
                { submit(w.ui(Ui::SetMembers), Some("scenario")) }
                { submit(w.ui(Ui::AddMemberNow), Some("add-now")) }
                { submit(w.ui(Ui::RemoveMemberNow), Some("remove-now")) }
                { shown("edit-members") }
            </form>
        </fieldset>
        </>
    }
}
