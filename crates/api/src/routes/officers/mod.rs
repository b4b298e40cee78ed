//! `/officers` and `/certificates`: officer profiles and enforcement certificates (行政执法证),
//! managed by admins; the gates of the case engine read them (行政处罚法 art. 42, 55).

mod create_certificate;
mod list;
mod update_certificate;
mod upsert;

use crate::auth::guard::Policy;
use crate::auth::Auth;
use crate::error::ApiError;
use sanxiang_api_types::officers::{CertificateInfo, Officer};
use sanxiang_domain::account::Role;
use sanxiang_domain::case::CertificateStatus;
use sanxiang_persistence::officers::{OfficerRecord, StoredCertificate};
use sanxiang_persistence::{accounts, Db, StoreError};
use utoipa_actix_web::service_config::ServiceConfig;
use uuid::Uuid;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_officers)
        .service(upsert::upsert_officer)
        .service(create_certificate::create_certificate)
        .service(update_certificate::update_certificate);
}

pub(crate) fn certificate_dto(c: StoredCertificate, today: chrono::NaiveDate) -> CertificateInfo {
    let cert = c.certificate;
    let valid_today = cert.status == CertificateStatus::Valid
        && cert.valid_from <= today
        && today <= cert.valid_until;
    CertificateInfo {
        id: c.id,
        user_id: c.user_id,
        number: cert.number,
        issuer: c.issuer,
        valid_from: cert.valid_from,
        valid_until: cert.valid_until,
        categories: cert.categories,
        area: cert.area,
        status: cert.status,
        valid_today,
        updated_at: c.updated_at,
    }
}

pub(crate) fn officer_dto(o: OfficerRecord, today: chrono::NaiveDate) -> Officer {
    Officer {
        user_id: o.profile.user_id,
        username: o.username,
        name: o.profile.name,
        post: o.profile.post,
        unit: o.profile.unit,
        legal_qualification: o.profile.legal_qualification,
        review_experience_since: o.profile.review_experience_since,
        certificates: o
            .certificates
            .into_iter()
            .map(|c| certificate_dto(c, today))
            .collect(),
    }
}

/// The agency of a user the caller administers; any other user is 404, so an admin cannot
/// probe which ids exist in other agencies.
pub(crate) async fn managed_user_agency<P: Policy>(
    auth: &Auth<P>,
    db: &Db,
    user_id: Uuid,
) -> Result<Uuid, ApiError> {
    match accounts::get_user(db, user_id).await {
        Ok(u) if auth.can_manage_agency(u.agency_id) => {
            // Officer profiles and enforcement certificates are for the staff who enforce or
            // take part in enforcement decisions (行政处罚法 art. 42, 58): an administrator,
            // disclosure editor or auditor alone holds none.
            if !ENFORCING_ROLES.iter().any(|r| u.has_role(*r)) {
                return Err(ApiError::field(
                    "user_id",
                    "only officers, legal reviewers and approvers have an officer profile / 仅执法人员、法制审核人员和机关负责人可登记执法人员信息",
                ));
            }
            Ok(u.agency_id)
        }
        Ok(_) | Err(StoreError::NotFound) => Err(ApiError::not_found()),
        Err(e) => Err(e.into()),
    }
}

/// Roles whose holders have officer profiles and certificates.
const ENFORCING_ROLES: [Role; 3] = [Role::Officer, Role::LegalReviewer, Role::Approver];

/// The earliest and latest dates a certificate may carry: a typo such as the year 378 or 20250
/// is refused rather than stored.
const CERTIFICATE_DATES: (chrono::NaiveDate, chrono::NaiveDate) = (
    match chrono::NaiveDate::from_ymd_opt(1990, 1, 1) {
        Some(d) => d,
        None => chrono::NaiveDate::MIN,
    },
    match chrono::NaiveDate::from_ymd_opt(2100, 12, 31) {
        Some(d) => d,
        None => chrono::NaiveDate::MAX,
    },
);

/// A certificate's dates must make sense: the last valid day is not before the first.
pub(crate) fn check_dates(
    valid_from: chrono::NaiveDate,
    valid_until: chrono::NaiveDate,
) -> Result<(), ApiError> {
    let (first, last) = CERTIFICATE_DATES;
    for (field, d) in [("valid_from", valid_from), ("valid_until", valid_until)] {
        if d < first || d > last {
            return Err(ApiError::field(
                field,
                format!("must be between {first} and {last} / 日期超出合理范围"),
            ));
        }
    }
    if valid_until < valid_from {
        return Err(ApiError::field(
            "valid_until",
            "must not be before valid_from / 有效期截止日不得早于起始日",
        ));
    }
    Ok(())
}
