//! One typst engine per server: the standard library and the fonts are loaded once; each
//! render is a small in-memory "world" of the shipped templates plus one JSON data file.

use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use std::path::PathBuf;
use typst::diag::{FileError, FileResult};
use typst::ecow::EcoVec;
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::introspection::Introspector;
use typst::model::Document;
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
/// The main file of a single document: its path in the render's world and its text.
const DOCUMENT_MAIN: (&str, &str) = ("/document.typ", include_str!("../templates/document.typ"));
/// The main file of one part of a case file.
const CASE_FILE_MAIN: (&str, &str) = ("/case-file.typ", include_str!("../templates/case-file.typ"));

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
        let pdf = match template {
            Template::Document => self
                .compile(DOCUMENT_MAIN, data, files, issued_on)
                .and_then(|doc| export(&doc, issued_on, ident, true)),
            Template::CaseFile => {
                self.render_case_file(data, issued_on, ident, CASE_FILE_PART_DOCUMENTS)
            }
        };
        self.forget();
        pdf
    }

    /// The case file (`data` as composed by crates/domain/src/document/case_file.rs), typeset in
    /// parts of at most `part_documents` documents so that only one part's layout is in memory
    /// at a time: the front (cover and table of contents), runs of documents, the evidence list.
    /// A first pass counts each part's pages and where each document begins; the second lays
    /// each part out knowing its first page number and the file's total, and the table of
    /// contents the page of every document. The pages are then joined into one document and
    /// exported once, so the file is one PDF/A-2b as typst writes it.
    pub fn render_case_file(
        &self,
        data: &serde_json::Value,
        issued_on: NaiveDate,
        ident: &str,
        part_documents: usize,
    ) -> Result<Vec<u8>, RenderError> {
        let documents = data["documents"].as_array().map_or(&[][..], Vec::as_slice);
        let part_documents = part_documents.max(1);
        let mut parts = vec![CasePart::Front];
        parts.extend(documents.chunks(part_documents).map(CasePart::Documents));
        parts.push(CasePart::Evidence);

        // Pass 1: how many pages each part takes, and where in it each document begins. The
        // numbers printed do not change the layout (the footer is one line whatever it says).
        let blank = PageNumbers {
            first: 1,
            total: None,
            toc: vec![0; documents.len() + 1],
        };
        let mut counts = Vec::with_capacity(parts.len());
        let mut starts = Vec::with_capacity(documents.len());
        for part in &parts {
            let doc = self.compile(CASE_FILE_MAIN, &part.data(data, &blank), &[], issued_on)?;
            counts.push(doc.pages().len());
            if let CasePart::Documents(run) = part {
                starts.extend(document_starts(&doc, run.len())?);
            }
            drop(doc);
            self.forget();
        }
        let mut firsts = Vec::with_capacity(parts.len());
        let mut next = 1;
        for count in &counts {
            firsts.push(next);
            next += count;
        }
        let total = next - 1;
        let mut toc = Vec::with_capacity(documents.len() + 1);
        let mut run_first = firsts.iter().skip(1);
        let mut part_first = 0;
        for (i, start) in starts.iter().enumerate() {
            if i % part_documents == 0 {
                part_first = run_first.next().copied().unwrap_or(0);
            }
            toc.push(part_first + start - 1);
        }
        toc.push(firsts.last().copied().unwrap_or(1));

        // Pass 2: each part with its page numbers; only the finished pages are kept.
        let mut pages = EcoVec::with_capacity(total);
        let mut info = None;
        for ((part, first), count) in parts.iter().zip(&firsts).zip(&counts) {
            let numbers = PageNumbers {
                first: *first,
                total: Some(total),
                toc: toc.clone(),
            };
            let doc = self.compile(CASE_FILE_MAIN, &part.data(data, &numbers), &[], issued_on)?;
            if doc.pages().len() != *count {
                return Err(RenderError::Typeset(
                    "a case file part changed its page count between passes".into(),
                ));
            }
            pages.extend(doc.pages().iter().cloned());
            info.get_or_insert_with(|| doc.info().clone());
            drop(doc);
            self.forget();
        }
        let whole = PagedDocument::new(pages, info.unwrap_or_default());
        export(&whole, issued_on, ident, false)
    }

    /// Compiles the template `main` over `data` (and extra files) into laid-out pages.
    fn compile(
        &self,
        main: (&str, &str),
        data: &serde_json::Value,
        files: &[(&str, Vec<u8>)],
        issued_on: NaiveDate,
    ) -> Result<PagedDocument, RenderError> {
        let mut world = RenderWorld::new(self, main, data, issued_on)?;
        for (path, bytes) in files {
            world
                .extra
                .insert(file_id(path)?, Bytes::new(bytes.clone()));
        }
        typst::compile::<PagedDocument>(&world)
            .output
            .map_err(|errs| {
                RenderError::Typeset(
                    errs.iter()
                        .map(|e| e.message.to_string())
                        .collect::<Vec<_>>()
                        .join("; "),
                )
            })
    }

    /// Nothing of a compile is worth keeping for the next (each document is distinct, and the
    /// fonts and the library are held by the engine): the memo cache is emptied and the fonts'
    /// pages given back, so a case file of hundreds of pages does not stay in memory after it
    /// is made.
    fn forget(&self) {
        typst::comemo::evict(0);
        for file in &self.files {
            file.release();
        }
    }
}

/// How many documents of a case file are typeset together (see [`Engine::render_case_file`]):
/// small enough that a part's layout is a few MiB, large enough that the per-compile cost
/// (reading the templates, the data) stays small beside the layout.
pub const CASE_FILE_PART_DOCUMENTS: usize = 8;

/// One part of a case file: the front, a run of documents, or the evidence list.
enum CasePart<'a> {
    Front,
    Documents(&'a [serde_json::Value]),
    Evidence,
}

/// Where a part's pages fall in the whole case file.
struct PageNumbers {
    /// The number of the part's first page.
    first: usize,
    /// The file's page count; `None` in the counting pass.
    total: Option<usize>,
    /// The first page of each document, then of the evidence list (the table of contents).
    toc: Vec<usize>,
}

impl CasePart<'_> {
    /// The data of `templates/case-file.typ` for this part.
    fn data(&self, whole: &serde_json::Value, numbers: &PageNumbers) -> serde_json::Value {
        let (part, documents) = match self {
            CasePart::Front => ("front", serde_json::Value::Null),
            CasePart::Documents(run) => ("documents", serde_json::Value::from(run.to_vec())),
            CasePart::Evidence => ("evidence", serde_json::Value::Null),
        };
        let mut data = serde_json::json!({
            "part": part,
            "title": whole["cover"]["title"],
            "verification": whole["verification"],
            "first_page": numbers.first,
            "total_pages": numbers.total,
        });
        match self {
            CasePart::Front => {
                data["cover"] = whole["cover"].clone();
                // The table of contents lists every document: title, number and date only.
                data["contents"] = whole["documents"]
                    .as_array()
                    .map(|all| {
                        all.iter()
                            .map(|d| {
                                serde_json::json!({
                                    "title": d["title"],
                                    "number": d["number"],
                                    "date": d["date"],
                                })
                            })
                            .collect::<Vec<_>>()
                    })
                    .unwrap_or_default()
                    .into();
                data["toc_pages"] = numbers.toc.clone().into();
            }
            CasePart::Documents(..) => data["documents"] = documents,
            CasePart::Evidence => data["evidence"] = whole["evidence"].clone(),
        }
        data
    }
}

/// The page (1-based, within `doc`) on which each of the `n` documents of a part begins: the
/// template labels each `doc-<i>`.
fn document_starts(doc: &PagedDocument, n: usize) -> Result<Vec<usize>, RenderError> {
    let mut starts = vec![0; n];
    for content in doc.introspector().query_labelled() {
        let (Some(label), Some(location)) = (content.label(), content.location()) else {
            continue;
        };
        let Some(i) = label
            .resolve()
            .strip_prefix("doc-")
            .and_then(|i| i.parse::<usize>().ok())
        else {
            continue;
        };
        if let (Some(slot), Some(page)) = (starts.get_mut(i), doc.introspector().page(location)) {
            *slot = page.get();
        }
    }
    if starts.contains(&0) {
        return Err(RenderError::Typeset(
            "a document of the case file has no start label".into(),
        ));
    }
    Ok(starts)
}

/// Exports laid-out pages as a PDF/A-2b dated `issued_on` and identified by `ident`; `tagged`
/// adds the structure tree readers of accessible PDF use (a document served on a party has it;
/// the case file, an archive copy of documents that each have it, does not: on 200 pages the
/// tags are four fifths of the file and 15 MiB more memory while it is written).
fn export(
    doc: &PagedDocument,
    issued_on: NaiveDate,
    ident: &str,
    tagged: bool,
) -> Result<Vec<u8>, RenderError> {
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
        tagged,
        ..PdfOptions::default()
    };
    typst_pdf::pdf(doc, &options).map_err(|errs| {
        RenderError::Export(
            errs.iter()
                .map(|e| e.message.to_string())
                .collect::<Vec<_>>()
                .join("; "),
        )
    })
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
        main: (&str, &str),
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
        let main = add(main.0, main.1)?;
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
