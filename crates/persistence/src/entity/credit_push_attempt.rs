use sea_orm::entity::prelude::*;

/// One attempt to push a delivery (append-only).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_push_attempts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub delivery_id: Uuid,
    pub attempt: i32,
    /// Made after the delivery had already been delivered once (an admin's replay).
    pub replay: bool,
    pub started_at: DateTimeUtc,
    pub status_code: Option<i32>,
    pub duration_ms: i64,
    pub error: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
