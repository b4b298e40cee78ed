//! `/calendar`: the working-day calendar (行政处罚法 art. 85) — the shipped State Council notices
//! and the years an admin of the platform adds when a new notice is published.

mod get;
mod list;
mod put;

use sanxiang_api_types::calendar::{CalendarDay, CalendarYear};
use sanxiang_persistence::calendar::CalendarYearRecord;
use utoipa_actix_web::service_config::ServiceConfig;

pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(list::list_years)
        .service(get::get_year)
        .service(put::put_year);
}

pub(crate) fn to_dto(y: CalendarYearRecord) -> CalendarYear {
    CalendarYear {
        year: y.year,
        source: y.source,
        days: y
            .days
            .into_iter()
            .map(|d| CalendarDay {
                date: d.date,
                kind: d.kind,
                name: d.name,
            })
            .collect(),
        updated_at: y.updated_at,
    }
}
