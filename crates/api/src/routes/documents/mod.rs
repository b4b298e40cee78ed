//! Enforcement documents (执法文书): generated from the case, numbered, PDF/A, anchored in the
//! log (crates/api/src/documents.rs does the work; the law is in crates/domain/src/document/).

mod case_file;
mod get;
mod issue;
mod list;
mod pdf;
mod preview;
mod settings;
mod signed_copy;

use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_documents)
        .service(issue::issue_document)
        .service(preview::preview_document)
        .service(case_file::case_file)
        .service(pdf::document_pdf)
        .service(get::get_document)
        .service(signed_copy::attach_signed_copy)
        .service(settings::get_settings)
        .service(settings::save_settings);
}

/// A PDF response: inline, never sniffed, cached privately (an issued PDF never changes).
pub(crate) fn pdf_response(
    bytes: Vec<u8>,
    file_name: &str,
    immutable: bool,
) -> actix_web::HttpResponse {
    use actix_web::http::header;
    let mut res = actix_web::HttpResponse::Ok();
    res.content_type("application/pdf")
        .insert_header((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .insert_header((
            header::CONTENT_DISPOSITION,
            crate::routes::blobs::media::inline_disposition(file_name),
        ));
    if immutable {
        res.insert_header((
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable",
        ));
    } else {
        res.insert_header((header::CACHE_CONTROL, "no-store"));
    }
    res.body(bytes)
}
