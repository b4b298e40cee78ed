//! `/blobs`: evidence files, content-addressed by SHA-256 and never deleted.

mod download;
pub mod media;
pub mod serve;
mod upload;

use crate::auth::guard::Policy;
use sanxiang_api_types::blobs::BlobInfo;
use sanxiang_domain::account::Role;
use sanxiang_persistence::blob::BlobMeta;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(upload::upload_blob)
        .service(download::download_blob);
}

/// Who may upload evidence: the staff who build case files (not auditors or disclosure editors).
pub struct Uploaders;
impl Policy for Uploaders {
    const ROLES: &'static [Role] = &[
        Role::Officer,
        Role::Admin,
        Role::LegalReviewer,
        Role::Approver,
    ];
}

/// Where a blob is downloaded from.
pub(crate) fn blob_url(sha256: &str) -> String {
    format!("/api/v1/blobs/{sha256}")
}

pub(crate) fn to_info(meta: BlobMeta, file_name: String) -> BlobInfo {
    BlobInfo {
        url: blob_url(&meta.sha256),
        sha256: meta.sha256,
        size: meta.size,
        content_type: meta.content_type,
        file_name,
    }
}
