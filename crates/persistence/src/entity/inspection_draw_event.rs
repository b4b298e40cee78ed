use sea_orm::entity::prelude::*;

/// Append-only: each publication of a plan (`fixed`, `drawn`, `cancelled`) as its canonical
/// JSON, also written to the tamper-evident log. At most one of each kind per plan (unique).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_draw_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub plan_id: Uuid,
    pub agency_id: Uuid,
    pub kind: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
