use sea_orm::entity::prelude::*;

/// One entry of the public change feed (append-only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disclosure_changes")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub agency_id: Uuid,
    pub resource_type: String,
    pub resource_id: Uuid,
    pub version: i32,
    pub change: String,
    pub resource_url: String,
    /// The public representation (JSON text); `None` for tombstones.
    pub body: Option<String>,
    pub reason: Option<String>,
    pub occurred_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
