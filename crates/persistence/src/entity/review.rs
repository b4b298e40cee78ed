use sea_orm::entity::prelude::*;

/// The legal review of one case: the domain `Review` as JSON plus denormalised columns.
#[derive(Clone, Debug, PartialEq, DeriveEntityModel)]
#[sea_orm(table_name = "reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub case_id: Uuid,
    pub agency_id: Uuid,
    pub status: String,
    pub reviewer_id: Option<Uuid>,
    pub due_on: Option<Date>,
    pub round: i32,
    pub catalogue_version: i32,
    /// The domain `Review` as JSON.
    pub state: Json,
    /// The domain `Flagging` of the current round as JSON.
    pub flagging: Json,
    pub version: i32,
    pub requested_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
