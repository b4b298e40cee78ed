use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "cases")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub agency_id: Uuid,
    pub kind: String,
    pub procedure: String,
    pub case_number: String,
    pub year: i32,
    pub category: String,
    pub title: String,
    pub party_name: String,
    /// The domain `Party` as JSON (staff only).
    pub party: Json,
    pub handling_officer_id: Uuid,
    pub stage: String,
    pub outcome: Option<String>,
    /// The domain `CaseState` as JSON.
    pub state: Json,
    pub next_due_on: Option<Date>,
    pub version: i32,
    /// The highest record `seq` handed out (the next record takes `last_seq + 1`).
    pub last_seq: i32,
    pub created_by: Uuid,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
