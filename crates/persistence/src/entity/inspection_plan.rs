use sea_orm::entity::prelude::*;

/// A random-inspection plan. `snapshot`, `snapshot_hash` and `commitment` are written once when
/// the plan is fixed; `seed` is kept secret until the draw publishes it with `result`. Every
/// change is guarded by `status` (a drawn or cancelled plan never changes again).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub name: String,
    pub item_id: Uuid,
    pub item_version: i32,
    pub item_name: String,
    pub category: String,
    pub period_start: Date,
    pub period_end: Date,
    /// The domain `DrawRules` as JSON.
    pub rules: Json,
    /// `draft`, `fixed`, `drawn` or `cancelled`.
    pub status: String,
    /// RFC 8785 canonical JSON of the domain `Snapshot`.
    #[sea_orm(column_type = "Text", nullable)]
    pub snapshot: Option<String>,
    pub snapshot_hash: Option<String>,
    pub commitment: Option<String>,
    pub seed: Option<String>,
    pub draw_date: Option<Date>,
    /// The domain `DrawOutcome` as JSON.
    pub result: Option<Json>,
    #[sea_orm(column_type = "Text", nullable)]
    pub cancel_reason: Option<String>,
    pub fixed_at: Option<DateTimeUtc>,
    pub drawn_at: Option<DateTimeUtc>,
    pub cancelled_at: Option<DateTimeUtc>,
    pub version: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
