//! The one place where a case's separation of duties is enforced: the table is
//! `sanxiang_domain::case::duty`; this loads the caller's standing towards the case.

use crate::auth::guard::{Auth, Policy};
use crate::error::ApiError;
use crate::state::AppState;
use sanxiang_domain::account::Role;
use sanxiang_domain::case::{check_duty, Action, CaseAct, Standing};
use sanxiang_persistence::cases::StoredCase;
use sanxiang_persistence::review as review_store;

/// The caller's (assigned, reviews the case) towards `case`.
async fn relation<P: Policy>(
    state: &AppState,
    auth: &Auth<P>,
    case: &StoredCase,
) -> Result<(bool, bool), ApiError> {
    let me = auth.user.id;
    // Only a legal reviewer can be assigned to review a case: nobody else needs the lookup.
    let reviews_case = auth.user.has_role(Role::LegalReviewer)
        && match review_store::get_review(&state.db, case.id).await? {
            Some(r) => r.review.reviewer.is_some_and(|o| o.0 == me),
            None => false,
        };
    let assigned = case.handling_officer_id == me || case.officer_ids.contains(&me);
    Ok((assigned, reviews_case))
}

/// Refuses (403 `forbidden`, naming who may act) when the caller's duty towards `case` does not
/// admit `act`: handling officers act and record, the agency head decides, the case's legal
/// reviewer changes nothing, other staff read.
pub async fn require<P: Policy>(
    state: &AppState,
    auth: &Auth<P>,
    case: &StoredCase,
    act: CaseAct,
) -> Result<(), ApiError> {
    let (assigned, reviews_case) = relation(state, auth, case).await?;
    let standing = Standing {
        roles: &auth.user.roles,
        assigned,
        reviews_case,
    };
    check_duty(&standing, act, case.procedure, case.state.stage)
        .map_err(|refusal| ApiError::forbidden(refusal.to_string()))
}

/// Of the actions the stage machine allows now, those the caller may run, so the app offers
/// only what this user can lawfully do.
pub async fn keep_permitted<P: Policy>(
    state: &AppState,
    auth: &Auth<P>,
    case: &StoredCase,
    actions: &mut Vec<Action>,
) -> Result<(), ApiError> {
    let (assigned, reviews_case) = relation(state, auth, case).await?;
    let standing = Standing {
        roles: &auth.user.roles,
        assigned,
        reviews_case,
    };
    actions.retain(|a| {
        check_duty(
            &standing,
            CaseAct::Run(*a),
            case.procedure,
            case.state.stage,
        )
        .is_ok()
    });
    Ok(())
}
