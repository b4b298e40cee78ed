//! Which evidence files are accepted, and how they are named on the way out.
//!
//! The content type is sniffed from the bytes (never taken from the client) and must be on the
//! allowlist and agree with the file name's extension: a `.jpg` that is really an executable,
//! or a PNG named `.pdf`, is refused before anything is stored.

use crate::error::{ApiError, ErrorCode};

/// How many leading bytes to collect before sniffing (WebM needs more than 256).
pub const SNIFF_LEN: usize = 4096;

/// One accepted kind of file.
struct Kind {
    /// What is stored and served as `Content-Type`.
    content_type: &'static str,
    /// File name extensions (lowercase) that may carry it.
    extensions: &'static [&'static str],
    /// What the sniffer (`infer`) reports for such content.
    sniffed: &'static [&'static str],
}

/// The allowlist: documents, photos, audio and video that browsers can show.
const KINDS: &[Kind] = &[
    Kind {
        content_type: "application/pdf",
        extensions: &["pdf"],
        sniffed: &["application/pdf"],
    },
    Kind {
        content_type: "image/jpeg",
        extensions: &["jpg", "jpeg"],
        sniffed: &["image/jpeg"],
    },
    Kind {
        content_type: "image/png",
        extensions: &["png"],
        sniffed: &["image/png"],
    },
    Kind {
        content_type: "video/mp4",
        extensions: &["mp4", "m4v"],
        sniffed: &["video/mp4", "video/x-m4v"],
    },
    Kind {
        content_type: "video/webm",
        extensions: &["webm"],
        sniffed: &["video/webm"],
    },
    Kind {
        content_type: "video/quicktime",
        extensions: &["mov"],
        sniffed: &["video/quicktime"],
    },
    Kind {
        content_type: "audio/mpeg",
        extensions: &["mp3"],
        sniffed: &["audio/mpeg"],
    },
    Kind {
        content_type: "audio/wav",
        extensions: &["wav"],
        sniffed: &["audio/x-wav", "audio/wav"],
    },
    // Phones write M4A with the generic `isom`/`mp42` brands too, which sniff as video/mp4.
    Kind {
        content_type: "audio/mp4",
        extensions: &["m4a"],
        sniffed: &["audio/m4a", "audio/mp4", "audio/x-m4a", "video/mp4"],
    },
    Kind {
        content_type: "audio/ogg",
        extensions: &["ogg", "oga", "opus"],
        sniffed: &["audio/ogg", "audio/opus"],
    },
];

fn allowed_extensions() -> String {
    KINDS
        .iter()
        .flat_map(|k| k.extensions.iter().copied())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Checks the `file_name` query parameter: 1–255 characters, no path separators or control
/// characters, with an extension. A bad one is 422 `validation_failed`.
pub fn parse_file_name(raw: Option<&str>) -> Result<String, ApiError> {
    let field = |m: &str| ApiError::field("file_name", m);
    let name = raw.map(str::trim).unwrap_or_default();
    if name.is_empty() {
        return Err(field(
            "give the file's name, e.g. `?file_name=现场照片.jpg`",
        ));
    }
    if name.chars().count() > 255 {
        return Err(field("must have at most 255 characters"));
    }
    if name
        .chars()
        .any(|c| c.is_control() || matches!(c, '/' | '\\'))
    {
        return Err(field(
            "must not contain path separators or control characters",
        ));
    }
    if name.starts_with('.') || extension(name).is_none() {
        return Err(field(
            "must end with an extension such as .jpg, .pdf or .mp4",
        ));
    }
    Ok(name.to_owned())
}

fn extension(name: &str) -> Option<String> {
    let (stem, ext) = name.rsplit_once('.')?;
    (!stem.is_empty() && !ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// The kind promised by the file name's extension, or 415 when that extension is not accepted.
fn kind_for_name(name: &str) -> Result<&'static Kind, ApiError> {
    let ext = extension(name).unwrap_or_default();
    KINDS
        .iter()
        .find(|k| k.extensions.contains(&ext.as_str()))
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::UnsupportedMediaType,
                format!(
                    "Files ending in `.{ext}` are not accepted as evidence. Accepted: {}.",
                    allowed_extensions()
                ),
            )
        })
}

/// Refuses early (before any byte is read) a name whose extension is not accepted.
pub fn check_extension(name: &str) -> Result<(), ApiError> {
    kind_for_name(name).map(|_| ())
}

/// The content type to store for a file named `name` whose content starts with `head`, or 415
/// when the bytes are not an accepted kind or do not match the name.
pub fn classify(name: &str, head: &[u8]) -> Result<&'static str, ApiError> {
    let kind = kind_for_name(name)?;
    let sniffed = infer::get(head).map(|t| t.mime_type());
    match sniffed {
        Some(s) if kind.sniffed.contains(&s) => Ok(kind.content_type),
        Some(s) if KINDS.iter().any(|k| k.sniffed.contains(&s)) => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "The file is named `{name}`, but its content is {s}, which does not match. \
                 Rename it with the right extension."
            ),
        )),
        Some(s) => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!("The content is {s}, which is not accepted as evidence. Accepted: {}.", allowed_extensions()),
        )),
        None => Err(ApiError::new(
            ErrorCode::UnsupportedMediaType,
            format!(
                "The content is not a recognisable {} file (it may be damaged, or something else renamed).",
                kind.content_type
            ),
        )),
    }
}

/// Characters that stay literal in an RFC 8187 `value-chars` (`attr-char`); all else is
/// percent-encoded.
const ATTR_CHAR_ESCAPES: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'!')
    .remove(b'#')
    .remove(b'$')
    .remove(b'&')
    .remove(b'+')
    .remove(b'-')
    .remove(b'.')
    .remove(b'^')
    .remove(b'_')
    .remove(b'`')
    .remove(b'|')
    .remove(b'~');

/// An RFC 6266 `Content-Disposition: inline` value: a plain-ASCII fallback `filename` (anything
/// outside printable ASCII, quotes and backslashes become `_`) and the exact name as
/// `filename*=UTF-8''…`, percent-encoded. Nothing from the name can end the header or add
/// parameters.
pub fn inline_disposition(name: &str) -> String {
    let fallback: String = name
        .chars()
        .map(|c| {
            if c == ' ' || (c.is_ascii_graphic() && !matches!(c, '"' | '\\' | '%' | ';')) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded = percent_encoding::utf8_percent_encode(name, ATTR_CHAR_ESCAPES);
    format!("inline; filename=\"{fallback}\"; filename*=UTF-8''{encoded}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
    const PDF: &[u8] = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n";
    const MP4: &[u8] = b"\0\0\0\x18ftypisom\0\0\x02\0isomiso2";
    const M4A: &[u8] = b"\0\0\0\x18ftypM4A \0\0\x02\0M4A isom";
    const EXE: &[u8] = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff\0\0";

    fn code(r: Result<&'static str, ApiError>) -> &'static str {
        r.unwrap_err().code()
    }

    #[test]
    fn sniffed_type_must_be_allowed_and_match_the_name() {
        assert_eq!(classify("a.png", PNG).unwrap(), "image/png");
        assert_eq!(classify("扫描件.PDF", PDF).unwrap(), "application/pdf");
        assert_eq!(classify("执法记录.mp4", MP4).unwrap(), "video/mp4");
        assert_eq!(classify("询问.m4a", M4A).unwrap(), "audio/mp4");
        assert_eq!(classify("询问.m4a", MP4).unwrap(), "audio/mp4");
        assert_eq!(code(classify("a.pdf", PNG)), "unsupported_media_type");
        assert_eq!(code(classify("a.mp4", M4A)), "unsupported_media_type");
        assert_eq!(code(classify("a.png", EXE)), "unsupported_media_type");
        assert_eq!(code(classify("a.exe", EXE)), "unsupported_media_type");
        assert_eq!(
            code(classify("a.pdf", b"just text")),
            "unsupported_media_type"
        );
    }

    #[test]
    fn file_names_are_checked() {
        assert_eq!(parse_file_name(Some(" 照片.jpg ")).unwrap(), "照片.jpg");
        for bad in [
            None,
            Some(""),
            Some("a/b.jpg"),
            Some("a\r\nb.jpg"),
            Some(".jpg"),
            Some("noext"),
        ] {
            assert_eq!(
                parse_file_name(bad).unwrap_err().code(),
                "validation_failed",
                "{bad:?}"
            );
        }
        assert!(parse_file_name(Some(&format!("{}.jpg", "长".repeat(252)))).is_err());
    }

    #[test]
    fn disposition_is_safe_and_keeps_the_name() {
        assert_eq!(
            inline_disposition("现场 照片.jpg"),
            "inline; filename=\"__ __.jpg\"; filename*=UTF-8''%E7%8E%B0%E5%9C%BA%20%E7%85%A7%E7%89%87.jpg"
        );
        let d = inline_disposition("a\";x=\"y\\.pdf");
        assert_eq!(
            d,
            "inline; filename=\"a__x=_y_.pdf\"; filename*=UTF-8''a%22%3Bx%3D%22y%5C.pdf"
        );
        assert!(!d.contains('\r') && !d.contains('\n'));
    }
}
