//! Reads for the workbench (工作台) that no other list answers: the cases a user is assigned to.

use crate::cases::{to_cases, StoredCase};
use crate::entity::{case, case_officer};
use crate::{Db, StoreError};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

/// Every case of `agency_id` that `officer` is assigned to (handling or assisting), oldest
/// first; archived ones included (the caller judges the state).
#[tracing::instrument(skip_all, fields(agency_id = %agency_id, officer = %officer))]
pub async fn assigned_cases(
    db: &Db,
    agency_id: Uuid,
    officer: Uuid,
) -> Result<Vec<StoredCase>, StoreError> {
    let rows = case::Entity::find()
        .filter(case::Column::AgencyId.eq(agency_id))
        .filter(
            case::Column::Id.in_subquery(
                Query::select()
                    .column(case_officer::Column::CaseId)
                    .from(case_officer::Entity)
                    .and_where(case_officer::Column::UserId.eq(officer))
                    .to_owned(),
            ),
        )
        .order_by_asc(case::Column::CreatedAt)
        .order_by_asc(case::Column::Id)
        .all(&db.conn())
        .await?;
    to_cases(&db.conn(), rows).await
}
