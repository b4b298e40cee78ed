//! Links the wasm with its relocations kept (`--emit-relocs`): the post-build split
//! (xtask/src/frontend.rs, `wasm_split_cli_support`) reads them to move each lazy page
//! (src/lazy_pages.rs) into a file of its own. Only the final link changes; no dependency is
//! rebuilt for it.

fn main() {
    if std::env::var("CARGO_CFG_TARGET_ARCH").as_deref() == Ok("wasm32") {
        println!("cargo:rustc-link-arg-bins=--emit-relocs");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
