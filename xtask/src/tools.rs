//! Installing build tools from the package registries only (rustup, crates.io, PyPI, npm).

use crate::{cargo, sh, target_dir};
use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// `rustup target add wasm32-unknown-unknown` when missing.
pub fn ensure_wasm_target() -> Result<()> {
    let out = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output();
    match out {
        Ok(o)
            if String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l.trim() == "wasm32-unknown-unknown") =>
        {
            Ok(())
        }
        Ok(_) => sh(Command::new("rustup").args(["target", "add", "wasm32-unknown-unknown"])),
        Err(_) => {
            eprintln!(
                "xtask: rustup not found; assuming the wasm32-unknown-unknown target is installed"
            );
            Ok(())
        }
    }
}

/// The wasm-bindgen version pinned in Cargo.lock.
fn locked_wasm_bindgen(root: &Path) -> Result<String> {
    let lock = std::fs::read_to_string(root.join("Cargo.lock"))?;
    let mut lines = lock.lines();
    while let Some(l) = lines.next() {
        if l == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|v| v.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_owned());
            }
        }
    }
    bail!("wasm-bindgen not found in Cargo.lock")
}

/// A `wasm-bindgen` CLI of exactly the locked version: on PATH, or installed with
/// `cargo install` (crates.io) into a tools dir under the target dir.
pub fn ensure_wasm_bindgen(root: &Path) -> Result<PathBuf> {
    let want = locked_wasm_bindgen(root)?;
    let version_of = |bin: &Path| -> Option<String> {
        let o = Command::new(bin).arg("--version").output().ok()?;
        String::from_utf8_lossy(&o.stdout)
            .split_whitespace()
            .nth(1)
            .map(str::to_owned)
    };
    if version_of(Path::new("wasm-bindgen")).as_deref() == Some(want.as_str()) {
        return Ok(PathBuf::from("wasm-bindgen"));
    }
    let tools = target_dir(root)?.join("tools");
    let bin = tools.join("bin").join("wasm-bindgen");
    if version_of(&bin).as_deref() == Some(want.as_str()) {
        return Ok(bin);
    }
    eprintln!("xtask: installing wasm-bindgen-cli {want} from crates.io (a few minutes, once)");
    // Not --locked: the CLI's own lockfile wants a crate version the registry lacks.
    sh(Command::new(cargo())
        .args(["install", "wasm-bindgen-cli", "--version", &want, "--root"])
        .arg(&tools)
        .env_remove("CARGO_TARGET_DIR"))?;
    Ok(bin)
}

/// Validates `openapi/openapi.json` as OpenAPI 3.1 with `openapi-spec-validator` (PyPI),
/// installed into a virtualenv under the target dir when missing.
pub fn validate_openapi(root: &Path) -> Result<()> {
    let venv = target_dir(root)?.join("tools").join("pyenv");
    let py = venv.join("bin").join("python");
    if !py.exists() {
        sh(Command::new("python3").arg("-m").arg("venv").arg(&venv))
            .context("python3 is needed to validate the OpenAPI document")?;
    }
    let ok = Command::new(&py)
        .args(["-c", "import openapi_spec_validator"])
        .status()?
        .success();
    if !ok {
        sh(Command::new(&py).args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "openapi-spec-validator==0.7.1",
        ]))?;
    }
    sh(Command::new(&py)
        .args(["-c", "import json,sys; from openapi_spec_validator import validate; from openapi_spec_validator.validation import OpenAPIV31SpecValidator; validate(json.load(open(sys.argv[1])), cls=OpenAPIV31SpecValidator); print('xtask: openapi/openapi.json is valid OpenAPI 3.1')"])
        .arg(root.join("openapi/openapi.json")))
}
