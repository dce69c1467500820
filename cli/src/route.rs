//! `brokerlab route` (the message-broker issue wires it to RabbitMQ's routing).

use std::io::{Read, Write};

use crate::Usage;

pub(crate) fn run(_args: &[String], _input: &mut impl Read, _out: &mut impl Write) -> Result<(), Usage> {
    Err(Usage::new("route is not available in this build yet"))
}
