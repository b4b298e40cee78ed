//! Real `sanxiang` processes for the tests that need the binary itself (a signal, a crash,
//! several nodes): spawning one with its output in a log file, waiting until it is ready, a
//! tiny blocking HTTP client, signals.

use crate::helpers::{sanxiang_bin, ADMIN_PASSWORD, DEMO_PASSWORD, JWT_SECRET};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A tiny blocking HTTP/1.1 client (`Connection: close`) for the spawned binary.
pub fn http(
    port: u16,
    method: &str,
    path: &str,
    token: Option<&str>,
    body: Option<&Value>,
) -> (u16, Value) {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let body = body.map(|b| b.to_string()).unwrap_or_default();
    let auth = token
        .map(|t| format!("Authorization: Bearer {t}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n{auth}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    )
    .unwrap();
    read_response(&mut s)
}

pub fn read_response(s: &mut TcpStream) -> (u16, Value) {
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or_else(|| panic!("no HTTP answer: {text:?}"));
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b)
        .unwrap_or_default();
    (status, serde_json::from_str(body).unwrap_or(Value::Null))
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// `sanxiang <args>` with a clean environment: the suite's secrets and passwords, a SQLite
/// file in `dir`, `dir` as the data directory; `env` adds or overrides variables. Its output
/// goes to `dir/<log>`.
pub fn sanxiang(dir: &Path, args: &[&str], env: &[(&str, String)], log: &str) -> Command {
    let log = std::fs::File::create(dir.join(log)).unwrap();
    let mut cmd = Command::new(sanxiang_bin());
    cmd.args(args)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("SANXIANG_CONFIG", dir.join("none.toml"))
        .env(
            "SANXIANG_DATABASE_URL",
            format!("sqlite://{}/sanxiang.db?mode=rwc", dir.display()),
        )
        .env("SANXIANG_DATA_DIR", dir)
        .env("SANXIANG_STATIC_DIR", dir.join("no-frontend"))
        .env("SANXIANG_JWT_SECRET", JWT_SECRET)
        .env("SANXIANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
        .env("SANXIANG_DEMO_PASSWORD", DEMO_PASSWORD)
        .env("RUST_LOG", "info")
        .envs(env.iter().map(|(k, v)| (k, v)))
        .stdout(Stdio::from(log.try_clone().unwrap()))
        .stderr(Stdio::from(log));
    cmd
}

/// `sanxiang serve --demo --no-seed` on a SQLite file in `dir`, its output in `dir/server-<n>.log`.
pub fn spawn_server(dir: &Path, port: u16, n: u32) -> Child {
    spawn_server_with(dir, port, n, &[])
}

/// [`spawn_server`] with more (or overriding) environment variables.
pub fn spawn_server_with(dir: &Path, port: u16, n: u32, env: &[(&str, String)]) -> Child {
    let mut base = vec![
        ("SANXIANG_BIND", format!("127.0.0.1:{port}")),
        ("SANXIANG_WORKERS", "2".to_owned()),
        ("SANXIANG_SHUTDOWN_GRACE_SECS", "10".to_owned()),
        ("SANXIANG_SHUTDOWN_UNREADY_MS", "1500".to_owned()),
    ];
    base.extend(env.iter().cloned());
    sanxiang(
        dir,
        &["serve", "--demo", "--no-seed"],
        &base,
        &format!("server-{n}.log"),
    )
    .spawn()
    .unwrap()
}

pub fn wait_ready(port: u16, child: &mut Child, dir: &Path) {
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!("the server exited ({status}): {}", server_log(dir));
        }
        if TcpStream::connect(("127.0.0.1", port)).is_ok()
            && http(port, "GET", "/api/v1/ready", None, None).0 == 200
        {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "never ready: {}",
            server_log(dir)
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Every `*.log` in `dir`, each under its name.
pub fn server_log(dir: &Path) -> String {
    let mut names: Vec<_> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "log"))
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    let mut out = String::new();
    for p in names {
        if let Ok(s) = std::fs::read_to_string(&p) {
            out.push_str(&format!("\n===== {} =====\n{s}", p.display()));
        }
    }
    out
}

/// Sends `signal` (`TERM`, `KILL`, …) to the process.
pub fn signal(child: &Child, signal: &str) {
    let ok = Command::new("kill")
        .args([&format!("-{signal}"), &child.id().to_string()])
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

pub fn sigterm(child: &Child) {
    signal(child, "TERM");
}

pub fn login(port: u16, user: &str) -> String {
    let (s, b) = http(
        port,
        "POST",
        "/api/v1/auth/login",
        None,
        Some(&json!({"username": user, "password": DEMO_PASSWORD})),
    );
    assert_eq!(s, 200, "{b}");
    b["access_token"].as_str().unwrap().to_owned()
}
