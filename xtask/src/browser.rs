//! The browser test: the real server (demo data, fresh SQLite) with the built frontend, driven by
//! Debian's Chromium through playwright-core (npm).

use crate::sh;
use anyhow::{bail, Context, Result};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command};
use std::time::{Duration, Instant};

const DEMO_PASSWORD: &str = "demo-browser-password";
/// The `admin` password (inspections.test.mjs adds a certified officer).
const ADMIN_PASSWORD: &str = "admin-browser-password";

pub struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn ensure_chromium() -> Result<()> {
    if Path::new("/usr/bin/chromium").exists() {
        return Ok(());
    }
    eprintln!("xtask: installing Debian's chromium");
    let _ = Command::new("apt-get").arg("update").status();
    sh(Command::new("apt-get").args(["install", "-y", "chromium"]))
}

fn wait_healthy(port: u16, server: &mut Child) -> Result<()> {
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        if let Some(status) = server.try_wait()? {
            bail!("the server exited early with {status}");
        }
        if let Ok(mut s) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            use std::io::{Read, Write};
            let _ = s.write_all(b"GET /api/v1/health HTTP/1.0\r\nHost: localhost\r\n\r\n");
            let mut buf = String::new();
            let _ = s.read_to_string(&mut buf);
            if buf.starts_with("HTTP/1.1 200") || buf.starts_with("HTTP/1.0 200") {
                return Ok(());
            }
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    bail!("the server did not become healthy within 60 s")
}

/// playwright-core and axe-core (npm) for the scripts of `tests/browser`, installed when missing.
pub fn ensure_playwright(dir: &Path) -> Result<()> {
    if !dir.join("node_modules/playwright-core").exists()
        || !dir.join("node_modules/axe-core").exists()
    {
        sh(Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund"])
            .current_dir(dir))
        .context("npm is needed for the browser test")?;
    }
    Ok(())
}

/// `bin serve --demo --no-seed` (no seeded month of work) on a free port with a fresh SQLite database in `data`, serving `dist`;
/// answers once it is healthy. Stopped when the `Server` is dropped.
pub fn start_demo_server(bin: &Path, dist: &Path, data: &Path) -> Result<(Server, u16)> {
    let port = TcpListener::bind("127.0.0.1:0")?.local_addr()?.port();
    let log = std::fs::File::create(data.join("server.log"))?;
    let child = Command::new(bin)
        .args(["serve", "--demo", "--no-seed"])
        .env("SANXIANG_BIND", format!("127.0.0.1:{port}"))
        .env("SANXIANG_DATA_DIR", data)
        .env(
            "SANXIANG_DATABASE_URL",
            format!("sqlite://{}/sanxiang.db?mode=rwc", data.display()),
        )
        .env("SANXIANG_STATIC_DIR", dist)
        .env("SANXIANG_DEMO_PASSWORD", DEMO_PASSWORD)
        .env("SANXIANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
        // The browser scripts read public pages far more often than one visitor would.
        .env("SANXIANG_PORTAL_ANONYMOUS_PER_MINUTE", "100000")
        .env("SANXIANG_PORTAL_ANONYMOUS_BURST", "100000")
        // The disclosure script's portal receives webhooks on this machine: an operator's
        // explicit allowance of private addresses, which the defaults refuse.
        .env("SANXIANG_PORTAL_WEBHOOK_ALLOW_PRIVATE_NETWORKS", "true")
        .env_remove("SANXIANG_JWT_SECRET")
        .stdout(log.try_clone()?)
        .stderr(log)
        .spawn()?;
    let mut server = Server(child);
    wait_healthy(port, &mut server.0)?;
    Ok((server, port))
}

/// Runs the browser scripts (all, or only those named in `only`, e.g. `login.test.mjs`).
pub fn run(root: &Path, bin: &Path, dist: &Path, only: &[String]) -> Result<()> {
    ensure_chromium()?;
    let dir = root.join("tests/browser");
    ensure_playwright(&dir)?;
    let data = std::env::temp_dir().join(format!("sanxiang-browser-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&data);
    std::fs::create_dir_all(&data)?;
    let (server, port) = start_demo_server(bin, dist, &data)?;
    // The shell (login, session restore, logout), one penalty case from filing to archive, and
    // the auditor page with in-browser verification of the records against the signed log, and
    // a legal review returned, corrected, approved and decided.
    let result = [
        "login.test.mjs",
        "case.test.mjs",
        "audit.test.mjs",
        "review.test.mjs",
        // Random inspections: CSV import with its rejection report, a conflict, a plan drawn
        // and re-checked on the public page, a task carried to its published result.
        "inspections.test.mjs",
        // Disclosure: API key and webhook admin, a decision's draft masked, reviewed by a
        // second person, published, searched on the public page, corrected and withdrawn;
        // registers with flowcharts, certificate check and the annual report.
        "disclosure.test.mjs",
        // The workbench (工作台) as landing page for an officer and an approver on a laptop and
        // a phone screen; a case link survives signing in.
        "workbench.test.mjs",
        // Every demo role on a 390 px phone: workbench, menu button, a case page; nothing cut off,
        // no label broken letter by letter, tap targets of 44 px.
        "phone.test.mjs",
        // Enforcement documents: settings saved by the agency's administrator, a refused 决定书
        // naming what is missing, one penalty case's documents generated from pre-filled forms,
        // previewed, issued, opened as PDFs and carried to the published decision.
        "documents.test.mjs",
    ]
    .iter()
    .filter(|script| only.is_empty() || only.iter().any(|o| o == *script))
    .try_for_each(|script| {
        sh(Command::new("node")
            .arg(script)
            .current_dir(&dir)
            .env("SANXIANG_BASE_URL", format!("http://127.0.0.1:{port}"))
            .env("SANXIANG_DEMO_USER", "demo_officer")
            .env("SANXIANG_DEMO_USER2", "demo_officer2")
            .env("SANXIANG_DEMO_AUDITOR", "demo_auditor")
            .env("SANXIANG_DEMO_APPROVER", "demo_approver")
            .env("SANXIANG_DEMO_PASSWORD", DEMO_PASSWORD)
            .env("SANXIANG_ADMIN_PASSWORD", ADMIN_PASSWORD)
            .env("SANXIANG_DEMO_DISPLAY_NAME", "张执法")
            .env("SANXIANG_ARTIFACTS_DIR", &data))
    });
    drop(server);
    if result.is_err() {
        eprintln!(
            "xtask: browser test failed; server log and screenshots in {}",
            data.display()
        );
    } else {
        let _ = std::fs::remove_dir_all(&data);
    }
    result
}
