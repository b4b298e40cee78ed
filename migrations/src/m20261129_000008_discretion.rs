//! Discretion standards (行政处罚裁量基准): per agency and violation type (`code`),
//! versioned with effective dates like the catalogue of major decisions. Only `effective_until`
//! of the current version is ever set (when the next version is published); earlier versions stay
//! readable by code and version.

use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Agencies {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum DiscretionStandards {
    Table,
    Id,
    AgencyId,
    Code,
    Version,
    ViolationType,
    EffectiveFrom,
    EffectiveUntil,
    LegalBasis,
    Text,
    Ranges,
    CreatedBy,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DiscretionStandards::Table)
                    .col(
                        ColumnDef::new(DiscretionStandards::Id)
                            .uuid()
                            .not_null()
                            .primary_key(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::AgencyId)
                            .uuid()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::Code)
                            .string_len(64)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::Version)
                            .integer()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::ViolationType)
                            .string_len(200)
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::EffectiveFrom)
                            .date()
                            .not_null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::EffectiveUntil)
                            .date()
                            .null(),
                    )
                    .col(
                        ColumnDef::new(DiscretionStandards::LegalBasis)
                            .json()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DiscretionStandards::Text).text().not_null())
                    .col(
                        ColumnDef::new(DiscretionStandards::Ranges)
                            .json()
                            .not_null(),
                    )
                    .col(ColumnDef::new(DiscretionStandards::CreatedBy).uuid().null())
                    .col(
                        ColumnDef::new(DiscretionStandards::CreatedAt)
                            .timestamp_with_time_zone()
                            .not_null(),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_discretion_standards_agency")
                            .from(DiscretionStandards::Table, DiscretionStandards::AgencyId)
                            .to(Agencies::Table, Agencies::Id),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_discretion_standards_agency_code_version")
                    .table(DiscretionStandards::Table)
                    .col(DiscretionStandards::AgencyId)
                    .col(DiscretionStandards::Code)
                    .col(DiscretionStandards::Version)
                    .unique()
                    .to_owned(),
            )
            .await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table(DiscretionStandards::Table).to_owned())
            .await
    }
}
