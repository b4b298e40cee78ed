//! One typst engine per server: the standard library and the fonts are loaded once; each
//! render is a small in-memory "world" of the shipped templates plus one JSON data file.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::path::PathBuf;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use crate::fonts::{self, FontError, FontFile};

/// The shipped templates: a single document, or a whole case file (cover, table of contents,
/// every document, the evidence list).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Template {
    /// `templates/document.typ`.
    Document,
    /// `templates/case-file.typ`.
    CaseFile,
}

const COMMON: &str = include_str!("../templates/common.typ");
const DOCUMENT: &str = include_str!("../templates/document.typ");
const CASE_FILE: &str = include_str!("../templates/case-file.typ");

/// A render that failed: a defect of a template or of the composed data, never of the party's
/// input (the domain composes and checks the data first).
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("typesetting failed: {0}")]
    Typeset(String),
    #[error("PDF export failed: {0}")]
    Export(String),
}

/// The loaded engine. `Send + Sync`: renders may run on several threads at once.
pub struct Engine {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    files: Vec<FontFile>,
    families: Vec<String>,
}

impl std::fmt::Debug for Engine {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Engine")
            .field("faces", &self.fonts.len())
            .field("families", &self.families)
            .finish()
    }
}

impl Engine {
    /// Loads the fonts from `dirs` (see [`crate::DEFAULT_FONT_DIRS`]).
    pub fn load(dirs: &[PathBuf]) -> Result<Self, FontError> {
        let (fonts, files) = fonts::load(dirs)?;
        // typst hashes a font's bytes whole, once (its memo keys): done here, so that a render
        // reads only the glyphs it sets; then the pages that took are given back.
        for font in &fonts {
            typst::utils::hash128(font);
        }
        for file in &files {
            file.release();
        }
        let book = FontBook::from_fonts(&fonts);
        let mut families: Vec<String> = fonts.iter().map(|f| f.info().family.clone()).collect();
        families.sort();
        families.dedup();
        Ok(Engine {
            library: LazyHash::new(Library::default()),
            book: LazyHash::new(book),
            fonts,
            files,
            families,
        })
    }

    /// The font families loaded (for the start-up log).
    pub fn families(&self) -> &[String] {
        &self.families
    }

    /// Renders `data` (the JSON the template reads) into a PDF/A-2b. `issued_on` is the PDF's
    /// creation date and the template's "today"; `ident` names the document stably (its number),
    /// so that the same inputs give byte-identical output.
    pub fn render(
        &self,
        template: Template,
        data: &serde_json::Value,
        issued_on: NaiveDate,
        ident: &str,
    ) -> Result<Vec<u8>, RenderError> {
        self.render_with(template, data, &[], issued_on, ident)
    }

    /// [`Engine::render`] with extra files the template reads by path (e.g. `/qr.svg`, the
    /// verification QR code named by the data's `qr` field).
    pub fn render_with(
        &self,
        template: Template,
        data: &serde_json::Value,
        files: &[(&str, Vec<u8>)],
        issued_on: NaiveDate,
        ident: &str,
    ) -> Result<Vec<u8>, RenderError> {
        let mut world = RenderWorld::new(self, template, data, issued_on)?;
        for (path, bytes) in files {
            world
                .extra
                .insert(file_id(path)?, Bytes::new(bytes.clone()));
        }
        let compiled = typst::compile::<PagedDocument>(&world);
        let doc = compiled.output.map_err(|errs| {
            RenderError::Typeset(
                errs.iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        })?;
        let stamp = Datetime::from_ymd_hms(
            issued_on.year(),
            u8::try_from(issued_on.month()).unwrap_or(1),
            u8::try_from(issued_on.day()).unwrap_or(1),
            0,
            0,
            0,
        )
        .ok_or_else(|| RenderError::Export("issue date out of range".into()))?;
        let standards = PdfStandards::new(&[PdfStandard::A_2b])
            .map_err(|e| RenderError::Export(e.message().to_string()))?;
        let options = PdfOptions {
            ident: Smart::Custom(ident.to_owned()),
            creator: Smart::Custom(Some("Sanxiang".into())),
            timestamp: Some(Timestamp::new_utc(stamp)),
            standards,
            ..PdfOptions::default()
        };
        let pdf = typst_pdf::pdf(&doc, &options).map_err(|errs| {
            RenderError::Export(
                errs.iter()
                    .map(|e| e.message.to_string())
                    .collect::<Vec<_>>()
                    .join("; "),
            )
        });
        // Nothing of a render is worth keeping for the next (each document is distinct, and the
        // fonts and the library are held by the engine): the memo cache is emptied, so a case
        // file of hundreds of pages does not stay in memory after it is made.
        typst::comemo::evict(0);
        for file in &self.files {
            file.release();
        }
        pdf
    }
}

/// The files of one render.
struct RenderWorld<'a> {
    engine: &'a Engine,
    main: FileId,
    sources: HashMap<FileId, Source>,
    data_id: FileId,
    data: Bytes,
    extra: HashMap<FileId, Bytes>,
    today: NaiveDate,
}

fn file_id(path: &str) -> Result<FileId, RenderError> {
    let vpath = VirtualPath::new(path).map_err(|e| RenderError::Typeset(format!("{e:?}")))?;
    Ok(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

impl<'a> RenderWorld<'a> {
    fn new(
        engine: &'a Engine,
        template: Template,
        data: &serde_json::Value,
        today: NaiveDate,
    ) -> Result<Self, RenderError> {
        let mut sources = HashMap::new();
        let mut add = |path: &str, text: &str| -> Result<FileId, RenderError> {
            let id = file_id(path)?;
            sources.insert(id, Source::new(id, text.to_owned()));
            Ok(id)
        };
        add("/common.typ", COMMON)?;
        let main = match template {
            Template::Document => add("/document.typ", DOCUMENT)?,
            Template::CaseFile => add("/case-file.typ", CASE_FILE)?,
        };
        let json = serde_json::to_vec(data).map_err(|e| RenderError::Typeset(e.to_string()))?;
        Ok(RenderWorld {
            engine,
            main,
            sources,
            data_id: file_id("/data.json")?,
            data: Bytes::new(json),
            extra: HashMap::new(),
            today,
        })
    }
}

impl World for RenderWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &self.engine.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.engine.book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        self.sources
            .get(&id)
            .cloned()
            .ok_or_else(|| FileError::NotFound(PathBuf::from(format!("{id:?}"))))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id == self.data_id {
            return Ok(self.data.clone());
        }
        if let Some(b) = self.extra.get(&id) {
            return Ok(b.clone());
        }
        self.sources
            .get(&id)
            .map(|s| Bytes::from_string(s.clone()))
            .ok_or_else(|| FileError::NotFound(PathBuf::from(format!("{id:?}"))))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.engine.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Datetime::from_ymd(
            self.today.year(),
            u8::try_from(self.today.month()).ok()?,
            u8::try_from(self.today.day()).ok()?,
        )
    }
}
