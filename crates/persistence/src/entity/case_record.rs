use sea_orm::entity::prelude::*;

/// Append-only (database triggers refuse UPDATE and DELETE).
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "case_records")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub seq: i32,
    pub stage: String,
    pub kind: String,
    pub action: Option<String>,
    pub document_type: Option<String>,
    pub activity: Option<String>,
    pub title: String,
    #[sea_orm(column_type = "Text")]
    pub body: String,
    pub officers_present: Json,
    pub occurred_at: Option<DateTimeUtc>,
    pub recorded_at: DateTimeUtc,
    pub place: Option<String>,
    pub corrects_id: Option<Uuid>,
    #[sea_orm(column_type = "Text", nullable)]
    pub correction_reason: Option<String>,
    pub created_by: Uuid,
    /// Persons the record names besides the party (JSON array, `[]` when none).
    pub persons_named: Json,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
