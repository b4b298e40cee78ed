use sea_orm::entity::prelude::*;

/// One version of a public register entry. `content`, `title` and the effective start never change
/// once a version is submitted; of a published version only `effective_until` (closed when the
/// next version takes effect) and `withdrawn_reason` are ever set.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "register_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub entry_id: Uuid,
    pub agency_id: Uuid,
    pub register_type: String,
    pub version: i32,
    pub status: String,
    pub title: String,
    pub content: Json,
    pub effective_from: Date,
    pub effective_until: Option<Date>,
    pub change_note: String,
    pub author_id: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewer_id: Option<Uuid>,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_comment: Option<String>,
    pub published_at: Option<DateTimeUtc>,
    pub withdrawn_reason: Option<String>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
