//! `cargo xtask <command>`: build and test orchestration.
//!
//! - `run` — install what the build needs (wasm32 target, the exact wasm-bindgen-cli), build the
//!   frontend and the server in release mode, start `sanxiang serve --demo` on 127.0.0.1:8080.
//! - `test` — every test: unit tests, the API suite on SQLite and PostgreSQL, OpenAPI freshness
//!   and validity, the browser test, and schemathesis over every operation on SQLite and
//!   PostgreSQL.
//! - `openapi [--check]` — rewrite `openapi/openapi.json`, or fail when it is stale.
//! - `frontend [--debug]` — build the frontend only (release: small wasm, hashed names,
//!   `.br`/`.gz`; `--debug`: the quick debug build).
//! - `browser [--debug] [script…]` — only the browser step of `test` (all scripts, or those
//!   named, e.g. `login.test.mjs case.test.mjs`), with the release frontend (`--debug`: the debug
//!   frontend, quicker to build) and the debug server.
//! - `schemathesis` — only the schemathesis step of `test` (debug server, both databases).
//! - `bench [cases|log|public|draw|documents|frontend]` — the benchmarks of BENCHMARKS.md, against the
//!   release server on PostgreSQL; `frontend`: the first load in Chromium (bench_frontend.rs).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod bench;
mod bench_append;
mod bench_documents;
mod bench_draw;
mod bench_frontend;
mod bench_log;
mod bench_public;
mod browser;
mod frontend;
mod tools;

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    if let Err(e) = real_main() {
        eprintln!("xtask: error: {e:#}");
        std::process::exit(1);
    }
}

fn real_main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = root();
    std::env::set_current_dir(&root)?;
    match args.first().map(String::as_str) {
        Some("run") => run(&root),
        Some("test") => test(&root),
        Some("openapi") => openapi(&root, args.iter().any(|a| a == "--check")),
        Some("frontend") => build_frontend(&root, !args.iter().any(|a| a == "--debug")).map(|_| ()),
        Some("browser") => browser(&root, &args[1..]),
        Some("bench") if args.get(1).map(String::as_str) == Some("frontend") => {
            bench_frontend::run(&root)
        }
        Some("schemathesis") => {
            sh(Command::new(cargo()).args(["build", "-p", "sanxiang-api", "--bin", "sanxiang"]))?;
            fuzz(&root, &target_dir(&root)?.join("debug").join("sanxiang"))
        }
        // The bench's own HTTP clients share the 2 cores with the server: they run optimized,
        // or they would measure themselves.
        Some("bench") if cfg!(debug_assertions) => {
            let mut cmd = Command::new(cargo());
            cmd.args(["run", "--quiet", "--release", "--package", "xtask", "--"])
                .args(&args)
                .current_dir(&root);
            sh(&mut cmd)
        }
        Some("bench") => bench::run(&root, &args[1..]),
        _ => {
            eprintln!(
                "usage: cargo xtask <run | test | openapi [--check] | frontend | browser [--debug] [script…] | schemathesis | bench [part…]>"
            );
            bail!("unknown command")
        }
    }
}

/// The workspace root: the nearest folder at or above the current one that holds
/// `xtask/Cargo.toml` (where `cargo xtask` was run). The path compiled in is only the fallback:
/// checkouts that share one target dir (CI clones) share this binary, and it must act on the
/// checkout it was run in.
pub fn root() -> PathBuf {
    let compiled = Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap_or(Path::new("."))
        .to_path_buf();
    std::env::current_dir()
        .ok()
        .and_then(|dir| {
            dir.ancestors()
                .find(|d| d.join("xtask/Cargo.toml").is_file() && d.join("Cargo.toml").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or(compiled)
}

/// Cargo's target directory (honours `CARGO_TARGET_DIR`).
pub fn target_dir(root: &Path) -> Result<PathBuf> {
    let out = Command::new(cargo())
        .args(["metadata", "--format-version", "1", "--no-deps"])
        .current_dir(root)
        .output()?;
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).context("cargo metadata")?;
    Ok(PathBuf::from(
        v["target_directory"].as_str().context("target_directory")?,
    ))
}

pub fn cargo() -> String {
    std::env::var("CARGO").unwrap_or_else(|_| "cargo".into())
}

/// Runs a command, failing with its name when it fails.
pub fn sh(cmd: &mut Command) -> Result<()> {
    eprintln!("xtask: $ {cmd:?}");
    let status = cmd
        .status()
        .with_context(|| format!("cannot start {cmd:?}"))?;
    if !status.success() {
        bail!("{cmd:?} failed with {status}");
    }
    Ok(())
}

/// Builds the wasm frontend into `frontend/dist` and returns that directory.
fn build_frontend(root: &Path, release: bool) -> Result<PathBuf> {
    frontend::build(root, release)
}

/// schemathesis against the debug server `bin` on both databases; fails on any failure.
fn fuzz(root: &Path, bin: &Path) -> Result<()> {
    let runs = tools::schemathesis(root, bin)?;
    for r in &runs {
        eprintln!(
            "xtask: schemathesis {:<8} {} ({} s)",
            r.database,
            if r.passed { "passed" } else { "FAILED" },
            r.seconds
        );
    }
    let failed: Vec<&str> = runs
        .iter()
        .filter(|r| !r.passed)
        .map(|r| r.database)
        .collect();
    if !failed.is_empty() {
        bail!(
            "schemathesis found failures on {} (see its output above)",
            failed.join(" and ")
        );
    }
    Ok(())
}

fn run(root: &Path) -> Result<()> {
    // The documents' fonts (the server says at start when none is found).
    tools::ensure_debian_packages(&[(
        "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
        "fonts-noto-cjk",
    )])?;
    let dist = build_frontend(root, true)?;
    sh(Command::new(cargo()).args([
        "build",
        "--release",
        "-p",
        "sanxiang-api",
        "--bin",
        "sanxiang",
    ]))?;
    let bin = target_dir(root)?.join("release").join("sanxiang");
    eprintln!("xtask: starting {} serve --demo", bin.display());
    let mut cmd = Command::new(bin);
    cmd.args(["serve", "--demo"]).current_dir(root);
    if std::env::var_os("SANXIANG_STATIC_DIR").is_none() {
        cmd.env("SANXIANG_STATIC_DIR", &dist);
    }
    let status = cmd.status()?;
    if !status.success() {
        bail!("sanxiang exited with {status}");
    }
    Ok(())
}

fn openapi(root: &Path, check: bool) -> Result<()> {
    let out = Command::new(cargo())
        .args([
            "run",
            "--quiet",
            "-p",
            "sanxiang-api",
            "--bin",
            "sanxiang",
            "--",
            "openapi",
        ])
        .current_dir(root)
        .output()?;
    if !out.status.success() {
        bail!(
            "sanxiang openapi failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let path = root.join("openapi/openapi.json");
    if check {
        let current = std::fs::read(&path).unwrap_or_default();
        if current != out.stdout {
            bail!("openapi/openapi.json is stale: run `cargo xtask openapi` and commit it");
        }
        eprintln!("xtask: openapi/openapi.json is up to date");
    } else {
        std::fs::write(&path, &out.stdout)?;
        eprintln!("xtask: wrote {}", path.display());
    }
    Ok(())
}

fn browser(root: &Path, args: &[String]) -> Result<()> {
    // `--debug`: the quick debug wasm (no LTO, no wasm-opt) while working on the pages.
    let debug = args.iter().any(|a| a == "--debug");
    let only: Vec<String> = args.iter().filter(|a| *a != "--debug").cloned().collect();
    let only = only.as_slice();
    let dist = build_frontend(root, !debug)?;
    sh(Command::new(cargo()).args(["build", "-p", "sanxiang-api", "--bin", "sanxiang"]))?;
    let bin = target_dir(root)?.join("debug").join("sanxiang");
    browser::run(root, &bin, &dist, only)
}

fn test(root: &Path) -> Result<()> {
    // 0. What the documents need: the CJK fonts they are typeset in, and pdftotext to read
    //    them back in the tests (both from Debian).
    tools::ensure_debian_packages(&[
        (
            "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc",
            "fonts-noto-cjk",
        ),
        ("/usr/bin/pdftotext", "poppler-utils"),
    ])?;
    // 1. Unit tests and the API suite (SQLite and PostgreSQL, one database per test; the blob
    //    store on disk and on moto's S3-compatible server, from PyPI like the other Python tools).
    let moto = tools::moto_server(root)?;
    sh(Command::new(cargo())
        .args(["test", "--workspace", "--exclude", "sanxiang-frontend"])
        .env("SANXIANG_TEST_MOTO_SERVER", &moto))?;
    // 2. The OpenAPI document is fresh and valid OpenAPI 3.1.
    openapi(root, true)?;
    tools::validate_openapi(root)?;
    // 3. The browser test against the real server with the built frontend.
    let dist = build_frontend(root, true)?;
    sh(Command::new(cargo()).args(["build", "-p", "sanxiang-api", "--bin", "sanxiang"]))?;
    let bin = target_dir(root)?.join("debug").join("sanxiang");
    browser::run(root, &bin, &dist, &[])?;
    // 4. schemathesis over every operation of the OpenAPI document, on SQLite and PostgreSQL.
    fuzz(root, &bin)?;
    eprintln!("xtask: all tests passed");
    Ok(())
}
