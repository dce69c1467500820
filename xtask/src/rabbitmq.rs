//! A real RabbitMQ (Debian's `rabbitmq-server`) on loopback, for the differential tests.
//! Started with its own data folder and ports so it never touches a broker someone else runs,
//! and stopped when the handle is dropped (also when a test step fails).

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::{Result, step};

const NODE: &str = "rabbit-brokerlab-test@localhost";
const AMQP_PORT: u16 = 5673;
const DIST_PORT: u16 = 25673;
const SERVER: &str = "/usr/sbin/rabbitmq-server";
const CTL: &str = "/usr/sbin/rabbitmqctl";

pub(crate) fn installed() -> bool {
    Path::new(SERVER).exists() && Path::new(CTL).exists()
}

#[derive(Debug)]
pub(crate) struct RabbitMq {
    child: Child,
    dir: PathBuf,
}

impl RabbitMq {
    pub(crate) fn start() -> Result<RabbitMq> {
        step(&format!("starting RabbitMQ on 127.0.0.1:{AMQP_PORT} (node {NODE})"));
        // A node left over from an interrupted run would hold the ports.
        let _ = ctl(&["stop"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
        // Outside the work tree: the broker runs as user `rabbitmq`, which must be able to
        // reach its folder.
        let dir = std::env::temp_dir().join("brokerlab-rabbitmq");
        let _ = std::fs::remove_dir_all(&dir);
        for sub in ["mnesia", "log"] {
            std::fs::create_dir_all(dir.join(sub)).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        let chown = Command::new("chown").args(["-R", "rabbitmq:rabbitmq"]).arg(&dir).status();
        if !chown.is_ok_and(|s| s.success()) {
            return Err(format!("cannot give {} to user rabbitmq", dir.display()));
        }
        let log = std::fs::File::create(dir.join("server.out")).map_err(|e| e.to_string())?;
        let child = Command::new(SERVER)
            .env("RABBITMQ_NODENAME", NODE)
            .env("RABBITMQ_NODE_IP_ADDRESS", "127.0.0.1")
            .env("RABBITMQ_NODE_PORT", AMQP_PORT.to_string())
            .env("RABBITMQ_DIST_PORT", DIST_PORT.to_string())
            .env("RABBITMQ_MNESIA_BASE", dir.join("mnesia"))
            .env("RABBITMQ_LOG_BASE", dir.join("log"))
            .stdin(Stdio::null())
            .stdout(log.try_clone().map_err(|e| e.to_string())?)
            .stderr(log)
            .spawn()
            .map_err(|e| format!("cannot start {SERVER}: {e}"))?;
        let mut server = RabbitMq { child, dir };
        // `await_startup` waits for the broker to boot, but fails at once while the Erlang node
        // itself is not yet registered, so ask again until the deadline.
        let started = std::time::Instant::now();
        loop {
            let ready = ctl(&["await_startup", "--timeout", "60"]).stdout(Stdio::null()).stderr(Stdio::null()).status();
            if ready.is_ok_and(|s| s.success()) {
                break;
            }
            if let Ok(Some(status)) = server.child.try_wait() {
                return Err(format!("RabbitMQ exited ({status}); see {}", server.dir.join("server.out").display()));
            }
            if started.elapsed() > std::time::Duration::from_secs(120) {
                return Err(format!(
                    "RabbitMQ did not start within 120 s; see {}",
                    server.dir.join("server.out").display()
                ));
            }
            std::thread::sleep(std::time::Duration::from_millis(500));
        }
        eprintln!("    RabbitMQ is up after {:.1}s", started.elapsed().as_secs_f64());
        Ok(server)
    }

    pub(crate) fn amqp_url(&self) -> String {
        format!("amqp://guest:guest@127.0.0.1:{AMQP_PORT}/%2f")
    }

    /// A virtual host of its own for a second, concurrent run (nothing in one vhost can touch
    /// another's queues and exchanges), open to `guest`; its URL.
    pub(crate) fn add_vhost(&self, vhost: &str) -> Result<String> {
        for args in [vec!["add_vhost", vhost], vec!["set_permissions", "-p", vhost, "guest", ".*", ".*", ".*"]] {
            let status = ctl(&args).stdout(Stdio::null()).status().map_err(|e| format!("cannot run {CTL}: {e}"))?;
            if !status.success() {
                return Err(format!("rabbitmqctl {} failed ({status})", args.join(" ")));
            }
        }
        Ok(format!("amqp://guest:guest@127.0.0.1:{AMQP_PORT}/{vhost}"))
    }

    pub(crate) fn node(&self) -> &'static str {
        NODE
    }
}

impl Drop for RabbitMq {
    fn drop(&mut self) {
        step("stopping RabbitMQ");
        let _ = ctl(&["stop"]).stdout(Stdio::null()).status();
        let _ = self.child.wait();
    }
}

fn ctl(args: &[&str]) -> Command {
    let mut command = Command::new(CTL);
    command.arg("-n").arg(NODE).args(args);
    command
}
