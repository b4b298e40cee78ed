use sea_orm::entity::prelude::*;

/// Append-only: one read by an auditor.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "auditor_reads")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub user_id: Uuid,
    pub agency_id: Uuid,
    pub target_agency_id: Option<Uuid>,
    pub what: String,
    pub target: String,
    pub at: DateTimeUtc,
    pub request_id: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
