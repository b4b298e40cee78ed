use sea_orm::entity::prelude::*;

/// The credit push connector's one state row (`id = 1`): its cursor in the change feed and the
/// lease of the node that pushes.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "credit_push_state")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: i32,
    /// The last feed entry turned into a delivery (or passed over as out of scope).
    pub cursor_seq: i64,
    pub lease_owner: Option<Uuid>,
    pub lease_until: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}
