//! `cargo xtask frontend`: the wasm client, built for a fast first load.
//!
//! 1. `cargo build --profile wasm-release` (Cargo.toml: size-optimised, whole-program LTO, one
//!    codegen unit, `panic = "abort"`; the server's `release` profile is not touched), linked
//!    with `--emit-relocs` (frontend/build.rs);
//! 2. the split (`wasm_split_cli_support`, what `cargo leptos --split` runs): each `#[lazy]`
//!    page of frontend/src/lazy_pages.rs, with the code only it reaches, leaves the main module
//!    for a wasm file of its own (code several pages share goes to a shared chunk), plus a small
//!    JS module (`sanxiang_split.js`) that fetches them on first use;
//! 3. `wasm-bindgen` (the exact locked version) on the main module into `frontend/dist`;
//! 4. `wasm-opt -Oz` from npm's `binaryen` (Debian's 108 breaks the module) on the main module
//!    and each split file, skipped with a message when npm is unavailable;
//! 5. content-hashed names for every wasm, JS and CSS file (`sanxiang-<16 hex>.wasm`), written
//!    into `index.html` and into the JS that fetches them — served `immutable` by
//!    crates/api/src/static_files.rs;
//! 6. brotli (`.br`) and gzip (`.gz`) variants next to each, served by the same file.
//!
//! The debug build is split the same way (the `#[lazy]` imports exist only once split), without
//! wasm-opt and compression.

use crate::{cargo, sh, target_dir, tools};
use anyhow::{anyhow, bail, Context, Result};
use sha2::{Digest, Sha256};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// The cargo profile of the release wasm (Cargo.toml).
const WASM_PROFILE: &str = "wasm-release";

/// The JS module the split main wasm imports its loaders from (relative to `dist`), and the
/// wasm-bindgen module it imports `initSync` back from.
const SPLIT_JS: &str = "sanxiang_split.js";
const MAIN_JS: &str = "sanxiang.js";

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
    let target = target_dir(root)?;
    let wasm = target
        .join("wasm32-unknown-unknown")
        .join(if release { WASM_PROFILE } else { "debug" })
        .join("sanxiang_frontend.wasm");
    let dist = root.join("frontend/dist");
    if dist.exists() {
        std::fs::remove_dir_all(&dist)?;
    }
    std::fs::create_dir_all(&dist)?;
    let scratch = target.join("wasm-split");
    if scratch.exists() {
        std::fs::remove_dir_all(&scratch)?;
    }
    std::fs::create_dir_all(&scratch)?;
    let main_wasm = scratch.join("sanxiang.wasm");
    let split_started = Instant::now();
    let chunks = split(&std::fs::read(&wasm)?, &dist, &main_wasm)?;
    eprintln!(
        "xtask: wasm split into the main module and {} file(s) in {:.0} s",
        chunks.len(),
        split_started.elapsed().as_secs_f64()
    );
    sh(Command::new(&wasm_bindgen)
        .args([
            "--target",
            "web",
            "--no-typescript",
            "--remove-name-section",
            // The split files call back into the main module through these exports.
            "--keep-lld-exports",
            "--no-demangle",
            "--out-name",
            "sanxiang",
            "--out-dir",
        ])
        .arg(&dist)
        .arg(&main_wasm))?;
    let bindgen_wasm = dist.join("sanxiang_bg.wasm");
    let before_opt = std::fs::metadata(&bindgen_wasm)?.len();
    if release {
        wasm_opt(root, &bindgen_wasm)?;
        for chunk in &chunks {
            wasm_opt(root, &dist.join(chunk))?;
        }
    }
    for f in ["index.html", "style.css"] {
        std::fs::copy(root.join("frontend").join(f), dist.join(f))
            .with_context(|| format!("copy frontend/{f}"))?;
    }
    let names = hash_names(&dist, &chunks)?;
    if release {
        for name in names.all() {
            precompress(&dist.join(name))?;
        }
    }
    eprintln!(
        "xtask: frontend built in {} (cargo {:.0} s, total {:.0} s; main wasm {} KiB after wasm-bindgen)",
        dist.display(),
        compiled.as_secs_f64(),
        started.elapsed().as_secs_f64(),
        before_opt / 1024
    );
    for name in names.all() {
        let size = |ext: &str| {
            std::fs::metadata(dist.join(format!("{name}{ext}")))
                .map(|m| format!("{:.1} KiB", m.len() as f64 / 1024.0))
                .unwrap_or_else(|_| "-".into())
        };
        eprintln!(
            "xtask:   {name:<44} raw {:>10}  gzip {:>10}  brotli {:>10}",
            size(""),
            size(".gz"),
            size(".br")
        );
    }
    Ok(dist)
}

/// Splits the linked wasm `input`: the main module to `main_out` (for wasm-bindgen), the split
/// files and their loader (`SPLIT_JS`) into `dist`. Returns the split files' names.
fn split(input: &[u8], dist: &Path, main_out: &Path) -> Result<Vec<String>> {
    let link_name = format!("./{SPLIT_JS}");
    let main_module = format!("./{MAIN_JS}");
    let mut opts = wasm_split_cli_support::Options::new(input);
    opts.output_dir = dist;
    opts.main_out_path = main_out;
    opts.link_name = &link_name;
    opts.main_module = &main_module;
    let split =
        wasm_split_cli_support::transform(opts).map_err(|e| anyhow!("wasm-split: {e:?}"))?;
    let mut names = split
        .split_modules
        .iter()
        .map(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .with_context(|| format!("split file {}", p.display()))
        })
        .collect::<Result<Vec<_>>>()?;
    names.sort();
    Ok(names)
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
    split_js: String,
    css: String,
    chunks: Vec<String>,
}

impl Names {
    fn all(&self) -> impl Iterator<Item = &String> {
        [&self.wasm, &self.js, &self.split_js, &self.css]
            .into_iter()
            .chain(&self.chunks)
    }
}

/// `<stem>-<first 16 hex digits of the SHA-256 of the content>.<ext>`.
fn hashed(stem: &str, ext: &str, content: &[u8]) -> String {
    let digest = Sha256::digest(content);
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("{stem}-{hex}.{ext}")
}

/// Replaces `from` by `to` in `text`, failing unless `from` occurs exactly `count` times (a
/// changed wasm-bindgen, wasm-split or index.html must not leave a stale name behind silently).
fn replace_exactly(text: &str, from: &str, to: &str, count: usize, what: &str) -> Result<String> {
    let found = text.matches(from).count();
    if found != count {
        bail!("expected {count} occurrence(s) of `{from}` in {what}, found {found}");
    }
    Ok(text.replace(from, to))
}

/// Renames every file of the build to a content-hashed name, innermost first (the split files,
/// named in the loader; the main wasm, named in wasm-bindgen's JS; the two JS modules; the CSS),
/// and rewrites `index.html` to use them.
fn hash_names(dist: &Path, split_files: &[String]) -> Result<Names> {
    // wasm-split's loader fetches each file with `new URL("./<file>", import.meta.url)`.
    let mut split_text = std::fs::read_to_string(dist.join(SPLIT_JS))?;
    let mut chunks = Vec::new();
    for file in split_files {
        let stem = file.trim_end_matches(".wasm").replace(['.', '-'], "_");
        let name = hashed(&stem, "wasm", &std::fs::read(dist.join(file))?);
        std::fs::rename(dist.join(file), dist.join(&name))?;
        split_text = replace_exactly(
            &split_text,
            &format!("\"./{file}\""),
            &format!("\"./{name}\""),
            1,
            SPLIT_JS,
        )?;
        chunks.push(name);
    }

    let wasm_bytes = std::fs::read(dist.join("sanxiang_bg.wasm"))?;
    let wasm = hashed("sanxiang", "wasm", &wasm_bytes);
    std::fs::rename(dist.join("sanxiang_bg.wasm"), dist.join(&wasm))?;
    // wasm-bindgen's `--target web` loader: `new URL('sanxiang_bg.wasm', import.meta.url)`.
    let js_text = std::fs::read_to_string(dist.join(MAIN_JS))?;
    let js_text = replace_exactly(
        &js_text,
        "'sanxiang_bg.wasm'",
        &format!("'{wasm}'"),
        1,
        MAIN_JS,
    )?;

    // The two JS modules import each other, so one name cannot be the hash of a text that holds
    // the other's: the main JS is named after both texts as they are before the names go in
    // (which fixes all it will hold), the loader after its final text.
    let js = hashed(
        "sanxiang",
        "js",
        format!("{js_text}{split_text}").as_bytes(),
    );
    let split_text = replace_exactly(
        &split_text,
        &format!("from \"./{MAIN_JS}\""),
        &format!("from \"./{js}\""),
        1,
        SPLIT_JS,
    )?;
    let split_js = hashed("sanxiang_split", "js", split_text.as_bytes());
    std::fs::write(dist.join(&split_js), split_text)?;
    std::fs::remove_file(dist.join(SPLIT_JS))?;
    // The main module's imports of the loader, one per imported function (the keys of the
    // wasm's import object keep the module name the wasm was linked with).
    let from = format!("from \"./{SPLIT_JS}\"");
    let imports = js_text.matches(&from).count();
    if imports == 0 {
        bail!("no `{from}` in {MAIN_JS}");
    }
    let js_text = replace_exactly(
        &js_text,
        &from,
        &format!("from \"./{split_js}\""),
        imports,
        MAIN_JS,
    )?;
    std::fs::write(dist.join(&js), js_text)?;
    std::fs::remove_file(dist.join(MAIN_JS))?;

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
    Ok(Names {
        wasm,
        js,
        split_js,
        css,
        chunks,
    })
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
