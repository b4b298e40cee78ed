//! Public registers: every version of every register entry (agency profiles,
//! enforcement matters, random-inspection items, service guides) in one table, with its review
//! status and effective period; the append-only history of review actions; and the published
//! annual reports (append-only: a correction is a new version).

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
enum RegisterVersions {
    Table,
    Id,
    EntryId,
    AgencyId,
    RegisterType,
    Version,
    Status,
    Title,
    Content,
    EffectiveFrom,
    EffectiveUntil,
    ChangeNote,
    AuthorId,
    CreatedAt,
    UpdatedAt,
    SubmittedAt,
    ReviewerId,
    ReviewedAt,
    ReviewComment,
    PublishedAt,
    WithdrawnReason,
}

#[derive(DeriveIden)]
enum RegisterEvents {
    Table,
    Id,
    EntryId,
    AgencyId,
    Version,
    Action,
    ActorId,
    Comment,
    CreatedAt,
}

#[derive(DeriveIden)]
enum AnnualReports {
    Table,
    Id,
    AgencyId,
    Year,
    Version,
    Figures,
    PublishedBy,
    PublishedAt,
}

fn fk_agency(
    name: &str,
    tbl: impl IntoIden + 'static,
    col: impl IntoIden + 'static,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(tbl, col)
        .to(Agencies::Table, Agencies::Id)
        .to_owned()
}

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col).timestamp_with_time_zone().to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use RegisterVersions as V;
        manager
            .create_table(
                Table::create()
                    .table(V::Table)
                    .col(ColumnDef::new(V::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(V::EntryId).uuid().not_null())
                    .col(ColumnDef::new(V::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(V::RegisterType).string_len(32).not_null())
                    .col(ColumnDef::new(V::Version).integer().not_null())
                    .col(ColumnDef::new(V::Status).string_len(16).not_null())
                    .col(ColumnDef::new(V::Title).text().not_null())
                    .col(ColumnDef::new(V::Content).json().not_null())
                    .col(ColumnDef::new(V::EffectiveFrom).date().not_null())
                    .col(ColumnDef::new(V::EffectiveUntil).date().null())
                    .col(ColumnDef::new(V::ChangeNote).text().not_null())
                    .col(ColumnDef::new(V::AuthorId).uuid().not_null())
                    .col(ts(V::CreatedAt).not_null())
                    .col(ts(V::UpdatedAt).not_null())
                    .col(ts(V::SubmittedAt).null())
                    .col(ColumnDef::new(V::ReviewerId).uuid().null())
                    .col(ts(V::ReviewedAt).null())
                    .col(ColumnDef::new(V::ReviewComment).text().null())
                    .col(ts(V::PublishedAt).null())
                    .col(ColumnDef::new(V::WithdrawnReason).text().null())
                    .foreign_key(&mut fk_agency(
                        "fk_register_versions_agency",
                        V::Table,
                        V::AgencyId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_register_versions_entry_version")
                    .table(V::Table)
                    .col(V::EntryId)
                    .col(V::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The public list: published versions of a type in entry order.
        manager
            .create_index(
                Index::create()
                    .name("idx_register_versions_public")
                    .table(V::Table)
                    .col(V::RegisterType)
                    .col(V::Status)
                    .col(V::EntryId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_register_versions_agency_type")
                    .table(V::Table)
                    .col(V::AgencyId)
                    .col(V::RegisterType)
                    .to_owned(),
            )
            .await?;

        use RegisterEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(ColumnDef::new(E::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(E::EntryId).uuid().not_null())
                    .col(ColumnDef::new(E::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(E::Version).integer().not_null())
                    .col(ColumnDef::new(E::Action).string_len(16).not_null())
                    .col(ColumnDef::new(E::ActorId).uuid().not_null())
                    .col(ColumnDef::new(E::Comment).text().null())
                    .col(ts(E::CreatedAt).not_null())
                    .foreign_key(&mut fk_agency(
                        "fk_register_events_agency",
                        E::Table,
                        E::AgencyId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_register_events_entry")
                    .table(E::Table)
                    .col(E::EntryId)
                    .col(E::CreatedAt)
                    .to_owned(),
            )
            .await?;

        use AnnualReports as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(ColumnDef::new(A::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(A::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(A::Year).integer().not_null())
                    .col(ColumnDef::new(A::Version).integer().not_null())
                    .col(ColumnDef::new(A::Figures).json().not_null())
                    .col(ColumnDef::new(A::PublishedBy).uuid().not_null())
                    .col(ts(A::PublishedAt).not_null())
                    .foreign_key(&mut fk_agency(
                        "fk_annual_reports_agency",
                        A::Table,
                        A::AgencyId,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_annual_reports_agency_year_version")
                    .table(A::Table)
                    .col(A::AgencyId)
                    .col(A::Year)
                    .col(A::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        append_only(manager, "register_events").await?;
        append_only(manager, "annual_reports").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["register_events", "annual_reports"] {
            drop_append_only(manager, t).await?;
        }
        for t in [
            AnnualReports::Table.into_iden(),
            RegisterEvents::Table.into_iden(),
            RegisterVersions::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
