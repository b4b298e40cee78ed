//! The system fonts the templates use, found and memory-mapped once.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use typst::foundations::Bytes;
use typst::text::Font;

/// A memory-mapped font file, shared by the faces read from it and by the engine, which hands
/// its pages back to the kernel after each render (see [`FontFile::release`]).
#[derive(Clone)]
pub(crate) struct FontFile(Arc<memmap2::Mmap>);

impl AsRef<[u8]> for FontFile {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl FontFile {
    /// Drops the file's pages from this process's resident set. They stay in the kernel's page
    /// cache; the few glyphs the next render reads are mapped in again on access. Without this,
    /// every page a render ever touched (typst hashes each font whole once) counts towards the
    /// server's memory: 70 MB for the three faces.
    pub(crate) fn release(&self) {
        // SAFETY: the mapping is read-only and the file is not modified (see `map`): dropped
        // pages are read back unchanged from the page cache on the next access, also by a
        // render running on another thread at the same time.
        #[expect(unsafe_code, reason = "MADV_DONTNEED on a read-only file mapping")]
        let _ = unsafe { self.0.unchecked_advise(memmap2::UncheckedAdvice::DontNeed) };
    }
}

/// Where Debian (and most Linux distributions) install the Noto CJK faces.
pub const DEFAULT_FONT_DIRS: &[&str] = &["/usr/share/fonts/opentype/noto", "/usr/share/fonts"];

/// The families the templates name (crates/documents/templates/common.typ).
pub(crate) const FAMILIES: [&str; 2] = ["Noto Serif CJK SC", "Noto Sans CJK SC"];

/// No usable font.
#[derive(Debug, thiserror::Error)]
pub enum FontError {
    /// None of the families in any of the folders.
    #[error(
        "no CJK font found in {dirs}: install Debian's `fonts-noto-cjk` (Noto Serif CJK SC and Noto Sans CJK SC) or set SANXIANG_FONT_DIRS"
    )]
    Missing { dirs: String },
    /// Only some families.
    #[error("font family {family} not found in {dirs}: install Debian's `fonts-noto-cjk`")]
    Incomplete { family: &'static str, dirs: String },
}

/// Loads every face of the wanted families from the folders (searched recursively), with the
/// files they were read from.
pub(crate) fn load(dirs: &[PathBuf]) -> Result<(Vec<Font>, Vec<FontFile>), FontError> {
    let mut files = Vec::new();
    for d in dirs {
        collect(d, &mut files, 0);
    }
    files.sort();
    files.dedup();
    let mut fonts = Vec::new();
    let mut mapped = Vec::new();
    for f in files {
        let Some(file) = map(&f) else { continue };
        let bytes = Bytes::new(file.clone());
        let before = fonts.len();
        // Only the faces the templates use (crates/documents/templates/common.typ: the serif
        // regular and bold, the sans in bold for headings): the rest is never mapped in.
        for font in Font::iter(bytes) {
            let info = font.info();
            let bold = info.variant.weight.to_number() >= 700;
            let wanted = match info.family.as_str() {
                "Noto Serif CJK SC" => true,
                "Noto Sans CJK SC" => bold,
                _ => false,
            };
            if wanted {
                fonts.push(font);
            }
        }
        if fonts.len() > before {
            mapped.push(file);
        }
    }
    let dirs_s = dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    if fonts.is_empty() {
        return Err(FontError::Missing { dirs: dirs_s });
    }
    for family in FAMILIES {
        if !fonts.iter().any(|f| f.info().family == family) {
            return Err(FontError::Incomplete {
                family,
                dirs: dirs_s,
            });
        }
    }
    Ok((fonts, mapped))
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>, depth: usize) {
    if depth > 4 {
        return;
    }
    let Ok(rd) = std::fs::read_dir(dir) else {
        return;
    };
    for e in rd.flatten() {
        let p = e.path();
        if p.is_dir() {
            collect(&p, out, depth + 1);
        } else if p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
            n.starts_with("Noto")
                && n.contains("CJK")
                && (n.ends_with(".ttc") || n.ends_with(".otf"))
        }) {
            out.push(p);
        }
    }
}

/// Memory-maps a font file: the pages are shared with the page cache and only the glyphs used
/// are read (a CJK collection is 20–30 MB per weight).
fn map(path: &Path) -> Option<FontFile> {
    let file = std::fs::File::open(path).ok()?;
    // SAFETY: font files under the system font folders are not modified while the server runs
    // (a package upgrade replaces them by rename, which leaves this mapping intact).
    #[expect(unsafe_code, reason = "memory-mapping read-only system font files")]
    let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
    Some(FontFile(Arc::new(map)))
}
