use crate::auth::{Admin, AnyUser, Auth};
use crate::error::ApiError;
use crate::extract::Valid;
use crate::state::AppState;
use actix_web::{get, put, web};
use sanxiang_api_types::documents::{DocumentSettingsView, SaveDocumentSettings};
use sanxiang_persistence::{documents, StoreError};

/// The agency's document settings in force: header, number template and codes, the bank account
/// fines are paid to, the reconsideration organ and the court named in decisions.
#[utoipa::path(tag = "documents", security(("bearer" = [])), responses(
    (status = 200, description = "The settings and their version", body = DocumentSettingsView),
))]
#[get("/document-settings")]
pub async fn get_settings(
    auth: Auth<AnyUser>,
    state: web::Data<AppState>,
) -> Result<web::Json<DocumentSettingsView>, ApiError> {
    let (version, settings) = documents::settings(&state.db, auth.agency_id()).await?;
    Ok(web::Json(DocumentSettingsView { version, settings }))
}

/// Saves a new version of the agency's document settings (every version is kept).
#[utoipa::path(tag = "documents", security(("bearer" = [])), request_body = SaveDocumentSettings, responses(
    (status = 200, description = "Saved; the new version", body = DocumentSettingsView),
    (status = 403, description = "Administrators only", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 409, description = "Saved by someone else since (`version_conflict`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
    (status = 422, description = "A number template that would not number uniquely (`validation_failed`)", body = sanxiang_api_types::problem::Problem, content_type = "application/problem+json"),
))]
#[put("/document-settings")]
pub async fn save_settings(
    auth: Auth<Admin>,
    state: web::Data<AppState>,
    body: Valid<SaveDocumentSettings>,
) -> Result<web::Json<DocumentSettingsView>, ApiError> {
    let b = body.0;
    b.settings
        .check()
        .map_err(|e| ApiError::field("settings.number_format", e.to_string()))?;
    let version = documents::save_settings(
        &state.db,
        auth.agency_id(),
        b.expected_version,
        &b.settings,
        auth.user.id,
        state.now(),
    )
    .await
    .map_err(|e| match e {
        StoreError::Concurrent => {
            ApiError::version_conflict("the document settings were saved by someone else; reload")
        }
        other => other.into(),
    })?;
    Ok(web::Json(DocumentSettingsView {
        version,
        settings: b.settings,
    }))
}
