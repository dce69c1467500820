//! The editor's share groups (KIP-932, Kafka 4.2): add one on a topic with its members,
//! processing time, how members answer, lock duration, delivery limit and where it starts;
//! remove one. The scenario is validated as a whole, so out-of-range settings come back with
//! Kafka's names and ranges and a Kafka version without share groups is refused.

use std::rc::Rc;

use brokerlab_core::world::{AcknowledgementMode, AutoOffsetReset, ShareAnswer, ShareGroupSpec};
use yew::prelude::*;

use super::fields::{choices, form_data, name_field, named, number_field, select_field, small, submit, text};
use super::Forms;
use crate::setup::{Edit, Setup, SetupError, number_or};
use crate::words::{Entity, Ui};

/// Share groups on the event broker's topics.
pub(super) fn share_groups(c: &Forms, s: &Setup) -> Html {
    let edit = c.edit();
    let w = c.w;
    let eb = &s.scenario.event_broker;
    let topic_names: Vec<String> = eb.topics.iter().map(|t| t.name.clone()).collect();
    let add = Callback::from(move |e: SubmitEvent| {
        let Some((d, _)) = form_data(&e) else { return };
        edit("edit-add-share-group", share_group(&d).map(Edit::AddShareGroup));
    });
    html! {
        <fieldset>
            <legend>{w.ui(Ui::ShareGroupsField)}</legend>
            <ul class="edit-list" data-kind="share-group">
                { for eb.share_groups.iter().map(|g| {
                    let name = g.name.clone();
                    let answer = match g.acknowledge {
                        ShareAnswer::Accept => "accept",
                        ShareAnswer::Release => "release",
                        ShareAnswer::Reject => "reject",
                    };
                    html! { <li data-name={g.name.clone()} data-members={g.members.to_string()}>
                        <span>{format!("{} · {} · {} {} · {} ms · {answer} · {} {} ms · {} {}", g.name, g.topic, g.members, w.ui(Ui::Members),
                            g.processing_ms, w.ui(Ui::RecordLockDuration), g.record_lock_duration_ms, w.ui(Ui::DeliveryCountLimit), g.delivery_count_limit)}</span>
                        { c.remove_button(Entity::Group, g.name.clone(), Rc::new(move || Edit::RemoveShareGroup(name.clone())), "edit-add-share-group") }
                    </li> }
                }) }
            </ul>
            <form id="edit-add-share-group" class="edit-form" onsubmit={add}>
                { name_field(w.ui(Ui::Name)) }
                { select_field(w.ui(Ui::TopicField), "topic", choices(named(&topic_names))) }
                { number_field(w.ui(Ui::MemberCount), "members", "0", None, false, Some("2".into())) }
                { number_field(w.ui(Ui::ProcessingPerRecordMs), "processing_ms", "0", None, false, Some("1000".into())) }
                { select_field(w.ui(Ui::AckModeLabel), "acknowledgement_mode", choices([
                    ("explicit", w.ui(Ui::AckExplicit)), ("implicit", w.ui(Ui::AckImplicit)),
                ])) }
                { select_field(w.ui(Ui::ShareAnswerLabel), "answer", choices([
                    ("accept", w.ui(Ui::ShareAnswerAccept)), ("release", w.ui(Ui::ShareAnswerRelease)), ("reject", w.ui(Ui::ShareAnswerReject)),
                ])) }
                { number_field(w.ui(Ui::ShareLockMs), "record_lock_duration_ms", "0", None, false, Some("30000".into())) }
                { number_field(w.ui(Ui::DeliveryCountLimit), "delivery_count_limit", "0", None, false, Some("5".into())) }
                { number_field(w.ui(Ui::ShareSessionMs), "session_timeout_ms", "0", None, false, Some("45000".into())) }
                { select_field(w.ui(Ui::StartFrom), "reset", choices([("earliest", "earliest"), ("latest", "latest")])) }
                { submit(w.ui(Ui::AddShareGroup), None) }
                { c.shown("edit-add-share-group") }
            </form>
        </fieldset>
    }
}

/// The form's share group; the scenario's own validation checks the ranges.
fn share_group(d: &web_sys::FormData) -> Result<ShareGroupSpec, SetupError> {
    let mut g: ShareGroupSpec = serde_json::from_str(r#"{"name": "", "topic": ""}"#)
        .map_err(|e| SetupError::Field { field: "share group", problem: e.to_string() })?;
    g.name = text(d, "name");
    g.topic = text(d, "topic");
    g.members = small("members", number_or("members", &text(d, "members"), 2)?)?;
    g.processing_ms = number_or("processing ms", &text(d, "processing_ms"), 1000)?;
    g.acknowledge = match text(d, "answer").as_str() {
        "release" => ShareAnswer::Release,
        "reject" => ShareAnswer::Reject,
        _ => ShareAnswer::Accept,
    };
    g.record_lock_duration_ms = number_or("lock duration ms", &text(d, "record_lock_duration_ms"), 30_000)?;
    g.delivery_count_limit = number_or("delivery limit", &text(d, "delivery_count_limit"), 5)?;
    g.session_timeout_ms = number_or("session timeout ms", &text(d, "session_timeout_ms"), 45_000)?;
    g.auto_offset_reset = if text(d, "reset") == "latest" { AutoOffsetReset::Latest } else { AutoOffsetReset::Earliest };
    g.acknowledgement_mode =
        if text(d, "acknowledgement_mode") == "implicit" { AcknowledgementMode::Implicit } else { AcknowledgementMode::Explicit };
    Ok(g)
}
