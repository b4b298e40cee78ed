//! `cargo xtask frontend`: the wasm client, built for a fast first load.
//!
//! 1. `cargo build --profile wasm-release` (Cargo.toml: size-optimised, whole-program LTO, one
//!    codegen unit, `panic = "abort"`; the server's `release` profile is not touched);
//! 2. `wasm-bindgen` (the exact locked version) into `frontend/dist`;
//! 3. `wasm-opt -Oz` from npm's `binaryen` (Debian's 108 breaks the module), skipped with a
//!    message when npm is unavailable;
//! 4. content-hashed names for the wasm, JS and CSS (`sanxiang-<16 hex>.wasm`), written into
//!    `index.html` and into the JS that fetches the wasm — served `immutable` by
//!    crates/api/src/static_files.rs;
//! 5. brotli (`.br`) and gzip (`.gz`) variants next to them, served by the same file.

use crate::{cargo, sh, target_dir, tools};
use anyhow::{bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The cargo profile of the release wasm (Cargo.toml).
const WASM_PROFILE: &str = "wasm-release";

/// Builds the frontend into `frontend/dist` and returns that directory. `release`: the
/// optimised, pre-compressed build; otherwise a quick debug build (same names, no variants).
pub fn build(root: &Path, release: bool) -> Result<PathBuf> {
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen(root)?;
    let started = Instant::now();
    let mut build = Command::new(cargo());
    build.args([
        "build",
        "-p",
        "sanxiang-frontend",
        "--target",
        "wasm32-unknown-unknown",
    ]);
    if release {
        build.args(["--profile", WASM_PROFILE]);
    }
    sh(&mut build)?;
    let compiled = started.elapsed();
    let wasm = target_dir(root)?
        .join("wasm32-unknown-unknown")
        .join(if release { WASM_PROFILE } else { "debug" })
        .join("sanxiang_frontend.wasm");
    let dist = root.join("frontend/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::create_dir_all(&dist)?;
    sh(Command::new(&wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            "--out-name",
            "sanxiang",
            "--out-dir",
        ])
        .arg(&dist)
        .arg(&wasm))?;
    let bindgen_wasm = dist.join("sanxiang_bg.wasm");
    let before_opt = std::fs::metadata(&bindgen_wasm)?.len();
    if release {
        wasm_opt(root, &bindgen_wasm)?;
    }
    for f in ["index.html", "style.css"] {
        std::fs::copy(root.join("frontend").join(f), dist.join(f))
            .with_context(|| format!("copy frontend/{f}"))?;
    }
    let names = hash_names(&dist)?;
    if release {
        for name in [&names.wasm, &names.js, &names.css] {
            precompress(&dist.join(name))?;
        }
    }
    eprintln!(
        "xtask: frontend built in {} (cargo {:.0} s, total {:.0} s; wasm {} KiB after wasm-bindgen)",
        dist.display(),
        compiled.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        before_opt / 1024
    );
    for name in [&names.wasm, &names.js, &names.css] {
        let size = |ext: &str| {
            std::fs::metadata(dist.join(format!("{name}{ext}")))
                .map(|m| format!("{:.1} KiB", m.len() as f64 / 1024.0))
                .unwrap_or_else(|_| "-".into())
        };
        eprintln!(
            "xtask:   {name:<36} raw {:>10}  gzip {:>10}  brotli {:>10}",
            size(""),
            size(".gz"),
            size(".br")
        );
    }
    Ok(dist)
}

/// `wasm-opt -Oz` in place, when npm could provide it.
fn wasm_opt(root: &Path, wasm: &Path) -> Result<()> {
    let Some(bin) = tools::ensure_wasm_opt(root)? else {
        return Ok(());
    };
    let started = Instant::now();
    let out = wasm.with_extension("opt.wasm");
    // The features rustc's wasm32 target emits by default (and every browser the app
    // supports runs); wasm-opt refuses a module that uses a feature it was not allowed.
    sh(Command::new(&bin)
        .args([
            "-Oz",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
            "--enable-multivalue",
            "-o",
        ])
        .arg(&out)
        .arg(wasm))?;
    std::fs::rename(&out, wasm)?;
    eprintln!(
        "xtask: wasm-opt -Oz took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The content-hashed file names of one build.
struct Names {
    wasm: String,
    js: String,
    css: String,
}

/// `<stem>-<first 16 hex digits of the SHA-256 of the content>.<ext>`.
fn hashed(stem: &str, ext: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}.{ext}")
}

/// Replaces `from` by `to` in `text`, failing unless `from` occurs exactly `count` times (a
/// changed wasm-bindgen or index.html must not leave a stale name behind silently).
fn replace_exactly(text: &str, from: &str, to: &str, count: usize, what: &str) -> Result<String> {
    let found = text.matches(from).count();
    if found != count {
        bail!("expected {count} occurrence(s) of `{from}` in {what}, found {found}");
    }
    Ok(text.replace(from, to))
}

/// Renames the wasm, then the JS (which names the wasm), then the CSS to content-hashed names,
/// and rewrites `index.html` to use them.
fn hash_names(dist: &Path) -> Result<Names> {
    let wasm_bytes = std::fs::read(dist.join("sanxiang_bg.wasm"))?;
    let wasm = hashed("sanxiang", "wasm", &wasm_bytes);
    std::fs::rename(dist.join("sanxiang_bg.wasm"), dist.join(&wasm))?;

    // wasm-bindgen's `--target web` loader: `new URL('sanxiang_bg.wasm', import.meta.url)`.
    let js_text = std::fs::read_to_string(dist.join("sanxiang.js"))?;
    let js_text = replace_exactly(
        &js_text,
        "'sanxiang_bg.wasm'",
        &format!("'{wasm}'"),
        1,
        "sanxiang.js",
    )?;
    let js = hashed("sanxiang", "js", js_text.as_bytes());
    std::fs::write(dist.join(&js), js_text)?;
    std::fs::remove_file(dist.join("sanxiang.js"))?;

    let css_bytes = std::fs::read(dist.join("style.css"))?;
    let css = hashed("style", "css", &css_bytes);
    std::fs::rename(dist.join("style.css"), dist.join(&css))?;

    let html = std::fs::read_to_string(dist.join("index.html"))?;
    let html = replace_exactly(
        &html,
        "\"/sanxiang_bg.wasm\"",
        &format!("\"/{wasm}\""),
        1,
        "index.html",
    )?;
    let html = replace_exactly(
        &html,
        "'/sanxiang.js'",
        &format!("'/{js}'"),
        1,
        "index.html",
    )?;
    let html = replace_exactly(
        &html,
        "\"/style.css\"",
        &format!("\"/{css}\""),
        1,
        "index.html",
    )?;
    std::fs::write(dist.join("index.html"), html)?;
    Ok(Names { wasm, js, css })
}

/// Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) next to `file`.
fn precompress(file: &Path) -> Result<()> {
    let data = std::fs::read(file)?;
    let with_ext = |ext: &str| {
        let mut name = file.as_os_str().to_owned();
        name.push(ext);
        PathBuf::from(name)
    };
    let mut br = Vec::new();
    {
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            ..Default::default()
        };
        brotli::BrotliCompress(&mut data.as_slice(), &mut br, &params)
            .with_context(|| format!("brotli {}", file.display()))?;
    }
    std::fs::write(with_ext(".br"), br)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(&data)?;
    std::fs::write(with_ext(".gz"), gz.finish()?)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashed_names_carry_sixteen_hex_digits_of_the_content() {
        let a = hashed("sanxiang", "wasm", b"a");
        assert_eq!(a, "sanxiang-ca978112ca1bbdca.wasm");
        assert_ne!(a, hashed("sanxiang", "wasm", b"b"));
    }

    #[test]
    fn a_missing_name_fails_the_rewrite() {
        assert!(replace_exactly("x '/a.js' y", "'/a.js'", "'/b.js'", 1, "t").is_ok());
        assert!(replace_exactly("x y", "'/a.js'", "'/b.js'", 1, "t").is_err());
    }
}
