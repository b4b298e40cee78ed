//! Random inspections (双随机、一公开): the target pool, declared conflicts of interest
//! (回避), plans with their fixed snapshot, seed commitment and draw, the append-only log of
//! draw events (fixed / drawn / cancelled, each as published) and the append-only tasks (one
//! `inspection` case per drawn target).

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
enum Users {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum Cases {
    Table,
    Id,
}

#[derive(DeriveIden)]
enum InspectionTargets {
    Table,
    Id,
    AgencyId,
    Name,
    CreditCode,
    Kind,
    Tier,
    Address,
    Tags,
    LastInspectedOn,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InspectionConflicts {
    Table,
    Id,
    AgencyId,
    OfficerId,
    TargetId,
    Reason,
    DeclaredBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InspectionPlans {
    Table,
    Id,
    AgencyId,
    Name,
    ItemId,
    ItemVersion,
    ItemName,
    Category,
    PeriodStart,
    PeriodEnd,
    Rules,
    Status,
    Snapshot,
    SnapshotHash,
    Commitment,
    Seed,
    DrawDate,
    Result,
    CancelReason,
    FixedAt,
    DrawnAt,
    CancelledAt,
    Version,
    CreatedBy,
    CreatedAt,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum InspectionDrawEvents {
    Table,
    Id,
    PlanId,
    AgencyId,
    Kind,
    Body,
    CreatedBy,
    CreatedAt,
}

#[derive(DeriveIden)]
enum InspectionTasks {
    Table,
    PlanId,
    TargetId,
    AgencyId,
    CaseId,
    CreatedAt,
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

fn ts(col: impl IntoIden) -> ColumnDef {
    ColumnDef::new(col)
        .timestamp_with_time_zone()
        .not_null()
        .to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use InspectionTargets as T;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(T::Name).string_len(100).not_null())
                    .col(ColumnDef::new(T::CreditCode).string_len(18).null())
                    .col(ColumnDef::new(T::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(T::Tier).string_len(16).not_null())
                    .col(ColumnDef::new(T::Address).string_len(200).not_null())
                    .col(ColumnDef::new(T::Tags).json().not_null())
                    .col(ColumnDef::new(T::LastInspectedOn).date().null())
                    .col(ts(T::CreatedAt))
                    .col(ts(T::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_inspection_targets_agency",
                        T::Table,
                        T::AgencyId,
                        Agencies::Table,
                        Agencies::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        // NULL credit codes (persons without one) never collide on either database.
        manager
            .create_index(
                Index::create()
                    .name("ux_inspection_targets_agency_code")
                    .table(T::Table)
                    .col(T::AgencyId)
                    .col(T::CreditCode)
                    .unique()
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inspection_targets_agency_tier")
                    .table(T::Table)
                    .col(T::AgencyId)
                    .col(T::Tier)
                    .to_owned(),
            )
            .await?;

        use InspectionConflicts as C;
        manager
            .create_table(
                Table::create()
                    .table(C::Table)
                    .col(ColumnDef::new(C::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(C::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(C::OfficerId).uuid().not_null())
                    .col(ColumnDef::new(C::TargetId).uuid().not_null())
                    .col(ColumnDef::new(C::Reason).text().not_null())
                    .col(ColumnDef::new(C::DeclaredBy).uuid().not_null())
                    .col(ts(C::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_inspection_conflicts_agency",
                        C::Table,
                        C::AgencyId,
                        Agencies::Table,
                        Agencies::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_inspection_conflicts_officer",
                        C::Table,
                        C::OfficerId,
                        Users::Table,
                        Users::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_inspection_conflicts_target",
                        C::Table,
                        C::TargetId,
                        T::Table,
                        T::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_inspection_conflicts_pair")
                    .table(C::Table)
                    .col(C::OfficerId)
                    .col(C::TargetId)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use InspectionPlans as P;
        manager
            .create_table(
                Table::create()
                    .table(P::Table)
                    .col(ColumnDef::new(P::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(P::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(P::Name).string_len(200).not_null())
                    .col(ColumnDef::new(P::ItemId).uuid().not_null())
                    .col(ColumnDef::new(P::ItemVersion).integer().not_null())
                    .col(ColumnDef::new(P::ItemName).string_len(200).not_null())
                    .col(ColumnDef::new(P::Category).string_len(50).not_null())
                    .col(ColumnDef::new(P::PeriodStart).date().not_null())
                    .col(ColumnDef::new(P::PeriodEnd).date().not_null())
                    .col(ColumnDef::new(P::Rules).json().not_null())
                    .col(ColumnDef::new(P::Status).string_len(16).not_null())
                    .col(ColumnDef::new(P::Snapshot).text().null())
                    .col(ColumnDef::new(P::SnapshotHash).string_len(64).null())
                    .col(ColumnDef::new(P::Commitment).string_len(64).null())
                    .col(ColumnDef::new(P::Seed).string_len(64).null())
                    .col(ColumnDef::new(P::DrawDate).date().null())
                    .col(ColumnDef::new(P::Result).json().null())
                    .col(ColumnDef::new(P::CancelReason).text().null())
                    .col(ColumnDef::new(P::FixedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(P::DrawnAt).timestamp_with_time_zone().null())
                    .col(
                        ColumnDef::new(P::CancelledAt)
                            .timestamp_with_time_zone()
                            .null(),
                    )
                    .col(ColumnDef::new(P::Version).integer().not_null())
                    .col(ColumnDef::new(P::CreatedBy).uuid().not_null())
                    .col(ts(P::CreatedAt))
                    .col(ts(P::UpdatedAt))
                    .foreign_key(&mut fk(
                        "fk_inspection_plans_agency",
                        P::Table,
                        P::AgencyId,
                        Agencies::Table,
                        Agencies::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_inspection_plans_agency")
                    .table(P::Table)
                    .col(P::AgencyId)
                    .col(P::CreatedAt)
                    .to_owned(),
            )
            .await?;

        use InspectionDrawEvents as E;
        manager
            .create_table(
                Table::create()
                    .table(E::Table)
                    .col(ColumnDef::new(E::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(E::PlanId).uuid().not_null())
                    .col(ColumnDef::new(E::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(E::Kind).string_len(16).not_null())
                    .col(ColumnDef::new(E::Body).text().not_null())
                    .col(ColumnDef::new(E::CreatedBy).uuid().not_null())
                    .col(ts(E::CreatedAt))
                    .foreign_key(&mut fk(
                        "fk_inspection_draw_events_plan",
                        E::Table,
                        E::PlanId,
                        P::Table,
                        P::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        // One event of each kind per plan: a second draw cannot even be written.
        manager
            .create_index(
                Index::create()
                    .name("ux_inspection_draw_events_plan_kind")
                    .table(E::Table)
                    .col(E::PlanId)
                    .col(E::Kind)
                    .unique()
                    .to_owned(),
            )
            .await?;

        use InspectionTasks as K;
        manager
            .create_table(
                Table::create()
                    .table(K::Table)
                    .col(ColumnDef::new(K::PlanId).uuid().not_null())
                    .col(ColumnDef::new(K::TargetId).uuid().not_null())
                    .col(ColumnDef::new(K::AgencyId).uuid().not_null())
                    .col(ColumnDef::new(K::CaseId).uuid().not_null())
                    .col(ts(K::CreatedAt))
                    .primary_key(Index::create().col(K::PlanId).col(K::TargetId))
                    .foreign_key(&mut fk(
                        "fk_inspection_tasks_plan",
                        K::Table,
                        K::PlanId,
                        P::Table,
                        P::Id,
                    ))
                    .foreign_key(&mut fk(
                        "fk_inspection_tasks_case",
                        K::Table,
                        K::CaseId,
                        Cases::Table,
                        Cases::Id,
                    ))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("ux_inspection_tasks_case")
                    .table(K::Table)
                    .col(K::CaseId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        append_only(manager, "inspection_draw_events").await?;
        append_only(manager, "inspection_tasks").await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for t in ["inspection_draw_events", "inspection_tasks"] {
            drop_append_only(manager, t).await?;
        }
        for t in [
            InspectionTasks::Table.into_iden(),
            InspectionDrawEvents::Table.into_iden(),
            InspectionPlans::Table.into_iden(),
            InspectionConflicts::Table.into_iden(),
            InspectionTargets::Table.into_iden(),
        ] {
            manager
                .drop_table(Table::drop().table(t).to_owned())
                .await?;
        }
        Ok(())
    }
}
