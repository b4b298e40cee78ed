//! Legal review of major decisions: the versioned catalogue of major decisions, one
//! review per case (domain `Review` as JSON, denormalised status / reviewer / due date, optimistic
//! `version`), the append-only log of review events (every command with the state after it) and
//! the append-only collective-deliberation records.

use crate::append_only::{append_only, drop_append_only};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum ReviewCatalogues {
    Table,
    Id,
    AgencyId,
    Version,
    EffectiveFrom,
    EffectiveUntil,
    Criteria,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Reviews {
    Table,
    CaseId,
    AgencyId,
    Status,
    ReviewerId,
    DueOn,
    Round,
    CatalogueVersion,
    State,
    Flagging,
    Version,
    RequestedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum ReviewEvents {
    Table,
    Id,
    CaseId,
    AgencyId,
    Seq,
    Action,
    Round,
    ActorId,
    State,
    CreatedAt,
}

#[derive(DeriveIden)]
enum Deliberations {
    Table,
    Id,
    CaseId,
    AgencyId,
    HeldOn,
    Attendees,
    Opinions,
    Conclusion,
    RecordedBy,
    RecordedAt,
}

fn fk(
    name: &str,
    from_tbl: impl IntoIden + 'static,
    from_col: impl IntoIden + 'static,
    to_tbl: impl IntoIden + 'static,
    to_col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(from_tbl, from_col)
        .to(to_tbl, to_col)
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(ReviewCatalogues::Table)
                    .col(
                        ColumnDef::new(ReviewCatalogues::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ReviewCatalogues::AgencyId).uuid().not_null())
                    .col(
                        ColumnDef::new(ReviewCatalogues::Version)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ReviewCatalogues::EffectiveFrom)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(ReviewCatalogues::EffectiveUntil)
                            .date()
                            .null(),
                    )
                    .col(ColumnDef::new(ReviewCatalogues::Criteria).json().not_null())
                    .col(ColumnDef::new(ReviewCatalogues::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(ReviewCatalogues::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_review_catalogues_agency",
                        ReviewCatalogues::Table,
                        ReviewCatalogues::AgencyId,
                        Agencies::Table,
                        Agencies::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_review_catalogues_agency_version")
                    .table(ReviewCatalogues::Table)
                    .col(ReviewCatalogues::AgencyId)
                    .col(ReviewCatalogues::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Reviews::Table)
                    .col(
                        ColumnDef::new(Reviews::CaseId)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Reviews::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(Reviews::Status).string_len(16).not_null())
                    .col(ColumnDef::new(Reviews::ReviewerId).uuid().null())
                    .col(ColumnDef::new(Reviews::DueOn).date().null())
                    .col(ColumnDef::new(Reviews::Round).integer().not_null())
                    .col(
                        ColumnDef::new(Reviews::CatalogueVersion)
                            .integer()
                            .not_null(),
                    )
                    .col(ColumnDef::new(Reviews::State).json().not_null())
                    .col(ColumnDef::new(Reviews::Flagging).json().not_null())
                    .col(ColumnDef::new(Reviews::Version).integer().not_null())
                    .col(
                        ColumnDef::new(Reviews::RequestedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(Reviews::UpdatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_reviews_case",
                        Reviews::Table,
                        Reviews::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_reviews_agency_status")
                    .table(Reviews::Table)
                    .col(Reviews::AgencyId)
                    .col(Reviews::Status)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(ReviewEvents::Table)
                    .col(
                        ColumnDef::new(ReviewEvents::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(ReviewEvents::CaseId).uuid().not_null())
                    .col(ColumnDef::new(ReviewEvents::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(ReviewEvents::Seq).integer().not_null())
                    .col(
                        ColumnDef::new(ReviewEvents::Action)
                            .string_len(32)
                            .not_null(),
                    )
                    .col(ColumnDef::new(ReviewEvents::Round).integer().not_null())
                    .col(ColumnDef::new(ReviewEvents::ActorId).uuid().not_null())
                    .col(ColumnDef::new(ReviewEvents::State).json().not_null())
                    .col(
                        ColumnDef::new(ReviewEvents::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_review_events_case",
                        ReviewEvents::Table,
                        ReviewEvents::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_review_events_case_seq")
                    .table(ReviewEvents::Table)
                    .col(ReviewEvents::CaseId)
                    .col(ReviewEvents::Seq)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(Deliberations::Table)
                    .col(
                        ColumnDef::new(Deliberations::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(ColumnDef::new(Deliberations::CaseId).uuid().not_null())
                    .col(ColumnDef::new(Deliberations::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(Deliberations::HeldOn).date().not_null())
                    .col(ColumnDef::new(Deliberations::Attendees).json().not_null())
                    .col(ColumnDef::new(Deliberations::Opinions).json().not_null())
                    .col(ColumnDef::new(Deliberations::Conclusion).text().not_null())
                    .col(ColumnDef::new(Deliberations::RecordedBy).uuid().not_null())
                    .col(
                        ColumnDef::new(Deliberations::RecordedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(&mut fk(
                        "fk_deliberations_case",
                        Deliberations::Table,
                        Deliberations::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_deliberations_case")
                    .table(Deliberations::Table)
                    .col(Deliberations::CaseId)
                    .to_owned(),
            )
            .await?;
        append_only(manager, "review_events").await?;
        append_only(manager, "deliberations").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["review_events", "deliberations"] {
            drop_append_only(manager, t).await?;
        }
        for t in [
            Deliberations::Table.into_iden(),
            ReviewEvents::Table.into_iden(),
            Reviews::Table.into_iden(),
            ReviewCatalogues::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
