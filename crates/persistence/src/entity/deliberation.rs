use sea_orm::entity::prelude::*;

/// Append-only: a collective deliberation (集体讨论) record.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "deliberations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub held_on: Date,
    /// User ids.
    pub attendees: Json,
    /// `[{attendee_id, opinion}]`.
    pub opinions: Json,
    #[sea_orm(column_type = "Text")]
    pub conclusion: String,
    pub recorded_by: Uuid,
    pub recorded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
