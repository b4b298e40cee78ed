//! Enforcement documents as PDF/A-2b (the typesetting engine, the templates and the fonts).
//!
//! The documents themselves — which ones a case needs, what each must contain (行政处罚法
//! art. 59 for the 决定书), their numbers — are law and live in `sanxiang-domain`
//! (`crates/domain/src/document/`). This crate only turns a composed document (JSON) into bytes:
//! the same data and issue date always give the same bytes, so the SHA-256 written into the
//! record log identifies the document.
//!
//! Fonts are the system's free CJK faces (Debian's `fonts-noto-cjk`, SIL OFL 1.1): Noto Serif CJK
//! SC for the body and the title, Noto Sans CJK SC (a heiti face) for headings. They are memory
//! mapped once when the engine loads.

mod engine;
mod fonts;

pub use engine::{Engine, RenderError, Template, CASE_FILE_PART_DOCUMENTS};
pub use fonts::{FontError, DEFAULT_FONT_DIRS};
